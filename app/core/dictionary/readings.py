"""Reading refinement: JMdict's reading wins where the analyser reads a compound piece by piece.

MeCab reads a compound it splits piece by piece (一/生涯: いち + しょうがい)
where the word is read いっしょうがい; when a run of kanji tokens is one
JMdict headword and the joined reading is none of its kana forms, the
dictionary's reading wins, divided among the tokens when that can be done
without guessing, else over the tokens merged into one (饑死, うえじに), the
way an author's ruby over several tokens is. A numeral and its counter are
corrected only where JMdict has one reading for them, a sound change from
the analyser's (何遍: なんべん, not なんぺん; 一軒: いっけん), never as a
whole (二十年 is not はたとせ). A lone
kanji token is corrected only when no entry written with it (平 or 平ら,
行手 or 行く手) has the analyser's reading at all. The author's ruby (and
what it says of later occurrences) is never touched. Before all this, each
word's reading in its sentence is chosen (context.py).

A novel repeats its compounds, so what to do with a run of kanji tokens is
decided once per distinct run and kept in the service's caches; the
dictionary is asked about all new runs of a batch of paragraphs at once,
and only for spellings (forms and their tags), never whole entries.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import TYPE_CHECKING, Iterable, Sequence

from ..analysis import no_gc, word_fields
from ..chars import SMALL_KANA, has_kanji, is_kanji, to_hiragana, unvoiced
from ..furigana import align
from .cache import per_word
from .candidates import MAX_SPAN_CHARS
from .model import readings_for

if TYPE_CHECKING:
    from .cache import Reads, Spellings

__all__ = ["refine_many", "split_reading"]

# Kana that cannot begin a token's share of a reading: they end the sound before
# them (町村 is ちょう|そん, never ち|ょうそん; 御社 おん|しゃ, never お|んしゃ).
_NO_START = frozenset(to_hiragana(SMALL_KANA) + "っんー")

_AUTHOR = frozenset({"author", "author-earlier"})  # readings the text itself gave: never changed

Ops = tuple[tuple, ...]  # ("set", k, reading) / ("merge", i, j, reading), indices into one run


def refine_many(reads: Reads, paragraphs: Sequence[list]) -> list[list]:
    """Each paragraph's tokens with readings JMdict corrects; a paragraph with nothing to correct comes back as is."""
    from .context import choose_many, word_kinds

    caches = reads.caches
    decisions = caches.readings
    found: list[list[tuple[int, tuple]]] = []
    todo: dict[tuple, tuple[Sequence, tuple[bool, ...], str]] = {}
    kinds = word_kinds(reads)

    def make(t) -> tuple:  # one record per word, for the choices in context (its last field) and here
        return (word_fields(t), caches.word_id(word_fields(t)), _part(t), kinds(t))

    with no_gc():
        records = [per_word(caches.refine_words, tokens, make) for tokens in paragraphs]
        # each word's reading in its sentence first, then the compounds
        chosen = choose_many(reads, paragraphs, records)
        for p, (before, after) in enumerate(zip(paragraphs, chosen)):
            if after is not before:
                records[p] = per_word(caches.refine_words, after, make)
        paragraphs = chosen
        for tokens, recs in zip(paragraphs, records):
            groups: list[tuple[int, tuple]] = []
            found.append(groups)
            letters = "".join(map(_LETTER, recs))
            if _PART not in letters and _NUMERAL not in letters:
                continue
            wids = list(map(_WID, recs))
            for m in _RUN.finditer(letters):
                a, b = m.span()
                if b == a + 1:  # a token checked on its own: its word says it all
                    key = wids[a]
                    groups.append((a, key))
                    if key not in decisions and key not in todo:
                        todo[key] = (tokens[a:b], (False,), _ALONE)
                    continue
                if letters.find(_NUMERAL, a, b) < 0:
                    counted = (False,) * (b - a)
                else:
                    counted = tuple(_numeral(tokens[k]) and _counted(tokens, k) for k in range(a, b))
                key = (tuple(wids[a:b]), counted)
                groups.append((a, key))
                if key not in decisions and key not in todo:
                    todo[key] = (tokens[a:b], counted, letters[a:b])
        if todo:
            _decide_all(reads, todo)
        out = []
        for tokens, groups in zip(paragraphs, found):
            changes = [(a, decisions[key]) for a, key in groups if decisions[key]]
            out.append(_apply(tokens, changes) if changes else tokens)
    return out


