"""The reader: a custom-painted scroll area that typesets furigana over clickable words.

Qt's rich text cannot draw ruby, so the view paints token boxes computed by
`text_layout.DocumentLayout`, and only those intersecting the exposed rect.
Hit-testing goes through the layout's bisect index. The view reports what
the reader does through signals; it never calls into the dictionary itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Sequence

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor, QFont, QFontMetricsF, QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent,
    QPainter, QPaintEvent, QPalette, QPen,
)
from PySide6.QtWidgets import QAbstractScrollArea, QMenu

from .text_layout import DocumentLayout, Line, ParagraphLayout

log = logging.getLogger(__name__)

FURIGANA_MODES = ("all", "unknown", "off")
SENTENCE_END = "。！？!?"

SERIF_FAMILIES = ["Noto Serif CJK JP", "Noto Serif JP", "IPAexMincho", "IPAMincho", "Hiragino Mincho ProN",
                  "Yu Mincho", "MS Mincho", "serif"]
SANS_FAMILIES = ["Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic", "Hiragino Sans",
                 "Yu Gothic", "Meiryo", "sans-serif"]


@dataclass
class Theme:
    name: str
    background: QColor
    text: QColor
    ruby: QColor
    hover: QColor
    current: QColor
    selection: QColor
    unsaved_mark: QColor
    status_tints: tuple[QColor, ...]  # statuses 1..5


LIGHT = Theme(
    "light", QColor("#fbf8f1"), QColor("#1f1f1f"), QColor("#5a5a5a"), QColor(0, 0, 0, 22),
    QColor("#ffe08a"), QColor("#b4d5fe"), QColor(60, 110, 200, 70),
    tuple(QColor(c) for c in ("#ffd2c2", "#ffe0b8", "#fff0b3", "#eef5c0", "#e1f3d8")),
)
DARK = Theme(
    "dark", QColor("#1e1f22"), QColor("#e6e1d6"), QColor("#a9a398"), QColor(255, 255, 255, 28),
    QColor("#6b5a1e"), QColor("#2f4f7a"), QColor(120, 170, 255, 80),
    tuple(QColor(c) for c in ("#6b3426", "#6b4b26", "#665c24", "#4c5a26", "#2f5532")),
)
THEMES = {"light": LIGHT, "dark": DARK}


class QtMetrics:
    """text_layout.Metrics backed by QFontMetricsF, with a width cache per string."""

    HEADING_SCALE = 1.35
    RUBY_SCALE = 0.5

    def __init__(self, base: QFont) -> None:
        self.base_font = QFont(base)
        self.ruby_font = QFont(base)
        self.ruby_font.setPointSizeF(base.pointSizeF() * self.RUBY_SCALE)
        self.heading_font = QFont(base)
        self.heading_font.setPointSizeF(base.pointSizeF() * self.HEADING_SCALE)
        self.heading_font.setBold(True)
        self.heading_ruby_font = QFont(self.ruby_font)
        self.heading_ruby_font.setPointSizeF(self.heading_font.pointSizeF() * self.RUBY_SCALE)
        self._fm = {
            (False, False): QFontMetricsF(self.base_font),
            (False, True): QFontMetricsF(self.ruby_font),
            (True, False): QFontMetricsF(self.heading_font),
            (True, True): QFontMetricsF(self.heading_ruby_font),
        }
        self._widths: dict[tuple[str, bool, bool], float] = {}

    def font(self, heading: bool, ruby: bool) -> QFont:
        return {(False, False): self.base_font, (False, True): self.ruby_font,
                (True, False): self.heading_font, (True, True): self.heading_ruby_font}[(heading, ruby)]

    def fm(self, heading: bool, ruby: bool) -> QFontMetricsF:
        return self._fm[(heading, ruby)]

    def _width(self, text: str, heading: bool, ruby: bool) -> float:
        key = (text, heading, ruby)
        w = self._widths.get(key)
        if w is None:
            w = self._widths[key] = self._fm[(heading, ruby)].horizontalAdvance(text)
        return w

    def base_width(self, text: str, heading: bool = False) -> float:
        return self._width(text, heading, False)

    def ruby_width(self, text: str, heading: bool = False) -> float:
        return self._width(text, heading, True)

    def ruby_band(self, heading: bool = False) -> float:
        return self._fm[(heading, True)].height()

    def line_height(self, heading: bool = False) -> float:
        # ruby band + base line + a little air; the same for every line of
        # the kind, whether or not it carries ruby
        base = self._fm[(heading, False)].height()
        return round(self.ruby_band(heading) + base * 1.25)

    def em(self, heading: bool = False) -> float:
        return self._width("あ", heading, False)


class ReaderView(QAbstractScrollArea):
    """The document typeset as token boxes.

    Positions are (paragraph, token index) pairs. Signals:
    token_hovered(p, t) (-1, -1 when leaving a word), token_clicked(p, t),
    lookup_requested(p, t) (click, Shift-hover, context menu), activated(p, t) (Enter),
    dismiss_requested() (Esc), paste_requested(text) (Ctrl+V),
    furigana_mode_changed(mode), zoom_changed(point size).
    """

    token_hovered = Signal(int, int)
    token_clicked = Signal(int, int)
    lookup_requested = Signal(int, int)
    activated = Signal(int, int)  # Enter: a lookup the keyboard wants to walk through
    help_requested = Signal()  # ? (whatever keys type it on this keyboard)
    dismiss_requested = Signal()
    paste_requested = Signal(str)
    furigana_mode_changed = Signal(str)
    zoom_changed = Signal(float)
    current_changed = Signal(int, int)
    first_paint = Signal()
    scrolled = Signal()

    DEFAULT_POINT_SIZE = 17.0
    MARGIN_EM = 1.6

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setAttribute(Qt.WA_InputMethodEnabled, False)
        self._texts: Sequence[str] = ()
        self._heading_levels: dict[int, int] = {}
        self._point_size = self.DEFAULT_POINT_SIZE
        self._family = "serif"
        self._theme = LIGHT
        self.furigana_mode = "all"
        self.known_words: set[str] = set()  # lemmas whose furigana "unknown" mode hides
        self.word_status: dict[str, object] = {}  # lemma -> status, filled by the vocabulary feature
        self.hover: tuple[int, int] | None = None
        self.current: tuple[int, int] | None = None
        self._sel_anchor: tuple[int, int] | None = None
        self._sel_cursor: tuple[int, int] | None = None
        self._press_pos: QPoint | None = None
        self._dragging = False
        self._painted_once = False
        self._shifting = False
        self._range_height = 0.0
        self._wheel_zoom = 0
        self.paint_count = 0
        self.metrics = QtMetrics(self._make_font())
        self._token_lists: list[Sequence | None] = []
        self.layout = DocumentLayout((), self.metrics, 600.0)
        self.verticalScrollBar().valueChanged.connect(self._on_scroll)

    # -- document --------------------------------------------------------------

    def set_document(self, texts: Sequence[str], heading_levels: dict[int, int] | None = None) -> None:
        self._texts = texts
        self._heading_levels = dict(heading_levels or {})
        self.hover = self.current = None
        self._sel_anchor = self._sel_cursor = None
        self._token_lists: list[Sequence | None] = [None] * len(texts)
        self.layout = DocumentLayout(texts, self.metrics, self._text_width(),
                                     headings=lambda i: i in self._heading_levels,
                                     paragraph_gap=0.0, tokens=self._token_lists.__getitem__)
        self.verticalScrollBar().setValue(0)
        self._update_scrollbar()
        self.viewport().update()
        self._settle()

    def set_tokens_batch(self, start: int, batch: Sequence[Sequence]) -> None:
        """Tokens for paragraphs start, start+1, ... arrived (from the analysis worker)."""
        visible = False
        for k, tokens in enumerate(batch):
            i = start + k
            if i < len(self._texts):
                visible = visible or self._is_paragraph_visible(i)
                self._keep_positions(i, tokens)
                self._token_lists[i] = tokens
                self.layout.tokens_changed(i)
        if visible:
            self.viewport().update()
        self._settle()

    def _keep_positions(self, p: int, new_tokens: Sequence) -> None:
        """New tokens for paragraph p may be cut differently (the dictionary joins
        a compound): the current word stays the word at the same place."""
        old_tokens = self.tokens(p)
        if self.hover is not None and self.hover[0] == p:
            self.hover = None
        if self.current is None or self.current[0] != p or old_tokens is None:
            return
        t = self.current[1]
        if not (0 <= t < len(old_tokens)):
            return
        offset = old_tokens[t].start
        for i, tok in enumerate(new_tokens):
            if tok.start <= offset < tok.end:
                self.current = (p, i)
                return

    def tokens(self, p: int) -> Sequence | None:
        return self._token_lists[p] if 0 <= p < len(self._token_lists) else None

    def token(self, p: int, t: int):
        toks = self.tokens(p)
        return toks[t] if toks is not None and 0 <= t < len(toks) else None

    # -- appearance -------------------------------------------------------------

    def _make_font(self) -> QFont:
        font = QFont()
        font.setFamilies(SERIF_FAMILIES if self._family == "serif" else SANS_FAMILIES)
        font.setPointSizeF(self._point_size)
        font.setStyleHint(QFont.Serif if self._family == "serif" else QFont.SansSerif)
        return font

    def _relayout(self) -> None:
        anchor = self._top_position()
        self.metrics = QtMetrics(self._make_font())
        self.layout.metrics = self.metrics
        self.layout.width = self._text_width()
        self.layout.invalidate()
        self._update_scrollbar()
        self._restore_position(anchor)
        self.viewport().update()

    @property
    def point_size(self) -> float:
        return self._point_size

    def set_point_size(self, size: float) -> None:
        size = max(8.0, min(48.0, size))
        if size != self._point_size:
            self._point_size = size
            self._relayout()
            self.zoom_changed.emit(size)

    def zoom_in(self) -> None:
        self.set_point_size(self._point_size + 1.5)

    def zoom_out(self) -> None:
        self.set_point_size(self._point_size - 1.5)

    def zoom_reset(self) -> None:
        self.set_point_size(self.DEFAULT_POINT_SIZE)

    @property
    def font_family(self) -> str:
        return self._family

    def set_font_family(self, family: str) -> None:
        if family in ("serif", "sans") and family != self._family:
            self._family = family
            self._relayout()

    @property
    def theme(self) -> Theme:
        return self._theme

    def set_theme(self, name: str) -> None:
        self._theme = THEMES.get(name, LIGHT)
        pal = self.viewport().palette()
        pal.setColor(QPalette.Window, self._theme.background)
        pal.setColor(QPalette.Base, self._theme.background)
        self.viewport().setPalette(pal)
        self.viewport().update()

    def set_furigana_mode(self, mode: str) -> None:
        if mode in FURIGANA_MODES and mode != self.furigana_mode:
            self.furigana_mode = mode
            self.viewport().update()  # layout reserves ruby room in every mode: nothing moves
            self.furigana_mode_changed.emit(mode)

    def cycle_furigana(self) -> str:
        i = FURIGANA_MODES.index(self.furigana_mode)
        self.set_furigana_mode(FURIGANA_MODES[(i + 1) % len(FURIGANA_MODES)])
        return self.furigana_mode

    # -- geometry -------------------------------------------------------------

    def _margin(self) -> float:
        # narrow windows give up margin before text
        return round(min(self.metrics.em() * self.MARGIN_EM, self.viewport().width() * 0.08))

    def _text_width(self) -> float:
        return max(self.viewport().width() - 2 * self._margin(), self.metrics.em())

    def _top_margin(self) -> float:
        return self._margin() * 0.75

    def _doc_y(self, view_y: float) -> float:
        return view_y + self.verticalScrollBar().value() - self._top_margin()

    def _view_y(self, doc_y: float) -> float:
        return doc_y - self.verticalScrollBar().value() + self._top_margin()

    def _update_scrollbar(self) -> None:
        sb = self.verticalScrollBar()
        self._range_height = self.layout.height
        total = int(self.layout.height + 2 * self._top_margin())
        page = self.viewport().height()
        sb.setRange(0, max(0, total - page))
        sb.setPageStep(max(1, page - int(self.metrics.line_height())))
        sb.setSingleStep(int(self.metrics.line_height()))

    def _top_position(self) -> tuple[int, float, float]:
        """What is at the top of the view, to keep there across relayouts.

        (paragraph, fraction of its height, pixels above the text): the
        fraction survives a paragraph's height changing; the pixels are the
        part of the top margin in view, which does not scale.
        """
        y = self._doc_y(0)
        above = min(y, 0.0)
        p = self.layout.paragraph_at(max(y, 0.0))
        if p < 0:
            return (0, 0.0, above)
        h = self.layout.tops[p + 1] - self.layout.tops[p]
        return p, (max(y, 0.0) - self.layout.tops[p]) / h if h else 0.0, above

    def _restore_position(self, pos: tuple[int, float, float]) -> None:
        p, frac, above = pos
        if not self._texts:
            return
        p = min(p, len(self._texts) - 1)
        self.layout.paragraph(p)
        h = self.layout.tops[p + 1] - self.layout.tops[p]
        self._update_scrollbar()
        self.verticalScrollBar().setValue(round(self.layout.tops[p] + frac * h + above + self._top_margin()))
        self._settle()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._texts:
            anchor = self._top_position()
            self.layout.set_width(self._text_width())
            self._restore_position(anchor)
        self._update_scrollbar()

    def _prepare_view(self) -> float:
        """Lay out the paragraphs around the view before they show; return how much the text above the view grew.

        Until laid out, a paragraph has an estimated height. Laying out a
        screenful above and below the view ahead of time means the lines that
        scroll in are already in their final places; when a paragraph above
        the top changes height, everything below moves, and the view must
        follow by the same amount for the text on screen to stay put.
        """
        if not self._texts:
            return 0.0
        layout = self.layout
        y0 = self._doc_y(0)
        h = self.viewport().height()
        shift = 0.0
        i = layout.paragraph_at(max(y0 - h, 0))
        while i < len(self._texts):
            top = layout.tops[i]
            if top >= y0 + shift + 2 * h:
                break
            if not layout.is_laid_out(i):
                old = layout.tops[i + 1] - top
                layout.paragraph(i)
                if top + old <= y0 + shift:  # wholly above the view
                    shift += (layout.tops[i + 1] - layout.tops[i]) - old
            i += 1
        return shift

    def _settle(self) -> None:
        """Prepare the layout around the view, keep the text on screen still, repaint what moved."""
        shift = self._prepare_view()
        if shift:
            self._update_scrollbar()
            self._shift_by(shift)
        self._check_layout_changes()

    def _shift_by(self, shift: float) -> None:
        self._shifting = True
        try:
            sb = self.verticalScrollBar()
            sb.setValue(round(sb.value() + shift))
        finally:
            self._shifting = False
        self.viewport().update()

    def _check_layout_changes(self) -> None:
        """After paragraphs changed height: new scroll range, and a full repaint if any of them is on screen."""
        changed = self.layout.changed_from
        if changed is None:
            return
        self.layout.changed_from = None
        if self.layout.height != self._range_height:
            self._update_scrollbar()
        if changed <= self.layout.paragraph_at(self._doc_y(self.viewport().height())):
            self.viewport().update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(800, 600)

    def _is_paragraph_visible(self, i: int) -> bool:
        y0 = self._doc_y(0)
        y1 = self._doc_y(self.viewport().height())
        return self.layout.tops[i] < y1 and self.layout.tops[i + 1] > y0

    def token_rect(self, p: int, t: int) -> QRect:
        """The token's first box, in viewport coordinates (empty if unknown)."""
        boxes = self.layout.token_boxes(p, t)
        if not boxes:
            return QRect()
        x, y, w, h = boxes[0]
        m = self._margin()
        return QRectF(x + m, self._view_y(y), w, h).toAlignedRect()

    def token_at(self, pos: QPoint | QPointF) -> tuple[int, int] | None:
        """(paragraph, token) under a viewport point, or None."""
        x = pos.x() - self._margin()
        y = self._doc_y(pos.y())
        hit = self.layout.token_at(x, y)
        if hit is None:
            return None
        tok = self.token(*hit)
        return hit if tok is not None and tok.is_word else None

    def ensure_visible(self, p: int, t: int) -> None:
        boxes = self.layout.token_boxes(p, t)
        if not boxes:
            return
        _, y, _, h = boxes[0]
        sb = self.verticalScrollBar()
        self._check_layout_changes()
        vy = self._view_y(y)
        view_h = self.viewport().height()
        if vy < 0:
            sb.setValue(int(sb.value() + vy - h))  # a line of context above
        elif vy + h > view_h:
            sb.setValue(int(sb.value() + vy + 2 * h - view_h))

    # -- painting ---------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self.viewport())
        theme = self._theme
        painter.fillRect(event.rect(), theme.background)
        if not self._texts:
            painter.end()
            return
        exposed = event.rect()
        y0 = self._doc_y(exposed.top())
        y1 = self._doc_y(exposed.bottom() + 1)
        m = self._margin()
        sel = self._selection_range()
        for p in self.layout.visible(y0, y1):
            lay = self.layout.paragraph(p)
            top = self.layout.tops[p]
            for line in lay.lines:
                ly = top + line.y
                if ly + line.height < y0 or ly > y1:
                    continue
                self._paint_line(painter, p, lay, line, m, self._view_y(ly), sel)
        painter.end()
        self.paint_count += 1
        if self.layout.changed_from is not None:
            # painting laid out paragraphs that were only estimated: settle after this paint
            QTimer.singleShot(0, self._check_layout_changes)
        if not self._painted_once:
            self._painted_once = True
            self.first_paint.emit()

    def word_mark(self, tok) -> int | str | None:
        """How a word is marked by what the reader knows of it.

        1-5 (learning: a graded tint), "unsaved" (never saved: a faint
        underline), or None (known, ignored, or not a word: plain).
        """
        if tok is None or not tok.is_word:
            return None
        status = self.word_status.get(tok.lemma)
        if status is None:
            return "unsaved"
        if isinstance(status, int) and 1 <= status <= 5:
            return status
        return None

    def _ruby_shown(self, tok) -> bool:
        if self.furigana_mode == "all":
            return True
        if self.furigana_mode == "off" or tok is None:
            return False
        return tok.lemma not in self.known_words

    def _baselines(self, heading: bool, line_top: float, line_height: float) -> tuple[float, float]:
        """(base baseline, ruby baseline) of a line whose top is at *line_top*."""
        metrics = self.metrics
        band = metrics.ruby_band(heading)
        base_fm = metrics.fm(heading, False)
        base_y = line_top + band + base_fm.ascent() + (line_height - band - base_fm.height()) * 0.35
        ruby_y = line_top + metrics.fm(heading, True).ascent() + 1
        return base_y, ruby_y

    def ruby_boxes(self, p: int) -> list[tuple[QRectF, QRectF]]:
        """(base box, ruby box) of every ruby of paragraph *p*, in document coordinates.

        The painter draws at exactly these places; tests check them.
        """
        lay = self.layout.paragraph(p)
        top = self.layout.tops[p]
        out = []
        for line in lay.lines:
            base_y, ruby_y = self._baselines(lay.heading, top + line.y, line.height)
            bfm = self.metrics.fm(lay.heading, False)
            rfm = self.metrics.fm(lay.heading, True)
            for run in line.runs:
                for piece in run.pieces:
                    if not piece.ruby:
                        continue
                    rw = self.metrics.ruby_width(piece.ruby, lay.heading)
                    base = QRectF(piece.x + (piece.width - piece.base_width) / 2, base_y - bfm.ascent(),
                                  piece.base_width, bfm.height())
                    ruby = QRectF(piece.x + (piece.width - rw) / 2, ruby_y - rfm.ascent(), rw, rfm.height())
                    out.append((base, ruby))
        return out

    def _paint_line(self, painter: QPainter, p: int, lay: ParagraphLayout, line: Line,
                    m: float, vy: float, sel) -> None:
        theme = self._theme
        heading = lay.heading
        metrics = self.metrics
        band = metrics.ruby_band(heading)
        base_fm = metrics.fm(heading, False)
        base_y, ruby_y = self._baselines(heading, vy, line.height)
        tokens = self.tokens(p)
        unsaved_pen = QPen(theme.unsaved_mark, 1.2)
        # backgrounds first
        for run in line.runs:
            tok = tokens[run.token] if tokens is not None and run.token >= 0 else None
            rect = QRectF(m + run.x, vy + band * 0.6, run.width, line.height - band * 0.6)
            if self.current == (p, run.token) and tok is not None:
                painter.fillRect(rect, theme.current)
            elif self.hover == (p, run.token) and tok is not None:
                painter.fillRect(rect, theme.hover)
            mark = self.word_mark(tok)
            if isinstance(mark, int):
                painter.fillRect(rect, theme.status_tints[mark - 1])
            elif mark == "unsaved":
                # never saved: a faint line under the word
                painter.setPen(unsaved_pen)
                uy = base_y + base_fm.descent() + 1.5
                painter.drawLine(QPointF(m + run.x + 1, uy), QPointF(m + run.x + run.width - 1, uy))
        if sel is not None:
            self._paint_selection(painter, p, line, m, vy + band * 0.6, line.height - band * 0.6, sel)
        # text
        painter.setPen(theme.text)
        painter.setFont(metrics.font(heading, False))
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
                    painter.drawText(QPointF(m + pending_x, base_y), "".join(pending))
                    pending = []
                bx = m + piece.x + (piece.width - piece.base_width) / 2
                painter.drawText(QPointF(bx, base_y), piece.text)
            if pending:
                painter.drawText(QPointF(m + pending_x, base_y), "".join(pending))
        # ruby
        painter.setFont(metrics.font(heading, True))
        painter.setPen(theme.ruby)
        for run in line.runs:
            tok = tokens[run.token] if tokens is not None and run.token >= 0 else None
            if not self._ruby_shown(tok):
                continue
            for piece in run.pieces:
                if piece.ruby:
                    rw = metrics.ruby_width(piece.ruby, heading)
                    painter.drawText(QPointF(m + piece.x + (piece.width - rw) / 2, ruby_y), piece.ruby)
        painter.setFont(metrics.font(heading, False))

    def _paint_selection(self, painter: QPainter, p: int, line: Line, m: float, y: float, h: float, sel) -> None:
        (sp, sc), (ep, ec) = sel
        for run in line.runs:
            for piece in run.pieces:
                a = (p, piece.start)
                b = (p, piece.end)
                if b <= (sp, sc) or a >= (ep, ec):
                    continue
                painter.fillRect(QRectF(m + piece.x, y, piece.width, h), self._theme.selection)

    # -- selection and copying ------------------------------------------------------

    def _selection_range(self):
        if self._sel_anchor is None or self._sel_cursor is None or self._sel_anchor == self._sel_cursor:
            return None
        return tuple(sorted((self._sel_anchor, self._sel_cursor)))

    def selected_text(self) -> str:
        rng = self._selection_range()
        if rng is None:
            return ""
        (sp, sc), (ep, ec) = rng
        if sp == ep:
            return self._texts[sp][sc:ec]
        parts = [self._texts[sp][sc:]]
        parts += list(self._texts[sp + 1:ep])
        parts.append(self._texts[ep][:ec])
        return "\n".join(parts)

    def select_chars(self, start: tuple[int, int], end: tuple[int, int]) -> None:
        self._sel_anchor, self._sel_cursor = start, end
        self.viewport().update()

    def find(self, needle: str, forward: bool = True) -> tuple[int, int, int] | None:
        """Select the next (or previous) occurrence of *needle* after the selection or current word.

        Returns (paragraph, start, end), wrapping around the document, or
        None when the text does not occur at all.
        """
        if not needle or not self._texts:
            return None
        n = len(self._texts)
        rng = self._selection_range()
        if rng is not None:
            (p, c), (ep, ec) = rng
            origin = (p, c + 1) if forward else (p, c)
        elif self.current is not None and self.token(*self.current) is not None:
            p = self.current[0]
            origin = (p, self.token(*self.current).start)
        else:
            origin = (0, 0) if forward else (n - 1, len(self._texts[n - 1]))
        p, c = origin
        for step in range(n + 1):
            text = self._texts[p]
            if forward:
                i = text.find(needle, c if step == 0 else 0)
            else:
                i = text.rfind(needle, 0, c if step == 0 else len(text))
            if i >= 0:
                self.select_chars((p, i), (p, i + len(needle)))
                self._show_chars(p, i)
                return p, i, i + len(needle)
            p = (p + 1) % n if forward else (p - 1) % n
        return None

    def _show_chars(self, p: int, offset: int) -> None:
        """Scroll so that character *offset* of paragraph *p* is on screen."""
        toks = self.tokens(p)
        if toks is not None:
            for i, tok in enumerate(toks):
                if tok.start <= offset < tok.end:
                    self.ensure_visible(p, i)
                    return
        self.layout.paragraph(p)
        self._check_layout_changes()
        sb = self.verticalScrollBar()
        vy = self._view_y(self.layout.tops[p])
        if not 0 <= vy < self.viewport().height():
            sb.setValue(int(sb.value() + vy - self.metrics.line_height()))

    def clear_selection(self) -> None:
        self._sel_anchor = self._sel_cursor = None
        self.viewport().update()

    def copy(self) -> str:
        """Copy the selection, or else the current word, as plain text (no furigana)."""
        text = self.selected_text()
        if not text and self.current is not None:
            tok = self.token(*self.current)
            text = tok.surface if tok is not None else ""
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    def sentence_at(self, p: int, t: int) -> str:
        """The sentence around token t of paragraph p: what a saved word keeps as context."""
        text = self._texts[p]
        tok = self.token(p, t)
        if tok is None:
            return text
        start = max((text.rfind(c, 0, tok.start) for c in SENTENCE_END), default=-1) + 1
        ends = [i for i in (text.find(c, tok.end) for c in SENTENCE_END) if i >= 0]
        end = min(ends) + 1 if ends else len(text)
        return text[start:end].strip("\u3000 ")

    def copy_sentence(self) -> str:
        if self.current is None:
            return ""
        s = self.sentence_at(*self.current)
        QGuiApplication.clipboard().setText(s)
        return s

    # -- current word and keyboard navigation ---------------------------------------------

    def set_current(self, p: int, t: int, scroll: bool = True) -> None:
        old, self.current = self.current, (p, t)
        if scroll:
            self.ensure_visible(p, t)
        self._update_token(old)
        self._update_token(self.current)
        self.current_changed.emit(p, t)

    def _word_positions_from(self, p: int, t: int, step: int, include_start: bool = False):
        """Word positions after (or before) (p, t) in reading order."""
        n = len(self._texts)
        first = True
        while 0 <= p < n:
            toks = self.tokens(p)
            if toks is not None:
                rng = range(t if include_start or not first else t + step, len(toks) if step > 0 else -1, step)
                for i in rng:
                    if 0 <= i < len(toks) and toks[i].is_word:
                        yield p, i
            first = False
            p += step
            if 0 <= p < n:
                toks = self.tokens(p)
                t = 0 if step > 0 else (len(toks) - 1 if toks is not None else 0)
                include_start = True

    def move_word(self, step: int, predicate=None) -> bool:
        if self.current is None:
            start = self._first_visible_word()
            if start is None:
                return False
            self.set_current(*start)
            return True
        for pos in self._word_positions_from(*self.current, step):
            if predicate is None or predicate(self.token(*pos)):
                self.set_current(*pos)
                return True
        return False

    def _first_visible_word(self) -> tuple[int, int] | None:
        """The first word whose line is on screen (not merely the start of the paragraph at the top)."""
        y = max(self._doc_y(0), 0)
        p = self.layout.paragraph_at(y)
        if p < 0:
            return None
        top = self.layout.tops[p]
        toks = self.tokens(p)
        if toks is not None:
            for line in self.layout.paragraph(p).lines:
                if top + line.y + 1 < y:
                    continue
                for run in line.runs:
                    if run.token >= 0 and toks[run.token].is_word:
                        return p, run.token
        return next(self._word_positions_from(p + 1, 0, 1, include_start=True), None) \
            if p + 1 < len(self._texts) else None

    def _lines_from(self, p: int, li: int, direction: int):
        """(paragraph, line) pairs after (or before) line li of paragraph p, one line at a time."""
        n = len(self._texts)
        while True:
            li += direction
            if li < 0:
                p -= 1
                if p < 0:
                    return
                li = len(self.layout.paragraph(p).lines) - 1
            elif li >= len(self.layout.paragraph(p).lines):
                p += 1
                if p >= n:
                    return
                li = 0
            yield p, li

    def move_line(self, direction: int) -> bool:
        """The word on the line above/below, nearest to the current word's x.

        Lines without a word (blank lines, punctuation only) are passed over.
        """
        if self.current is None:
            return self.move_word(1)
        p, t = self.current
        boxes = self.layout.token_boxes(p, t)
        li = self.layout.line_of_token(p, t) if direction < 0 else None
        if not boxes:
            return False
        x, _, w, _ = boxes[0] if direction < 0 else boxes[-1]
        if direction > 0:  # a word that wraps: leave from its last line
            lines = self.layout.paragraph(p).lines
            li = max(i for i, line in enumerate(lines) if any(r.token == t for r in line.runs))
        cx = x + w / 2
        for lp, lj in self._lines_from(p, li, direction):
            toks = self.tokens(lp)
            if toks is None:
                continue
            best = None
            for run in self.layout.paragraph(lp).lines[lj].runs:
                if run.token < 0 or not toks[run.token].is_word:
                    continue
                d = abs(run.x + run.width / 2 - cx)
                if best is None or d < best[0]:
                    best = (d, run.token)
            if best is not None:
                self.set_current(lp, best[1])
                return True
        return False

    def move_line_edge(self, end: bool) -> bool:
        if self.current is None:
            return self.move_word(1)
        p, t = self.current
        li = self.layout.line_of_token(p, t)
        if li is None:
            return False
        toks = self.tokens(p)
        runs = [r for r in self.layout.paragraph(p).lines[li].runs
                if r.token >= 0 and toks is not None and toks[r.token].is_word]
        if runs:
            self.set_current(p, (runs[-1] if end else runs[0]).token)
            return True
        return False

    def move_page(self, direction: int) -> None:
        sb = self.verticalScrollBar()
        sb.setValue(sb.value() + direction * sb.pageStep())
        pos = self._first_visible_word()
        if pos is not None:
            self.set_current(*pos, scroll=False)

    def move_document_edge(self, end: bool) -> None:
        n = len(self._texts)
        if not n:
            return
        if end:
            self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())
            for pos in self._word_positions_from(n - 1, len(self.tokens(n - 1) or ()) - 1, -1, include_start=True):
                self.set_current(*pos)
                return
        else:
            self.verticalScrollBar().setValue(0)
            pos = next(self._word_positions_from(0, 0, 1, include_start=True), None)
            if pos is not None:
                self.set_current(*pos)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        mods = event.modifiers()
        ctrl = bool(mods & Qt.ControlModifier)
        if event.matches(QKeySequence.Copy):
            self.copy()
        elif event.matches(QKeySequence.Paste):
            text = QGuiApplication.clipboard().text()
            if text.strip():
                self.paste_requested.emit(text)
        elif key == Qt.Key_Right:
            self.move_word(1)
        elif key == Qt.Key_Left:
            self.move_word(-1)
        elif key == Qt.Key_Down:
            self.move_line(1)
        elif key == Qt.Key_Up:
            self.move_line(-1)
        elif key == Qt.Key_Home and ctrl:
            self.move_document_edge(False)
        elif key == Qt.Key_End and ctrl:
            self.move_document_edge(True)
        elif key == Qt.Key_Home:
            self.move_line_edge(False)
        elif key == Qt.Key_End:
            self.move_line_edge(True)
        elif key == Qt.Key_PageDown:
            self.move_page(1)
        elif key == Qt.Key_PageUp:
            self.move_page(-1)
        elif key in (Qt.Key_Return, Qt.Key_Enter):
            if self.current is None:
                self.move_word(1)
            if self.current is not None:
                self.activated.emit(*self.current)
        elif key == Qt.Key_Escape:
            self.clear_selection()
            self.dismiss_requested.emit()
        elif key == Qt.Key_F and not ctrl:
            self.cycle_furigana()
        elif event.text() in ("?", "？"):
            self.help_requested.emit()
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002
        # Tab / Shift+Tab walk the words not yet known (mining mode) instead of leaving the view.
        self.move_word(1 if next else -1, predicate=lambda tok: tok is not None and tok.lemma not in self.known_words)
        return True

    # -- mouse ---------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position().toPoint()
        if self._press_pos is not None and event.buttons() & Qt.LeftButton:
            if self._dragging or (pos - self._press_pos).manhattanLength() > 4:
                self._dragging = True
                hit = self.layout.char_at(pos.x() - self._margin(), self._doc_y(pos.y()))
                if hit is not None:
                    self._sel_cursor = hit
                    self.viewport().update()
            return
        hit = self.token_at(pos)
        if hit != self.hover:
            old, self.hover = self.hover, hit
            self._update_token(old)
            self._update_token(hit)
            self.token_hovered.emit(*(hit or (-1, -1)))
            if hit is not None and event.modifiers() & Qt.ShiftModifier:
                self.set_current(*hit, scroll=False)
                self.lookup_requested.emit(*hit)

    def leaveEvent(self, event) -> None:  # noqa: N802
        if self.hover is not None:
            old, self.hover = self.hover, None
            self._update_token(old)
            self.token_hovered.emit(-1, -1)
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.LeftButton:
            pos = event.position().toPoint()
            self._press_pos = pos
            self._dragging = False
            self._sel_anchor = self.layout.char_at(pos.x() - self._margin(), self._doc_y(pos.y()))
            self._sel_cursor = self._sel_anchor
            self.setFocus(Qt.MouseFocusReason)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.LeftButton and self._press_pos is not None:
            if not self._dragging:
                self._sel_anchor = self._sel_cursor = None
                hit = self.token_at(event.position().toPoint())
                if hit is not None:
                    self.set_current(*hit, scroll=False)
                    self.token_clicked.emit(*hit)
                    self.lookup_requested.emit(*hit)
                else:
                    self.dismiss_requested.emit()
                self.viewport().update()
            self._press_pos = None
            self._dragging = False
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        hit = self.token_at(event.pos())
        if hit is not None:
            self.set_current(*hit, scroll=False)
        menu = self.build_context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    def build_context_menu(self) -> QMenu:
        menu = QMenu(self)
        look = menu.addAction("Look up", lambda: self.current and self.lookup_requested.emit(*self.current))
        look.setEnabled(self.current is not None)
        menu.addAction("Copy", self.copy).setEnabled(bool(self.selected_text()) or self.current is not None)
        menu.addAction("Copy sentence", self.copy_sentence).setEnabled(self.current is not None)
        return menu

    def wheelEvent(self, event) -> None:  # noqa: N802
        if event.modifiers() & Qt.ControlModifier:
            # touchpads send many small steps: zoom once per notch (120 units)
            self._wheel_zoom += event.angleDelta().y()
            while abs(self._wheel_zoom) >= 120:
                step = 120 if self._wheel_zoom > 0 else -120
                self._wheel_zoom -= step
                (self.zoom_in if step > 0 else self.zoom_out)()
            event.accept()
            return
        super().wheelEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        vp = self.viewport()
        if self._shifting:
            vp.update()
            return
        shift = self._prepare_view()
        if shift:
            self._update_scrollbar()
            self._shift_by(shift)
            return
        changed = self.layout.changed_from
        self._check_layout_changes()
        if changed is not None and changed <= self.layout.paragraph_at(self._doc_y(vp.height())):
            return  # a full repaint is on its way
        # Move the pixels already painted and paint only the strip uncovered;
        # the rect form leaves child widgets (the lookup popup) where they are.
        vp.scroll(dx, dy, vp.rect())

    def _on_scroll(self, _value: int) -> None:
        self.scrolled.emit()

    def _update_token(self, pos: tuple[int, int] | None) -> None:
        """Repaint just the boxes of one token (hover and cursor moves)."""
        if pos is None:
            return
        m = self._margin()
        vp = self.viewport()
        for x, y, w, h in self.layout.token_boxes(*pos):
            vp.update(QRectF(x + m - 2, self._view_y(y) - 2, w + 4, h + 4).toAlignedRect())
