"""Align a word's reading with its written form, so ruby sits over the kanji only.

A learner wants 陥っ shown as 陥(おちい)っ, not おちいっ over the whole word: the
okurigana are already readable. The reading is split by matching the kana runs
of the surface literally and letting the kanji runs take what lies between.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from .chars import has_kanji, is_kanji, to_hiragana

__all__ = ["Segment", "align", "match_parts", "has_kanji", "is_kanji", "to_hiragana"]

Segment = tuple[str, "str | None"]


def _runs(surface: str) -> list[tuple[bool, str]]:
    """Split into alternating (is_kanji, text) runs."""
    runs: list[tuple[bool, str]] = []
    for ch in surface:
        k = is_kanji(ch)
        if runs and runs[-1][0] == k:
            runs[-1] = (k, runs[-1][1] + ch)
        else:
            runs.append((k, ch))
    return runs


def match_parts(parts: Sequence[str | None], reading: str, greedy: bool = False) -> list[str] | None:
    """Divide *reading* among *parts*: a string must appear literally, None takes one kana or more.

    Equivalent to ``re.fullmatch`` of the parts as ``(literal)`` and ``(.+?)``
    (``(.+)`` when *greedy*) groups, and returns the groups; without building
    a regular expression per word, which a novel's thousands of distinct
    words would otherwise spend most of their alignment time compiling.
    """
    n = len(parts)
    size = len(reading)

    def solve(i: int, pos: int) -> list[str] | None:
        if i == n:
            return [] if pos == size else None
        part = parts[i]
        if part is not None:
            if not reading.startswith(part, pos):
                return None
            rest = solve(i + 1, pos + len(part))
            return None if rest is None else [part, *rest]
        if i == n - 1:
            return [reading[pos:]] if pos < size else None
        nxt = parts[i + 1]
        ends = range(pos + 1, size + 1) if not greedy else range(size, pos, -1)
        for end in ends:
            if nxt is not None and not reading.startswith(nxt, end):
                continue
            rest = solve(i + 1, end)
            if rest is not None:
                return [reading[pos:end], *rest]
        return None

    return solve(0, 0)


@lru_cache(maxsize=65536)
def _align_cached(surface: str, reading: str) -> tuple[Segment, ...]:
    runs = _runs(surface)
    if not any(k for k, _ in runs):
        return ((surface, None),)
    hira_reading = to_hiragana(reading)
    if len(runs) == 1:
        return ((surface, hira_reading),)
    # Kana runs must appear literally (compared in hiragana); each kanji run
    # takes at least one kana of the reading.
    parts = [None if k else to_hiragana(text) for k, text in runs]
    groups = match_parts(parts, hira_reading)
    if groups is None or _ambiguous(runs, parts, hira_reading, groups):
        return ((surface, hira_reading),)
    return tuple((text, g) if k else (text, None) for (k, text), g in zip(runs, groups))


def _ambiguous(runs: list[tuple[bool, str]], parts: list[str | None], reading: str, groups: list[str]) -> bool:
    """True when a greedy match would split the reading differently.

    The lazy match gives the shortest reading to the first kanji run; when the
    greedy one disagrees, the kana between runs occur inside a kanji reading
    too and the split is a guess, so one ruby over the whole word is safer.
    """
    if sum(1 for k, _ in runs if k) < 2:
        return False
    greedy = match_parts(parts, reading, greedy=True)
    return greedy is not None and greedy != groups


def align(surface: str, reading: str | None) -> list[Segment]:
    """Split *surface* into segments with ruby only on those containing kanji.

    The segments always concatenate back to *surface*. With no reading, or a
    reading that cannot be lined up with the kana of the surface, the answer is
    one segment: the whole word with the whole reading (or none at all), which
    is never wrong, where a forced split could be.
    """
    if not surface:
        return []
    if not reading:
        return [(surface, None)]
    return list(_align_cached(surface, reading))
