"""A scroll area over a lazily laid-out document that keeps the text still.

The reader view's base: fonts and zoom, margins, the direction of the text,
the mapping between the viewport and the layout's coordinates, and the
scrolling rules. Paragraphs have estimated heights until laid out; this
class lays out the ones around the view ahead of time and, when a paragraph
before the view turns out longer or shorter than estimated, moves the view
by the same amount so the lines on screen do not jump. It knows nothing of
words or painting.

The layout measures along lines (inline) and across them (block); in
horizontal text the block axis runs down and scrolls with the vertical
scroll bar, in vertical text it runs leftwards through the columns and
scrolls with the horizontal bar, whose value grows as the view moves left.
The "block" names below (`doc_y`, `view_y`, `top_margin`) mean that axis
in either direction; `frame()` turns layout boxes into viewport pixels.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal
from PySide6.QtWidgets import QAbstractScrollArea, QScrollBar

from .frame import Frame
from .metrics import QtMetrics, make_font
from .text_layout import DocumentLayout
from .vertical_text import VerticalMetrics

__all__ = ["ViewAnchor", "TypesetScrollArea"]

Box = tuple[float, float, float, float]


class ViewAnchor(NamedTuple):
    """What is at the top of the view, kept there across relayouts.

    The fraction of the paragraph survives its height changing; *above* is
    the part of the top margin in view (negative), which does not scale.
    """

    paragraph: int
    fraction: float
    above: float


class TypesetScrollArea(QAbstractScrollArea):
    """Scrolling, zoom and coordinates for a view painting a DocumentLayout."""

    zoom_changed = Signal(float)
    scrolled = Signal()
    direction_changed = Signal(bool)  # True: vertical

    DEFAULT_POINT_SIZE = 17.0
    MARGIN_EM = 1.6

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.horizontalScrollBar().setInvertedAppearance(True)  # vertical text starts at the right
        self._vertical = False
        self._point_size = self.DEFAULT_POINT_SIZE
        self._family = "serif"
        self._shifting = False
        self._range_height = 0.0
        self._wheel_zoom = 0
        self._wheel_scroll = 0
        self.metrics = QtMetrics(make_font(self._family, self._point_size))
        self.layout = DocumentLayout((), self.metrics, 600.0)
        self.verticalScrollBar().valueChanged.connect(self._on_scroll)
        self.horizontalScrollBar().valueChanged.connect(self._on_scroll)

    @property
    def _texts(self) -> Sequence[str]:
        return self.layout.texts

    # -- fonts and zoom ------------------------------------------------------------

    def _relayout(self) -> None:
        anchor = self.top_anchor()
        self.metrics = QtMetrics(make_font(self._family, self._point_size))
        self.layout.metrics = self.layout_metrics()
        self.layout.width = self._text_width()
        self.layout.invalidate()
        self._update_scrollbar()
        self._restore_anchor(anchor)
        self.viewport().update()

    def layout_metrics(self):
        """What the layout measures with: the fonts' own advances, or advances down a column."""
        return VerticalMetrics(self.metrics) if self._vertical else self.metrics

    # -- direction -------------------------------------------------------------------

    @property
    def vertical(self) -> bool:
        """Whether the text is set in columns (tategaki) rather than in lines."""
        return self._vertical

    def set_vertical(self, vertical: bool) -> None:
        """Set the text in columns from right to left (True) or in lines; the same text stays in view."""
        vertical = bool(vertical)
        if vertical == self._vertical:
            return
        anchor = self.top_anchor()
        self._apply_direction(vertical)
        self.layout.metrics = self.layout_metrics()
        self.layout.width = self._text_width()
        self.layout.invalidate()
        self._update_scrollbar()
        self._restore_anchor(anchor)
        self.viewport().update()
        self.direction_changed.emit(vertical)

    def _apply_direction(self, vertical: bool) -> None:
        """The direction and the scroll bars that go with it, without laying anything out again."""
        old = self._block_bar()
        self._vertical = vertical
        old.setValue(0)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff if vertical else Qt.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded if vertical else Qt.ScrollBarAlwaysOff)

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

    # -- coordinates and scrolling ---------------------------------------------------

    def _block_bar(self) -> QScrollBar:
        """The scroll bar of the block axis: the vertical one for lines, the horizontal one for columns."""
        return self.horizontalScrollBar() if self._vertical else self.verticalScrollBar()

    def block_scroll_bar(self) -> QScrollBar:
        """The scroll bar that moves through the text (down the lines, or leftwards through the columns)."""
        return self._block_bar()

    def _inline_extent(self) -> int:
        return self.viewport().height() if self._vertical else self.viewport().width()

    def _block_extent(self) -> int:
        return self.viewport().width() if self._vertical else self.viewport().height()

    @property
    def margin(self) -> float:
        """The margin at each end of a line (or of a column, top and bottom); narrow views lose it first."""
        return round(min(self.metrics.em() * self.MARGIN_EM, self._inline_extent() * 0.08))

    @property
    def top_margin(self) -> float:
        """Room before the first line (above it, or right of the first column) and after the last, in pixels."""
        return self.margin * 0.75

    def _text_width(self) -> float:
        return max(self._inline_extent() - 2 * self.margin, self.metrics.em())

    def doc_y(self, view_y: float) -> float:
        """Distance from the view's leading edge (top; right for columns) -> the layout's block coordinate."""
        return view_y + self._block_bar().value() - self.top_margin

    def view_y(self, doc_y: float) -> float:
        """The layout's block coordinate -> distance from the view's leading edge at the current scroll position."""
        return doc_y - self._block_bar().value() + self.top_margin

    def frame(self) -> Frame:
        """Layout boxes to viewport pixels at the current scroll position."""
        if self._vertical:
            return Frame(True, self.margin, self.viewport().width() - self.top_margin + self._block_bar().value())
        return Frame(False, self.margin, self.top_margin - self._block_bar().value())

    def _line_pitch(self) -> float:
        return self.layout.metrics.line_height()

    def _update_scrollbar(self) -> None:
        sb = self._block_bar()
        self._range_height = self.layout.height
        total = int(self.layout.height + 2 * self.top_margin)
        page = self._block_extent()
        sb.setRange(0, max(0, total - page))
        sb.setPageStep(max(1, page - int(self._line_pitch())))
        sb.setSingleStep(int(self._line_pitch()))

    def top_anchor(self) -> ViewAnchor:
        """What is at the top of the view (see ViewAnchor)."""
        y = self.doc_y(0)
        above = min(y, 0.0)
        p = self.layout.paragraph_at(max(y, 0.0))
        if p < 0:
            return ViewAnchor(0, 0.0, above)
        h = self.layout.paragraph_height(p)
        return ViewAnchor(p, (max(y, 0.0) - self.layout.tops[p]) / h if h else 0.0, above)

    def _restore_anchor(self, anchor: ViewAnchor) -> None:
        if not self._texts:
            return
        p = min(anchor.paragraph, len(self._texts) - 1)
        self.layout.paragraph(p)
        h = self.layout.paragraph_height(p)
        self._update_scrollbar()
        self._block_bar().setValue(
            round(self.layout.tops[p] + anchor.fraction * h + anchor.above + self.top_margin))
        self._settle()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._texts:
            anchor = self.top_anchor()
            self.layout.set_width(self._text_width())
            self._restore_anchor(anchor)
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
        y0 = self.doc_y(0)
        h = self._block_extent()
        shift = 0.0
        i = layout.paragraph_at(max(y0 - h, 0))
        while i < len(self._texts):
            top = layout.tops[i]
            if top >= y0 + shift + 2 * h:
                break
            if not layout.is_laid_out(i):
                old = layout.paragraph_height(i)
                layout.paragraph(i)
                if top + old <= y0 + shift:  # wholly above the view
                    shift += layout.paragraph_height(i) - old
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
            sb = self._block_bar()
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
        if changed <= self.layout.paragraph_at(self.doc_y(self._block_extent())):
            self.viewport().update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(800, 600)

    def _is_paragraph_visible(self, i: int) -> bool:
        return self.layout.tops[i] < self.doc_y(self._block_extent()) and self.layout.tops[i + 1] > self.doc_y(0)

    def _visible_paragraphs(self) -> range:
        if not self._texts:
            return range(0)
        first = self.layout.paragraph_at(self.doc_y(0))
        last = self.layout.paragraph_at(self.doc_y(self._block_extent()))
        return range(first, last + 1)

    def _view_rect(self, box: tuple[float, float, float, float]) -> QRectF:
        return self.frame().box(box)

    def token_rect(self, p: int, t: int) -> QRect:
        """The token's first box, in viewport coordinates (empty if unknown)."""
        boxes = self.layout.token_boxes(p, t)
        return self._view_rect(boxes[0]).toAlignedRect() if boxes else QRect()

    def ensure_visible(self, p: int, t: int) -> None:
        boxes = self.layout.token_boxes(p, t)
        if not boxes:
            return
        _, y, _, h = boxes[0]
        sb = self._block_bar()
        self._check_layout_changes()
        vy = self.view_y(y)
        view_h = self._block_extent()
        if vy < 0:
            sb.setValue(int(sb.value() + vy - h))  # a line of context above
        elif vy + h > view_h:
            sb.setValue(int(sb.value() + vy + 2 * h - view_h))

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
        if self._vertical:
            # the wheel moves through the columns: down (or right) goes on, leftwards
            delta = event.angleDelta()
            self._wheel_scroll += delta.y() if abs(delta.y()) >= abs(delta.x()) else -delta.x()
            steps = int(self._wheel_scroll / 120 * 3)
            if steps:
                self._wheel_scroll -= round(steps * 120 / 3)
                sb = self._block_bar()
                sb.setValue(sb.value() - steps * sb.singleStep())
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
        if changed is not None and changed <= self.layout.paragraph_at(self.doc_y(self._block_extent())):
            return  # a full repaint is on its way
        # Move the pixels already painted and paint only the strip uncovered;
        # the rect form leaves child widgets (the lookup popup) where they are.
        # Columns move right as the bar's value grows (the text goes on leftwards).
        if self._vertical:
            vp.scroll(-dx, 0, vp.rect())
        else:
            vp.scroll(0, dy, vp.rect())

    def _on_scroll(self, _value: int) -> None:
        self.scrolled.emit()

    def _update_box(self, box: tuple[float, float, float, float]) -> None:
        self.viewport().update(self._view_rect(box).adjusted(-2, -2, 2, 2).toAlignedRect())
