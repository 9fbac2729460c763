"""A text selection in the reader: two character positions, kept apart from the widget.

Positions are (paragraph, character offset); the selection runs from the
earlier to the later, whichever way the mouse was dragged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

__all__ = ["CharPos", "Selection"]

CharPos = tuple[int, int]


@dataclass
class Selection:
    anchor: CharPos | None = None  # where the drag began
    cursor: CharPos | None = None  # where it is now

    def set(self, start: CharPos | None, end: CharPos | None) -> None:
        self.anchor, self.cursor = start, end

    def clear(self) -> None:
        self.anchor = self.cursor = None

    def range(self) -> tuple[CharPos, CharPos] | None:
        """(start, end) in reading order, or None when nothing is selected."""
        if self.anchor is None or self.cursor is None or self.anchor == self.cursor:
            return None
        a, b = sorted((self.anchor, self.cursor))
        return a, b

    def text(self, paragraphs: Sequence[str]) -> str:
        """The selected characters; paragraphs are joined by newlines, and no furigana is included."""
        rng = self.range()
        if rng is None:
            return ""
        (sp, sc), (ep, ec) = rng
        if sp == ep:
            return paragraphs[sp][sc:ec]
        return "\n".join([paragraphs[sp][sc:], *paragraphs[sp + 1:ep], paragraphs[ep][:ec]])
