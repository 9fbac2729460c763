"""Dividing a compound's reading among its kanji, so that each kanji keeps its own ruby.

The aligner gives one reading for a run of kanji (忠実: ちゅうじつ). A book
sets such a reading as jukugo-ruby: ちゅう over 忠 and じつ over 実, so that
when the compound breaks across lines each half keeps its reading, and on
one line the two may share the compound's width. Readings inside compounds
are nearly always Sino-Japanese (on'yomi), which have one of a few shapes:
one mora, or two whose second is い, う, ん, き, く, ち, つ or a doubled
consonant (学校: がっ|こう). A division where every part has such a shape,
and that is the only one, is taken; anything else (今日: きょう, 日付: ひづけ,
or two divisions that both fit) is left whole and set as group ruby, which
is never wrong, only less precise.
"""

from __future__ import annotations

from functools import lru_cache

from ..core.chars import GLIDE_KANA, is_kanji

__all__ = ["morae", "split_reading"]

_GLIDES = frozenset(GLIDE_KANA)
# the vowel row of each hiragana, for the shapes of two-mora readings
_ROWS = {
    "a": "あかさたなはまやらわがざだばぱぁゃゎ",
    "i": "いきしちにひみりぎじぢびぴぃ",
    "u": "うくすつぬふむゆるぐずづぶぷぅゅ",
    "e": "えけせてねへめれげぜでべぺぇ",
    "o": "おこそとのほもよろをごぞどぼぽぉょ",
}
_ROW = {ch: row for row, chars in _ROWS.items() for ch in chars}
_NEVER_FIRST = frozenset("っんーゃゅょぁぃぅぇぉゎ")
# which first morae the other finals follow in on'yomi: 式 しき, 席 せき; 学 がく, 曲 きょく;
# 一 いち, 日 にち (never まち); つ and ん after any
_BEFORE_KI = ("i", "e")
_BEFORE_CHI = frozenset(["い", "し", "は", "き", "ば", "に"])
_BEFORE_UI = frozenset(["す", "ず", "る", "つ"])
_I_BEFORE_KU = frozenset(["じ", "に", "ち", "き", "り"])  # 軸 肉 竹 菊 陸
_U_BEFORE_KU = frozenset(["ふ", "ぶ", "しゅ", "じゅ"])  # 服 仏 宿 塾
# a doubled consonant only comes before k, s, t, p (学校 がっこう, 一緒 いっしょ, 出発 しゅっぱつ)
_GEMINATE_NEXT = frozenset("かきくけこさしすせそたちつてとぱぴぷぺぽ")
_MAX_KANJI = 6


def morae(reading: str) -> list[str]:
    """The reading cut into morae: a kana with the small kana that glide into it (きょ, ちゅ)."""
    out: list[str] = []
    for ch in reading:
        if ch in _GLIDES and out:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _vowel(mora: str) -> str | None:
    return _ROW.get(mora[-1])


def _plausible(part: list[str], prev: str | None, nxt: str | None) -> bool:
    """Whether *part* (its morae) can be one kanji's reading in a compound.

    *prev* is the mora before it, *nxt* the one after. A part never starts
    with the う or い that would lengthen the mora before it (今日 is not
    きょ|う): that vowel belongs to the reading before.
    """
    if not part or part[0][0] in _NEVER_FIRST:
        return False
    if prev is not None and ((part[0] == "う" and _vowel(prev) in ("o", "u"))
                             or (part[0] == "い" and _vowel(prev) in ("a", "e"))):
        return False
    if len(part) == 1:
        return True
    if len(part) != 2:
        return False
    first, second = part
    if second in ("ん", "つ"):
        return True
    if second == "っ":
        return nxt is not None and nxt[0] in _GEMINATE_NEXT
    vowel = _vowel(first)
    if second == "き":
        return vowel in _BEFORE_KI
    if second == "く":
        if vowel == "i":
            return first in _I_BEFORE_KU
        if vowel == "u":
            return first in _U_BEFORE_KU
        return vowel in ("a", "o")
    if second == "ち":
        return first in _BEFORE_CHI
    if second == "う":
        return vowel in ("o", "u")  # こう, きょう, じゅう, くう
    if second == "い":
        # かい, せい, すい, るい; never after an i- or o-row kana
        return (vowel == "a" and first[-1] not in "ゃぁゎ") or vowel == "e" or first in _BEFORE_UI
    return False


def _divisions(ms: list[str], n: int, start: int = 0):
    """Every way to cut morae ms[start:] into *n* non-empty parts, as lists of cut points."""
    if n == 1:
        yield [len(ms)]
        return
    for cut in range(start + 1, len(ms) - n + 2):
        for rest in _divisions(ms, n - 1, cut):
            yield [cut, *rest]


@lru_cache(maxsize=16384)
def split_reading(base: str, reading: str) -> tuple[str, ...] | None:
    """*reading* divided among the characters of *base* (all kanji), or None when that is not certain.

    々 repeats the kanji before it, so its part is that kanji's reading
    again, voiced or not (人々: ひと|びと); the other parts must have an
    on'yomi's shape, and only one division may fit.
    """
    n = len(base)
    if n < 2 or n > _MAX_KANJI or not all(is_kanji(c) for c in base):
        return None
    ms = morae(reading)
    if len(ms) < n:
        return None
    if n == 2 and base[1] in "々〻":
        half = len(ms) // 2
        if len(ms) % 2 == 0 and _same_but_voicing(ms[:half], ms[half:]):
            return ("".join(ms[:half]), "".join(ms[half:]))
        return None
    found: tuple[str, ...] | None = None
    for cuts in _divisions(ms, n):
        parts = []
        prev = 0
        for cut in cuts:
            parts.append(ms[prev:cut])
            prev = cut
        if all(_plausible(p, parts[i - 1][-1] if i else None, parts[i + 1][0] if i + 1 < n else None)
               for i, p in enumerate(parts)):
            if found is not None:
                return None  # two divisions fit: not certain
            found = tuple("".join(p) for p in parts)
    return found


_VOICED = dict(zip("がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽ",
                   "かきくけこさしすせそたちつてとはひふへほはひふへほ"))


def _same_but_voicing(a: list[str], b: list[str]) -> bool:
    if not a or len(a) != len(b):
        return False
    if a[1:] != b[1:]:
        return False
    x, y = a[0], b[0]
    return x == y or _VOICED.get(y[0], y[0]) + y[1:] == x
