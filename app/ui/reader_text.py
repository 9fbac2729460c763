"""Selecting, finding and copying text in the reader, as a mixin of ReaderView.

Kept apart so the view fits in one's head: the selection is two character
positions (`selection.Selection`), found text is selected and scrolled to,
and what is copied is the plain text, never the furigana. Everything here
goes through the view's layout, frame and signals.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QGuiApplication

from ..core.text import find as find_text

__all__ = ["ReaderText"]


class ReaderText:
    """Selection, find and copy for ReaderView (it supplies the layout, the tokens and the scrolling)."""

    def selection_range(self) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """((paragraph, offset), (paragraph, offset)) of the selection in reading order, or None."""
        return self._selection.range()

    def selected_text(self) -> str:
        return self._selection.text(self._texts)

    def select_chars(self, start: tuple[int, int] | None, end: tuple[int, int] | None) -> None:
        self._selection.set(start, end)
        self.viewport().update()

    def extend_selection(self, to: tuple[int, int]) -> None:
        """Move the selection's free end (a drag) to character position *to*."""
        self._selection.cursor = to
        self.viewport().update()

    def char_at(self, pos: QPoint | QPointF) -> tuple[int, int] | None:
        """(paragraph, character offset) nearest a viewport point, for selections."""
        return self.layout.char_at(*self.frame().to_layout(pos.x(), pos.y()))

    def clear_selection(self) -> None:
        self._selection.clear()
        self.viewport().update()

    def find(self, needle: str, forward: bool = True) -> tuple[int, int, int] | None:
        """Select the next (or previous) occurrence of *needle* after the selection or current word.

        Returns (paragraph, start, end), wrapping around the document, or
        None when the text does not occur at all.
        """
        if not needle or not self._texts:
            return None
        rng = self.selection_range()
        if rng is not None:
            p, c = rng[0]
            origin = (p, c + 1) if forward else (p, c)
        elif self._current is not None and self.token(*self._current) is not None:
            origin = (self._current[0], self.token(*self._current).start)
        else:
            origin = None
        hit = find_text(self._texts, needle, origin, forward)
        if hit is not None:
            p, start, end = hit
            self.select_chars((p, start), (p, end))
            self._show_chars(p, start)
        return hit

    def _show_chars(self, p: int, offset: int) -> None:
        """Scroll so that character *offset* of paragraph *p* is on screen."""
        t = self._analysed.token_at_offset(p, offset)
        if t is not None:
            self.ensure_visible(p, t)
            return
        self.layout.paragraph(p)
        self._check_layout_changes()
        sb = self._block_bar()
        vy = self.view_y(self.layout.tops[p])
        if not 0 <= vy < self._block_extent():
            sb.setValue(int(sb.value() + vy - self._line_pitch()))

    def _word_chars(self, p: int, t: int) -> tuple[tuple[int, int], tuple[int, int]]:
        """The first and the end character position of the word at token t of paragraph p."""
        first, end = self.word_range(p, t)
        toks = self.tokens(p)
        return (p, toks[first].start), (p, toks[end - 1].end)

    def word_text(self, p: int, t: int) -> str:
        """The text of the word at token t of paragraph p, as it stands (no furigana); "" before its tokens."""
        if not self.tokens(p):
            return ""
        (_, start), (_, end) = self._word_chars(p, t)
        return self._texts[p][start:end]

    def copy(self) -> str:
        """Copy the selection, or else the current word, as plain text (no furigana)."""
        text = self.selected_text()
        if not text and self._current is not None:
            text = self.word_text(*self._current)
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    def sentence_at(self, p: int, t: int) -> str:
        """The sentence around token t of paragraph p: what a saved word keeps as context."""
        return self._analysed.sentence_at(p, t) if self._analysed is not None else ""

    def copy_sentence(self) -> str:
        if self._current is None:
            return ""
        s = self.sentence_at(*self._current)
        QGuiApplication.clipboard().setText(s)
        return s
