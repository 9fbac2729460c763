"""How the reader answers the keyboard and the mouse, as a mixin of ReaderView.

Kept apart from the view's state and painting so each fits in one's head:
keys map to the view's moves (see `navigation`), turned with the text in
vertical writing (← / → go from column to column, ↑ / ↓ from word to
word), the mouse to hover,
clicks, drags that select, and the context menu. Everything here goes
through the view's public methods and signals, plus the press state below.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QMenu

__all__ = ["ReaderInput"]


class ReaderInput:
    """Input handling for ReaderView (it supplies the moves, hit tests and signals used here)."""

    _press_pos: QPoint | None = None  # where the left button went down, while it is down
    _dragging = False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.ControlModifier)
        if self.vertical:  # columns run right to left, words down each column
            arrows = {Qt.Key_Down: lambda: self.move_word(1), Qt.Key_Up: lambda: self.move_word(-1),
                      Qt.Key_Left: lambda: self.move_line(1), Qt.Key_Right: lambda: self.move_line(-1)}
        else:
            arrows = {Qt.Key_Right: lambda: self.move_word(1), Qt.Key_Left: lambda: self.move_word(-1),
                      Qt.Key_Down: lambda: self.move_line(1), Qt.Key_Up: lambda: self.move_line(-1)}
        moves = {**arrows,
                 Qt.Key_PageDown: lambda: self.move_page(1), Qt.Key_PageUp: lambda: self.move_page(-1),
                 Qt.Key_Home: lambda: (self.move_document_edge if ctrl else self.move_line_edge)(False),
                 Qt.Key_End: lambda: (self.move_document_edge if ctrl else self.move_line_edge)(True)}
        if event.matches(QKeySequence.Copy):
            self.copy()
        elif event.matches(QKeySequence.Paste):
            text = QGuiApplication.clipboard().text()
            if text.strip():
                self.paste_requested.emit(text)
        elif key in moves:
            moves[key]()
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
        # Tab / Shift+Tab walk the words not yet saved (mining mode) instead of leaving the view.
        self.move_to_unsaved(1 if next else -1)
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
