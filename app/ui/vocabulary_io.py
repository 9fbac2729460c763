"""The vocabulary out of Shiori and in: the export dialog, importing known words, sending a note to Anki.

Functions of the main window, kept here so that the window stays a router:
each one works through the window's context, status bar and undo stack.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread, Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

__all__ = ["export_dialog", "import_known_words", "send_current_to_anki"]


def export_dialog(window) -> None:
    """Ctrl+E: the export dialog (format, words, destination); the reader has the keys again after."""
    from .export_dialog import ExportDialog

    dialog = ExportDialog(window.context, window,
                          folder=window.settings.value("files/export_dir", "", type=str) or None)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.exported.connect(lambda result: window.notify(result.message()))
    dialog.finished.connect(lambda *_: window.focus_reader())
    dialog.open()
    window.export_dialog_shown = dialog


class _ImportThread(QThread):
    """Resolving thousands of words takes seconds: done here, with a store connection of its own."""

    done = Signal(object, str)  # ImportSummary or None, error sentence

    def __init__(self, context, path: str, parent=None) -> None:
        super().__init__(parent)
        self.data_dir, self.dictionary, self.path = context.data_dir, context.dictionary, path

    def run(self) -> None:
        from ..core.context import create_context
        from ..core.export import ExportError, ImportFileError, import_known
        from ..core.store import StoreError

        context = create_context(self.data_dir, dictionary=self.dictionary)
        try:
            self.done.emit(import_known(context, self.path), "")
        except (ImportFileError, ExportError, StoreError) as e:
            self.done.emit(None, str(e))
        finally:
            if context.store_open:
                context.store.close()


def import_known_words(window, path: str | None = None, wait: bool = False) -> None:
    """Import known words from a word list, a Lute CSV, an Anki notes export or Shiori's JSON.

    The words are matched to the dictionary in a worker thread, the window
    showing "Importing…"; the window's vocabulary picks the result up from
    the store, and the import is one undo step. *wait*: at once (tests).
    """
    from ..core.export import ImportFileError, import_known

    if path is None:
        start = window.settings.value("files/last_dir", str(Path.home()), type=str)
        path, _ = QFileDialog.getOpenFileName(
            window, "Import known words", start,
            "Word lists (*.txt *.csv *.tsv *.json);;All files (*)")
        window.focus_reader()
        if not path:
            return
    if wait or window.context.memory_only:  # a store in memory has no second connection to give a thread
        try:
            summary = import_known(window.context, path)
        except ImportFileError as e:
            window.show_error(str(e))
            return
        _imported(window, summary, "")
        return
    window.notify(f"Importing words from {Path(path).name}…")
    window.set_busy(True)
    thread = _ImportThread(window.context, str(path), window)
    thread.done.connect(lambda summary, problem: _imported(window, summary, problem))
    thread.finished.connect(thread.deleteLater)
    window.import_thread = thread
    thread.start()


def _imported(window, summary, problem: str) -> None:
    window.set_busy(False)
    if summary is None:
        window.show_error(problem)
        return
    window.reader.vocabulary.refresh()  # what the thread's connection wrote: recoloured, listed
    if summary.change is not None and len(summary.change):
        window.study.actions.push(summary.change, summary.message()
                                  + (f" ({undo} to undo)" if (undo := window.key_name("undo")) else ""))
    else:
        window.notify(summary.message())
    box = QMessageBox(QMessageBox.Information, "Import known words — Shiori", summary.message(),
                      QMessageBox.Ok, window)
    if summary.not_found:
        box.setDetailedText("Not found in the dictionary:\n" + "\n".join(summary.not_found))
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.finished.connect(lambda *_: window.focus_reader())
    box.open()
    window.import_box_shown = box


def send_current_to_anki(window) -> None:
    """Send the current word's note to a running Anki (saving the word first if it is not saved)."""
    current = window.reader.current
    key = window.analysed.key_at(*current) if current is not None and window.analysed is not None else None
    if key is None:
        window.notify("Choose a word first (click it, or walk to it with the arrows).")
        return
    if key not in window.reader.vocabulary:
        window.study.add_current()
    send_words_to_anki(window, [key])


def send_words_to_anki(window, keys) -> None:
    """Saved words to a running Anki through AnkiConnect on this computer, saying plainly when that fails."""
    from ..core.anki_connect import DEFAULT_PORT, AnkiConnect, AnkiConnectError, send_to_anki

    keys = [k for k in keys if k in window.reader.vocabulary]
    if not keys:
        window.notify("Only saved words go to Anki: save the word first"
                      + (f" ({add})." if (add := window.key_name("add")) else "."))
        return
    QApplication.setOverrideCursor(Qt.WaitCursor)
    try:
        port = window.settings.value("anki/port", DEFAULT_PORT, type=int)  # AnkiConnect's own setting, if changed
        deck = window.settings.value("anki/deck", "Shiori", type=str) or "Shiori"
        results = send_to_anki(window.context, keys, deck=deck, client=AnkiConnect(port=port))
    except AnkiConnectError as e:
        window.show_error(str(e))
        return
    finally:
        QApplication.restoreOverrideCursor()
    added = sum(1 for r in results if r.added)
    if len(keys) == 1:
        window.notify(f"{keys[0].label()} {'added to' if added else 'updated in'} Anki.")
    else:
        window.notify(f"{len(keys)} words sent to Anki ({added} new, {len(results) - added} updated).")
