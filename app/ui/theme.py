"""Every colour Shiori paints with, light and dark, in one place.

The reader's theme, the widgets' palette that goes with it, the entry
view's colours and the warning text are chosen together: the current word's
outline must stand out from hover, selection and every learning tint in
both themes, and that is only checkable when all of them sit side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

__all__ = [
    "ReaderTheme", "LIGHT", "DARK", "THEMES", "reader_theme", "dark_palette",
    "ENTRY_COLOURS", "entry_colours", "warning_colour", "POPUP_SHADOW", "status_colours",
]


@dataclass(frozen=True)
class ReaderTheme:
    """The reader's colours.

    *current* outlines the current word (the keyboard's cursor); it is drawn
    last, over tints and the selection, so it is never hidden. *hover* and
    *selection* are fills, *status_tints* the backgrounds of learning words
    (statuses 1..5), *unsaved_mark* the line under words never saved.
    """

    name: str
    background: QColor
    text: QColor
    ruby: QColor
    hover: QColor
    current: QColor
    selection: QColor
    unsaved_mark: QColor
    status_tints: tuple[QColor, ...]  # statuses 1..5

    @property
    def dark(self) -> bool:
        return self.name == "dark"


LIGHT = ReaderTheme(
    "light", QColor("#fbf8f1"), QColor("#1f1f1f"), QColor("#5a5a5a"), QColor(0, 0, 0, 22),
    QColor("#6a1b9a"), QColor("#b4d5fe"), QColor(60, 110, 200, 70),
    tuple(QColor(c) for c in ("#ffd2c2", "#ffe0b8", "#fff0b3", "#eef5c0", "#e1f3d8")),
)
DARK = ReaderTheme(
    "dark", QColor("#1e1f22"), QColor("#e6e1d6"), QColor("#a9a398"), QColor(255, 255, 255, 28),
    QColor("#ffc94d"), QColor("#2f4f7a"), QColor(120, 170, 255, 80),
    tuple(QColor(c) for c in ("#6b3426", "#6b4b26", "#665c24", "#4c5a26", "#2f5532")),
)
THEMES = {"light": LIGHT, "dark": DARK}


def status_colours(dark: bool) -> dict:
    """Status -> colour for lists of words (the sidebar): the reader's tints of learning words."""
    from ..core.words import Status

    theme = DARK if dark else LIGHT
    return {Status(i + 1): tint for i, tint in enumerate(theme.status_tints)}  # known, ignored: plain, as in the text


def reader_theme(name: str) -> ReaderTheme:
    """The theme called *name*; light for anything unknown (an old or edited settings file)."""
    return THEMES.get(name, LIGHT)


_DARK_WIDGETS = {
    QPalette.Window: "#26272b", QPalette.WindowText: "#e6e1d6", QPalette.Base: "#1e1f22",
    QPalette.AlternateBase: "#2b2c30", QPalette.Text: "#e6e1d6", QPalette.Button: "#303136",
    QPalette.ButtonText: "#e6e1d6", QPalette.Highlight: "#2f4f7a", QPalette.HighlightedText: "#ffffff",
    QPalette.ToolTipBase: "#303136", QPalette.ToolTipText: "#e6e1d6", QPalette.Link: "#8ab4f8",
    QPalette.PlaceholderText: "#8a877f",
}
_DARK_DISABLED = "#75736d"


def dark_palette() -> QPalette:
    """Widget colours to go with the reader's dark theme."""
    pal = QPalette()
    for role, colour in _DARK_WIDGETS.items():
        pal.setColor(role, QColor(colour))
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
        pal.setColor(QPalette.Disabled, role, QColor(_DARK_DISABLED))
    return pal


# The dictionary entry's colours, as CSS values for Qt's rich text.
ENTRY_COLOURS: dict[bool, dict[str, str]] = {
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


def entry_colours(dark: bool) -> dict[str, str]:
    return ENTRY_COLOURS[bool(dark)]


# the lookup popup's drop shadow: the same in both themes (it darkens whatever is under it)
POPUP_SHADOW = QColor(0, 0, 0, 90)

_WARNING = {False: "#b3261e", True: "#ff8a80"}


def warning_colour(dark: bool) -> str:
    """The status bar's lasting-problem text (no font, no dictionary), readable on either background."""
    return _WARNING[bool(dark)]
