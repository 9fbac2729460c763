"""What the reader paints for one line, computed apart from the painting itself.

`line_paint` works out every rectangle and text position of a line (tints,
marks, selection, hover, the current word's outline, base text, ruby) and
`paint_line` draws exactly that, layer by layer in `LinePaint.layers()`'s
order. The reader's paintEvent and its tests use the same `LinePaint`, so
a test of the boxes is a test of what is on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen

from ..core.words import Mark
from .metrics import QtMetrics
from .text_layout import Line
from .theme import ReaderTheme

__all__ = ["WordRange", "TextDraw", "RubyDraw", "LinePaint", "line_paint", "paint_line"]

WordRange = tuple[int, int, int]  # paragraph, first token, end token (exclusive)
CURRENT_PEN = 2.0  # the current word's outline, in pixels


@dataclass(frozen=True)
class TextDraw:
    origin: QPointF  # baseline start
    text: str


@dataclass(frozen=True)
class RubyDraw:
    base: QRectF  # the base characters the ruby is over
    box: QRectF  # the ruby's own box
    origin: QPointF  # where its baseline starts
    text: str


@dataclass
class LinePaint:
    """The geometry of one painted line, in the coordinates it was computed for."""

    paragraph: int
    line: int
    heading: bool
    tints: list[tuple[QRectF, int]] = field(default_factory=list)  # learning words: box, status 1-5
    unsaved: list[QLineF] = field(default_factory=list)  # under words never saved
    selection: list[QRectF] = field(default_factory=list)
    hover: list[QRectF] = field(default_factory=list)
    current: list[QRectF] = field(default_factory=list)  # outlined, above everything but the text
    text: list[TextDraw] = field(default_factory=list)
    ruby: list[RubyDraw] = field(default_factory=list)

    def layers(self) -> list[tuple[str, list]]:
        """The line's marks in the order they are painted, bottom first; the text goes on top."""
        return [("tint", [r for r, _ in self.tints]), ("unsaved", self.unsaved), ("selection", self.selection),
                ("hover", self.hover), ("current", self.current)]


def _word_segments(line: Line, word_of: Callable[[int], tuple[int, int] | None]):
    """(first, end, x, width) for each word's part on the line (a compound's tokens are one part)."""
    out: list[list] = []
    for run in line.runs:
        rng = word_of(run.token) if run.token >= 0 else None
        if rng is None:
            continue
        if out and (out[-1][0], out[-1][1]) == rng and abs(out[-1][2] + out[-1][3] - run.x) < 0.01:
            out[-1][3] += run.width
        else:
            out.append([rng[0], rng[1], run.x, run.width])
    return out


def _merge(rects: list[QRectF]) -> list[QRectF]:
    out: list[QRectF] = []
    for r in rects:
        if out and abs(out[-1].right() - r.left()) < 0.01:
            out[-1] = out[-1].united(r)
        else:
            out.append(QRectF(r))
    return out


def line_paint(p: int, li: int, line: Line, heading: bool, metrics: QtMetrics, ox: float, oy: float, *,
               word_of: Callable[[int], tuple[int, int] | None],
               mark: Callable[[int], Mark],
               ruby_shown: Callable[[int], bool],
               current: WordRange | None = None,
               hover: WordRange | None = None,
               selection: tuple[tuple[int, int], tuple[int, int]] | None = None) -> LinePaint:
    """The geometry of line *li* of paragraph *p*, whose left edge is *ox* and top *oy*.

    *word_of(t)* is the (first, end) token range of the word token *t*
    belongs to (None for punctuation), *mark(first)* how that word is
    marked and *ruby_shown(t)* whether token *t*'s furigana shows.
    """
    out = LinePaint(p, li, heading)
    band = metrics.ruby_band(heading)
    base_fm = metrics.fm(heading, False)
    ruby_fm = metrics.fm(heading, True)
    base_y, ruby_y = metrics.baselines(heading, oy, line.height)
    box_top = oy + band * 0.6
    box_h = line.height - band * 0.6
    under_y = base_y + base_fm.descent() + 1.5

    for first, end, x, w in _word_segments(line, word_of):
        rect = QRectF(ox + x, box_top, w, box_h)
        m = mark(first)
        if m.tint:
            out.tints.append((rect, m.tint))
        elif m.unsaved:
            out.unsaved.append(QLineF(ox + x + 1, under_y, ox + x + w - 1, under_y))
        if hover is not None and hover == (p, first, end):
            out.hover.append(rect)
        if current is not None and current == (p, first, end):
            out.current.append(rect)

    if selection is not None:
        (sp, sc), (ep, ec) = selection
        boxes = [QRectF(ox + piece.x, box_top, piece.width, box_h)
                 for run in line.runs for piece in run.pieces
                 if not ((p, piece.end) <= (sp, sc) or (p, piece.start) >= (ep, ec))]
        out.selection = _merge(boxes)

    for run in line.runs:
        pending: list[str] = []
        pending_x = 0.0
        for piece in run.pieces:
            if piece.ruby is None and piece.width == piece.base_width:
                if not pending:
                    pending_x = piece.x
                pending.append(piece.text)
                continue
            if pending:
                out.text.append(TextDraw(QPointF(ox + pending_x, base_y), "".join(pending)))
                pending = []
            bx = ox + piece.x + (piece.width - piece.base_width) / 2
            out.text.append(TextDraw(QPointF(bx, base_y), piece.text))
        if pending:
            out.text.append(TextDraw(QPointF(ox + pending_x, base_y), "".join(pending)))
        if run.token < 0 or not ruby_shown(run.token):
            continue
        for piece in run.pieces:
            if piece.ruby:
                rw = metrics.ruby_width(piece.ruby, heading)
                rx = ox + piece.x + (piece.width - rw) / 2
                base = QRectF(ox + piece.x + (piece.width - piece.base_width) / 2, base_y - base_fm.ascent(),
                              piece.base_width, base_fm.height())
                box = QRectF(rx, ruby_y - ruby_fm.ascent(), rw, ruby_fm.height())
                out.ruby.append(RubyDraw(base, box, QPointF(rx, ruby_y), piece.ruby))
    return out


def paint_line(painter: QPainter, lp: LinePaint, theme: ReaderTheme, metrics: QtMetrics) -> None:
    """Draw *lp*: its layers bottom first, the current word's outline above them, then text and ruby."""
    for name, items in lp.layers():
        if not items:
            continue
        if name == "tint":
            for rect, tint in lp.tints:
                painter.fillRect(rect, theme.status_tints[tint - 1])
        elif name == "unsaved":
            painter.setPen(QPen(theme.unsaved_mark, 1.2))
            for seg in items:
                painter.drawLine(seg)
        elif name == "selection":
            for rect in items:
                painter.fillRect(rect, theme.selection)
        elif name == "hover":
            for rect in items:
                painter.fillRect(rect, theme.hover)
        elif name == "current":
            painter.save()
            painter.setRenderHint(QPainter.Antialiasing, True)
            painter.setPen(QPen(theme.current, CURRENT_PEN))
            painter.setBrush(Qt.NoBrush)
            inset = CURRENT_PEN / 2
            for rect in items:
                painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), 3, 3)
            painter.restore()
    painter.setPen(theme.text)
    painter.setFont(metrics.font(lp.heading, False))
    for draw in lp.text:
        painter.drawText(draw.origin, draw.text)
    if lp.ruby:
        painter.setFont(metrics.font(lp.heading, True))
        painter.setPen(theme.ruby)
        for draw in lp.ruby:
            painter.drawText(draw.origin, draw.text)
        painter.setFont(metrics.font(lp.heading, False))
