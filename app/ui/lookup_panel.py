"""The dictionary entry view: a popup next to the clicked word, or a pinned dock.

The HTML is produced by :func:`render_html`, a pure function of a
:class:`~app.core.dictionary.LookupResult`, so what the learner reads can be
tested without a widget.  Qt's rich text is a subset of HTML 4 (no ``<ruby>``,
no ``border-radius``, no flexbox), so furigana is a two-row table and the
pitch accent is drawn with ``text-decoration: overline`` on each mora.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QHideEvent, QKeyEvent, QPalette
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

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.dictionary import Entry, KanjiInfo, LookupResult, Match, NameEntry, Pitch, Sense


def _dictionary():
    """The dictionary module, imported on first use: the window opens without it."""
    from app.core import dictionary

    return dictionary


def morae(kana: str) -> list[str]:
    return _dictionary().morae(kana)
from app.core.furigana import align, has_kanji, to_hiragana

log = logging.getLogger(__name__)

__all__ = ["render_html", "LookupPanel", "LookupPopup", "LookupDock"]

DOWNSTEP_MARK = "\ua71c"  # ꜜ: the conventional mark after the mora where pitch falls
MAX_OTHER_FORMS = 4

# Colours per theme.  The panel picks the theme from its palette, so the text
# stays readable whatever the window's colours are.
_THEMES: dict[bool, dict[str, str]] = {
    False: {
        "text": "#1f1f1f", "grey": "#6b6b6b", "pos": "#2b5f8a", "num": "#8a8a8a",
        "common_bg": "#2e7d32", "common_fg": "#ffffff", "freq_bg": "#e4e4e4", "freq_fg": "#383838",
        "border": "#c9c9c9", "heading": "#555555", "pitch": "#b3261e", "rule": "#dddddd",
    },
    True: {
        "text": "#e8e8e8", "grey": "#a9a9a9", "pos": "#8fc3ee", "num": "#9a9a9a",
        "common_bg": "#3f8f45", "common_fg": "#ffffff", "freq_bg": "#3b3b3b", "freq_fg": "#dedede",
        "border": "#5a5a5a", "heading": "#bdbdbd", "pitch": "#ff8a80", "rule": "#4a4a4a",
    },
}

_NAME_TYPES = {
    "surname": "surname", "given": "given name", "fem": "female given name",
    "masc": "male given name", "person": "person", "place": "place", "company": "company",
    "organization": "organization", "station": "station", "product": "product",
    "work": "work", "unclass": "name",
}



# ---------------------------------------------------------------------------
# HTML rendering (pure)
# ---------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _style(c: dict[str, str]) -> str:
    # Qt's CSS understands class selectors, colours, font sizes, margins and
    # cell padding; anything fancier is silently ignored.
    return f"""<style>
body {{ color: {c['text']}; }}
p {{ margin-top: 0px; margin-bottom: 2px; }}
.grey {{ color: {c['grey']}; font-size: small; }}
.pos {{ color: {c['pos']}; font-size: small; font-style: italic; }}
.num {{ color: {c['num']}; font-weight: bold; }}
.common {{ background-color: {c['common_bg']}; color: {c['common_fg']}; font-size: small; font-weight: bold; }}
.freq {{ background-color: {c['freq_bg']}; color: {c['freq_fg']}; font-size: small; }}
.ruby {{ color: {c['grey']}; font-size: small; }}
.head {{ font-size: x-large; }}
.head2 {{ font-size: large; }}
.hi {{ text-decoration: overline; }}
.drop {{ color: {c['pitch']}; font-weight: bold; font-size: large; }}
.reading {{ margin-top: 3px; margin-bottom: 3px; }}
.section {{ color: {c['heading']}; font-size: small; font-weight: bold; }}
.literal {{ font-size: xx-large; }}
.infl {{ color: {c['grey']}; }}
.msg {{ color: {c['grey']}; }}
</style>"""


def _frequency_text(band: int) -> str:
    """JMdict's nfXX bands hold 500 words each: nf03 is among the 1,500 most frequent."""
    return f"top {band * 500:,}"