# A token is a letter: part of a compound (and maybe checked alone too), a
# numeral that may be, or neither; runs of kanji tokens are then found by a
# regular expression, in C.
_PART, _ALONE, _NUMERAL, _SUFFIX, _OTHER = "p", "a", "n", "s", "-"
# (a run of one token that is not checked on its own has nothing to check; a
# suffix in kana ends a compound that starts with kanji: 御/坊っ/ちゃん)
_RUN = re.compile(f"[{_PART}{_ALONE}{_NUMERAL}][{_PART}{_ALONE}{_NUMERAL}{_SUFFIX}]+|{_ALONE}")
_WID, _LETTER = itemgetter(1), itemgetter(2)


def _part(t) -> str:
    """Can the token be part of a compound whose reading the dictionary checks? Or checked on its own?

    A lone kanji token is checked when it is its own dictionary form and no
    numeral or name (平 read ひら is 平, たいら).
    """
    if not t.is_word or t.ruby_source in _AUTHOR or not t.reading or t.pos in ("助詞", "助動詞"):
        return _OTHER
    if not has_kanji(t.surface):
        return _SUFFIX if t.pos == "接尾辞" else _OTHER
    fine = t.pos_fine
    if "数詞" in fine:
        return _NUMERAL
    return _ALONE if t.surface == t.lemma and not t.conj_type and "固有名詞" not in fine else _PART


def _numeral(t) -> bool:
    return "数詞" in t.pos_fine.split(",")  # not 助数詞


def _counted(tokens: Sequence, i: int) -> bool:
    """Does a numeral start at ``tokens[i]`` and a counter follow it (一/分, 六/分, 七/日)?

    一生涯 starts with a numeral too, but 生涯 counts nothing.
    """
    k = i
    while k < len(tokens) and _numeral(tokens[k]):
        k += 1
    return k > i and k < len(tokens) and ("助数詞" in tokens[k].pos_fine or tokens[k].pos == "接尾辞")


def _starts(run: Sequence, counted: tuple[bool, ...], kinds: str) -> tuple[list[tuple[int, list[int]]], list[str]]:
    """Where a compound may start in the run, the ends it may have, and every string to look up."""
    wanted: list[str] = []
    starts: list[tuple[int, list[int]]] = []
    n = len(run)
    for i, t in enumerate(run):
        if kinds[i] == _SUFFIX:
            continue  # no compound starts with a suffix
        ends = []
        chars = len(t.surface)
        for j in range(i + 1, n):
            chars += len(run[j].surface)
            if chars > MAX_SPAN_CHARS:
                break
            ends.append(j + 1)
            wanted.append("".join(x.surface for x in run[i:j + 1]))
        starts.append((i, ends))
        if kinds[i] == _ALONE:
            wanted.append(t.surface)
    return starts, wanted


class _Missing(Exception):
    """Deciding needs something the caches do not hold yet (asked for in the next round)."""


class _Facts:
    """What a decision needs, from the caches only; what they lack is noted for one batch of queries."""

    def __init__(self, reads: Reads) -> None:
        self.caches = reads.caches
        self.texts: set[str] = set()  # headwords to look up
        self.ids: set[int] = set()  # entries whose spellings to read

    def kanji_ids(self, text: str) -> tuple[int, ...]:
        if text not in self.caches.kanji_ids:
            self.texts.add(text)
            raise _Missing
        return self.caches.kanji_ids[text]

    def spellings(self, ids: Iterable[int]) -> list[Spellings]:
        c = self.caches
        out = []
        missing = False
        for i in ids:
            e = c.entries.get(i)
            forms = (e.kanji, e.kana) if e is not None else c.spellings.get(i)
            if forms is None:
                self.ids.add(i)
                missing = True
            else:
                out.append(forms)
        if missing:
            raise _Missing
        return out

    def choose(self, text: str, current: str) -> str | None:
        """The dictionary's reading of ``text``, or None when ``current`` is one of them (or it has none)."""
        known = self.caches.kanji_readings.get(text)
        if known is not None and any(current in readings for _, readings in known):
            return None  # the usual case, decided without reading the entries
        return _choose_reading(self.spellings(self.kanji_ids(text)), text, current)

    def kanji_with_reading(self, reading: str) -> list[str]:
        """The kanji spellings of every entry read ``reading``."""
        if reading not in self.caches.kana_ids:
            self.texts.add(reading)
            raise _Missing
        return [k.text for kanji, _ in self.spellings(self.caches.kana_ids[reading]) for k in kanji]


