"""The export dialog (Ctrl+E): format, which words, where to; everything reachable from the keyboard.

It only gathers the choices and shows what they select; the work is
`app.core.export.export_vocabulary`, the same call `shiori export` makes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from ..core.export import (DEFAULT_DECK, DEFAULT_STATUSES, FORMAT_LABELS, FORMATS, ExportError, ExportRequest,
                           ExportResult, OutputExists, default_suffix, export_vocabulary, last_export, select_words)
from ..core.words import Status

log = logging.getLogger(__name__)

__all__ = ["ExportDialog"]

_STATUS_BOXES = [(Status.NEW, "&1"), (Status.LEARNING_2, "&2"), (Status.LEARNING_3, "&3"),
                 (Status.LEARNING_4, "&4"), (Status.LEARNED, "&5"), (Status.KNOWN, "&Known"),
                 (Status.IGNORED, "I&gnored")]


class ExportDialog(QDialog):
    """Export the vocabulary; ``exported`` carries the ExportResult when a file was written.

    *context*: the application context (store, vocabulary, library,
    dictionary). *folder*: where the file goes by default.
    """

    exported = Signal(object)

    def __init__(self, context, parent: QWidget | None = None, fmt: str = "apkg",
                 folder: str | Path | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result_value: ExportResult | None = None
        self.setWindowTitle("Export vocabulary — Shiori")
        self.setAccessibleName("Export vocabulary")

        self.format_box = QComboBox()
        self.format_box.setAccessibleName("Format")
        for f in FORMATS:
            self.format_box.addItem(FORMAT_LABELS[f], f)
        self.deck_edit = QLineEdit(DEFAULT_DECK)
        self.deck_edit.setAccessibleName("Deck")
        self.status_boxes: dict[Status, QCheckBox] = {}
        status_row = QHBoxLayout()
        for status, label in _STATUS_BOXES:
            box = QCheckBox(label)
            box.setChecked(status in DEFAULT_STATUSES)
            box.setToolTip(status.label)
            self.status_boxes[status] = box
            status_row.addWidget(box)
        status_row.addStretch(1)
        self.document_box = QComboBox()
        self.document_box.setAccessibleName("From text")
        self.document_box.addItem("All texts", None)
        for doc in context.library.documents():
            self.document_box.addItem(doc.display_title, doc.id)
        self.since_box = QCheckBox("Only words added or changed since the last export in this format")
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Save to")
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setAutoDefault(False)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.count_label = QLabel()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.AcceptRole)
        self.export_button.setDefault(True)

        form = QFormLayout()
        form.addRow("&Format:", self.format_box)
        form.addRow("&Deck:", self.deck_edit)
        form.addRow("Words:", status_row)
        form.addRow("From &text:", self.document_box)
        form.addRow("", self.since_box)
        form.addRow("&Save to:", path_row)
        form.labelForField(path_row).setBuddy(self.path_edit)  # Alt+S goes to the path
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.count_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        # Tab walks the form top to bottom, then the buttons left to right.
        chain = [self.format_box, self.deck_edit, *self.status_boxes.values(), self.document_box, self.since_box,
                 self.path_edit, self.browse_button,
                 *sorted(self.buttons.buttons(), key=lambda b: self.buttons.layout().indexOf(b))]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

        start = Path(folder) if folder else Path.home()
        self.path_edit.setText(str(start / f"shiori{default_suffix(fmt)}"))
        self.format_box.setCurrentIndex(FORMATS.index(fmt))
        self._format = fmt

        self.format_box.currentIndexChanged.connect(self._format_changed)
        for box in self.status_boxes.values():
            box.toggled.connect(self._update)
        self.document_box.currentIndexChanged.connect(self._update)
        self.since_box.toggled.connect(self._update)
        self.browse_button.clicked.connect(self._browse)
        self.buttons.accepted.connect(self._export)
        self.buttons.rejected.connect(self.reject)
        self._update()
        self.format_box.setFocus()

    # -- what the choices select ---------------------------------------------------

    @property
    def format(self) -> str:
        return self.format_box.currentData()

    def statuses(self) -> list[Status]:
        return [s for s, box in self.status_boxes.items() if box.isChecked()]

    def document_id(self) -> str | None:
        return self.document_box.currentData()

    def words(self):
        since = last_export(self.context.store, self.format) if self.since_box.isChecked() else None
        return select_words(self.context, self.statuses(), self.document_id(), since)

    def _format_changed(self) -> None:
        old, new = self._format, self.format
        self._format = new
        text = self.path_edit.text()
        if text.endswith(default_suffix(old)):  # the name was ours: follow the format
            self.path_edit.setText(text[: -len(default_suffix(old))] + default_suffix(new))
        self._update()

    def _update(self) -> None:
        anki = self.format in ("apkg", "tsv")
        self.deck_edit.setEnabled(anki)
        since = last_export(self.context.store, self.format)
        self.since_box.setToolTip(f"The last {self.format} export was at {since} (UTC)." if since
                                  else f"No {self.format} export yet: every word is taken.")
        n = len(self.words())
        self.count_label.setText(f"{n} word{'s' if n != 1 else ''} will be exported." if n
                                 else "No saved word matches these choices.")
        self.export_button.setEnabled(n > 0)

    def _browse(self) -> None:
        fmt = self.format
        suffix = default_suffix(fmt)
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path_edit.text(),
                                              f"{FORMAT_LABELS[fmt]} (*{suffix});;All files (*)",
                                              options=QFileDialog.DontConfirmOverwrite)  # we ask ourselves
        if path:
            self.path_edit.setText(path)

    # -- exporting --------------------------------------------------------------------

    def confirm_overwrite(self, path: Path) -> bool:
        """Ask before replacing a file (Y replaces; Enter, N and Esc keep it)."""
        box = QMessageBox(QMessageBox.Warning, "Replace the file? — Shiori",
                          f"{path.name} already exists in {path.parent}. Replace it?",
                          QMessageBox.Yes | QMessageBox.No, self)
        box.setDefaultButton(QMessageBox.No)
        box.setEscapeButton(QMessageBox.No)
        return box.exec() == QMessageBox.Yes

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _export(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self._show_error("Give the file to export to.")
            self.path_edit.setFocus()
            return
        path = Path(text).expanduser()
        if path.suffix == "":
            path = path.with_suffix(default_suffix(self.format))
        overwrite = False
        if path.exists() and not path.is_dir():
            if not self.confirm_overwrite(path):
                self.path_edit.setFocus()
                self.path_edit.selectAll()
                return
            overwrite = True
        request = ExportRequest(self.format, path, self.statuses(), self.document_id(), self.since_box.isChecked(),
                                overwrite, self.deck_edit.text())
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            result = export_vocabulary(self.context, request)
        except OutputExists:  # appeared since we looked
            self._show_error(f"{path.name} appeared in the meantime; export again to replace it.")
            return
        except ExportError as e:
            self._show_error(str(e))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.result_value = result
        self.exported.emit(result)
        self.accept()
