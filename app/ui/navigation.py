"""Walking the words of a laid-out document with the keyboard, without a widget.

A stop is one word: a compound the dictionary resolved over several tokens
(取締役会 over 取締 + 役 + 会) is one stop at its first token; punctuation is
never one. Positions are (paragraph, token) pairs. The functions read the
words from a source such as :class:`app.core.analysed.AnalysedDocument`
and the lines from a :class:`app.ui.text_layout.DocumentLayout`, so the
reader's keys can be tested by driving these with any metrics.
"""

from __future__ import annotations

from typing import Callable, Iterator, Protocol, Sequence

from .text_layout import DocumentLayout

__all__ = [
    "Pos", "WordSource", "word_range", "word_start", "is_stop", "stops", "next_word",
    "first_visible_word", "word_on_next_line", "line_edge_word", "document_edge_word", "word_boxes",
]

Pos = tuple[int, int]


class WordSource(Protocol):
    def __len__(self) -> int: ...
    def tokens(self, p: int) -> Sequence | None: ...
    def span_at(self, p: int, t: int): ...


def word_range(words: WordSource, p: int, t: int) -> tuple[int, int]:
    """Tokens (first, end) of the word token *t* belongs to: just (t, t + 1) outside a word span."""
    span = words.span_at(p, t)
    return (span.first, span.end) if span is not None else (t, t + 1)


def word_start(words: WordSource, p: int, t: int) -> int:
    span = words.span_at(p, t)
    return span.first if span is not None else t


def is_stop(words: WordSource, p: int, t: int) -> bool:
    """Whether the cursor stops at token *t*: the first token of a word."""
    span = words.span_at(p, t)
    if span is not None:
        return span.first == t
    toks = words.tokens(p)
    return toks is not None and 0 <= t < len(toks) and toks[t].is_word


def is_wordlike(words: WordSource, p: int, t: int) -> bool:
    """Whether token *t* is part of a word (any token of a span, or a word token)."""
    if words.span_at(p, t) is not None:
        return True
    toks = words.tokens(p)
    return toks is not None and 0 <= t < len(toks) and toks[t].is_word


def stops(words: WordSource, p: int, t: int, step: int, include_start: bool = False) -> Iterator[Pos]:
    """Word stops after (or, with step -1, before) (p, t) in reading order.

    Paragraphs not analysed yet have no stops and are passed over.
    """
    n = len(words)
    first = True
    while 0 <= p < n:
        toks = words.tokens(p)
        if toks is not None:
            if first:
                begin = t if include_start else t + step
            else:
                begin = 0 if step > 0 else len(toks) - 1
            end = len(toks) if step > 0 else -1
            for i in range(begin, end, step):
                if 0 <= i < len(toks) and is_stop(words, p, i):
                    yield p, i
        first = False
        p += step


def next_word(words: WordSource, pos: Pos, step: int,
              predicate: Callable[[int, int], bool] | None = None) -> Pos | None:
    """The next (or previous) word from *pos* that satisfies *predicate(p, t)*, or None."""
    p, t = pos
    if step < 0:
        t = word_start(words, p, t)  # from inside a compound, back means the word before it
    for q in stops(words, p, t, step):
        if predicate is None or predicate(*q):
            return q
    return None


def document_edge_word(words: WordSource, end: bool) -> Pos | None:
    """The first word of the document, or its last."""
    n = len(words)
    if not n:
        return None
    if end:
        last = words.tokens(n - 1)
        return next(stops(words, n - 1, len(last) - 1 if last else 0, -1, include_start=True), None)
    return next(stops(words, 0, 0, 1, include_start=True), None)


def first_visible_word(layout: DocumentLayout, words: WordSource, y: float) -> Pos | None:
    """The first word whose line is at or below document height *y* (not merely in the paragraph there)."""
    p = layout.paragraph_at(max(y, 0.0))
    if p < 0:
        return None
    top = layout.tops[p]
    if words.tokens(p) is not None:
        for line in layout.paragraph(p).lines:
            if top + line.y + 1 < y:
                continue
            toks = words.tokens(p)
            for run in line.runs:
                if run.token >= 0 and is_wordlike(words, p, run.token):
                    start = word_start(words, p, run.token)
                    if start != run.token or run.pieces[0].start > toks[run.token].start:
                        continue  # a word begun on the line before: the first word of this line is the next one
                    return p, start
    if p + 1 >= len(words):
        return None
    return next(stops(words, p + 1, 0, 1, include_start=True), None)


def _lines_from(layout: DocumentLayout, p: int, li: int, direction: int) -> Iterator[tuple[int, int]]:
    """(paragraph, line) pairs after (or before) line *li* of paragraph *p*, one line at a time."""
    n = len(layout.texts)
    while True:
        li += direction
        if li < 0:
            p -= 1
            if p < 0:
                return
            li = len(layout.paragraph(p).lines) - 1
        elif li >= len(layout.paragraph(p).lines):
            p += 1
            if p >= n:
                return
            li = 0
        yield p, li


def _word_lines(layout: DocumentLayout, p: int, first: int, end: int) -> list[int]:
    return [li for li, line in enumerate(layout.paragraph(p).lines)
            if any(first <= r.token < end for r in line.runs)]


def word_boxes(layout: DocumentLayout, p: int, first: int, end: int) -> list[tuple[float, float, float, float]]:
    """(x, y, w, h) in document coordinates of tokens first..end-1, one box per line they are on."""
    lay = layout.paragraph(p)
    top = layout.tops[p]
    out = []
    for line in lay.lines:
        runs = [r for r in line.runs if first <= r.token < end]
        if runs:
            x0 = runs[0].x
            x1 = runs[-1].x + runs[-1].width
            out.append((x0, top + line.y, x1 - x0, line.height))
    return out


def word_on_next_line(layout: DocumentLayout, words: WordSource, pos: Pos, direction: int) -> Pos | None:
    """The word on the line above (-1) or below (+1), nearest to the current word's middle.

    A word that wraps is left from its first line going up and its last
    going down. Lines without a word (blank lines, punctuation only) are
    passed over.
    """
    p, t = pos
    first, end = word_range(words, p, t)
    boxes = word_boxes(layout, p, first, end)
    lines = _word_lines(layout, p, first, end)
    if not boxes or not lines:
        return None
    x, _, w, _ = boxes[0] if direction < 0 else boxes[-1]
    li = lines[0] if direction < 0 else lines[-1]
    cx = x + w / 2
    for lp, lj in _lines_from(layout, p, li, direction):
        if words.tokens(lp) is None:
            continue
        best = None
        for run in layout.paragraph(lp).lines[lj].runs:
            if run.token < 0 or not is_wordlike(words, lp, run.token):
                continue
            d = abs(run.x + run.width / 2 - cx)
            if best is None or d < best[0]:
                best = (d, run.token)
        if best is not None:
            return lp, word_start(words, lp, best[1])
    return None


def line_edge_word(layout: DocumentLayout, words: WordSource, pos: Pos, end: bool) -> Pos | None:
    """The first (or last) word of the current word's line."""
    p, t = pos
    first, stop = word_range(words, p, t)
    lines = _word_lines(layout, p, first, stop)
    if not lines or words.tokens(p) is None:
        return None
    li = lines[0]
    runs = [r for r in layout.paragraph(p).lines[li].runs if r.token >= 0 and is_wordlike(words, p, r.token)]
    if not runs:
        return None
    return p, word_start(words, p, (runs[-1] if end else runs[0]).token)
