"""The main window: the reader in the middle, lookups beside it, menus and shortcuts.

Thin by design: documents, analysis and lookups come from `app.core`; this
module routes the reader's signals to them and their answers back to widgets.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (QApplication, QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QProgressBar,
                               QWidget)

from ..core import documents
from ..core.analysed import AnalysedDocument
from ..core.context import AppContext
from ..core.vocabulary import StoredVocabulary
from ..core.words import Status
from . import commands
from .actions import ActionRegistry
from .analysis_runner import AnalysisRunner, first_screen, resolve_first_screen
from .find_bar import FindBar
from .help import HelpOverlay
from .keymap import Keymap, display
from .lookup_panel import LookupDock, LookupPopup
from .window_lookups import WindowLookups
from .opening import DocumentOpener
from .reader_view import FURIGANA_MODES, ReaderView
from . import vocabulary_io, window_settings
from .shortcuts_dialog import ShortcutsDialog
from .study import Study
from .theme import dark_palette, warning_colour
from .view_settings import DocumentViews

log = logging.getLogger(__name__)


def japanese_font_available() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.Japanese))


class MainWindow(WindowLookups, QMainWindow):
    """The reading window; `open_path` loads in the background and says so in the status bar.

    Signals: document_loaded(title) once a document is shown,
    load_finished(ok) after every open_path (False: the error was shown and
    the document before stays), analysis_finished() when the background
    analysis of the shown document is done.
    """

    document_loaded = Signal(str)  # title
    load_finished = Signal(bool)
    analysis_finished = Signal()

    def __init__(self, settings: QSettings, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.context = context
        self.setAcceptDrops(True)
        self.document: documents.Document | None = None
        self.analysed: AnalysedDocument | None = None
        self._analysis = AnalysisRunner(context.dictionary, self)
        self._analysis.batch_ready.connect(self._on_batch)
        self._analysis.progress.connect(lambda done, _total: self._progress.setValue(done))
        self._analysis.failed.connect(lambda message: self.warn(
            f"The analysis stopped ({message}); the text past that point has no furigana."))
        self._analysis.finished.connect(self._on_finished)
        self._analysis.counts_ready.connect(lambda counts: self.study.counts_arrived(counts))
        self.last_error: str | None = None
        self.last_lookup = None  # (result, surface, dictionary status) for the pinned panel
        self._lookup_pos: tuple[int, int] | None = None  # the word last looked up
        self._first_tokens: list = []  # the first screen's tokens, analysed here before the first paint
        self.last_sentence = ""  # the sentence of the word looked up last: the context a saved word keeps
        self._help_box = None
        self._dictionary_checked = False
        self._shown_once = False
        self.persist = True  # False for renders (--screenshot): they must not change the reader's settings
        self.views = DocumentViews(settings, lambda: context.library)  # per document: vertical writing
        self.force_vertical: bool | None = None  # `shiori --vertical`: the next document opens so

        self.reader = ReaderView(self, vocabulary=self._open_vocabulary())
        self.setCentralWidget(self.reader)
        self.popup = LookupPopup(self.reader.viewport())
        self.popup.hide()
        self.dock = LookupDock(self)
        self.addDockWidget(Qt.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.study = Study(self)
        self.sidebar = self.study.sidebar
        self.sidebar.vocabulary_tab.send_requested.connect(self.send_keys_to_anki)
        self.addDockWidget(Qt.RightDockWidgetArea, self.sidebar)

        self._status = QLabel()
        self._warning = QLabel()  # lasting problems (no Japanese font, no dictionary)
        self._warning.setWordWrap(False)
        self.warnings: list[str] = []
        self._progress = QProgressBar()
        self._progress.setMaximumWidth(200)
        self._progress.setTextVisible(True)
        self._progress.hide()
        self._busy = QProgressBar()  # opening a file: busy until the loader reports progress
        self._busy.setMaximumWidth(120)
        self._busy.setTextVisible(False)
        self._busy.hide()
        self.statusBar().addWidget(self._status, 1)
        self.statusBar().addWidget(self._warning)
        self.statusBar().addPermanentWidget(self._busy)
        self.statusBar().addPermanentWidget(self._progress)
        self._opener = DocumentOpener(self)
        self._opener.loaded.connect(self._on_opened)
        self._opener.failed.connect(self._on_open_failed)
        self._opener.progress.connect(self._on_open_progress)

        self._build_find_bar()
        self._connect()
        self._build_actions()
        self._restore_settings()
        if self._store_problem:
            self.warn(self._store_problem)
        if not japanese_font_available():
            self.warn("No Japanese font was found: install one (on Debian/Ubuntu: fonts-noto-cjk) "
                      "or the text will show as boxes.")

    def _open_vocabulary(self) -> StoredVocabulary:
        """The context's vocabulary; with a store that cannot be used, one kept in memory, and a warning.

        The text stays readable and everything works with a damaged or newer
        store: only, statuses set in this session are then not kept, which
        the warning says.
        """
        self._store_problem = self.context.open_store_or_memory()
        return self.context.vocabulary

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
        r.direction_changed.connect(self._direction_changed)
        self.popup.panel.close_requested.connect(self.close_lookup)
        self.dock.panel.close_requested.connect(self.unpin)  # its Close button: lookups beside the word again
        self.dock.closed.connect(self.unpin)  # its title bar's ×
        for panel in (self.popup.panel, self.dock.panel):
            panel.back_requested.connect(self.focus_reader)
            panel.pin_requested.connect(self.toggle_pinned)
            panel.add_requested.connect(lambda _entry, pn=panel: self.study.add_from_lookup(pn))
            panel.match_chosen.connect(lambda _i, pn=panel: self.study.choose_from_lookup(pn))
            panel.anki_requested.connect(lambda pn=panel: self.send_from_lookup(pn))
            panel.set_add_enabled(True)

    def _build_find_bar(self) -> None:
        self.find_bar = FindBar(self)
        self.find_edit = self.find_bar.edit
        self.addToolBar(Qt.BottomToolBarArea, self.find_bar)
        self.find_bar.hide()
        self.find_bar.find_requested.connect(lambda _text, forward: self.find_next(forward))
        self.find_bar.closed.connect(self.reader.setFocus)

    def show_find(self) -> None:
        self.find_bar.open()

    def find_next(self, forward: bool = True) -> bool:
        """Ctrl+F's text, next (F3) or previous (Shift+F3) occurrence."""
        needle = self.find_bar.text()
        if not needle:
            self.show_find()
            return False
        found = self.reader.find(needle, forward)
        self.notify(f"「{needle}」 is not in this text." if found is None else f"「{needle}」")
        return found is not None

    def _build_actions(self) -> None:
        """Menus and keys from the keymap's one table (`keymap.ACTIONS`), with the reader's own bindings."""
        self.keymap = Keymap(self.settings)
        self.keys = ActionRegistry(self, self.keymap, commands.window_handlers(self))
        self.keys.attach("reader", self.reader)
        for panel in (self.popup.panel, self.dock.panel):
            self.keys.attach("popup", panel)
        self.keys.attach("sidebar", self.sidebar.vocabulary_tab.table)
        menus = self.keys.build_menus(self.menuBar())
        self.recent_menu = QMenu("Open &Recent", self)
        menus["File"].insertMenu(self.keys.action("paste-document"), self.recent_menu)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.furigana_actions = {m: self.keys.action(f"furigana-{m}") for m in FURIGANA_MODES}
        self.threshold_actions = {s: self.keys.action(a) for a, s in commands.THRESHOLD_ACTIONS.items()}
        self.dark_action, self.sans_action = self.keys.action("dark-theme"), self.keys.action("sans-font")
        self.vertical_action, self.pin_action = self.keys.action("vertical"), self.keys.action("pin-lookup")
        self.sidebar.toggleViewAction().toggled.connect(self.keys.action("show-sidebar").setChecked)
        stack = self.study.actions.undo_stack
        for action_id, can, text, word in (("undo", stack.canUndoChanged, stack.undoTextChanged, "&Undo"),
                                           ("redo", stack.canRedoChanged, stack.redoTextChanged, "&Redo")):
            act = self.keys.action(action_id)
            act.setEnabled(False)
            can.connect(act.setEnabled)
            text.connect(lambda t, a=act, w=word: a.setText(f"{w} {t}" if t else w))
        self.study.actions.undo_key = lambda: self.key_name("undo")
        self.keys.rebound.connect(lambda _id: self._show_key_hints())
        self._show_key_hints()

    def key_name(self, action_id: str) -> str:
        """The first key of an action as the messages name it ("" when it has none)."""
        return display(self.keymap.keys(action_id)[:1])

    def _show_key_hints(self) -> None:
        self.reader.question_mark_help = "?" in self.keymap.keys("help")
        hints = {a: self.key_name(a) for a in ("add", "send-to-anki", "close-lookup", "next-match", "previous-match")}
        for panel in (self.popup.panel, self.dock.panel):
            panel.set_key_hints(hints)

    def shortcuts_dialog(self) -> None:
        """File > Keyboard Shortcuts: rebind any action."""
        dialog = ShortcutsDialog(self.keys, self)
        dialog.finished.connect(lambda *_: self.focus_reader())
        dialog.open()
        self._shortcuts_box = dialog

    def show_sidebar(self, shown: bool) -> None:
        self.sidebar.setVisible(shown)
        if shown:
            self.sidebar.raise_()  # in front, when it shares a tab with the lookup

    def focus_reader(self) -> None:
        """The keyboard to the text (Ctrl+1, and after every dialog closes)."""
        if not self.isActiveWindow() and self.isVisible():
            self.activateWindow()
        self.reader.setFocus(Qt.OtherFocusReason)

    # -- settings --------------------------------------------------------------------

    def _restore_settings(self) -> None:
        window_settings.restore(self)

    def save_settings(self) -> None:
        if self.persist:
            window_settings.save(self)

    def showEvent(self, event) -> None:  # noqa: N802
        """The keys work from the first moment: the window asks to be active and the text takes the keyboard."""
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.activateWindow()
            self.raise_()
            self.focus_reader()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_settings()
        self.study.close()
        self._opener.cancel()
        self._analysis.stop()
        self.reader.detach()
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
        self.study.set_dark(dark)
        self._warning.setStyleSheet(f"color: {warning_colour(dark)};")

    def toggle_font(self) -> None:
        self.reader.set_font_family("sans" if self.reader.font_family == "serif" else "serif")
        self.sans_action.setChecked(self.reader.font_family == "sans")
        self.settings.setValue("reader/font", self.reader.font_family)

    def set_vertical(self, vertical: bool) -> None:
        """View > Vertical Writing: columns from right to left, remembered for this document."""
        self.reader.set_vertical(vertical)
        if self.persist and self.analysed is not None:
            self.views.set_vertical(self.analysed.id, vertical)

    def _direction_changed(self, vertical: bool) -> None:
        self.vertical_action.setChecked(vertical)
        self.popup.beside = vertical
        if self.popup.isVisible():
            self.popup.hide()

    def set_furigana_threshold(self, status: Status, save: bool = True) -> None:
        """From which status on "only words not known" hides furigana (a reader setting, kept)."""
        self.reader.set_furigana_threshold(status)
        self.threshold_actions[self.reader.furigana_threshold].setChecked(True)
        if save and self.persist:
            self.settings.setValue("reader/furigana_threshold", self.reader.furigana_threshold.code)

    def _furigana_changed(self, mode: str) -> None:
        self.furigana_actions[mode].setChecked(True)
        self.settings.setValue("reader/furigana", mode)
        self.notify({"all": "Furigana on every word", "unknown": "Furigana only on words not known",
                     "off": "Furigana off"}[mode])

    # -- documents ------------------------------------------------------------------

    def open_path(self, path: str | Path, wait: bool = False) -> bool:
        """Open a file; on failure say why and keep the current document.

        The file is read and parsed in a worker thread while the status bar
        says "Opening NAME…"; `load_finished` tells how it went. A second
        open supersedes the first. With *wait* (renders, tests) it is loaded
        at once and the return value says whether it opened; without, True
        means the load has started.
        """
        if not wait:
            self._opener.open(path)
            self.set_busy(True)
            self.notify(f"Opening {Path(path).name}…")
            return True
        self._end_busy()
        try:
            doc = self._opener.load_now(path)
        except documents.DocumentError as e:
            self._open_failed(str(e))
            return False
        self._opened(path, doc)
        return True

    def is_loading(self) -> bool:
        """True while a file is being opened in the background."""
        return self._opener.busy

    def wait_for_loads(self, msecs: int = -1) -> bool:
        """Block until every background open, superseded ones too, has ended (tests, renders)."""
        return self._opener.wait(msecs)

    def set_busy(self, busy: bool) -> None:
        """The status bar's busy bar: opening a file, importing words."""
        self._busy.setRange(0, 0)
        self._busy.setVisible(busy)

    def _end_busy(self) -> None:
        self.set_busy(False)

    def _on_opened(self, path: str, doc) -> None:
        self._end_busy()
        self._opened(path, doc)

    def _opened(self, path: str | Path, doc: documents.Document) -> None:
        self.open_document(doc, str(Path(path).resolve()))
        self._add_recent(str(Path(path).resolve()))
        self.load_finished.emit(True)

    def _on_open_failed(self, path: str, message: str) -> None:
        self._end_busy()
        self._open_failed(message or f"{Path(path).name} could not be opened.")

    def _open_failed(self, message: str) -> None:
        self.notify(self.document.title if self.document is not None else "")
        self.show_error(message)
        self.load_finished.emit(False)

    def _on_open_progress(self, fraction: float) -> None:
        self._busy.setRange(0, 100)
        self._busy.setValue(round(fraction * 100))

    def open_text(self, text: str) -> bool:
        try:
            doc = documents.from_text(text)
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
        self.focus_reader()
        if path:
            self.settings.setValue("files/last_dir", str(Path(path).parent))
            self.open_path(path)

    def open_document(self, doc: documents.Document, path: str | None = None) -> None:
        self._analysis.stop()
        self.close_lookup()
        self.document = doc
        self.analysed = AnalysedDocument(doc)
        headings = {h.paragraph: h.level for h in doc.headings}
        vertical, self.force_vertical = self.force_vertical, None
        if vertical is None:
            vertical = bool(self.views.vertical(self.analysed.id))
        elif self.persist:
            self.views.set_vertical(self.analysed.id, vertical)
        self.reader.set_document(self.analysed, headings, vertical=vertical)
        rubies = [doc.ruby_for(i) for i in range(len(doc.paragraphs))]
        # The first screen is analysed now, so the first paint already has furigana
        # (its words are resolved just after it); a worker does the rest, and redoes these.
        self._first_tokens = first_screen(self, doc.paragraphs, rubies)
        n = len(self._first_tokens)
        self.reader.set_tokens_batch(0, self._first_tokens)
        if self.reader.paint_count:
            QTimer.singleShot(0, self._resolve_first_screen)
        self.setWindowTitle(f"{doc.title} — Shiori" if doc.title else "Shiori")
        self.notify(f"{doc.title}" + (f" · {doc.author}" if doc.author else ""))
        self._lookup_pos = None
        self.study.document_opened(self.analysed, path)
        self._analysis.prepare(doc.paragraphs, rubies)
        self._progress.setRange(0, max(1, len(doc.paragraphs)))
        self._progress.setValue(n)
        self._progress.setFormat("analysing %p%")
        self._progress.setVisible(len(doc.paragraphs) > n)
        if self.reader.paint_count:
            self._analysis.start()
        # else: started on the first paint, since the worker's share of the
        # interpreter would otherwise delay the first screen

        self.document_loaded.emit(doc.title)

    def _resolve_first_screen(self) -> None:
        resolve_first_screen(self.reader, self._first_tokens, self.context.dictionary)

    def _on_first_paint(self) -> None:
        QTimer.singleShot(0, self._resolve_first_screen)
        self._analysis.start()
        if not self._dictionary_checked:
            self._dictionary_checked = True
            QTimer.singleShot(0, self.check_dictionary)

    def check_dictionary(self) -> str | None:
        """Say in the status bar when the dictionary cannot be used; the text stays readable."""
        status = self.context.dictionary.status()
        if status:
            self.warn(status)
        return status

    def _on_batch(self, start: int, batch: Sequence, words: Sequence | None) -> None:
        """Tokens (and, once the analysis resolves them, word spans) for paragraphs start.. arrived."""
        self.reader.set_tokens_batch(start, batch, words)

    def _on_finished(self) -> None:
        self._progress.hide()
        self.analysis_finished.emit()

    def analysis_running(self) -> bool:
        """True while the document is still being analysed (or about to be)."""
        return self._analysis.running()

    def analysis_process_pid(self) -> int | None:
        """The process id of the analysis running in a child process, or None (none, or in a thread)."""
        return self._analysis.process_pid()

    def analysis_stats(self) -> dict:
        """What the analysis process reported when it was done (its peak memory)."""
        return self._analysis.stats()

    def _add_recent(self, path: str) -> None:
        if self.persist:
            window_settings.add_recent(self.settings, path)

    def recent_files(self) -> list[str]:
        return window_settings.recent_files(self.settings)

    def _fill_recent(self) -> None:
        window_settings.fill_recent_menu(self.recent_menu, self.recent_files(), self.open_path)

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

    # -- messages -----------------------------------------------------------------------------

    def notify(self, message: str) -> None:
        self._status.setText(message)

    def status_message(self) -> str:
        """The passing message shown in the status bar."""
        return self._status.text()

    def warn(self, message: str) -> None:
        """A problem that lasts: shown until Shiori is restarted, beside the passing messages."""
        if message not in self.warnings:
            self.warnings.append(message)
            self._warning.setText(" · ".join(self.warnings))
            self._warning.setToolTip("\n".join(self.warnings))

    # -- vocabulary out and in (see vocabulary_io) ------------------------------------------

    def export_dialog(self) -> None:
        vocabulary_io.export_dialog(self)

    def import_dialog(self, path: str | None = None) -> None:
        vocabulary_io.import_known_words(self, path)

    def send_to_anki(self) -> None:
        vocabulary_io.send_current_to_anki(self)

    def send_from_lookup(self, panel) -> None:
        key = self.study.add_from_lookup(panel) if panel is not None else None  # saved first, with its match
        if key is not None:
            vocabulary_io.send_words_to_anki(self, [key])

    def send_keys_to_anki(self, keys) -> None:
        if keys:
            vocabulary_io.send_words_to_anki(self, list(keys))

    def show_error(self, message: str) -> None:
        """A loading problem, shown as a dialog that does not block the event loop."""
        self.last_error = message
        box = QMessageBox(QMessageBox.Warning, "Shiori", message, QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.finished.connect(lambda *_: self.focus_reader())
        box.open()
        self._error_box = box

    def show_help(self) -> None:
        """F1 or ?: the keys, from the registry with the current bindings; typing filters the list."""
        if self._help_box is not None:
            self._help_box.raise_()
            self._help_box.activateWindow()
            return
        box = HelpOverlay(self.keys, self)
        box.finished.connect(lambda *_: self.focus_reader())
        box.destroyed.connect(self._forget_help)
        box.open()
        self._help_box = box

    @property
    def help_box(self) -> HelpOverlay | None:
        """The keyboard help while it is open."""
        return self._help_box

    def _forget_help(self, *_args) -> None:
        self._help_box = None
