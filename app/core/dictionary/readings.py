"""Reading refinement: JMdict's reading wins where the analyser reads a compound piece by piece.

MeCab reads a compound it splits piece by piece (一/生涯: いち + しょうがい)
where the word is read いっしょうがい; when a run of kanji tokens is one
JMdict headword and the joined reading is none of its kana forms, the
dictionary's reading wins, divided among the tokens when that can be done
without guessing, else over the tokens merged into one (饑死, うえじに), the
way an author's ruby over several tokens is. A numeral and its counter are
left alone. A lone kanji token is corrected only when no entry written with
it (平 or 平ら, 行手 or 行く手) has the analyser's reading at all. The
author's ruby is never touched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Sequence

from ..chars import SMALL_KANA, has_kanji, is_kanji, to_hiragana, unvoiced
from ..furigana import align
from .candidates import MAX_SPAN_CHARS

if TYPE_CHECKING:
    from .cache import Reads
    from .model import Entry

__all__ = ["refine_many", "refine_readings", "split_reading"]

# Kana that cannot begin a token's share of a reading: they end the sound before
# them (町村 is ちょう|そん, never ち|ょうそん; 御社 おん|しゃ, never お|んしゃ).
_NO_START = frozenset(to_hiragana(SMALL_KANA) + "っんー")
_SKIP_POS_FINE = ("数詞", "固有名詞")


def refine_many(reads: Reads, paragraphs: Sequence[list]) -> list[list]:
    return [refine_readings(reads, tokens) for tokens in paragraphs]


def refine_readings(reads: Reads, tokens: list) -> list:
    """Tokens whose generated readings agree with JMdict where the analyser's differ.

    MeCab reads a compound it splits piece by piece (一/生涯: いち + しょうがい)
    where the word is read いっしょうがい; when a run of kanji tokens is one
    JMdict headword and the joined reading is none of its kana forms, the
    dictionary's reading wins, divided among the tokens when that can be
    done without guessing, else over the tokens merged into one (饑死,
    うえじに), the way an author's ruby over several tokens is.  A numeral
    and its counter are left alone.  A lone kanji token is corrected only
    when no entry written with it (平 or 平ら, 行手 or 行く手) has the
    analyser's reading at all.  The author's ruby is never touched.
    """
    if not tokens:
        return tokens
    n = len(tokens)

    def compound_part(t) -> bool:
        return (t.is_word and t.ruby_source != "author" and bool(t.reading) and has_kanji(t.surface)
                and t.pos not in ("助詞", "助動詞"))

    def single_candidate(t) -> bool:
        return (t.surface == t.lemma and not t.conj_type
                and not any(p in t.pos_fine for p in _SKIP_POS_FINE))

    # every string we may need, so that one query answers them all
    wanted: list[str] = []
    runs: list[tuple[int, list[int]]] = []
    for i, t in enumerate(tokens):
        if not compound_part(t):
            continue
        if _counted(tokens, i):
            # a numeral and its counter are read by rules JMdict does not choose
            # between (一分: いっぷん, いちぶ, いちぶん; 六分の恐怖 is ろくぶ)
            continue
        ends = []
        chars = len(t.surface)
        for j in range(i + 1, n):
            u = tokens[j]
            if not compound_part(u):
                break
            chars += len(u.surface)
            if chars > MAX_SPAN_CHARS:
                break
            ends.append(j + 1)
            wanted.append("".join(x.surface for x in tokens[i:j + 1]))
        runs.append((i, ends))
        if single_candidate(t):
            wanted.append(t.surface)
            wanted.append(t.reading)
    if not runs:
        return tokens
    reads.ids_for(wanted)
    kc, rc = reads.caches.kanji_ids, reads.caches.kana_ids
    # read every entry this paragraph may need in one batch of queries
    reads.entries(i for w in wanted for i in kc.get(w, ()))
    out = list(tokens)
    merged: dict[int, tuple[int, Any]] = {}  # first token -> (end, the group as one token)
    covered_until = 0
    for i, ends in runs:
        if i < covered_until:
            continue
        t = tokens[i]
        done = False
        for j in reversed(ends):
            surf = "".join(x.surface for x in tokens[i:j])
            ids = kc.get(surf, ())
            if not ids:
                continue
            group = tokens[i:j]
            current = "".join(x.reading for x in group)
            covered_until = j
            done = True
            new = _choose_reading(reads.entries(ids).values(), surf, current)
            if new is None:
                break
            split = split_reading(group, new)
            if split is None:
                break
            parts, trusted = split
            if not trusted:
                # where one token's reading ends is a guess (饑死: うえ|じに or うえじ|に):
                # one ruby over the word, or the analyser's readings if it cannot be one token
                one = _merged(group, new)
                if one is not None:
                    merged[i] = (j, one)
                break
            for k, part in zip(range(i, j), parts):
                if part != tokens[k].reading:
                    out[k] = _with_reading(tokens[k], part)
            break
        if done or not single_candidate(t):
            continue
        ids = kc.get(t.surface, ())
        if not ids:
            continue
        new = _choose_reading(reads.entries(ids).values(), t.surface, t.reading)
        if new is None or _edit_distance(new, t.reading) > max(1, len(t.reading) // 3):
            continue
        # the analyser's reading may belong to a spelling with okurigana,
        # at the end (平ら) or in the middle (行手 is 行く手, ゆくて)
        same_reading = reads.entries(rc.get(t.reading, ())).values()
        bare = _skeleton(t.surface)
        if any(k.text.startswith(t.surface) or _skeleton(k.text) == bare for e in same_reading for k in e.kanji):
            continue
        out[i] = _with_reading(t, new)
    if not merged:
        return out
    result = []
    k = 0
    while k < n:
        if k in merged:
            end, one = merged[k]
            result.append(one)
            k = end
        else:
            result.append(out[k])
            k += 1
    return result


def _counted(tokens: Sequence, i: int) -> bool:
    """Does a numeral start at ``tokens[i]`` and a counter follow it (一/分, 六/分, 七/日)?

    一生涯 starts with a numeral too, but 生涯 counts nothing.
    """
    k = i
    while k < len(tokens) and "数詞" in tokens[k].pos_fine.split(","):  # not 助数詞
        k += 1
    return k > i and k < len(tokens) and ("助数詞" in tokens[k].pos_fine or tokens[k].pos == "接尾辞")


def _skeleton(spelling: str) -> str:
    """The kanji of a spelling without its okurigana: 行く手 -> 行手."""
    return "".join(ch for ch in spelling if is_kanji(ch))


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
    keeps its own reading (up to voicing), the one left is what remains
    (心意気: こころ|いき); when several differ a lot, where one ends and the
    next begins is a guess, and the caller puts one ruby over the group.
    """
    n = len(group)
    L = len(reading)
    # best[i][p]: (cost, parts not the token's own reading) of giving reading[:p] to tokens[:i]
    best: list[list[tuple[int, int] | None]] = [[None] * (L + 1) for _ in range(n + 1)]
    back = [[-1] * (L + 1) for _ in range(n + 1)]
    best[0][0] = (0, 0)
    for i, t in enumerate(group):
        own = t.reading or to_hiragana(t.surface)
        own_plain = unvoiced(own)
        surface_kana = to_hiragana(t.surface)
        kana_only = not has_kanji(t.surface)
        for p in range(L):
            cur = best[i][p]
            if cur is None or (reading[p] in _NO_START and surface_kana[:1] != reading[p]):
                continue
            for q in range(p + 1, L + 1):
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
    total = best[n][L]
    if total is None:
        return None
    parts = []
    q = L
    for i in range(n, 0, -1):
        p = back[i][q]
        parts.append(reading[p:q])
        q = p
    cost, differing = total
    return parts[::-1], differing <= 1 or cost <= L // 4


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


def _choose_reading(entries: Iterable[Entry], kanji_text: str, current: str) -> str | None:
    """The dictionary's reading of ``kanji_text``, or None when ``current`` is one of them."""
    options: list[tuple[tuple, str]] = []
    for e in entries:
        for idx, r in enumerate(e.readings_for(kanji_text)):
            r = to_hiragana(r)
            if r == current:
                return None
            kform = next((k for k in e.kanji if k.text == kanji_text), None)
            kana_form = next((k for k in e.kana if k.text == r or to_hiragana(k.text) == r), None)
            common = bool(kform and kform.common) + bool(kana_form and kana_form.common)
            options.append(((_edit_distance(r, current), -common, idx), r))
    if not options:
        return None
    return min(options)[1]
