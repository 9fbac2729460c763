"""Sentences and searching in a document's paragraphs: plain string work, no layout.

A saved word keeps the sentence it came from, and find walks the text; both
are rules about the text itself, so they live here rather than in the view.
"""

from __future__ import annotations

import re
from typing import Sequence

from .chars import READABLE

__all__ = ["SENTENCE_END", "sentence_ends", "sentence_bounds", "sentence_at", "find"]

SENTENCE_END = "。！？!?"
# closing brackets and quotes that belong to the sentence they end: 「…です。」
_CLOSERS = "」』）)】〕〉》”’"
_TRIM = "\u3000 \t"
_READABLE = re.compile(f"[{READABLE}]")


def sentence_ends(text: str) -> list[int]:
    """Offsets just after each sentence of *text* (the last one is len(text)).

    A sentence ends after 。！？ and the closing quotes that follow it, unless
    a particle follows the quote: 「本当です。」と言った。 is one sentence,
    since the quotation is what と言った says.

    A half-width space between two Japanese characters ends one too:
    Japanese prose does not space its words (children's books that do use
    the ideographic space), so such a space is where the source put two
    pieces of text side by side: a label and a headline, two lines of a
    page joined into one paragraph.
    """
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] == " " and i > 0 and _READABLE.match(text, i - 1):
            j = i + 1
            while j < n and text[j] == " ":
                j += 1
            if j < n and _READABLE.match(text, j):
                ends.append(i)
            i = j
        elif text[i] in SENTENCE_END:
            j = i + 1
            while j < n and text[j] in SENTENCE_END:  # ！？ and ……。 runs
                j += 1
            closed = j
            while closed < n and text[closed] in _CLOSERS:
                closed += 1
            if closed > j and closed < n and "\u3041" <= text[closed] <= "\u3096":
                i = closed  # 「…。」と言った: a particle after the quote, the sentence goes on
                continue
            ends.append(closed)
            i = closed
        else:
            i += 1
    if not ends or ends[-1] < n:
        ends.append(n)
    return ends


def sentence_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """(first, last+1) offsets of the sentence containing text[start:end].

    Leading and trailing spaces are left out. A span crossing a sentence end
    gets every sentence it touches.
    """
    end = start if end is None else end
    begin, stop = 0, len(text)
    for e in sentence_ends(text):
        if e <= start:
            begin = e
        if e > max(end - 1, start):
            stop = e
            break
    while begin < stop and text[begin] in _TRIM:
        begin += 1
    while stop > begin and text[stop - 1] in _TRIM:
        stop -= 1
    return begin, stop


def sentence_at(text: str, start: int, end: int | None = None) -> str:
    b, e = sentence_bounds(text, start, end)
    return text[b:e]


def find(paragraphs: Sequence[str], needle: str, origin: tuple[int, int] | None,
         forward: bool = True) -> tuple[int, int, int] | None:
    """The next (or previous) occurrence of *needle* from *origin* (paragraph, offset), wrapping.

    Forward search starts at the origin offset itself; backward search ends
    before it. No origin: from the start (or the end, going back). Returns
    (paragraph, start, end) or None when the text does not occur at all.
    """
    n = len(paragraphs)
    if not needle or not n:
        return None
    if origin is None:
        origin = (0, 0) if forward else (n - 1, len(paragraphs[n - 1]))
    p, c = origin
    p = min(max(p, 0), n - 1)
    for step in range(n + 1):
        text = paragraphs[p]
        if forward:
            i = text.find(needle, c if step == 0 else 0)
        else:
            i = text.rfind(needle, 0, c if step == 0 else len(text))
        if i >= 0:
            return p, i, i + len(needle)
        p = (p + 1) % n if forward else (p - 1) % n
    return None
