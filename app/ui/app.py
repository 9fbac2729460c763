"""Starting the GUI: platform checks, the application object, screenshots.

Qt aborts the whole process when its platform plugin cannot load, so the
checks that can explain why (no display, a missing xcb library) run before
QApplication is created.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
import time
from pathlib import Path

_START = time.perf_counter()

XCB_LIBRARIES = {
    # library soname stem -> Debian/Ubuntu package
    "xcb-cursor": "libxcb-cursor0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-shape": "libxcb-shape0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-image": "libxcb-image0",
}


def platform_problem() -> str | None:
    """One sentence saying why Qt could not open a window here, or None."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc")):
        return None
    if platform.startswith("wayland") or (not platform and os.environ.get("WAYLAND_DISPLAY")
                                          and not os.environ.get("DISPLAY")):
        return None
    if not os.environ.get("DISPLAY"):
        return ("There is no display to open a window on (DISPLAY is not set). "
                "Run Shiori from a desktop session, or use `shiori --screenshot OUT.png`.")
    missing = [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]
    if display_answers(os.environ["DISPLAY"]) is False:
        # Qt would abort with its own lines, one of them wrongly blaming libxcb-cursor0
        return (f"The display {os.environ['DISPLAY']} could not be opened: no X server answers there, "
                "or it refused the connection. Start Shiori from a running desktop session "
                "(or check DISPLAY), or use `shiori --screenshot OUT.png`.")
    if missing:
        return ("Qt cannot open a window: this system lacks libraries of Qt's xcb platform plugin. "
                f"Install them (on Debian/Ubuntu: sudo apt install {' '.join(missing)}) and start Shiori again.")
    return None


def display_answers(display: str) -> bool | None:
    """Whether an X server accepts a connection on *display*; None if that cannot be told.

    Asks libxcb itself (the library Qt's xcb plugin connects with), so the
    answer covers the socket, the host and the authorisation alike.
    """
    name = ctypes.util.find_library("xcb")
    if name is None:
        return None
    try:
        xcb = ctypes.CDLL(name)
        xcb.xcb_connect.restype = ctypes.c_void_p
        xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
        xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
        xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    except (OSError, AttributeError):
        return None
    conn = xcb.xcb_connect(display.encode(), None)
    if not conn:
        return False
    try:
        return xcb.xcb_connection_has_error(conn) == 0
    finally:
        xcb.xcb_disconnect(conn)  # also frees the error object returned for a failed connection


def _settings(data_dir: Path):
    from PySide6.QtCore import QSettings

    data_dir.mkdir(parents=True, exist_ok=True)
    return QSettings(str(data_dir / "settings.ini"), QSettings.IniFormat)


# Qt messages that say nothing to a reader (the offscreen platform's own remarks).
_QUIET_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",
                      "QBackingStore::flush() called for")


def _qt_message(mode, context, message: str) -> None:
    import logging

    from PySide6.QtCore import QtMsgType

    if message.startswith(_QUIET_QT_MESSAGES):
        return
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO}.get(mode, logging.WARNING)
    logging.getLogger("shiori.qt").log(level, "%s", message)


def make_application(argv: list[str] | None = None):
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_qt_message)
        app = QApplication(argv or ["shiori"])
        app.setApplicationName("Shiori")
        app.setOrganizationName("Shiori")
        app.setApplicationDisplayName("Shiori")
        app.setDesktopFileName("shiori")
        from PySide6.QtGui import QIcon

        from ..core.paths import resources_dir

        icon = resources_dir() / "shiori.svg"
        if icon.is_file():
            app.setWindowIcon(QIcon(str(icon)))
    return app


def create_window(data_dir: Path | None = None, context=None):
    """A main window on *context* (or a new context for *data_dir*)."""
    from ..core.context import create_context
    from .main_window import MainWindow

    if context is None:
        context = create_context(data_dir)
    return MainWindow(_settings(context.data_dir), context)