def _decide_all(reads: Reads, todo: dict[tuple, tuple[Sequence, tuple[bool, ...], str]]) -> None:
    """Decide every new run of a batch, reading what they need in a few rounds of large queries."""
    plans = {key: _starts(run, counted, kinds) for key, (run, counted, kinds) in todo.items()}
    # round one: which entries have each string as a kanji form, and their readings
    wanted = {w for _, words in plans.values() for w in words}
    reads.kanji_readings(wanted)
    reads.ids_for(wanted)  # what has no kanji proper (々, ヶ)
    pending = list(todo)
    while pending:
        facts = _Facts(reads)
        later = []
        for key in pending:
            try:
                reads.caches.readings[key] = _decide(facts, todo[key][0], todo[key][2], plans[key][0], todo[key][1])
            except _Missing:
                later.append(key)
        # then the few runs that need more: whole spellings, entries read as the analyser reads
        reads.ids_for(facts.texts)
        reads.spellings(facts.ids)
        if len(later) == len(pending) and not (facts.texts or facts.ids):
            raise RuntimeError("reading refinement made no progress")  # cannot happen: every round reads
        pending = later


def _decide(facts: _Facts, run: Sequence, kinds: str, starts: list[tuple[int, list[int]]],
            counted: tuple[bool, ...] = ()) -> Ops:
    ops: list[tuple] = []
    covered_until = 0
    for i, ends in starts:
        if i < covered_until:
            continue
        t = run[i]
        done = False
        for j in reversed(ends):
            surf = "".join(x.surface for x in run[i:j])
            if not facts.kanji_ids(surf):
                continue
            group = run[i:j]
            covered_until = j
            done = True
            current = "".join(x.reading for x in group)
            new = facts.choose(surf, current)
            if new is None:
                break
            if any(counted[i:j]) and not _sound_change(facts, surf, new, current):
                break
            split = split_reading(group, new)
            if split is None:
                break
            parts, trusted = split
            if not trusted:
                # where one token's reading ends is a guess (饑死: うえ|じに or うえじ|に):
                # one ruby over the word, or the analyser's readings if it cannot be one token
                if _merged(group, new) is not None:
                    ops.append(("merge", i, j, new))
                break
            ops.extend(("set", k, part) for k, part in zip(range(i, j), parts) if part != run[k].reading)
            break
        if done or kinds[i] != _ALONE or not facts.kanji_ids(t.surface):
            continue
        new = facts.choose(t.surface, t.reading)
        if new is None or _edit_distance(new, t.reading) > max(1, len(t.reading) // 3):
            continue
        if new.startswith(t.reading):
            continue  # the rest of the word is written in kana after it (皆な: みん|な, not みんな|な)
        if i > 0 and unvoiced(new) == unvoiced(t.reading):
            continue  # the voiced form a noun takes after another in a compound (下女部屋: べや)
        # the analyser's reading may belong to a spelling with okurigana,
        # at the end (平ら) or in the middle (行手 is 行く手, ゆくて)
        bare = _skeleton(t.surface)
        if any(k.startswith(t.surface) or _skeleton(k) == bare for k in facts.kanji_with_reading(t.reading)):
            continue
        ops.append(("set", i, new))
    return tuple(ops)


def _sound_change(facts: _Facts, text: str, new: str, current: str) -> bool:
    """May JMdict's reading of a numeral and its counter replace the analyser's?

    They are read by rules, and JMdict corrects the sound change the
    analyser missed (何遍 なんべん, 一軒 いっけん) when it has one reading for
    them, close to the analyser's; never the whole (二十年 is not はたとせ),
    nor where JMdict has several (一分: いっぷん, いちぶ, いちぶん).
    """
    known = facts.caches.kanji_readings.get(text, ())
    readings = {r for _, rs in known for r in rs}
    return len(readings) == 1 and _edit_distance(new, current) <= max(1, len(current) // 4)


def _apply(tokens: list, changes: list[tuple[int, Ops]]) -> list:
    out = list(tokens)
    merged: dict[int, tuple[int, object]] = {}  # first token -> (end, the group as one token)
    for a, ops in changes:
        for op in ops:
            if op[0] == "set":
                k = a + op[1]
                out[k] = _with_reading(tokens[k], op[2])
            else:
                i, j = a + op[1], a + op[2]
                merged[i] = (j, _merged(tokens[i:j], op[3]))
    if not merged:
        return out
    result = []
    k = 0
    while k < len(out):
        if k in merged:
            end, one = merged[k]
            result.append(one)
            k = end
        else:
            result.append(out[k])
            k += 1
    return result


def _edit_distance(a: str, b: str) -> int:
    if a == b:
        return 0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def split_reading(group: Sequence, reading: str) -> tuple[list[str], bool] | None:
    """Divide a compound's dictionary reading among its tokens, closest to their own readings.

    Also says whether the division can be trusted: when every token but one
    keeps its own reading (up to voicing: rendaku is no evidence against a
    split), the one left is what remains (心意気: こころ|いき); when several
    differ a lot, where one ends and the next begins is a guess, and the
    caller puts one ruby over the group.
    """
    n = len(group)
    size = len(reading)
    # best[i][p]: (cost, parts not the token's own reading) of giving reading[:p] to tokens[:i]
    best: list[list[tuple[int, int] | None]] = [[None] * (size + 1) for _ in range(n + 1)]
    back = [[-1] * (size + 1) for _ in range(n + 1)]
    best[0][0] = (0, 0)
    for i, t in enumerate(group):
        own = t.reading or to_hiragana(t.surface)
        own_plain = unvoiced(own)
        surface_kana = to_hiragana(t.surface)
        kana_only = not has_kanji(t.surface)
        for p in range(size):
            cur = best[i][p]
            if cur is None or (reading[p] in _NO_START and surface_kana[:1] != reading[p]):
                continue
            for q in range(p + 1, size + 1):
                part = reading[p:q]
                if kana_only and part != surface_kana:
                    continue
                if len(part) > 2 * len(own) + 3:
                    break
                d = _edit_distance(unvoiced(part), own_plain)
                cost = (cur[0] + d, cur[1] + (d > 0))
                slot = best[i + 1][q]
                if slot is None or cost < slot:
                    best[i + 1][q] = cost
                    back[i + 1][q] = p
    total = best[n][size]
    if total is None:
        return None
    parts = []
    q = size
    for i in range(n, 0, -1):
        p = back[i][q]
        parts.append(reading[p:q])
        q = p
    cost, differing = total
    return parts[::-1], differing <= 1 or cost <= size // 4


def _merged(group: Sequence, reading: str):
    """The tokens of a compound as one token under one ruby (as the author's ruby over a group is).

    None when the last token inflects: its dictionary form's reading could
    not be told apart from the rest, so the tokens cannot share one ruby.
    """
    last = group[-1]
    if last.conj_type or last.surface != last.lemma:
        return None
    surface = "".join(t.surface for t in group)
    prefix = surface[: len(surface) - len(last.surface)]
    word_pos = next((t for t in reversed(group) if t.pos == "名詞"), last)  # a compound's head is its end
    furigana = tuple(align(surface, reading))
    return group[0]._replace(
        surface=surface, end=last.end, lemma=surface, reading=reading, lemma_reading=reading,
        pos=word_pos.pos, pos_fine=word_pos.pos_fine, conj_type="", conj_form="", accent="",
        furigana=furigana, ruby_source="generated" if any(r for _, r in furigana) else None,
        lexeme=prefix + (getattr(last, "lexeme", "") or last.lemma))


def _with_reading(t, reading: str):
    furigana = tuple(align(t.surface, reading))
    # the analyser's accent was for its own reading: it does not describe this one
    return t._replace(reading=reading, furigana=furigana, accent="",
                      ruby_source="generated" if any(r for _, r in furigana) else None)


def _choose_reading(spellings: Iterable[Spellings], kanji_text: str, current: str) -> str | None:
    """The dictionary's reading of ``kanji_text``, or None when ``current`` is one of them."""
    spellings = list(spellings)
    if any(to_hiragana(r) == current for _, kana in spellings for r in readings_for(kana, kanji_text)):
        return None  # the usual case, decided without comparing readings
    options: list[tuple[tuple, str]] = []
    for kanji, kana in spellings:
        for idx, r in enumerate(readings_for(kana, kanji_text)):
            r = to_hiragana(r)
            kform = next((k for k in kanji if k.text == kanji_text), None)
            kana_form = next((k for k in kana if k.text == r or to_hiragana(k.text) == r), None)
            common = bool(kform and kform.common) + bool(kana_form and kana_form.common)
            options.append(((_edit_distance(r, current), -common, idx), r))
    if not options:
        return None
    return min(options)[1]


def _skeleton(spelling: str) -> str:
    """The kanji of a spelling without its okurigana: 行く手 -> 行手."""
    return "".join(ch for ch in spelling if is_kanji(ch))
