"""The learner's side of the window: saving words, reading progress, the sidebar, finishing a text.

The window shows a text and looks words up; this object keeps what the
reader does with them: the status keys and their undo, the lookup history,
the position and reading time of each text, the coverage of the text, and
the figures in the sidebar. It asks the reader only through its public API.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from ..core.text import sentence_at
from ..core.progress import CharCounter, Coverage, ReadingSession, coverage
from ..core.words import Position, Status, WordKey
from .sidebar import Sidebar
from .theme import status_colours
from .word_actions import WordActions

log = logging.getLogger(__name__)

# the reader is reading: a key (a shortcut's key reaches the text as its override event only), a click, the wheel
_ACTIVITY = (QEvent.KeyPress, QEvent.ShortcutOverride, QEvent.MouseButtonPress, QEvent.Wheel)

__all__ = ["Study"]

TICK_MS = 1000
HOVER_RECORD_MS = 1200  # a lookup under a passing mouse joins the history once the reader stays this long
REFRESH_SECONDS = 5.0  # how often another window's changes to the store are looked for

class Study(QObject):
    """Vocabulary actions, progress and the sidebar for one window."""

    coverage_changed = Signal(object)  # Coverage of the open text
    finish_offered = Signal(int)  # the reader reached the end: how many words were never saved

    def __init__(self, window, parent: QObject | None = None) -> None:
        super().__init__(parent or window)
        self.window = window
        self.reader = window.reader
        self.context = window.context
        self.vocabulary = window.reader.vocabulary
        self.library = self.context.library
        self.actions = WordActions(self.vocabulary, self.context.dictionary, self)
        self.actions.message.connect(window.notify)
        self.analysed = None
        self.record = None
        self.session: ReadingSession | None = None
        self.counter: CharCounter | None = None
        self.counts: dict[WordKey, int] | None = None
        self.coverage: Coverage | None = None
        self._new_text = False
        self._offered_finish = False
        self._read_on = False
        self.finish_box: QMessageBox | None = None  # the "finish text" question while it is open
        self._history_dirty = False
        self._pending_lookup: tuple[int, int, str] | None = None
        self._lookup_timer = QTimer(self)
        self._lookup_timer.setSingleShot(True)
        self._lookup_timer.setInterval(HOVER_RECORD_MS)
        self._lookup_timer.timeout.connect(self._record_pending)
        self._last_refresh = time.monotonic()

        self.sidebar = Sidebar(self.vocabulary, window)
        self.sidebar.vocabulary_tab.word_activated.connect(self.jump_to_word)
        self.sidebar.vocabulary_tab.change_made.connect(self.actions.push)
        self.sidebar.history_tab.lookup_activated.connect(self.jump_to_lookup)
        self.sidebar.progress_tab.rename_requested.connect(self.rename)
        self.sidebar.tabs.currentChanged.connect(self._on_tab)
        self.vocabulary.add_listener(self._on_vocabulary_changed)

        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        for w in (self.reader, self.reader.viewport()):
            w.installEventFilter(self)
        window.installEventFilter(self)
        self.reader.current_changed.connect(lambda *_: self._note_position())

    # -- documents -------------------------------------------------------------------

    def document_opened(self, analysed, path: str | None = None) -> None:
        """A text is shown: make it known to the store and go back to where the reader was."""
        self.close_document()
        doc = analysed.document
        self.analysed = analysed
        self.actions.set_document(analysed)
        self.counter = CharCounter(doc.paragraphs)
        self.counts = None
        self.coverage = None
        self._offered_finish = False
        self.record = self.library.open_document(analysed.id, doc.title or "", doc.author or "", path,
                                                  self.counter.total, len(doc.paragraphs))
        self._new_text = self.record.first_opened == self.record.last_opened
        progress = self.library.progress(analysed.id)
        self._offered_finish = progress.finished is not None
        self._read_on = False  # the end is offered once the reader has moved or paged since opening
        self.session = ReadingSession(self.library, analysed.id)
        self.session.set_active(self.window.isActiveWindow())
        if (progress.paragraph, progress.offset) != (0, 0):
            self.reader.go_to(Position(analysed.id, progress.paragraph, progress.offset))
            self.window.notify(f"{self.record.display_title}: back where you were ({progress.percent:.0f}% read)")
        self.window.setWindowTitle(f"{self.record.display_title} — Shiori")
        self.refresh_sidebar(history=True)

    def close_document(self) -> None:
        if self.session is not None:
            self.session.flush()
        self.session = None

    def close(self) -> None:
        """The window closes: nothing of the reading is left unwritten."""
        self._timer.stop()
        self.close_document()
        self.vocabulary.remove_listener(self._on_vocabulary_changed)
        self.sidebar.vocabulary_tab.model.detach()

    def counts_arrived(self, counts: dict) -> None:
        """The analysis counted every word of the text: its coverage can be told."""
        self.counts = counts
        self._update_coverage()
        if self._new_text and self.coverage is not None and self.coverage.total:
            self.window.notify(f"{self.record.display_title}: {self.coverage.summary()}")
            self._new_text = False

    def _update_coverage(self) -> None:
        if self.counts is None:
            return
        self.coverage = coverage(self.counts, self.vocabulary.status)
        self.coverage_changed.emit(self.coverage)
        self.refresh_sidebar()

    def rename(self, title: str) -> None:
        if self.record is None or (title.strip() or None) == self.record.user_title:
            return
        self.library.set_title(self.record.id, title)
        self.record = self.library.document(self.record.id)
        self.window.setWindowTitle(f"{self.record.display_title} — Shiori")
        self.refresh_sidebar()

    def ask_rename(self) -> None:
        if self.record is None:
            return
        self.sidebar.show()
        self.sidebar.show_tab("progress")
        self.sidebar.progress_tab.title.setFocus()
        self.sidebar.progress_tab.title.selectAll()

    # -- words ---------------------------------------------------------------------------

    def add_current(self, result=None, match_index: int = 0) -> WordKey | None:
        """A: save the current word, with the entry chosen in the lookup if it is this word's."""
        current = self.reader.current
        if current is None:
            return None
        if result is None:
            result, match_index = self.window.lookup_shown_for(*current)
        return self.actions.add(*current, result=result, match_index=match_index)

    def add_from_lookup(self, panel) -> WordKey | None:
        """The lookup's Add button (or A in it): the word looked up, with the match the reader chose."""
        pos = self.window.lookup_position
        if pos is None:
            return None
        self.reader.set_current(*pos, scroll=False)
        return self.add_current(result=panel.result, match_index=panel.current_match_index)

    def choose_from_lookup(self, panel) -> WordKey | None:
        """Enter in the lookup: its match is the entry kept for the word (saved at once if the word is saved)."""
        pos = self.window.lookup_position
        if pos is None or panel is None:
            return None
        self.reader.set_current(*pos, scroll=False)
        match = panel.result.matches[panel.current_match_index] if panel.result.found else None
        key = self.analysed.key_at(*pos) if self.analysed is not None else None
        if key is not None and key in self.vocabulary:
            return self.add_current(result=panel.result, match_index=panel.current_match_index)
        if match is not None:
            add = self.window.key_name("add")
            self.window.notify(f"「{match.text}」 is the entry {add or 'Add'} saves for this word.")
        return None

    def status_from_lookup(self, status: Status, panel=None) -> WordKey | None:
        """1-5, W, I or Delete in the lookup: the status of the word looked up, saved with the match shown."""
        pos = self.window.lookup_position
        if pos is None:
            return None
        self.reader.set_current(*pos, scroll=False)
        if status is Status.NONE or panel is None or not panel.result.found or self.analysed is None:
            return self.set_status(status)
        index = panel.current_match_index
        if index == 0 and self.analysed.key_at(*pos) in self.vocabulary:
            return self.set_status(status)
        key = self.actions.add(*pos, result=panel.result, match_index=index, status=status)
        if key is not None and self.vocabulary.status(key) is not status:  # another match, saved before
            self.actions.push(self.vocabulary.set_statuses([key], status), f"{key.label()}: {status.label}")
        return key

    def set_status(self, status: Status) -> WordKey | None:
        current = self.reader.current
        return self.actions.set_status(*current, status) if current is not None else None

    def remove_current(self) -> WordKey | None:
        current = self.reader.current
        return self.actions.remove(*current) if current is not None else None

    def record_lookup(self, p: int, t: int, surface: str, passing: bool = False) -> None:
        """A lookup joins the history, and a saved word keeps the sentence.

        A *passing* lookup (Shift held while the mouse moves over the text)
        counts only if the reader stays on it: skimming is not looking up.
        """
        self._lookup_timer.stop()
        self._pending_lookup = (p, t, surface)
        if passing:
            self._lookup_timer.start()
        else:
            self._record_pending()

    def _record_pending(self) -> None:
        pending, self._pending_lookup = self._pending_lookup, None
        if pending is None or self.analysed is None:
            return
        p, t, surface = pending
        key = self.analysed.key_at(p, t)
        if key is None:
            return
        pos = self.analysed.position(p, t)
        self.vocabulary.record_lookup(key, surface, pos.document, pos.paragraph, pos.offset,
                                      self.analysed.sentence_at(p, t))
        self._history_dirty = True
        if self.sidebar.isVisible() and self.sidebar.current_tab() == "history":
            self._refresh_history()

    def visible_words(self) -> list[tuple[int, int]]:
        return self.reader.visible_words()

    def mark_screen_known(self) -> int:
        """Shift+W: every word on screen never saved becomes known (Lute's "mark the rest as known")."""
        keys = self.actions.unsaved_at(self.visible_words())
        if not keys:
            self.window.notify("Every word on this screen is saved already.")
            return 0
        return len(self.actions.mark_known(keys, "on this screen"))

    def offer_finish(self, ask: bool = True) -> None:
        """The end of the text: mark it read, and offer to make the words never saved known (with undo)."""
        if self.record is None or self.analysed is None:
            return
        self._offered_finish = True
        keys = self.actions.unsaved_in_document() if self.analysed.complete else []
        self.finish_offered.emit(len(keys))
        if not ask:
            return
        box = QMessageBox(QMessageBox.Question, "Finish text — Shiori",
                          f"Mark 《{self.record.display_title}》 as read?", parent=self.window)
        box.setAccessibleName("Finish text")
        if keys:
            box.setInformativeText(f"{len(keys):,} word{'s' if len(keys) != 1 else ''} of it were never saved. "
                                   "Set them to known as well?"
                                   + (f" ({undo} undoes it.)" if (undo := self.window.key_name("undo")) else ""))
            known = box.addButton(f"Read, and {len(keys):,} words known", QMessageBox.AcceptRole)
        else:
            known = None
        read = box.addButton("Mark as read", QMessageBox.AcceptRole if known is None else QMessageBox.ActionRole)
        later = box.addButton("Not now", QMessageBox.RejectRole)
        box.setDefaultButton(later)  # Enter, the reader's lookup key, must not mark a whole text known
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._finish_chosen(button, known, read, keys))
        box.finished.connect(lambda *_: self.window.focus_reader())
        box.destroyed.connect(lambda *_: setattr(self, "finish_box", None))
        box.open()
        self.finish_box = box

    def finish(self, mark_words_known: bool) -> None:
        """Mark the text read (and, if asked, its words never saved known), as one undoable step."""
        if self.record is None:
            return
        doc_id = self.record.id
        before = self.library.set_finished(doc_id, True)
        if self.counter is not None and self.analysed is not None:
            last = len(self.analysed.paragraphs) - 1  # the place: the end; nothing credited as read today
            self.library.save_position(doc_id, last, len(self.analysed.paragraphs[last]), self.counter.total,
                                       max_gain=0)

        def unfinished() -> None:
            self.library.restore_finished(doc_id, before)
            self.refresh_sidebar()

        def refinished() -> None:
            self.library.set_finished(doc_id, True)
            self.refresh_sidebar()

        if mark_words_known:
            self.actions.mark_known(self.actions.unsaved_in_document(), "of this text", undone=unfinished,
                                    redone=refinished)
        else:
            self.window.notify(f"《{self.record.display_title}》 marked as read.")
        self.refresh_sidebar()

    def _finish_chosen(self, button, known, read, keys) -> None:
        if button is known:
            self.finish(True)
        elif button is read:
            self.finish(False)

    # -- moving to words --------------------------------------------------------------------

    def jump_to_word(self, key: WordKey) -> bool:
        """The next occurrence of *key* after the current word (wrapping), made current."""
        if self.analysed is None:
            return False
        places = self.analysed.occurrences(key)
        if not places:
            self.window.notify(f"{key.label()} is not in this text.")
            return False
        here = self.reader.current or (-1, -1)
        target = next((pos for pos in places if pos > here), places[0])
        self.reader.set_current(*target)
        self.reader.setFocus()
        return True

    def jump_to_lookup(self, lookup) -> bool:
        if self.analysed is None or lookup.document_id != self.analysed.id:
            return False
        ok = self.reader.go_to(Position(lookup.document_id, lookup.paragraph, lookup.offset))
        self.reader.setFocus()
        return ok

    # -- time and position ---------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if watched is self.window:
            if kind == QEvent.WindowActivate:
                if self.session is not None:
                    self.session.set_active(True)
                self.refresh_from_store()
            elif kind == QEvent.WindowDeactivate and self.session is not None:
                self.session.set_active(False)
        elif kind in _ACTIVITY and self.session is not None:
            self.session.touch()
            self._read_on = True
        return False

    def _note_position(self) -> None:
        """Where the reader is: the current word while it is in view, else the top of the view."""
        if self.session is None or self.analysed is None or self.counter is None:
            return
        pos = None
        current = self.reader.current
        if current is not None and self.reader.viewport().rect().intersects(self.reader.word_rect(*current)):
            pos = self.analysed.position(*current)
        else:
            visible = self.visible_words()
            if visible:
                pos = self.analysed.position(*visible[0])
        if pos is not None:
            self.session.move_to(pos.paragraph, pos.offset, self.counter.before(pos.paragraph, pos.offset))

    def tick(self) -> None:
        """Once a second: the position and time are written when due, the figures refreshed."""
        if self.session is None:
            return
        self._note_position()
        self.session.tick()
        if time.monotonic() - self._last_refresh >= REFRESH_SECONDS:
            self.refresh_from_store()
        if (not self._offered_finish and self._read_on and self.analysed is not None and self.analysed.complete
                and self._at_end()):
            self.offer_finish(ask=True)
        if self.sidebar.isVisible() and self.sidebar.current_tab() == "progress":
            self.refresh_sidebar()

    def _at_end(self) -> bool:
        """Whether the reader has reached the end: the last word on screen, and the reader at it."""
        a = self.analysed
        for p in range(len(a) - 1, -1, -1):
            words = a.words(p)
            if words:
                rect = self.reader.word_rect(p, words[-1].first)
                if rect.isEmpty() or not self.reader.viewport().rect().intersects(rect):
                    return False
                # and the reader is there: the cursor in the last paragraph, or the view scrolled down to it
                # (a text that fits on one screen is not read by opening it)
                current = self.reader.current
                bar = self.reader.block_scroll_bar()
                return (current is not None and current[0] >= p) or (0 < bar.maximum() <= bar.value())
        return False

    def refresh_from_store(self) -> None:
        """Another window or `shiori mark` may have changed the store: pick that up."""
        self._last_refresh = time.monotonic()
        try:
            self.vocabulary.refresh()
        except Exception:  # a locked or vanished store must not stop the reading
            log.warning("could not refresh the vocabulary", exc_info=True)

    # -- the sidebar ---------------------------------------------------------------------

    def _on_vocabulary_changed(self, keys) -> None:
        if self.counts is not None and any(k in self.counts for k in keys):
            self._update_coverage()

    def _refresh_history(self) -> None:
        doc_id = self.record.id if self.record is not None else None
        self.sidebar.history_tab.set_lookups(self.vocabulary.history(doc_id) if doc_id else [], self._sentence_of)
        self._history_dirty = False

    def _on_tab(self, _index: int) -> None:
        if self.sidebar.current_tab() == "history" and self._history_dirty:
            self._refresh_history()
        elif self.sidebar.current_tab() == "progress":
            self.refresh_sidebar()

    def refresh_sidebar(self, history: bool = False) -> None:
        tab = self.sidebar.progress_tab
        if self.record is not None:
            tab.set_document(self.record, self.library.progress(self.record.id), self.coverage)
        else:
            tab.set_document(None, None, None)
        tab.set_overview(self.library.overview())
        if history:
            self._refresh_history()

    def _sentence_of(self, lookup) -> str:
        a = self.analysed
        if a is None or lookup.document_id != a.id or not 0 <= lookup.paragraph < len(a):
            return ""
        return sentence_at(a.paragraphs[lookup.paragraph], lookup.offset)

    def set_dark(self, dark: bool) -> None:
        self.sidebar.set_status_colours(status_colours(dark))

    def focus_sidebar(self) -> None:
        """Ctrl+3: the sidebar, shown if it was hidden, with the keyboard in its current tab."""
        self.sidebar.show()
        self.sidebar.raise_()
        self.sidebar.tabs.currentWidget().setFocus()
