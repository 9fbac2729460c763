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
from typing import TYPE_CHECKING, Hashable, Iterable

from ..chars import is_kanji

if TYPE_CHECKING:  # the service makes its caches before the window's first paint: import nothing heavy
    from .model import Entry, KanjiInfo, LookupResult, NameEntry
    from .schema import JamdictFile

__all__ = ["Caches", "Reads"]

RESULTS_MAX = 4096


class Caches:
    def __init__(self) -> None:
        self.kanji_ids: dict[str, tuple[int, ...]] = {}  # JMdict kanji form -> entry ids
        self.kana_ids: dict[str, tuple[int, ...]] = {}  # JMdict kana form -> entry ids
        self.entries: dict[int, Entry] = {}
        self.name_ids: dict[str, tuple[int, ...]] = {}
        self.names: dict[int, NameEntry] = {}
        self.kanji: dict[str, KanjiInfo | None] = {}
        self.table_bounds: dict[str, tuple[int, int, int, int]] = {}
        self._results: OrderedDict[Hashable, LookupResult] = OrderedDict()
        self._results_lock = threading.Lock()

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
