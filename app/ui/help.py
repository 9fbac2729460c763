"""The keyboard help (F1 or ?): the keys, as the reader's table lists them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

__all__ = ["KEY_HELP", "help_dialog"]

KEY_HELP = [
    ("← / →", "previous / next word"),
    ("↑ / ↓", "word on the line above / below"),
    ("↓ / ↑, ← / →", "in vertical writing: next / previous word, next / previous column"),
    ("Home / End", "first / last word of the line"),
    ("PgUp / PgDn", "previous / next page"),
    ("Ctrl+Home / Ctrl+End", "start / end of the document"),
    ("Enter", "look up the current word"),
    ("Esc", "close the lookup, clear the selection"),
    ("Tab / Shift+Tab", "next / previous word never saved"),
    ("F", "furigana: all / only words not known / off"),
    ("Shift + mouse", "look words up as the mouse passes"),
    ("Ctrl+C", "copy the selection or the current word"),
    ("Ctrl+F, F3 / Shift+F3", "find in the text, next / previous"),
    ("Ctrl+O", "open a file (or drop one on the window)"),
    ("Ctrl+V", "paste text as a new document"),
    ("Ctrl+= / Ctrl+- / Ctrl+0", "zoom in / out / reset"),
    ("Ctrl+1 / Ctrl+2", "focus the reader / the lookup panel"),
    ("F1 or ?", "this help"),
]


def help_dialog(parent: QWidget) -> QMessageBox:
    """The help as a window-modal box that does not block the event loop (it deletes itself on close)."""
    rows = "".join(f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{v}</td></tr>" for k, v in KEY_HELP)
    box = QMessageBox(QMessageBox.Information, "Keyboard — Shiori", f"<table>{rows}</table>", QMessageBox.Ok, parent)
    box.setAttribute(Qt.WA_DeleteOnClose)
    return box