def _readings(e: Entry, head: str) -> list[str]:
    """The kana forms that read ``head`` (a kana headword reads as itself)."""
    if not e.kanji or head in {k.text for k in e.kana}:
        return [head]
    return e.readings_for(head) or [k.text for k in e.kana]


def _pitch_html(kana: str, p: Pitch) -> str:
    """One accent drawn over the morae of ``kana`` (katakana stays katakana)."""
    m = morae(kana)
    if len(m) != len(p.pattern):
        m = morae(p.reading)
    parts = []
    for i, mora in enumerate(m):
        high = i < len(p.pattern) and p.pattern[i] == "H"
        cls = "hi" if high else "lo"
        parts.append(f'<span class="{cls}">{_e(mora)}</span>')
        if p.downstep and i + 1 == p.downstep:
            parts.append(f'<span class="drop">{DOWNSTEP_MARK}</span>')
    return "".join(parts) + f' <span class="grey">[{p.downstep}]</span>'


def _pitches_for(kana: str, pitch: tuple[Pitch, ...]) -> list[Pitch]:
    h = to_hiragana(kana)
    return [p for p in pitch if p.reading == h]


def _reading_line(readings: list[str], pitch: tuple[Pitch, ...]) -> str:
    """Each reading with every accent the analyser knows for it."""
    out = []
    for r in readings:
        ps = _pitches_for(r, pitch)
        if ps:
            out.append("&nbsp;&nbsp;".join(_pitch_html(r, p) for p in ps))
        else:
            out.append(_e(r))
    return "、".join(out)


def _ruby_table(head: str, reading: str | None, cls: str) -> str:
    """Furigana as a two-row table: Qt's rich text has no ``<ruby>``."""
    segments = align(head, reading) if reading and has_kanji(head) else [(head, None)]
    top = "".join(
        f'<td align="center" class="ruby">{_e(ruby) if ruby else "&nbsp;"}</td>' for _, ruby in segments)
    bottom = "".join(f'<td align="center" class="{cls}">{_e(text)}</td>' for text, _ in segments)
    return (f'<table cellspacing="0" cellpadding="0"><tr>{top}</tr>'
            f"<tr>{bottom}</tr></table>")


def _badges(e: Entry) -> str:
    out = []
    if e.common:
        out.append('<span class="common">&nbsp;common&nbsp;</span>')
    if e.freq_band:
        out.append(f'<span class="freq">&nbsp;{_e(_frequency_text(e.freq_band))}&nbsp;</span>')
    return "&nbsp;".join(out)


def _xref_text(ref: str) -> str:
    """JMdict writes cross-references as '寄る・よる・6'; a learner reads '寄る【よる】 sense 6'."""
    parts = ref.split("・")
    word = parts[0]
    rest = parts[1:]
    sense = rest.pop() if rest and rest[-1].isdigit() else None
    text = word + (f"【{rest[0]}】" if rest else "")
    if sense:
        text += f" sense {sense}"
    return text


def _sense_rows(senses: tuple[Sense, ...]) -> str:
    rows = []
    last_pos: tuple[str, ...] = ()
    for i, s in enumerate(senses, 1):
        if s.pos and s.pos != last_pos:
            rows.append(f'<tr><td colspan="2" class="pos" style="padding-top: 3px">{_e("; ".join(s.pos))}</td></tr>')
        last_pos = s.pos or last_pos
        text = _e("; ".join(s.glosses))
        notes = []
        tags = list(s.misc) + list(s.field) + [f"{d} dialect" if not d.endswith("-ben") else d for d in s.dialect]
        if tags:
            notes.append(", ".join(tags))
        if s.only_kanji or s.only_kana:
            notes.append("only " + "、".join(s.only_kanji + s.only_kana))
        if s.info:
            notes.append("; ".join(s.info))
        if s.xrefs:
            notes.append("see " + ", ".join(_xref_text(x) for x in s.xrefs))
        if s.antonyms:
            notes.append("antonym " + ", ".join(_xref_text(x) for x in s.antonyms))
        if notes:
            text += f' <span class="grey">({_e(" — ".join(notes))})</span>'
        rows.append(f'<tr><td align="right" valign="top" width="22" class="num">{i}.</td>'
                    f'<td valign="top" style="padding-left: 4px">{text}</td></tr>')
    return ('<table width="100%" cellspacing="0" cellpadding="1" style="margin-top: 2px; margin-bottom: 6px">'
            + "".join(rows) + "</table>")


