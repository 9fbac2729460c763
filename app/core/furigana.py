"""Align a word's reading with its written form, so ruby sits over the kanji only.

A learner wants 陥っ shown as 陥(おちい)っ, not おちいっ over the whole word: the
okurigana are already readable. The reading is split by matching the kana runs
of the surface literally and letting the kanji runs take what lies between.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .chars import has_kanji, is_kanji, to_hiragana

__all__ = ["Segment", "align", "has_kanji", "is_kanji", "to_hiragana"]

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
    pattern = "".join(
        "(.+?)" if k else "(" + re.escape(to_hiragana(text)) + ")" for k, text in runs
    )
    m = re.fullmatch(pattern, hira_reading)
    if m is None or _ambiguous(runs, hira_reading, m):
        return ((surface, hira_reading),)
    return tuple(
        (text, m.group(i + 1)) if k else (text, None) for i, (k, text) in enumerate(runs)
    )


def _ambiguous(runs: list[tuple[bool, str]], reading: str, m: re.Match[str]) -> bool:
    """True when a greedy match would split the reading differently.

    The lazy match gives the shortest reading to the first kanji run; when the
    greedy one disagrees, the kana between runs occur inside a kanji reading
    too and the split is a guess, so one ruby over the whole word is safer.
    """
    if sum(1 for k, _ in runs if k) < 2:
        return False
    greedy = "".join(
        "(.+)" if k else "(" + re.escape(to_hiragana(text)) + ")" for k, text in runs
    )
    g = re.fullmatch(greedy, reading)
    return g is not None and g.groups() != m.groups()


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