def run_gui(args) -> int:
    from ..core.paths import data_dir, default_document

    screenshot = getattr(args, "screenshot", None)
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problem = platform_problem()
    if problem:
        print(f"shiori: {problem}", file=sys.stderr)
        return 1
    app = make_application([sys.argv[0]])
    folder = data_dir(getattr(args, "data_dir", None))
    try:
        window = create_window(folder)
    except OSError as e:
        print(f"shiori: The data folder {folder} cannot be used: {e.strerror or e} (is it a file?). "
              "Choose another with --data-dir.", file=sys.stderr)
        return 1
    window.persist = not screenshot
    path = args.file or default_document()
    vertical = bool(getattr(args, "vertical", False))
    layout = getattr(args, "layout", None)
    if layout and not screenshot:
        print("shiori: --layout goes with --screenshot", file=sys.stderr)
        return 2
    if vertical:
        window.force_vertical = True
    if screenshot:
        if not window.open_path(path, wait=True):
            print(f"shiori: {window.last_error}", file=sys.stderr)
            return 1
        return _screenshot(app, window, screenshot, args.size, getattr(args, "lookup", None), layout)
    exit_after = os.environ.get("SHIORI_EXIT_AFTER")  # for `shiori bench`
    if window.settings.value("window/geometry") is None:
        screen = app.primaryScreen()
        if screen is not None:  # the first run: a size that suits the screen (then the one the reader left)
            window.setGeometry(initial_geometry(screen.availableGeometry()))
    shown = time.perf_counter()
    window.show()

    def loaded(ok: bool) -> None:
        window.load_finished.disconnect(loaded)
        if not ok:  # say why on the terminal too; the error dialog shows over the bundled article
            print(f"shiori: {window.last_error}", file=sys.stderr)
            window.open_path(default_document())

    window.load_finished.connect(loaded)
    if exit_after:
        from ..core.background import memory_mb

        def painted() -> None:
            now = time.perf_counter()
            mem = memory_mb()
            print(f"first-paint {now - _START:.4f} after-show {now - shown:.4f} peak-mb {mem['peak']:.1f} "
                  f"private-mb {mem['private']:.1f} mapped-mb {mem['mapped']:.1f}",
                  flush=True)
            if exit_after == "first-paint":
                app.quit()

        def analysed() -> None:
            stats = window.analysis_stats()
            mem = memory_mb()
            print(f"analysed {time.perf_counter() - _START:.4f} peak-mb {mem['peak']:.1f} "
                  f"private-mb {mem['private']:.1f} mapped-mb {mem['mapped']:.1f} "
                  f"analysis-peak-mb {stats.get('peak_mb', 0.0):.1f} "
                  f"analysis-private-mb {stats.get('private_mb', 0.0):.1f} "
                  f"analysis-mapped-mb {stats.get('mapped_mb', 0.0):.1f}", flush=True)
            app.quit()

        window.reader.first_paint.connect(painted)
        if exit_after == "analysis":
            window.analysis_finished.connect(analysed)
    window.open_path(path)  # in the background: the window is up while the file is read
    return app.exec()


def initial_geometry(available):
    """The window's first geometry on a screen whose free area is *available*: most of it, centred.

    A reader reads long texts: the window takes 85% of the width (at most
    1600 px, a comfortable line) and 90% of the height.
    """
    from PySide6.QtCore import QRect

    w = min(available.width(), max(min(900, available.width()), min(1600, round(available.width() * 0.85))))
    h = min(available.height(), max(min(640, available.height()), round(available.height() * 0.9)))
    x = available.x() + (available.width() - w) // 2
    y = available.y() + (available.height() - h) // 2
    return QRect(x, y, w, h)


def _screenshot(app, window, out: str, size: str, lookup_index: int | None, layout: str | None = None) -> int:
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    try:
        w, h = (int(v) for v in size.lower().split("x"))
    except ValueError:
        print(f"shiori: --size must look like 1200x800, not {size!r}", file=sys.stderr)
        return 2
    window.resize(w, h)
    from .window_settings import sidebar_width

    window.resizeDocks([window.sidebar], [sidebar_width(w)], Qt.Horizontal)
    window.show()
    loop = QEventLoop()
    window.reader.first_paint.connect(loop.quit)
    QTimer.singleShot(5000, loop.quit)
    window.reader.viewport().repaint()
    if window.reader.paint_count == 0:
        loop.exec()
    app.processEvents()
    # the render shows the finished document: readings checked, progress gone
    deadline = time.perf_counter() + 30
    while window.analysis_running() and time.perf_counter() < deadline:
        app.processEvents(QEventLoop.AllEvents, 50)
        time.sleep(0.01)
    app.processEvents()
    if lookup_index is not None:
        pos = flat_token_position(window.reader, lookup_index)
        if pos is None:
            print(f"shiori: --lookup {lookup_index}: the document has fewer tokens", file=sys.stderr)
            window.close()
            return 1
        window.reader.set_current(*pos)
        window.lookup(*pos)
    for _ in range(3):
        app.processEvents()
    image = window.grab()
    if not image.save(out):
        print(f"shiori: cannot write {out}", file=sys.stderr)
        return 1
    if layout:
        from .layout_export import write_layout

        try:
            write_layout(window, layout)
        except OSError as e:
            print(f"shiori: cannot write {layout}: {e.strerror}", file=sys.stderr)
            return 1
    window.close()
    return 0


def flat_token_position(reader, index: int) -> tuple[int, int] | None:
    """Token *index* of the document (tokens numbered across paragraphs, as `annotate` lists them)."""
    for p in range(len(reader.layout.texts)):
        toks = reader.tokens(p)
        if toks is None:
            return None
        if index < len(toks):
            return p, index
        index -= len(toks)
    return None
