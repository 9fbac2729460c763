"""The window's and the reader's settings: restored at start, saved when the window closes.

Font size, theme, font, furigana mode and threshold, window geometry and
docks live in QSettings (settings.ini in the data folder); what belongs to a
text (its position, its view) lives in the store instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt

from ..core.words import Status
from .reader_view import FURIGANA_MODES, ReaderView

__all__ = ["restore", "save", "FURIGANA_THRESHOLDS", "recent_files", "add_recent", "fill_recent_menu", "MAX_RECENT"]

MAX_RECENT = 10

# "only words not known" hides furigana from this status on (View > Furigana)
FURIGANA_THRESHOLDS = {Status.KNOWN: "Hide on &Known Words", Status.LEARNED: "Hide from Status &5",
                       Status.LEARNING_4: "Hide from Status &4"}


def restore(window) -> None:
    """The reader's and the window's settings as the reader left them (sensible defaults the first time)."""
    s = window.settings
    size = s.value("reader/point_size", ReaderView.DEFAULT_POINT_SIZE, type=float)
    window.reader.set_point_size(size)
    window.apply_theme(s.value("reader/theme", "light", type=str))
    family = s.value("reader/font", "serif", type=str)
    window.reader.set_font_family(family)
    window.sans_action.setChecked(family == "sans")
    mode = s.value("reader/furigana", "all", type=str)
    window.reader.set_furigana_mode(mode if mode in FURIGANA_MODES else "all")
    window.furigana_actions[window.reader.furigana_mode].setChecked(True)
    try:
        threshold = Status.parse(s.value("reader/furigana_threshold", Status.KNOWN.code, type=str))
    except ValueError:
        threshold = Status.KNOWN
    window.set_furigana_threshold(threshold if threshold in FURIGANA_THRESHOLDS else Status.KNOWN, save=False)
    geometry = s.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    else:
        window.resize(1100, 760)
    state = s.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    else:  # first run: room for the vocabulary's word, reading and meaning
        window.resizeDocks([window.sidebar], [sidebar_width(window.width())], Qt.Horizontal)
    pinned = s.value("lookup/pinned", False, type=bool)
    window.set_pinned(pinned)


def sidebar_width(window_width: int) -> int:
    """The sidebar's width on a first run: room for word, reading and meaning, the text keeping most of the window."""
    return max(260, min(430, int(window_width * 0.33)))


def save(window) -> None:
    """Everything restore() reads, written back."""
    s = window.settings
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/state", window.saveState())
    s.setValue("reader/point_size", window.reader.point_size)
    s.setValue("reader/theme", window.reader.theme.name)
    s.setValue("reader/font", window.reader.font_family)
    s.setValue("reader/furigana", window.reader.furigana_mode)
    s.setValue("reader/furigana_threshold", window.reader.furigana_threshold.code)
    s.setValue("lookup/pinned", window.pinned)
    s.sync()


def recent_files(settings: QSettings) -> list[str]:
    value = settings.value("files/recent", [])
    if isinstance(value, str):  # QSettings gives one value back as a string
        value = [value]
    return [str(v) for v in (value or [])]


def add_recent(settings: QSettings, path: str) -> None:
    recent = [p for p in recent_files(settings) if p != path]
    recent.insert(0, path)
    settings.setValue("files/recent", recent[:MAX_RECENT])


def fill_recent_menu(menu, files: list[str], open_path) -> None:
    menu.clear()
    if not files:
        menu.addAction("(none)").setEnabled(False)
    for path in files:
        menu.addAction(Path(path).name, lambda p=path: open_path(p)).setToolTip(path)
