"""How the reader answers the keyboard and the mouse, as a mixin of ReaderView.

Kept apart from the view's state and painting so each fits in one's head:
the window's key actions call the moves here (see `navigation`), turned
with the text in vertical writing (← / → go from column to column, ↑ / ↓
from word to word); the mouse hovers, clicks, drags to select, and opens
the context menu. Everything here goes
through the view's public methods and signals, plus the press state below.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QMenu

__all__ = ["ReaderInput"]

# (direction on screen, vertical writing) -> (step, by line)
_DIRECTIONS = {("right", False): (1, False), ("left", False): (-1, False),
               ("down", False): (1, True), ("up", False): (-1, True),
               ("down", True): (1, False), ("up", True): (-1, False),
               ("left", True): (1, True), ("right", True): (-1, True)}


class ReaderInput:
    """Input handling for ReaderView (it supplies the moves, hit tests and signals used here)."""

    _press_pos: QPoint | None = None  # where the left button went down, while it is down
    _selection_origin: tuple[tuple[int, int], tuple[int, int]] | None = None  # the word a Shift+arrow began on
    _selection_made = None  # the selection the last Shift+arrow made
    question_mark_help = True  # "?" is one of the help's keys (the window keeps this true to its keymap)
    _dragging = False

    # -- the keyboard: the window's actions (see `keymap`) call these ---------------------------

    def move_direction(self, direction: str) -> bool:
        """An arrow: "right", "left", "down" or "up" on screen, turned with the text in vertical writing."""
        step, by_line = _DIRECTIONS[(direction, self.vertical)]
        return self.move_line(step) if by_line else self.move_word(step)

    def extend_direction(self, direction: str) -> bool:
        """Shift+arrow: the selection runs from the word it began on to the word the arrow moves to.

        The word it began on stays in it whichever way the arrows go, as
        the character a text selection starts from does in an editor.
        """
        rng = self.selection_range()
        if rng is None or self._selection_origin is None or rng != self._selection_made:
            # a selection begins here, or one made otherwise (a drag, Find) is extended from its start
            if rng is not None and rng != self._selection_made:
                self._selection_origin = rng  # what was selected stays selected
            else:
                self._selection_origin = self._word_chars(*self.current) if self.current is not None else None
        if not self.move_direction(direction) or self.current is None:
            return False
        if self._selection_origin is None:  # nothing was current: the selection starts at the word moved to
            self._selection_origin = self._word_chars(*self.current)
        origin_start, origin_end = self._selection_origin
        start, end = self._word_chars(*self.current)
        if start >= origin_start:
            self.select_chars(origin_start, end)
        else:
            self.select_chars(start, origin_end)
        self._selection_made = self.selection_range()
        return True

    def end_selection(self) -> None:
        """A move without Shift: the selection, if there is one, ends."""
        if self.selection_range() is not None:
            self.clear_selection()

    def activate_current(self) -> None:
        """Enter: look up the current word (the first in view if none is), with the keyboard going to the lookup."""
        if self.current is None:
            self.move_word(1)
        if self.current is not None:
            self.activated.emit(*self.current)

    def dismiss(self) -> None:
        """Esc: the selection cleared, the lookup closed."""
        self.clear_selection()
        self.dismiss_requested.emit()

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        if text.strip():
            self.paste_requested.emit(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # The keys are the window's actions; while "?" opens the help, it is whatever this keyboard types it with.
        if (self.question_mark_help and event.text() in ("?", "？")
                and not event.modifiers() & ~(Qt.ShiftModifier | Qt.KeypadModifier)):
            self.help_requested.emit()
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002
        # Tab is the "next word not saved" action; unbound, it still must not leave the text
        # for a widget the reader cannot see.
        return True

    # -- mouse ---------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position().toPoint()
        if self._press_pos is not None and event.buttons() & Qt.LeftButton:
            if self._dragging or (pos - self._press_pos).manhattanLength() > 4:
                self._dragging = True
                hit = self.char_at(pos)
                if hit is not None:
                    self.extend_selection(hit)
            return
        hit = self.word_at(pos)
        if self.set_hover(hit):
            if hit is not None and event.modifiers() & Qt.ShiftModifier:
                self.set_current(*hit, scroll=False)
                self.lookup_requested.emit(*hit)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.set_hover(None)
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.LeftButton:
            pos = event.position().toPoint()
            self._press_pos = pos
            self._dragging = False
            self._selection_origin = None
            hit = self.char_at(pos)
            self.select_chars(hit, hit)
            self.setFocus(Qt.MouseFocusReason)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.LeftButton and self._press_pos is not None:
            if not self._dragging:
                self.clear_selection()
                hit = self.word_at(event.position().toPoint())
                if hit is not None:
                    self.set_current(*hit, scroll=False)
                    self.token_clicked.emit(*hit)
                    self.lookup_requested.emit(*hit)
                else:
                    self.dismiss_requested.emit()
            self._press_pos = None
            self._dragging = False
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        hit = self.word_at(event.pos())
        if hit is not None:
            self.set_current(*hit, scroll=False)
        menu = self.build_context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    def build_context_menu(self) -> QMenu:
        menu = QMenu(self)
        current = self.current
        look = menu.addAction("Look up", lambda: current and self.lookup_requested.emit(*current))
        look.setEnabled(current is not None)
        menu.addAction("Copy", self.copy).setEnabled(bool(self.selected_text()) or current is not None)
        menu.addAction("Copy sentence", self.copy_sentence).setEnabled(current is not None)
        return menu
