"""The mapping between the layout's coordinates and the screen, for horizontal lines and vertical columns.

The layout knows only two directions: *inline* (u), along a line, and
*block* (v), from one line to the next. Horizontal text puts u to the
right and v down; vertical text (tategaki) puts u down and v to the left,
so that columns follow one another from right to left and the top of a
line's box, where ruby sits, is the right side of a column. Everything
that turns layout boxes into pixels, or pixels into layout positions,
goes through a Frame, so the two directions share all the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF

__all__ = ["Frame"]


@dataclass(frozen=True, slots=True)
class Frame:
    """Layout (u, v) to screen (x, y): x = inline + u, y = block + v; in columns x = block - v, y = inline + u."""

    vertical: bool = False
    inline: float = 0.0  # the screen coordinate of u = 0 (x, or y when vertical)
    block: float = 0.0  # the screen coordinate of v = 0 (y, or x when vertical)

    def rect(self, u: float, v: float, du: float, dv: float) -> QRectF:
        """The screen rectangle of a layout box starting at (u, v), *du* long and *dv* across."""
        if self.vertical:
            return QRectF(self.block - v - dv, self.inline + u, dv, du)
        return QRectF(self.inline + u, self.block + v, du, dv)

    def point(self, u: float, v: float) -> QPointF:
        if self.vertical:
            return QPointF(self.block - v, self.inline + u)
        return QPointF(self.inline + u, self.block + v)

    def line(self, u0: float, v0: float, u1: float, v1: float) -> QLineF:
        return QLineF(self.point(u0, v0), self.point(u1, v1))

    def to_layout(self, x: float, y: float) -> tuple[float, float]:
        """The layout position (u, v) under screen point (x, y)."""
        if self.vertical:
            return y - self.inline, self.block - x
        return x - self.inline, y - self.block

    def box(self, box: tuple[float, float, float, float]) -> QRectF:
        """A layout box (u, v, du, dv), as the layout's token_boxes give them, on screen."""
        return self.rect(*box)
