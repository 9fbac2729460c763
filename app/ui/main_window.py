"""The main window: the reader in the middle, lookups beside it, menus and shortcuts.

Thin by design: documents, analysis and lookups come from `app.core`; this
module routes the reader's signals to them and their answers back to widgets.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QFontDatabase, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication, QFileDialog, QLabel, QLineEdit, QMainWindow, QMessageBox, QProgressBar, QToolBar, QWidget,
)

from ..core import documents
from ..core.context import AppContext
from ..core.analysis import analyzer
from ..core.background import batches
from .lookup_panel import LookupDock, LookupPopup
from .reader_view import FURIGANA_MODES, ReaderView
from .workers import AnalysisWorker, WorkerThread

log = logging.getLogger(__name__)

MAX_RECENT = 10
FIRST_SCREEN_CHARS = 1500  # about a screenful, analysed before the first paint; the rest in a worker

KEY_HELP = [
    ("← / →", "previous / next word"),
    ("↑ / ↓", "word on the line above / below"),
    ("Home / End", "first / last word of the line"),
    ("PgUp / PgDn", "previous / next page"),
    ("Ctrl+Home / Ctrl+End", "start / end of the document"),
    ("Enter", "look up the current word"),
    ("Esc", "close the lookup, clear the selection"),
    ("Tab / Shift+Tab", "next / previous word not yet known"),
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


def dark_palette() -> QPalette:
    """Widget colours to go with the reader's dark theme."""
    pal = QPalette()
    colours = {
        QPalette.Window: "#26272b", QPalette.WindowText: "#e6e1d6", QPalette.Base: "#1e1f22",
        QPalette.AlternateBase: "#2b2c30", QPalette.Text: "#e6e1d6", QPalette.Button: "#303136",
        QPalette.ButtonText: "#e6e1d6", QPalette.Highlight: "#2f4f7a", QPalette.HighlightedText: "#ffffff",
        QPalette.ToolTipBase: "#303136", QPalette.ToolTipText: "#e6e1d6", QPalette.Link: "#8ab4f8",
        QPalette.PlaceholderText: "#8a877f",
    }
    for role, colour in colours.items():
        pal.setColor(role, QColor(colour))
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
        pal.setColor(QPalette.Disabled, role, QColor("#75736d"))
    return pal


def japanese_font_available() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.Japanese))