def _entry_html(e: Entry, match: Match, pitch: tuple[Pitch, ...], inflection: str | None, main: bool) -> str:
    kanji_texts = {f.text for f in e.kanji}
    head = e.headword(match.text if match.text in kanji_texts else None)
    readings = _readings(e, head)
    ruby = readings[0] if head in kanji_texts else None
    cls = "head" if main else "head2"
    parts = [
        '<table cellspacing="0" cellpadding="0" style="margin-top: 6px"><tr>'
        f'<td valign="bottom">{_ruby_table(head, ruby, cls)}</td>'
        f'<td valign="bottom" style="padding-left: 10px; padding-bottom: 4px">{_badges(e)}</td>'
        "</tr></table>"
    ]
    if ruby or any(_pitches_for(r, pitch) for r in readings):  # a bare kana repeat says nothing
        parts.append(f'<p class="reading">{_reading_line(readings, pitch)}</p>')
    others = [f.text for f in e.kanji if f.text != head][:MAX_OTHER_FORMS]
    if others:
        parts.append(f'<p class="grey">also written {_e("、".join(others))}</p>')
    reasons = match.reasons_for(e.id)
    if main and inflection:
        parts.append(f'<p class="infl">← {_e(inflection)}</p>')
    elif reasons:
        parts.append(f'<p class="infl">← {_e(", ".join(reasons))}</p>')
    parts.append(_sense_rows(e.senses))
    return "".join(parts)


def _kanji_html(k: KanjiInfo) -> str:
    facts = k.facts()
    lines = [f"<b>{_e(', '.join(k.meanings)) or '&nbsp;'}</b>"]
    if k.on:
        lines.append(f'<span class="grey">on</span> {_e("、".join(k.on))}')
    if k.kun:
        lines.append(f'<span class="grey">kun</span> {_e("、".join(k.kun))}')
    if k.nanori:
        lines.append(f'<span class="grey">names</span> {_e("、".join(k.nanori[:6]))}')
    if facts:
        lines.append(f'<span class="grey">{_e(" · ".join(facts))}</span>')
    return ('<tr><td valign="top" align="center" class="literal" style="padding-right: 8px">'
            f'{_e(k.literal)}</td><td valign="top">{"<br>".join(lines)}</td></tr>')


def _name_html(n: NameEntry) -> str:
    forms = "・".join(n.kanji + n.kana) or n.text
    trans = []
    for t in n.translations:
        types = ", ".join(_NAME_TYPES.get(x, x) for x in t.types)
        item = _e("; ".join(t.glosses))
        if types:
            item += f' <span class="grey">({_e(types)})</span>'
        trans.append(item)
    return f'<p><span class="head2">{_e(forms)}</span>&nbsp;&nbsp;{"; ".join(trans)}</p>'


def _message(text: str, c: dict[str, str]) -> str:
    return f'<html><head>{_style(c)}</head><body><p class="msg">{_e(text)}</p></body></html>'


