"""The find bar under the text (Ctrl+F): a line edit that asks for the next or previous match.

Enter looks forward, Shift+Enter back, Esc closes the bar and gives the
keyboard back to the reader; the searching itself is `core.text.find`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QToolBar, QWidget

__all__ = ["FindBar"]


class FindBar(QToolBar):
    find_requested = Signal(str, bool)  # text, forward
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Find", parent)
        self.setObjectName("findBar")
        self.setMovable(False)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in the text (Enter: next, Shift+Enter: previous, Esc: close)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName("Find in the text")
        self.addWidget(self.edit)
        self.edit.returnPressed.connect(self._on_return)
        self.edit.installEventFilter(self)

    def text(self) -> str:
        return self.edit.text()

    def open(self) -> None:
        """Show the bar with its text selected, ready to be typed over."""
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def _on_return(self) -> None:
        forward = not (QGuiApplication.keyboardModifiers() & Qt.ShiftModifier)
        self.find_requested.emit(self.edit.text(), forward)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.edit and event.type() == QEvent.KeyPress and event.key() == Qt.Key_Escape:
            self.hide()
            self.closed.emit()
            return True
        return super().eventFilter(watched, event)