class MainWindow(QMainWindow):
    document_loaded = Signal(str)  # title
    analysis_finished = Signal()

    def __init__(self, settings: QSettings, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.context = context
        self.setAcceptDrops(True)
        self.document: documents.Document | None = None
        self._generation = 0
        self._worker: WorkerThread | None = None
        self.last_error: str | None = None
        self.last_lookup = None
        self._dictionary_checked = False
        self.persist = True  # False for renders (--screenshot): they must not change the reader's settings

        self.reader = ReaderView(self)
        self.setCentralWidget(self.reader)
        self.popup = LookupPopup(self.reader.viewport())
        self.popup.hide()
        self.dock = LookupDock(self)
        self.addDockWidget(Qt.RightDockWidgetArea, self.dock)
        self.dock.hide()

        self._status = QLabel()
        self._warning = QLabel()  # lasting problems (no Japanese font, no dictionary)
        self._warning.setStyleSheet("color: #b3261e;")
        self._warning.setWordWrap(False)
        self.warnings: list[str] = []
        self._progress = QProgressBar()
        self._progress.setMaximumWidth(200)
        self._progress.setTextVisible(True)
        self._progress.hide()
        self.statusBar().addWidget(self._status, 1)
        self.statusBar().addWidget(self._warning)
        self.statusBar().addPermanentWidget(self._progress)

        self._build_find_bar()
        self._connect()
        self._build_menus()
        self._restore_settings()
        if not japanese_font_available():
            self.warn("No Japanese font was found: install one (on Debian/Ubuntu: fonts-noto-cjk) "
                      "or the text will show as boxes.")

    # -- wiring ------------------------------------------------------------------

    def _connect(self) -> None:
        r = self.reader
        r.lookup_requested.connect(self.lookup)
        r.activated.connect(lambda p, t: self.lookup(p, t, focus=True))
        r.dismiss_requested.connect(self.close_lookup)
        r.paste_requested.connect(self.open_text)
        r.furigana_mode_changed.connect(self._furigana_changed)
        r.zoom_changed.connect(lambda size: self.settings.setValue("reader/point_size", size))
        r.scrolled.connect(self._on_scrolled)
        r.first_paint.connect(self._on_first_paint)
        r.help_requested.connect(self.show_help)
        for panel in (self.popup.panel, self.dock.panel):
            panel.close_requested.connect(self.close_lookup)
            panel.pin_requested.connect(self.toggle_pinned)

    def _build_find_bar(self) -> None:
        self.find_bar = QToolBar("Find", self)
        self.find_bar.setObjectName("findBar")
        self.find_bar.setMovable(False)
        self.find_edit = QLineEdit(self.find_bar)
        self.find_edit.setPlaceholderText("Find in the text (Enter: next, Shift+Enter: previous, Esc: close)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_bar.addWidget(self.find_edit)
        self.addToolBar(Qt.BottomToolBarArea, self.find_bar)
        self.find_bar.hide()
        self.find_edit.returnPressed.connect(lambda: self.find_next(
            not (QGuiApplication.keyboardModifiers() & Qt.ShiftModifier)))
        self.find_edit.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.find_edit and event.type() == QEvent.KeyPress and event.key() == Qt.Key_Escape:
            self.find_bar.hide()
            self.reader.setFocus()
            return True
        return super().eventFilter(watched, event)

    def show_find(self) -> None:
        self.find_bar.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def find_next(self, forward: bool = True) -> bool:
        """Ctrl+F's text, next (F3) or previous (Shift+F3) occurrence."""
        needle = self.find_edit.text()
        if not needle:
            self.show_find()
            return False
        found = self.reader.find(needle, forward)
        self.notify(f"「{needle}」 is not in this text." if found is None else f"「{needle}」")
        return found is not None

    def _action(self, menu, text: str, slot, shortcut=None, checkable: bool = False) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
        act.setCheckable(checkable)
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def _build_menus(self) -> None:
        mb = self.menuBar()
        f = mb.addMenu("&File")
        self._action(f, "&Open…", self.open_dialog, QKeySequence.Open)
        self.recent_menu = f.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(f, "&Paste as Document", self.paste_document)
        f.addSeparator()
        self._action(f, "&Find…", self.show_find, QKeySequence.Find)
        self._action(f, "Find &Next", lambda: self.find_next(True), "F3")
        self._action(f, "Find Pre&vious", lambda: self.find_next(False), "Shift+F3")
        f.addSeparator()
        self._action(f, "&Quit", self.close, QKeySequence.Quit)

        v = mb.addMenu("&View")
        fm = v.addMenu("&Furigana")
        self.furigana_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        labels = {"all": "&All", "unknown": "Only Words &Not Known", "off": "&Off"}
        for mode in FURIGANA_MODES:
            act = self._action(fm, labels[mode], lambda _=False, m=mode: self.reader.set_furigana_mode(m),
                               checkable=True)
            group.addAction(act)
            self.furigana_actions[mode] = act
        v.addSeparator()
        self._action(v, "Zoom &In", self.reader.zoom_in, ["Ctrl+=", "Ctrl++"])
        self._action(v, "Zoom &Out", self.reader.zoom_out, "Ctrl+-")
        self._action(v, "&Reset Zoom", self.reader.zoom_reset, "Ctrl+0")
        v.addSeparator()
        self.dark_action = self._action(v, "&Dark Theme", self.toggle_theme, checkable=True)
        self.sans_action = self._action(v, "&Sans-serif Font", self.toggle_font, checkable=True)
        v.addSeparator()
        self.pin_action = self._action(v, "&Pin Lookup Panel", self.toggle_pinned, checkable=True)
        self._action(v, "Focus &Reader", lambda: self.reader.setFocus(), "Ctrl+1")
        self._action(v, "Focus &Lookup", self.focus_lookup, "Ctrl+2")

        h = mb.addMenu("&Help")
        self._action(h, "&Keyboard", self.show_help, "F1")  # ? is handled by the reader

    # -- settings --------------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = self.settings
        size = s.value("reader/point_size", ReaderView.DEFAULT_POINT_SIZE, type=float)
        self.reader.set_point_size(size)
        self.apply_theme(s.value("reader/theme", "light", type=str))
        family = s.value("reader/font", "serif", type=str)
        self.reader.set_font_family(family)
        self.sans_action.setChecked(family == "sans")
        mode = s.value("reader/furigana", "all", type=str)
        self.reader.set_furigana_mode(mode if mode in FURIGANA_MODES else "all")
        self.furigana_actions[self.reader.furigana_mode].setChecked(True)
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 760)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        pinned = s.value("lookup/pinned", False, type=bool)
        self.pin_action.setChecked(pinned)
        self.dock.setVisible(pinned)

    def save_settings(self) -> None:
        if not self.persist:
            return
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("reader/point_size", self.reader.point_size)
        s.setValue("reader/theme", self.reader.theme.name)
        s.setValue("reader/font", self.reader.font_family)
        s.setValue("reader/furigana", self.reader.furigana_mode)
        s.setValue("lookup/pinned", self.pinned)
        s.sync()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_settings()
        self._stop_worker()
        super().closeEvent(event)

    def toggle_theme(self) -> None:
        self.apply_theme("dark" if self.reader.theme.name == "light" else "light")
        self.settings.setValue("reader/theme", self.reader.theme.name)

    def apply_theme(self, name: str) -> None:
        """The reader's theme, and the same light or dark for the menus, panels and status bar."""
        self.reader.set_theme(name)
        dark = self.reader.theme.name == "dark"
        self.dark_action.setChecked(dark)
        app = QApplication.instance()
        if app is not None:
            app.setPalette(dark_palette() if dark else app.style().standardPalette())
        for panel in (self.popup.panel, self.dock.panel):
            panel.set_dark(dark)

    def toggle_font(self) -> None:
        self.reader.set_font_family("sans" if self.reader.font_family == "serif" else "serif")
        self.sans_action.setChecked(self.reader.font_family == "sans")
        self.settings.setValue("reader/font", self.reader.font_family)

    def _furigana_changed(self, mode: str) -> None:
        self.furigana_actions[mode].setChecked(True)
        self.settings.setValue("reader/furigana", mode)
        self.notify({"all": "Furigana on every word", "unknown": "Furigana only on words not known",
                     "off": "Furigana off"}[mode])

    # -- documents ------------------------------------------------------------------

    def open_path(self, path: str | Path) -> bool:
        """Open a file; on failure say why and keep the current document."""
        opened = self._open(documents.load, path)
        if opened:
            self._add_recent(str(Path(path).resolve()))
        return opened

    def open_text(self, text: str) -> bool:
        return self._open(documents.from_text, text)

    def _open(self, loader, source) -> bool:
        try:
            doc = loader(source)
        except documents.DocumentError as e:
            self.show_error(str(e))
            return False
        self.open_document(doc)
        return True

    def paste_document(self) -> None:
        text = QGuiApplication.clipboard().text()
        if text.strip():
            self.open_text(text)
        else:
            self.show_error("The clipboard holds no text to open.")

    def open_dialog(self) -> None:
        start = self.settings.value("files/last_dir", str(Path.home()), type=str)
        path, _ = QFileDialog.getOpenFileName(
            self, "Open a Japanese text", start,
            "Texts (*.txt *.html *.htm *.xhtml *.epub);;All files (*)")
        if path:
            self.settings.setValue("files/last_dir", str(Path(path).parent))
            self.open_path(path)

    def open_document(self, doc: documents.Document) -> None:
        self._stop_worker()
        self.close_lookup()
        self.document = doc
        self._generation += 1
        headings = {h.paragraph: h.level for h in doc.headings}
        self.reader.set_document(doc.paragraphs, headings)
        rubies = [doc.ruby_for(i) for i in range(len(doc.paragraphs))]
        # The first screen is analysed now, so the first paint already has
        # furigana; a worker does the rest (and redoes these with the
        # dictionary's reading checks).
        _, n = next(batches(doc.paragraphs, FIRST_SCREEN_CHARS), (0, 0))
        self.reader.set_tokens_batch(0, analyzer().analyze_many(doc.paragraphs[:n], rubies[:n]))
        self.setWindowTitle(f"{doc.title} — Shiori" if doc.title else "Shiori")
        self.notify(f"{doc.title}" + (f" · {doc.author}" if doc.author else ""))
        worker = AnalysisWorker(self._generation, doc.paragraphs, rubies, self.context.dictionary)
        worker.batch_ready.connect(self._on_batch)
        worker.progress.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)  # a bound method: delivered in the GUI thread
        self._worker = WorkerThread(worker)
        self._progress.setRange(0, max(1, len(doc.paragraphs)))
        self._progress.setValue(n)
        self._progress.setFormat("analysing %p%")
        self._progress.setVisible(len(doc.paragraphs) > n)
        if self.reader.paint_count:
            self._worker.start()
        # else: started on the first paint, since the worker's share of the
        # interpreter would otherwise delay the first screen

        self.document_loaded.emit(doc.title)

    def _on_first_paint(self) -> None:
        if self._worker is not None and not self._worker.started:
            self._worker.start()
        if not self._dictionary_checked:
            self._dictionary_checked = True
            QTimer.singleShot(0, self.check_dictionary)

    def check_dictionary(self) -> str | None:
        """Say in the status bar when the dictionary cannot be used; the text stays readable."""
        status = self.context.dictionary.status()
        if status:
            self.warn(status)
        return status

    def _stop_worker(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    def _on_batch(self, generation: int, start: int, batch: Sequence) -> None:
        if generation == self._generation:
            self.reader.set_tokens_batch(start, batch)

    def _on_progress(self, generation: int, done: int, total: int) -> None:
        if generation == self._generation:
            self._progress.setValue(done)

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.warn(f"The analysis stopped ({message}); the text past that point has no furigana.")

    def _on_finished(self, generation: int) -> None:
        if generation == self._generation:
            self._progress.hide()
            self.analysis_finished.emit()

    def analysis_running(self) -> bool:
        """True while the document is still being analysed (or about to be)."""
        w = self._worker
        return w is not None and (not w.started or w.is_running())

    def _add_recent(self, path: str) -> None:
        if not self.persist:
            return
        recent = [p for p in self.recent_files() if p != path]
        recent.insert(0, path)
        self.settings.setValue("files/recent", recent[:MAX_RECENT])

    def recent_files(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        if not files:
            self.recent_menu.addAction("(none)").setEnabled(False)
        for path in files:
            self.recent_menu.addAction(Path(path).name, lambda p=path: self.open_path(p)).setToolTip(path)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        md = event.mimeData()
        urls = [u.toLocalFile() for u in md.urls() if u.isLocalFile()]
        if urls:
            self.open_path(urls[0])
        elif md.hasText():
            self.open_text(md.text())
        event.acceptProposedAction()

    # -- lookups ----------------------------------------------------------------------------

    @property
    def pinned(self) -> bool:
        return self.pin_action.isChecked()

    def toggle_pinned(self) -> None:
        pinned = not self.dock.isVisible()
        self.pin_action.setChecked(pinned)
        self.dock.setVisible(pinned)
        for panel in (self.popup.panel, self.dock.panel):
            panel.set_pinned(pinned)
        if pinned:
            self.popup.hide()
            if self.last_lookup is not None:
                self.dock.panel.set_result(*self.last_lookup)
        self.settings.setValue("lookup/pinned", pinned)

    def lookup(self, p: int, t: int, focus: bool = False) -> None:
        """Look up token t of paragraph p; *focus* hands the keyboard to the popup (Enter)."""
        tokens = self.reader.tokens(p)
        if tokens is None or not (0 <= t < len(tokens)):
            return
        from ..core.dictionary import EMPTY, DictionaryUnavailable

        status = None
        try:
            result = self.context.dictionary.lookup_at(tokens, t)
        except DictionaryUnavailable as e:  # the text stays readable: say why there is no entry
            result, status = EMPTY, str(e)
            self.warn(status)
        except Exception as e:  # the reader must survive a broken dictionary
            log.exception("lookup failed")
            self.notify(f"The dictionary could not be read: {e}")
            return
        surface = tokens[t].surface
        self.last_lookup = (result, surface, status)
        self.reader.set_current(p, t, scroll=False)
        if self.pinned:
            self.dock.panel.set_result(result, surface, status)
        else:
            self.popup.show_for(self.reader.token_rect(p, t), result, surface, take_focus=focus, status=status)

    def close_lookup(self) -> None:
        if self.popup.isVisible():
            self.popup.hide()
        self.reader.setFocus()

    def focus_lookup(self) -> None:
        if self.pinned:
            self.dock.panel.setFocus()
        elif self.popup.isVisible():
            self.popup.panel.setFocus()

    def _on_scrolled(self) -> None:
        if self.popup.isVisible() and self.reader.current is not None:
            rect = self.reader.token_rect(*self.reader.current)
            if rect.isEmpty() or not self.reader.viewport().rect().intersects(rect):
                self.popup.hide()
            else:
                self.popup.follow(rect)

    # -- messages -----------------------------------------------------------------------------

    def notify(self, message: str) -> None:
        self._status.setText(message)

    def warn(self, message: str) -> None:
        """A problem that lasts: shown until Shiori is restarted, beside the passing messages."""
        if message not in self.warnings:
            self.warnings.append(message)
            self._warning.setText(" · ".join(self.warnings))
            self._warning.setToolTip("\n".join(self.warnings))

    def show_error(self, message: str) -> None:
        """A loading problem, shown as a dialog that does not block the event loop."""
        self.last_error = message
        box = QMessageBox(QMessageBox.Warning, "Shiori", message, QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()
        self._error_box = box

    def show_help(self) -> None:
        rows = "".join(f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{v}</td></tr>" for k, v in KEY_HELP)
        box = QMessageBox(QMessageBox.Information, "Keyboard — Shiori",
                          f"<table>{rows}</table>", QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()
        self._help_box = box
