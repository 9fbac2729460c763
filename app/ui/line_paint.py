"""What the reader paints for one line, computed apart from the painting itself.

`line_paint` works out every rectangle and text position of a line (tints,
marks, selection, hover, the current word's outline, base text, ruby) and
`paint_line` draws exactly that, layer by layer in `LinePaint.layers()`'s
order. The reader's paintEvent and its tests use the same `LinePaint`, so
a test of the boxes is a test of what is on screen. A line is a row of
horizontal text or a column of vertical text: the layout's boxes go
through a `Frame` to the screen, and `vertical_text` says how each piece
stands in a column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen

from ..core.words import Mark
from .frame import Frame
from .metrics import QtMetrics
from .text_layout import Line, Piece, piece_chars
from .theme import ReaderTheme
from .vertical_text import EM_BOX_ASCENT, ROTATED, TATE_CHU_YOKO, column_offsets, orientation

__all__ = ["WordRange", "TextDraw", "RubyDraw", "LinePaint", "Bands", "bands", "line_paint", "line_chars",
           "paint_line"]

WordRange = tuple[int, int, int]  # paragraph, first token, end token (exclusive)
CURRENT_PEN = 2.0  # the current word's outline, in pixels
HORIZONTAL, UPRIGHT_GLYPH = "h", "v"


@dataclass(frozen=True)
class TextDraw:
    """Text drawn from *origin* (its baseline's start): along the line ("h"), one upright glyph
    with the vertical font ("v"), turned 90° clockwise ("rotated"), or upright side by side in
    one square, squeezed by *scale* ("tcy")."""

    origin: QPointF
    text: str
    mode: str = HORIZONTAL
    scale: float = 1.0


@dataclass(frozen=True)
class RubyDraw:
    base: QRectF  # the base characters the ruby is over (beside, in a column)
    box: QRectF  # the ruby's own box
    origin: QPointF  # where its baseline starts (horizontal ruby set solid)
    text: str
    start: int = 0  # the base's character offsets in the paragraph
    end: int = 0
    glyphs: tuple[tuple[QPointF, str], ...] = ()  # one origin per character, when not drawn in one go
    vertical: bool = False


@dataclass
class LinePaint:
    """The geometry of one painted line, in the coordinates it was computed for."""

    paragraph: int
    line: int
    heading: bool
    tints: list[tuple[QRectF, int]] = field(default_factory=list)  # learning words: box, status 1-5
    unsaved: list[QLineF] = field(default_factory=list)  # under (beside) words never saved
    selection: list[QRectF] = field(default_factory=list)
    hover: list[QRectF] = field(default_factory=list)
    current: list[QRectF] = field(default_factory=list)  # outlined, above everything but the text
    text: list[TextDraw] = field(default_factory=list)
    ruby: list[RubyDraw] = field(default_factory=list)
    vertical: bool = False

    def layers(self) -> list[tuple[str, list]]:
        """The line's marks in the order they are painted, bottom first; the text goes on top."""
        return [("tint", [r for r, _ in self.tints]), ("unsaved", self.unsaved), ("selection", self.selection),
                ("hover", self.hover), ("current", self.current)]


@dataclass(frozen=True)
class Bands:
    """Where things lie across a line, from its top (the right edge of a column): all in the layout's v."""

    mark: tuple[float, float]  # the word boxes: tints, hover, selection, the current word (clear of the ruby,
    # which hangs over its neighbours: a box through it would cross their readings too)
    under: float  # the line under (beside) words never saved
    base: tuple[float, float]  # the base characters' boxes
    ruby: tuple[float, float]  # the ruby's boxes
    base_baseline: float  # horizontal only
    ruby_baseline: float


def bands(metrics: QtMetrics, heading: bool, height: float, vertical: bool) -> Bands:
    if vertical:
        r0, b0 = column_offsets(metrics, heading)
        rem, em = metrics.ruby_em(heading), metrics.em(heading)
        air = height - b0 - em
        return Bands((b0 - 1.0, b0 + em + air * 0.4), b0 + em + 2.0, (b0, b0 + em), (r0, r0 + rem), 0.0, 0.0)
    band = metrics.ruby_band(heading)
    base_fm, ruby_fm = metrics.fm(heading, False), metrics.fm(heading, True)
    base_y, ruby_y = metrics.baselines(heading, 0.0, height)
    return Bands((band + 1.0, height), base_y + base_fm.descent() + 1.5,
                 (base_y - base_fm.ascent(), base_y + base_fm.descent()),
                 (ruby_y - ruby_fm.ascent(), ruby_y + ruby_fm.descent()), base_y, ruby_y)


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


def _merge(boxes: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for u, du in boxes:
        if out and abs(out[-1][0] + out[-1][1] - u) < 0.01:
            out[-1] = (out[-1][0], out[-1][1] + du)
        else:
            out.append((u, du))
    return out


def line_paint(p: int, li: int, line: Line, heading: bool, metrics: QtMetrics, frame: Frame, top: float, *,
               word_of: Callable[[int], tuple[int, int] | None],
               mark: Callable[[int], Mark],
               ruby_shown: Callable[[int], bool],
               current: WordRange | None = None,
               hover: WordRange | None = None,
               selection: tuple[tuple[int, int], tuple[int, int]] | None = None) -> LinePaint:
    """The geometry of line *li* of paragraph *p*, whose top is at *top* in the layout, on *frame*.

    *word_of(t)* is the (first, end) token range of the word token *t*
    belongs to (None for punctuation), *mark(first)* how that word is
    marked and *ruby_shown(t)* whether token *t*'s furigana shows.
    """
    vertical = frame.vertical
    out = LinePaint(p, li, heading, vertical=vertical)
    b = bands(metrics, heading, line.height, vertical)
    m0, m1 = top + b.mark[0], top + b.mark[1]
    under = top + b.under

    for first, end, x, w in _word_segments(line, word_of):
        rect = frame.rect(x, m0, w, m1 - m0)
        m = mark(first)
        if m.tint:
            out.tints.append((rect, m.tint))
        elif m.unsaved:
            out.unsaved.append(frame.line(x + 1, under, x + w - 1, under))
        if hover is not None and hover == (p, first, end):
            out.hover.append(rect)
        if current is not None and current == (p, first, end):
            out.current.append(rect)

    if selection is not None:
        (sp, sc), (ep, ec) = selection
        boxes = [(piece.x, piece.width) for piece in line.pieces
                 if not ((p, piece.end) <= (sp, sc) or (p, piece.start) >= (ep, ec))]
        out.selection = [frame.rect(u, m0, du, m1 - m0) for u, du in _merge(boxes)]

    if vertical:
        _vertical_text(out, line, heading, metrics, frame, top, b)
    else:
        _horizontal_text(out, line, heading, metrics, frame, top, b)
    for run in line.runs:
        if run.token < 0 or not ruby_shown(run.token):
            continue
        for piece in run.pieces:
            if piece.ruby:
                out.ruby.append(_ruby(piece, heading, metrics, frame, top, b))
    return out


def _horizontal_text(out: LinePaint, line: Line, heading: bool, metrics: QtMetrics, frame: Frame, top: float,
                     b: Bands) -> None:
    """Base text along the line: runs of plain pieces in one go, spaced-out bases character by character."""
    y = top + b.base_baseline
    pending: list[str] = []
    pending_u = 0.0
    for piece in line.pieces:
        solid = piece.ruby is None and piece.base_gap == 0 and abs(piece.base_x - piece.x) < 0.01
        if solid and piece.width == piece.base_width:
            if not pending:
                pending_u = piece.x
            pending.append(piece.text)
            continue
        if pending:
            out.text.append(TextDraw(frame.point(pending_u, y), "".join(pending)))
            pending = []
        if piece.base_gap:
            for ch, _, u, _ in piece_chars(piece, metrics, heading):
                out.text.append(TextDraw(frame.point(u, y), ch))
        elif piece.base_width:
            out.text.append(TextDraw(frame.point(piece.base_x, y), piece.text))
    if pending:
        out.text.append(TextDraw(frame.point(pending_u, y), "".join(pending)))


def _vertical_text(out: LinePaint, line: Line, heading: bool, metrics: QtMetrics, frame: Frame, top: float,
                   b: Bands) -> None:
    """Base text down a column: upright glyphs one per square, tate-chu-yoko squeezed into one, Latin turned."""
    em = metrics.em(heading)
    v0 = top + b.base[0]
    fm = metrics.fm(heading, False)
    for piece in line.pieces:
        if not piece.base_width:
            continue
        kind = orientation(piece.text)
        if kind == ROTATED:
            cell = frame.rect(piece.base_x, v0, piece.base_width, em)
            out.text.append(TextDraw(QPointF(cell.left() + (1 - EM_BOX_ASCENT) * em, cell.top()), piece.text,
                                     ROTATED))
        elif kind == TATE_CHU_YOKO:
            cell = frame.rect(piece.base_x, v0, em, em)
            w = fm.horizontalAdvance(piece.text)
            scale = min(1.0, em * 0.95 / w) if w else 1.0
            out.text.append(TextDraw(QPointF(cell.left() + (em - w * scale) / 2, cell.top() + EM_BOX_ASCENT * em),
                                     piece.text, TATE_CHU_YOKO, scale))
        else:
            for ch, _, u, du in piece_chars(piece, metrics, heading):
                cell = frame.rect(u, v0, du, em)
                adv = fm.horizontalAdvance(ch)
                out.text.append(TextDraw(QPointF(cell.left() + (em - adv) / 2, cell.top() + EM_BOX_ASCENT * em),
                                         ch, UPRIGHT_GLYPH))


def _ruby(piece: Piece, heading: bool, metrics: QtMetrics, frame: Frame, top: float, b: Bands) -> RubyDraw:
    n = len(piece.text)
    base_len = piece.base_width + piece.base_gap * (n - 1)
    ruby = piece.ruby or ""
    gap = piece.ruby_gap
    rw = piece.ruby_width + gap * (len(ruby) - 1)
    base = frame.rect(piece.base_x, top + b.base[0], base_len, b.base[1] - b.base[0])
    box = frame.rect(piece.ruby_x, top + b.ruby[0], rw, b.ruby[1] - b.ruby[0])
    if frame.vertical:
        rem = metrics.ruby_em(heading)
        fm = metrics.fm(heading, True)
        glyphs = []
        for k, ch in enumerate(ruby):
            cell = frame.rect(piece.ruby_x + k * (rem + gap), top + b.ruby[0], rem, rem)
            glyphs.append((QPointF(cell.left() + (rem - fm.horizontalAdvance(ch)) / 2,
                                   cell.top() + EM_BOX_ASCENT * rem), ch))
        return RubyDraw(base, box, glyphs[0][0] if glyphs else box.topLeft(), ruby, piece.start, piece.end,
                        tuple(glyphs), True)
    origin = frame.point(piece.ruby_x, top + b.ruby_baseline)
    glyphs = ()
    if gap:
        u = piece.ruby_x
        spaced = []
        for ch in ruby:
            spaced.append((frame.point(u, top + b.ruby_baseline), ch))
            u += metrics.ruby_width(ch, heading) + gap
        glyphs = tuple(spaced)
    return RubyDraw(base, box, origin, ruby, piece.start, piece.end, glyphs)


def line_chars(line: Line, heading: bool, metrics: QtMetrics, frame: Frame,
               top: float) -> list[tuple[str, int, QRectF]]:
    """(character, offset, box) of every base character of the line: its advance by the base's height (width)."""
    b = bands(metrics, heading, line.height, frame.vertical)
    return [(ch, offset, frame.rect(u, top + b.base[0], du, b.base[1] - b.base[0]))
            for piece in line.pieces for ch, offset, u, du in piece_chars(piece, metrics, heading)
            if not ch.isspace()]


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
    _draw_text(painter, lp.text, metrics.font(lp.heading, False), metrics.vertical_font(lp.heading, False))
    if lp.ruby:
        painter.setPen(theme.ruby)
        ruby_font = metrics.vertical_font(lp.heading, True) if lp.vertical else metrics.font(lp.heading, True)
        painter.setFont(ruby_font)
        for draw in lp.ruby:
            if draw.glyphs:
                for origin, ch in draw.glyphs:
                    painter.drawText(origin, ch)
            else:
                painter.drawText(draw.origin, draw.text)
    painter.setFont(metrics.font(lp.heading, False))


def _draw_text(painter: QPainter, draws: list[TextDraw], font, vertical_font) -> None:
    painter.setFont(font)
    upright = [d for d in draws if d.mode == UPRIGHT_GLYPH]
    for d in draws:
        if d.mode == HORIZONTAL:
            painter.drawText(d.origin, d.text)
        elif d.mode == ROTATED:
            painter.save()
            painter.translate(d.origin)
            painter.rotate(90)
            painter.drawText(QPointF(0, 0), d.text)
            painter.restore()
        elif d.mode == TATE_CHU_YOKO:
            painter.save()
            painter.translate(d.origin)
            painter.scale(d.scale, 1.0)
            painter.drawText(QPointF(0, 0), d.text)
            painter.restore()
    if upright:
        painter.setFont(vertical_font)
        for d in upright:
            painter.drawText(d.origin, d.text)