def render_html(result: LookupResult, match_index: int = 0, dark: bool = False, surface: str = "",
                status: str | None = None) -> str:
    """The entry as Qt rich text; ``surface`` names the clicked word when nothing is found.

    ``status`` is the dictionary service's sentence when it cannot be used: shown instead.
    """
    c = _THEMES[bool(dark)]
    if status:
        return _message(status, c)
    if not result.found:
        word = f"「{surface}」" if surface else "this word"
        return _message(f"No dictionary entry for {word}.", c)

    sections: list[str] = []
    names = ""
    if result.names:
        names = '<p class="section">Names</p>' + "".join(_name_html(n) for n in result.names)
    if result.matches:
        match_index = max(0, min(match_index, len(result.matches) - 1))
        match = result.matches[match_index]
        # The analyser's inflection sentence is about the clicked form; it
        # belongs with the match that starts at the click (the first).
        inflection = result.inflection if match_index == 0 else None
        sections.append(_entry_html(match.entries[0], match, result.pitch, inflection, main=True)
                        if match.entries else "")
        if len(match.entries) > 1:
            sections.append(f'<p class="section">Other entries for {_e(match.text)}</p>'
                            + "".join(_entry_html(e, match, result.pitch, None, main=False)
                                      for e in match.entries[1:]))
    else:
        # Only names: they are the answer, so they come first, with what the
        # analyser knows about the clicked word's sound and form.
        head = [names]
        names = ""
        if result.pitch:
            p0 = result.pitch[0]
            kana = surface if surface and to_hiragana(surface) == p0.reading else p0.reading
            head.append(f'<p class="reading"><span class="grey">pitch</span> '
                        f'{_reading_line([kana], result.pitch)}</p>')
        if result.inflection:
            head.append(f'<p class="infl">← {_e(result.inflection)}</p>')
        sections.append("".join(head))
    if result.kanji:
        sections.append('<p class="section">Kanji</p><table cellspacing="0" cellpadding="3">'
                        + "".join(_kanji_html(k) for k in result.kanji) + "</table>")
    if names:
        sections.append(names)
    body = "<hr>".join(s for s in sections if s)
    return f"<html><head>{_style(c)}</head><body>{body}</body></html>"


def _match_strip_html(result: LookupResult, index: int) -> str:
    items = []
    for i, m in enumerate(result.matches):
        text = _e(m.text)
        items.append(f"<b>{text}</b>" if i == index
                     else f'<a href="match:{i}" style="text-decoration: none">{text}</a>')
    return " · ".join(items)


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


# ---------------------------------------------------------------------------
# Widgets
# ---------------------------------------------------------------------------


