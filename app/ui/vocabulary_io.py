"""The vocabulary out of Shiori and in: the export dialog, importing known words, sending a note to Anki.

Functions of the main window, kept here so that the window stays a router:
each one works through the window's context, status bar and undo stack.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

__all__ = ["export_dialog", "import_known_words", "send_current_to_anki"]


def export_dialog(window) -> None:
    """Ctrl+E: the export dialog (format, words, destination); the reader has the keys again after."""
    from .export_dialog import ExportDialog

    dialog = ExportDialog(window.context, window,
                          folder=window.settings.value("files/export_dir", "", type=str) or None)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.exported.connect(lambda result: window.notify(result.message()))
    dialog.finished.connect(lambda *_: window.reader.setFocus())
    dialog.open()
    window.export_dialog_shown = dialog


def import_known_words(window, path: str | None = None) -> None:
    """Import known words from a word list, a Lute CSV, an Anki notes export or Shiori's JSON."""
    from ..core.export import ImportFileError, import_known

    if path is None:
        start = window.settings.value("files/last_dir", str(Path.home()), type=str)
        path, _ = QFileDialog.getOpenFileName(
            window, "Import known words", start,
            "Word lists (*.txt *.csv *.tsv *.json);;All files (*)")
        window.reader.setFocus()
        if not path:
            return
    try:
        summary = import_known(window.context, path)
    except ImportFileError as e:
        window.show_error(str(e))
        return
    if summary.change is not None and len(summary.change):
        window.study.actions.push(summary.change, summary.message() + " (Ctrl+Z to undo)")
    box = QMessageBox(QMessageBox.Information, "Import known words — Shiori", summary.message(),
                      QMessageBox.Ok, window)
    if summary.not_found:
        box.setDetailedText("Not found in the dictionary:\n" + "\n".join(summary.not_found))
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.finished.connect(lambda *_: window.reader.setFocus())
    box.open()
    window.import_box_shown = box


def send_current_to_anki(window) -> None:
    """Send the current word's note to a running Anki (AnkiConnect on this computer)."""
    from ..core.anki_connect import AnkiConnectError, send_to_anki

    current = window.reader.current
    key = window.analysed.key_at(*current) if current is not None and window.analysed is not None else None
    if key is None:
        window.notify("Choose a word first (click it, or walk to it with the arrows).")
        return
    if key not in window.reader.vocabulary:
        window.study.add_current()
    QApplication.setOverrideCursor(Qt.WaitCursor)
    try:
        results = send_to_anki(window.context, [key])
    except AnkiConnectError as e:
        window.show_error(str(e))
        return
    finally:
        QApplication.restoreOverrideCursor()
    added = results[0].added if results else False
    window.notify(f"{key.label()} {'added to' if added else 'updated in'} Anki.")
