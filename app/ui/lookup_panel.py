"""The dictionary entry view: a popup next to the clicked word, or a pinned dock.

The page itself comes from :func:`app.ui.entry_html.render_html` and the
popup's place from :func:`app.ui.placement.placement`, both pure; this
module holds the widgets around them.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QGraphicsDropShadowEffect,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .entry_html import DOWNSTEP_MARK, match_strip_html, message_html, render_html
from .placement import placement, placement_beside
from .theme import POPUP_SHADOW

if TYPE_CHECKING:
    from app.core.dictionary import Entry, LookupResult


def _dictionary():
    """The dictionary module, imported on first use: the window opens without it."""
    from app.core import dictionary

    return dictionary


log = logging.getLogger(__name__)

__all__ = ["render_html", "LookupPanel", "LookupPopup", "LookupDock", "DOWNSTEP_MARK"]


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


# ---------------------------------------------------------------------------
# Widgets
# ---------------------------------------------------------------------------


class LookupPanel(QWidget):
    """The entry view shared by the popup and the dock.

    The window's keys (see `keymap`, context "popup") walk the matches
    (取締役会 → 取締役 → 取締) rather than scroll, because choosing the right
    span is what the learner does here; the page keys and the wheel still
    scroll the entry.
    """

    add_requested = Signal(object)  # the current Entry
    match_chosen = Signal(int)  # Enter: this match is the entry to save
    anki_requested = Signal()  # send the word looked up to Anki
    pin_requested = Signal()
    close_requested = Signal()
    back_requested = Signal()  # Esc in the pinned panel: the keyboard back to the text, the panel stays
    match_changed = Signal(int)  # e.g. to highlight the chosen span in the reader

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lookupPanel")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._result: LookupResult | None = None  # None: nothing looked up yet
        self._surface = ""
        self._status: str | None = None  # the dictionary's sentence when it cannot be used
        self._index = 0
        self._add_enabled = False
        self._pinned = False
        self._dark: bool | None = None  # None: follow the palette

        self.add_button = QPushButton("Add", self)
        self.add_button.setObjectName("lookupAdd")
        self.add_button.setAccessibleName("Add word")
        self.anki_button = QPushButton("Anki", self)
        self.anki_button.setObjectName("lookupAnki")
        self.anki_button.setAccessibleName("Send to Anki")
        self.pin_button = QPushButton("Pin", self)
        self.pin_button.setObjectName("lookupPin")
        self.pin_button.setAccessibleName("Pin the lookup")
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("lookupClose")
        self.close_button.setAccessibleName("Close the lookup")
        for b in (self.add_button, self.anki_button, self.pin_button, self.close_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep ↑/↓/Esc with the panel
            b.setAutoDefault(False)

        self.match_strip = QLabel(self)
        self.match_strip.setObjectName("lookupMatches")
        self.match_strip.setTextFormat(Qt.TextFormat.RichText)
        self.match_strip.setWordWrap(True)
        self.match_strip.setAccessibleName("Other matches")
        self.match_strip.linkActivated.connect(self._on_strip_link)
        self.match_strip.hide()

        self.browser = QTextBrowser(self)
        self.browser.setObjectName("lookupBrowser")
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setReadOnly(True)
        self.browser.setFrameShape(QFrame.Shape.NoFrame)
        self.browser.setAccessibleName("Dictionary entry")
        self.setAccessibleName("Lookup")
        self._hints: dict[str, str] = {}
        self.set_key_hints({"add": "A", "send-to-anki": "Ctrl+Shift+A", "close-lookup": "Esc",
                            "next-match": "Down", "previous-match": "Up"})

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(4)
        bar.addWidget(self.add_button)
        bar.addWidget(self.anki_button)
        bar.addStretch(1)
        bar.addWidget(self.pin_button)
        bar.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.match_strip)
        layout.addWidget(self.browser, 1)

        self.add_button.clicked.connect(self._on_add)
        self.anki_button.clicked.connect(self.anki_requested)
        self.pin_button.clicked.connect(self.pin_requested)
        self.close_button.clicked.connect(self.close_requested)
        self._refresh()

    # -- public API ---------------------------------------------------------

    @property
    def result(self) -> LookupResult:
        return self._result if self._result is not None else _dictionary().EMPTY

    @property
    def surface(self) -> str:
        return self._surface

    @property
    def current_match_index(self) -> int:
        return self._index

    @property
    def current_entry(self) -> Entry | None:
        """What Add saves: the best entry of the match being shown."""
        if self._result is None or not self._result.matches:
            return None
        m = self._result.matches[self._index]
        return m.entries[0] if m.entries else None

    def set_result(self, result: LookupResult | None, surface: str = "", status: str | None = None) -> None:
        """Show *result* for the word *surface*; *status* is the dictionary's problem sentence, if any."""
        self._result = result
        self._surface = surface
        self._status = status
        self._index = 0
        self._refresh()

    @property
    def status(self) -> str | None:
        """The dictionary problem shown instead of the entry, or None."""
        return self._status

    def clear(self) -> None:
        self.set_result(None, "")

    def select_match(self, i: int) -> None:
        n = len(self._result.matches) if self._result is not None else 0
        if n == 0:
            return
        i = max(0, min(i, n - 1))
        if i != self._index:
            self._index = i
            self._refresh()
            self.match_changed.emit(i)

    def choose_match(self) -> None:
        """Enter: the match shown is the one saved for the word (A and the status keys save it too)."""
        if self.current_entry is not None:
            self.match_chosen.emit(self._index)

    def request_close(self) -> None:
        """Esc: the popup closes; the pinned panel stays and gives the keyboard back."""
        (self.back_requested if self._pinned else self.close_requested).emit()

    def set_key_hints(self, keys: dict[str, str]) -> None:
        """The keys the tooltips name (the window passes its current bindings)."""
        self._hints.update(keys)
        hint = self._hints.get

        def k(action_id: str) -> str:
            return f" ({hint(action_id)})" if hint(action_id) else ""

        self.add_button.setToolTip(f"Add this word to your vocabulary{k('add')}")
        self.anki_button.setToolTip(f"Send this word to Anki (AnkiConnect), saving it first{k('send-to-anki')}")
        self.close_button.setToolTip(f"Close the lookup{k('close-lookup')}")
        moves = " / ".join(x for x in (hint("previous-match"), hint("next-match")) if x)
        self.match_strip.setToolTip("Other ways to read the words here" + (f" ({moves})" if moves else ""))

    def next_match(self) -> None:
        self.select_match(self._index + 1)

    def previous_match(self) -> None:
        self.select_match(self._index - 1)

    def set_add_enabled(self, enabled: bool) -> None:
        self._add_enabled = bool(enabled)
        self._update_buttons()

    def set_pinned(self, pinned: bool) -> None:
        self._pinned = bool(pinned)
        self.pin_button.setText("Unpin" if pinned else "Pin")
        self.pin_button.setToolTip("Show lookups next to the word again" if pinned
                                   else "Keep the lookup in a side panel")

    @property
    def pinned(self) -> bool:
        return self._pinned

    def set_dark(self, dark: bool | None) -> None:
        """Force a theme (None follows the palette, which is what the app normally wants)."""
        self._dark = dark
        self._refresh()

    def html(self) -> str:
        """The HTML last rendered (tests and copy-as-HTML use it)."""
        return self._html

    def is_dark(self) -> bool:
        """Whether the entry is drawn in dark colours (forced by set_dark, or following the palette)."""
        return _is_dark(self.browser.palette()) if self._dark is None else self._dark

    # -- internals ----------------------------------------------------------

    def _refresh(self) -> None:
        if self._result is None and not self._surface and not self._status:
            self._html = message_html("Click a word, or press Enter on it, to look it up.", self.is_dark())
        else:
            self._html = render_html(self.result, self._index, self.is_dark(), self._surface, self._status)
        self.browser.setHtml(self._html)
        if self._result is not None and len(self._result.matches) > 1:
            self.match_strip.setText(match_strip_html(self._result, self._index))
            self.match_strip.show()
        else:
            self.match_strip.clear()
            self.match_strip.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self._add_enabled and self.current_entry is not None)
        self.anki_button.setEnabled(self._add_enabled and self.current_entry is not None)

    def _on_add(self) -> None:
        entry = self.current_entry
        if entry is not None:
            self.add_requested.emit(entry)

    def _on_strip_link(self, link: str) -> None:
        if link.startswith("match:"):
            self.select_match(int(link.split(":", 1)[1]))

    def _handle_key(self, event: QKeyEvent) -> bool:
        """The page keys scroll the entry (the other keys are the window's actions)."""
        key = event.key()
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if key not in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp, Qt.Key.Key_Home, Qt.Key.Key_End):
            return False
        bar = self.browser.verticalScrollBar()
        step = bar.pageStep()
        target = {Qt.Key.Key_PageDown: bar.value() + step, Qt.Key.Key_PageUp: bar.value() - step,
                  Qt.Key.Key_Home: bar.minimum(), Qt.Key.Key_End: bar.maximum()}[key]
        bar.setValue(target)
        event.accept()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._dark is None:
            self._refresh()