class LookupPanel(QWidget):
    """The entry view shared by the popup and the dock.

    ↑/↓ walk the matches (取締役会 → 取締役 → 取締) rather than scroll, because
    choosing the right span is what the learner does here; the page keys and
    the wheel still scroll the entry.
    """

    add_requested = Signal(object)  # the current Entry
    pin_requested = Signal()
    close_requested = Signal()
    match_changed = Signal(int)  # e.g. to highlight the chosen span in the reader

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lookupPanel")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._result: LookupResult | None = None  # None: nothing looked up yet
        self._surface = ""
        self._status: str | None = None
        self._index = 0
        self._add_enabled = False
        self._pinned = False
        self._dark: bool | None = None  # None: follow the palette

        self.add_button = QPushButton("Add", self)
        self.add_button.setObjectName("lookupAdd")
        self.add_button.setToolTip("Add this word to your vocabulary (A)")
        self.pin_button = QPushButton("Pin", self)
        self.pin_button.setObjectName("lookupPin")
        self.pin_button.setToolTip("Keep the lookup in a side panel")
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("lookupClose")
        self.close_button.setToolTip("Close the lookup (Esc)")
        for b in (self.add_button, self.pin_button, self.close_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep ↑/↓/Esc with the panel
            b.setAutoDefault(False)

        self.match_strip = QLabel(self)
        self.match_strip.setObjectName("lookupMatches")
        self.match_strip.setTextFormat(Qt.TextFormat.RichText)
        self.match_strip.setWordWrap(True)
        self.match_strip.setToolTip("Other ways to read the words here (↑/↓)")
        self.match_strip.linkActivated.connect(self._on_strip_link)
        self.match_strip.hide()

        self.browser = QTextBrowser(self)
        self.browser.setObjectName("lookupBrowser")
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setReadOnly(True)
        self.browser.setFrameShape(QFrame.Shape.NoFrame)
        self.browser.installEventFilter(self)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(4)
        bar.addWidget(self.add_button)
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

    def set_result(self, result: LookupResult, surface: str = "", status: str | None = None) -> None:
        self._result = result
        self._surface = surface
        self._status = status
        self._index = 0
        self._refresh()

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

    # -- internals ----------------------------------------------------------

    def _dark_theme(self) -> bool:
        return _is_dark(self.browser.palette()) if self._dark is None else self._dark

    def _refresh(self) -> None:
        if self._result is None and not self._surface:
            self._html = _message("Click a word, or press Enter on it, to look it up.",
                                  _THEMES[self._dark_theme()])
        else:
            self._html = render_html(self.result, self._index, self._dark_theme(), self._surface, self._status)
        self.browser.setHtml(self._html)
        if self._result is not None and len(self._result.matches) > 1:
            self.match_strip.setText(_match_strip_html(self._result, self._index))
            self.match_strip.show()
        else:
            self.match_strip.clear()
            self.match_strip.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self._add_enabled and self.current_entry is not None)

    def _on_add(self) -> None:
        entry = self.current_entry
        if entry is not None:
            self.add_requested.emit(entry)

    def _on_strip_link(self, link: str) -> None:
        if link.startswith("match:"):
            self.select_match(int(link.split(":", 1)[1]))

    def _handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if key == Qt.Key.Key_Down:
            self.next_match()
        elif key == Qt.Key.Key_Up:
            self.previous_match()
        elif key == Qt.Key.Key_Escape:
            self.close_requested.emit()
        elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp, Qt.Key.Key_Home, Qt.Key.Key_End):
            bar = self.browser.verticalScrollBar()
            step = bar.pageStep()
            target = {Qt.Key.Key_PageDown: bar.value() + step, Qt.Key.Key_PageUp: bar.value() - step,
                      Qt.Key.Key_Home: bar.minimum(), Qt.Key.Key_End: bar.maximum()}[key]
            bar.setValue(target)
        else:
            return False
        event.accept()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A click in the entry gives the browser focus; its own ↑/↓ would
        # scroll and Esc would do nothing, so route those to the panel.
        if watched is self.browser and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Escape):
                return self._handle_key(event)
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
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
        shadow.setColor(QColor(0, 0, 0, 90))
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
        """Where the popup goes: below the word, else above it, never over it.

        ``height`` is what the content needs; the popup is never taller than
        PREFERRED_HEIGHT (longer entries scroll) nor than the room there is.
        """
        parent = self.parentWidget()
        pw, ph = (parent.width(), parent.height()) if parent is not None else (800, 600)
        m, gap = self.MARGIN, self.GAP
        w = max(1, min(self.PREFERRED_WIDTH, pw - 2 * m))
        want = self.PREFERRED_HEIGHT if height is None else max(self.MIN_HEIGHT, min(height, self.PREFERRED_HEIGHT))
        word_top = rect.y()
        below_top = rect.y() + rect.height() + gap  # rect.bottom() is inclusive: use y + height
        room_below = ph - m - below_top
        room_above = word_top - gap - m
        if room_below >= want:
            place_below, h = True, want
        elif room_above >= want:
            place_below, h = False, want
        elif max(room_below, room_above) > 0:  # neither fits: the roomier side, shrunk (it scrolls)
            place_below = room_below >= room_above
            h = room_below if place_below else room_above
        else:  # a word taller than the parent: overlapping cannot be helped
            return QRect(m, m, w, max(1, min(want, ph - 2 * m)))
        y = below_top if place_below else word_top - gap - h
        x = max(m, min(rect.x(), pw - m - w))
        return QRect(x, y, w, h)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if not event.spontaneous():
            self.closed.emit()


class LookupDock(QDockWidget):
    """The pinned lookup: stays open beside the text while the reader clicks on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Lookup", parent)
        self.setObjectName("lookupDock")  # saveState/restoreState key
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
                             | Qt.DockWidgetArea.BottomDockWidgetArea)
        self.panel = LookupPanel(self)
        self.panel.set_pinned(True)
        self.panel.close_requested.connect(self.hide)
        self.setWidget(self.panel)
