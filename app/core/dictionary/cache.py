"""What the service has read, kept for its threads: headword ids, entries, names, kanji, results.

The caches hold immutable objects, so any thread may read them while
another adds to them: a worker's prefetch warms the lookups made on the
GUI thread. Two threads asking for the same missing entry at once may both
read it; the second simply writes the same object again. Only the LRU of
whole lookup results needs a lock (it reorders itself on every hit).

:class:`Reads` is one thread's view: it answers from the caches and asks
its own connection for what they lack, in as few queries as it can.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from itertools import compress, count, repeat
from operator import is_not, itemgetter
from typing import TYPE_CHECKING, Callable, Hashable, Iterable, Sequence

from ..analysis import word_fields
from ..chars import has_ideograph, is_kanji

if TYPE_CHECKING:  # the service makes its caches before the window's first paint: import nothing heavy
    from .model import Entry, Form, KanjiInfo, LookupResult, NameEntry
    from .schema import JamdictFile

    Spellings = tuple[tuple[Form, ...], tuple[Form, ...]]  # (kanji forms, kana forms)

__all__ = ["Caches", "Reads", "per_word"]

RESULTS_MAX = 4096
MEMO_MAX = 200_000
_FIELDS = itemgetter(0)
_NOT_SEEN = (None,)


def per_word(memo: dict, tokens: Sequence, make: Callable) -> list[tuple]:
    """A record per token, made once per word by ``make(token)``: a tuple that starts with its word fields.

    A novel is a few thousand words in a hundred thousand tokens, so what
    reading refinement and word resolution need of a token is worked out
    once per word. The records are found by the identity of the token's
    word-fields tuple (tokens of one analysis share it; an int is cheaper to
    hash than the tuple), and each keeps its tuple alive, so an id whose
    record holds that very tuple cannot be another word's.
    """
    fields = list(map(word_fields, tokens))
    ids = list(map(id, fields))
    recs = list(map(memo.get, ids, repeat(_NOT_SEEN)))
    for k in compress(range(len(recs)), map(is_not, map(_FIELDS, recs), fields)):
        rec = memo.get(ids[k], _NOT_SEEN)  # a new word met earlier in the same paragraph
        if rec[0] is not fields[k]:
            if len(memo) > MEMO_MAX:
                memo.clear()
            rec = memo[ids[k]] = make(tokens[k])
        recs[k] = rec
    return recs


class Caches:
    def __init__(self) -> None:
        self.kanji_ids: dict[str, tuple[int, ...]] = {}  # JMdict kanji form -> entry ids
        self.kana_ids: dict[str, tuple[int, ...]] = {}  # JMdict kana form -> entry ids
        self.entries: dict[int, Entry] = {}
        self.spellings: dict[int, Spellings] = {}  # forms of entries not (yet) read whole
        self.kanji_readings: dict[str, tuple[tuple[int, tuple[str, ...]], ...]] = {}  # text -> (entry, readings)
        self.name_ids: dict[str, tuple[int, ...]] = {}
        self.names: dict[int, NameEntry] = {}
        self.kanji: dict[str, KanjiInfo | None] = {}
        self.table_bounds: dict[str, tuple[int, int, int, int]] = {}
        # decisions, per distinct run of tokens (a novel repeats them); they grow with
        # what was read, a few megabytes for a novel
        self.readings: dict[Hashable, tuple] = {}  # refine: a run of kanji tokens -> what to change
        self.words: dict[Hashable, tuple | None] = {}  # resolve: a word (and its chain) or a noun run
        self.word_ids: dict[tuple, int] = {}  # a token's word fields -> a small number
        self.refine_words: dict[int, tuple] = {}  # per_word() records for reading refinement
        self.resolve_words: dict[int, tuple] = {}  # per_word() records for word resolution
        self.choices: dict[Hashable, tuple | None] = {}  # readings in context: a word and its neighbours -> its fields
        self.choice_words: dict[int, tuple] = {}  # per_word() records for readings in context
        self.choice_verdicts: dict[int, int] = {}  # word number -> what it may need in context
        self.choice_fixed: dict[int, tuple] = {}  # word number -> its fields, whatever the context
        self.voicing: dict[int, tuple] = {}  # word number -> (voiced in context?, voiced fields after any noun)
        self.tagged_forms: dict[frozenset, frozenset[str]] = {}  # tags -> the kanji forms that have one
        self._next_word_id = count()
        self._results: OrderedDict[Hashable, LookupResult] = OrderedDict()
        self._results_lock = threading.Lock()

    def word_id(self, fields: tuple) -> int:
        """A number for a token's word fields (analysis.word_fields): equal fields, equal number.

        Keys of many tokens (a run of kanji, a word and its inflection) are
        then tuples of small numbers, cheap to hash wherever a novel repeats them.
        """
        n = self.word_ids.get(fields)
        if n is None:
            n = self.word_ids.setdefault(fields, next(self._next_word_id))  # atomic: no number twice
        return n

    # -- whole lookups ------------------------------------------------------------

    def result(self, key: Hashable) -> LookupResult | None:
        with self._results_lock:
            hit = self._results.get(key)
            if hit is not None:
                self._results.move_to_end(key)
            return hit

    def keep_result(self, key: Hashable, result: LookupResult) -> None:
        with self._results_lock:
            self._results[key] = result
            if len(self._results) > RESULTS_MAX:
                self._results.popitem(last=False)

    # -- between processes ----------------------------------------------------------

    def snapshot(self, words: Iterable[str], database: str) -> dict:
        """What the caches hold for these words, for another process's :meth:`merge`.

        The reader analyses documents in a separate process; it warms the
        dictionary there and sends the results over, so that the reader's own
        interpreter never spends time on it.
        """
        words = list(words)
        kanji_ids = {w: self.kanji_ids[w] for w in words if w in self.kanji_ids}
        kana_ids = {w: self.kana_ids[w] for w in words if w in self.kana_ids}
        ids = {i for group in (kanji_ids, kana_ids) for v in group.values() for i in v}
        chars = {ch for w in words for ch in w if is_kanji(ch)}
        return {
            "database": database,
            "kanji_ids": kanji_ids,
            "kana_ids": kana_ids,
            "entries": {i: self.entries[i] for i in ids if i in self.entries},
            "kanji": {ch: self.kanji[ch] for ch in chars if ch in self.kanji},
        }

    def merge(self, snapshot: dict, database: str) -> bool:
        """Add a snapshot made from the same database; False (and nothing added) otherwise."""
        if snapshot.get("database") != database:
            return False
        for name in ("kanji_ids", "kana_ids", "entries", "kanji"):
            target = getattr(self, name)
            for key, value in snapshot.get(name, {}).items():
                target.setdefault(key, value)
        return True


class Reads:
    """The caches as one thread reads them, filled from that thread's connection."""

    def __init__(self, caches: Caches, db: JamdictFile) -> None:
        self.caches = caches
        self.db = db

    def ids_for(self, texts: Iterable[str]) -> None:
        """Make sure kanji_ids/kana_ids know every text (one query for all unknown ones)."""
        c = self.caches
        todo = sorted({t for t in texts if t and (t not in c.kanji_ids or t not in c.kana_ids)})
        if not todo:
            return
        for text, (kanji, kana) in self.db.headword_ids(todo).items():
            c.kanji_ids[text] = kanji
            c.kana_ids[text] = kana

    def headword_ids(self, text: str) -> tuple[int, ...]:
        """Entries with ``text`` as a kanji or kana form (call ids_for first for many texts)."""
        self.ids_for((text,))
        c = self.caches
        return tuple(dict.fromkeys(c.kanji_ids.get(text, ()) + c.kana_ids.get(text, ())))

    def entries(self, ids: Iterable[int]) -> dict[int, Entry]:
        ids = list(dict.fromkeys(ids))
        c = self.caches
        missing = [i for i in ids if i not in c.entries]
        if missing:
            for e in self.db.entries(missing):
                c.entries[e.id] = e
        return {i: c.entries[i] for i in ids if i in c.entries}

    def spellings(self, ids: Iterable[int]) -> dict[int, Spellings]:
        """The forms of these entries: from whole entries when read already, else forms only.

        Choosing a compound's reading needs only the spellings, and reading
        them alone is several times cheaper than whole entries with senses.
        """
        c = self.caches
        out: dict[int, Spellings] = {}
        missing = []
        for i in dict.fromkeys(ids):
            e = c.entries.get(i)
            if e is not None:
                out[i] = (e.kanji, e.kana)
            elif i in c.spellings:
                out[i] = c.spellings[i]
            else:
                missing.append(i)
        if missing:
            for i, forms in self.db.spellings(missing).items():
                c.spellings[i] = out[i] = forms
        return out

    def kanji_readings(self, texts: Iterable[str]) -> None:
        """Make sure kanji_readings knows every text with a kanji proper (one join for all unknown ones).

        It tells which entries have the text as a kanji form, too, and that
        none has it as a reading, so the headword ids are filled in on the way.
        """
        c = self.caches
        todo = sorted({t for t in texts if t not in c.kanji_readings and has_ideograph(t)})
        if not todo:
            return
        for text, found in self.db.kanji_readings(todo).items():
            c.kanji_readings[text] = found
            c.kanji_ids.setdefault(text, tuple(idseq for idseq, _ in found))
            c.kana_ids.setdefault(text, ())

    def tagged_kanji_forms(self, tags: frozenset[str]) -> frozenset[str]:
        """The kanji forms JMdict gives one of these tags (read once per service)."""
        c = self.caches
        found = c.tagged_forms.get(tags)
        if found is None:
            found = c.tagged_forms[tags] = self.db.tagged_kanji_forms(sorted(tags))
        return found

    def names_for(self, texts: Iterable[str]) -> dict[str, list[NameEntry]]:
        c = self.caches
        texts = list(dict.fromkeys(t for t in texts if t))
        todo = [t for t in texts if t not in c.name_ids]
        if todo:
            c.name_ids.update(self.db.name_ids(todo))
        ids = [i for t in texts for i in c.name_ids.get(t, ())]
        missing = [i for i in dict.fromkeys(ids) if i not in c.names]
        if missing:
            for n in self.db.names(missing):
                c.names[n.id] = n
        return {t: [c.names[i] for i in c.name_ids.get(t, ()) if i in c.names] for t in texts}

    def kanji_info(self, chars: Iterable[str]) -> list[KanjiInfo]:
        c = self.caches
        out = []
        for ch in dict.fromkeys(chars):
            if ch not in c.kanji:
                c.kanji[ch] = self.db.kanji(ch)
            info = c.kanji.get(ch)
            if info is not None:
                out.append(info)
        return out