class LookupPopup(QFrame):
    """The entry next to the clicked word.

    A child widget, not a top-level window: it then shares the main window's
    stacking, moves with it, and appears in offscreen renders and screenshots.
    """

    closed = Signal()

    PREFERRED_WIDTH = 420
    PREFERRED_HEIGHT = 320
    beside = False  # vertical text: the popup goes beside the word's column, not below it
    GAP = 4  # between the word and the popup
    MARGIN = 4  # between the popup and the parent's edges
    MIN_HEIGHT = 80

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lookupPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFrameShadow(QFrame.Shadow.Raised)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(16)
        shadow.setOffset(0, 3)
        shadow.setColor(POPUP_SHADOW)
        self.setGraphicsEffect(shadow)
        self.panel = LookupPanel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.panel)
        self.panel.close_requested.connect(self.hide)
        self.panel.match_changed.connect(self._refit)
        self._word_rect = QRect()
        self.hide()

    def show_for(self, rect: QRect, result: LookupResult, surface: str = "", take_focus: bool = False,
                 status: str | None = None) -> None:
        """Show ``result`` next to the word whose box (parent coordinates) is ``rect``.

        ``take_focus`` is for keyboard lookups (Enter): the popup then gets ↑/↓
        and Esc.  A mouse lookup leaves focus with the reader so its keys keep
        working.
        """
        self.panel.set_result(result, surface, status)
        self._word_rect = QRect(rect)
        self.setGeometry(self.placement(rect))
        self.show()  # delivers the pending resize, so the browser knows its width
        self._refit()
        self.raise_()
        if take_focus:
            self.panel.setFocus(Qt.FocusReason.PopupFocusReason)

    def follow(self, rect: QRect) -> None:
        """The word moved (the text scrolled): move along, without rendering the entry again."""
        self._word_rect = QRect(rect)
        self._refit()

    @property
    def word_rect(self) -> QRect:
        """The box of the word the popup is showing, in parent coordinates."""
        return QRect(self._word_rect)

    def _refit(self, *_args) -> None:
        # ↑/↓ can swap a two-line entry for a long one: follow the content.
        if self.isVisible() and self._word_rect.isValid():
            self.setGeometry(self.placement(rect=self._word_rect))
            self.setGeometry(self.placement(self._word_rect, self._content_height()))

    def _content_height(self) -> int:
        """The height that shows the whole entry, so a one-line name gets a small popup."""
        self.layout().activate()
        viewport = self.panel.browser.viewport()
        doc = self.panel.browser.document()
        doc.setTextWidth(viewport.width())
        chrome = self.height() - viewport.height()
        return int(doc.size().height()) + chrome + 2

    def placement(self, rect: QRect, height: int | None = None) -> QRect:
        """Where the popup goes for the word box *rect*: see :func:`app.ui.placement.placement`.

        ``height`` is what the content needs; the popup is never taller than
        PREFERRED_HEIGHT (longer entries scroll) nor than the room there is.
        """
        parent = self.parentWidget()
        area = parent.rect() if parent is not None else QRect(0, 0, 800, 600)
        want = self.PREFERRED_HEIGHT if height is None else max(self.MIN_HEIGHT, min(height, self.PREFERRED_HEIGHT))
        place = placement_beside if self.beside else placement
        return place(rect, QSize(self.PREFERRED_WIDTH, want), area, self.GAP, self.MARGIN)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        if not event.spontaneous():
            self.closed.emit()


class LookupDock(QDockWidget):
    """The pinned lookup: stays open beside the text while the reader clicks on."""

    closed = Signal()  # the reader closed it (its title bar's ×), not the window hiding or minimising

    def closeEvent(self, event) -> None:  # noqa: N802
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Lookup", parent)
        self.setObjectName("lookupDock")  # saveState/restoreState key
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
                             | Qt.DockWidgetArea.BottomDockWidgetArea)
        self.panel = LookupPanel(self)
        self.panel.set_pinned(True)
        self.setWidget(self.panel)
