"""Looking words up in the window, as a mixin of MainWindow: the popup beside the word or the pinned panel.

Kept apart so the window fits in one's head. The lookup itself is the
dictionary service's; this decides where it shows, which word it is of,
what joins the history, and where the keyboard goes (Enter hands it to the
lookup, Esc gives it back to the text with the same word current).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)

__all__ = ["WindowLookups"]


class WindowLookups:
    """The lookup side of MainWindow (it supplies the reader, popup, dock, study, context and messages)."""

    @property
    def pinned(self) -> bool:
        return self.pin_action.isChecked()

    def toggle_pinned(self) -> None:
        """The panel's Pin / Unpin button."""
        self.set_pinned(not self.pinned)

    def set_pinned(self, pinned: bool) -> None:
        """Lookups in the side panel (pinned) or beside the word; kept in the settings."""
        pinned = bool(pinned)
        self.pin_action.setChecked(pinned)
        if self.dock.isHidden() == pinned:
            self.dock.setVisible(pinned)
        for panel in (self.popup.panel, self.dock.panel):
            panel.set_pinned(pinned)
        if pinned:
            self.popup.hide()
            if self.last_lookup is not None:
                self.dock.panel.set_result(*self.last_lookup)
        self.settings.setValue("lookup/pinned", pinned)

    def unpin(self) -> None:
        """The pinned panel closed: lookups show beside the word again."""
        if self.pinned:
            self.set_pinned(False)
            self.focus_reader()

    def lookup(self, p: int, t: int, focus: bool = False) -> None:
        """Look up the word at token t of paragraph p; *focus* hands the keyboard to the popup (Enter)."""
        tokens = self.reader.tokens(p)
        if tokens is None or not (0 <= t < len(tokens)) or self.analysed is None:
            return
        t = self.reader.word_range(p, t)[0]  # a compound is looked up from its first token
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
        self._lookup_pos = (p, t)
        self.last_sentence = self.analysed.sentence_at(p, t)
        self.reader.set_current(p, t, scroll=False)
        if self.pinned:
            self.dock.panel.set_result(result, surface, status)
            if focus:
                self.dock.panel.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.popup.show_for(self.reader.word_rect(p, t), result, surface, take_focus=focus, status=status)
        if status is None:
            # Shift held: the mouse passing over words looks them up as it goes (not a deliberate lookup)
            passing = bool(QGuiApplication.keyboardModifiers() & Qt.ShiftModifier) and not focus
            self.study.record_lookup(p, t, surface, passing=passing)

    @property
    def lookup_position(self) -> tuple[int, int] | None:
        """The word the lookup on screen (or last shown) is of."""
        return self._lookup_pos

    def lookup_shown_for(self, p: int, t: int):
        """(result, chosen match) of the lookup on screen when it is of the word at (p, t), else (None, 0)."""
        if self._lookup_pos != (p, t) or self.last_lookup is None:
            return None, 0
        panel = self.dock.panel if self.pinned else self.popup.panel
        return panel.result, panel.current_match_index

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
            rect = self.reader.word_rect(*self.reader.current)
            if rect.isEmpty() or not self.reader.viewport().rect().intersects(rect):
                self.popup.hide()
            else:
                self.popup.follow(rect)
