"""The main window around the reader: files, notices, screenshots, keyboard extras."""

from __future__ import annotations

import os

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage

from app.core.words import WordKey


def test_screenshot_command_renders_and_leaves_settings_alone(qapp, tmp_path):
    from app.cli import main

    out = tmp_path / "shot.png"
    data = tmp_path / "data"
    assert main(["--screenshot", str(out), "--size", "800x600", "--lookup", "34", "--data-dir", str(data)]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (800, 600)
    settings = (data / "settings.ini").read_text(encoding="utf-8") if (data / "settings.ini").exists() else ""
    assert "geometry" not in settings and "recent" not in settings


def test_screenshot_with_a_bad_size_is_refused(qapp, tmp_path, capsys):
    from app.cli import main

    assert main(["--screenshot", str(tmp_path / "x.png"), "--size", "big", "--data-dir", str(tmp_path)]) == 2
    assert "--size" in capsys.readouterr().err


def test_platform_problems_are_explained(monkeypatch):
    import ctypes.util

    from app.ui import app as gui

    monkeypatch.setattr(gui.sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    assert "no display" in gui.platform_problem()
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(gui, "display_answers", lambda display: True)
    real = ctypes.util.find_library
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None if name == "xcb-cursor" else real(name) or "x")
    problem = gui.platform_problem()
    assert "libxcb-cursor0" in problem and "apt install" in problem
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: "lib" + name + ".so")
    assert gui.platform_problem() is None
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.delenv("DISPLAY")
    assert gui.platform_problem() is None


def test_missing_japanese_font_is_named(qtbot, tmp_path, monkeypatch):
    from app.ui import main_window
    from app.ui.app import create_window

    monkeypatch.setattr(main_window, "japanese_font_available", lambda: False)
    win = create_window(tmp_path / "data")
    qtbot.addWidget(win)
    assert any("fonts-noto-cjk" in w for w in win.warnings)
    win.close()


def test_missing_dictionary_still_opens_the_text(qtbot, tmp_path, article_path, find_token):
    from app.core.context import create_context
    from app.core.dictionary import DictionaryService
    from app.ui.app import create_window

    data_dir = tmp_path / "data"
    missing = DictionaryService(tmp_path / "nowhere" / "jamdict.db")
    win = create_window(data_dir, context=create_context(data_dir, dictionary=missing))
    qtbot.addWidget(win)
    win.resize(900, 600)
    assert win.open_path(article_path, wait=True)
    win.show()
    qtbot.waitUntil(lambda: win.reader.paint_count > 0)
    qtbot.waitUntil(lambda: bool(win.warnings))
    assert missing.status() in win.warnings
    qtbot.waitUntil(lambda: not win.analysis_running(), timeout=60000)
    p, t = find_token(win.reader, "陥っ")
    win.lookup(p, t)
    # the popup says why there is no entry, in the service's words
    assert "pip install jamdict-data" in win.popup.panel.html()
    assert "No dictionary entry" not in win.popup.panel.html()
    win.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_dropping_a_file_opens_it(window, qtbot, rashomon_path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(rashomon_path))])
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    with qtbot.waitSignal(window.load_finished) as loaded:
        window.dropEvent(event)
    assert loaded.args == [True]
    assert window.document.format == "aozora"
    assert window.windowTitle().startswith(window.document.title)


def test_tab_walks_the_words_never_saved(window, qtbot, find_token):
    from app.core.words import Status

    reader = window.reader
    vocab = window.context.vocabulary
    p, t = find_token(reader, "陥っ")
    window.show_find()  # another widget Tab could hand the focus to
    reader.setFocus()
    assert window.focusWidget() is reader
    reader.set_current(p, t)
    assert reader.token(p, t + 1).is_word  # いる: saved as known, so Tab passes it
    vocab.set_status(reader.analysed.key_at(p, t + 1), Status.KNOWN)
    qtbot.keyClick(reader, Qt.Key_Tab)
    cp, ct = reader.current
    assert (cp, ct) != (p, t) and reader.token(cp, ct).is_word
    assert ct != t + 1 or cp != p
    assert vocab.status(reader.analysed.key_at(cp, ct)) is Status.NONE
    assert window.focusWidget() is reader  # Tab moved the cursor, not the keyboard focus
    qtbot.keyClick(reader, Qt.Key_Backtab, Qt.ShiftModifier)
    assert reader.current == (p, t)
    assert window.focusWidget() is reader


def _move(reader, point, modifiers):
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    vp = reader.viewport()
    event = QMouseEvent(QMouseEvent.MouseMove, QPointF(point), QPointF(vp.mapToGlobal(point)),
                        Qt.NoButton, Qt.NoButton, modifiers)
    QApplication.sendEvent(vp, event)


def test_hover_highlights_and_shift_hover_looks_up(window, qtbot, find_token):
    reader = window.reader
    p, t = find_token(reader, "難しい")
    reader.ensure_visible(p, t)
    _move(reader, reader.token_rect(p, t).center(), Qt.NoModifier)
    assert reader.hover == (p, t)
    assert not window.popup.isVisible()
    p2, t2 = find_token(reader, "状況")
    _move(reader, reader.token_rect(p2, t2).center(), Qt.ShiftModifier)
    assert reader.hover == (p2, t2)
    qtbot.waitUntil(window.popup.isVisible)
    assert window.popup.panel.surface == "状況"


def test_enter_hands_the_keyboard_to_the_popup(window, qtbot, find_token):
    reader = window.reader
    p, t = find_token(reader, "取締")
    reader.set_current(p, t)
    qtbot.keyClick(reader, Qt.Key_Return)
    qtbot.waitUntil(window.popup.isVisible)
    panel = window.popup.panel
    assert len(panel.result.matches) >= 2 and panel.result.matches[0].text == "取締役会"
    qtbot.keyClick(panel, Qt.Key_Down)
    assert panel.current_match_index == 1
    qtbot.keyClick(panel, Qt.Key_Escape)
    assert not window.popup.isVisible()


def test_analysis_runs_in_a_separate_process_and_can_be_replaced(qtbot, tmp_path, rashomon_path, article_path,
                                                                 find_token):
    from app.ui.app import create_window

    win = create_window(tmp_path / "data")
    qtbot.addWidget(win)
    win.resize(900, 600)
    assert win.open_path(rashomon_path, wait=True)
    win.show()
    qtbot.waitUntil(lambda: win.reader.paint_count > 0)
    qtbot.waitUntil(lambda: win.analysis_process_pid() is not None, timeout=30000)
    child = win.analysis_process_pid()
    assert child != os.getpid() and _alive(child)
    # a new document while the first is analysed: the old process goes, no batch leaks over
    assert win.open_path(article_path, wait=True)
    assert not _alive(child)
    qtbot.waitUntil(lambda: not win.analysis_running(), timeout=60000)
    texts = win.reader.layout.texts
    for p in range(len(texts)):
        toks = win.reader.tokens(p)
        assert toks is not None and "".join(t.surface for t in toks) == texts[p]
    assert find_token(win.reader, "陥っ")
    analysed = win.reader.analysed
    # the process resolved the words: compounds the analyser cut are one word, with the dictionary's entry
    spans = [w for p in range(len(analysed)) for w in analysed.words(p)]
    assert any(w.end - w.first > 1 for w in spans) and sum(w.entry_id is not None for w in spans) > len(spans) / 2
    # a word in many batches is one object in the window, not a copy per batch
    occurrences = [analysed.token(p, t) for p, t in analysed.occurrences(WordKey("マイクロソフト", "まいくろそふと"))]
    assert len({p for p, _ in analysed.occurrences(WordKey("マイクロソフト", "まいくろそふと"))}) > 3
    assert len({id(tok[3]) for tok in occurrences}) == 1
    assert len({id(analysed.key_at(p, t)) for p, t in analysed.occurrences(WordKey("マイクロソフト", "まいくろそふと"))}) == 1
    win.close()


def test_analysis_in_a_thread_when_no_process_can_start(qtbot, tmp_path, rashomon_path, monkeypatch):
    from app.ui import workers
    from app.ui.app import create_window

    monkeypatch.setattr(workers.AnalysisWorker, "use_process", False)
    win = create_window(tmp_path / "data")
    qtbot.addWidget(win)
    assert win.open_path(rashomon_path, wait=True)
    win.show()
    qtbot.waitUntil(lambda: not win.analysis_running(), timeout=60000)
    assert win.analysis_process_pid() is None
    last = len(win.reader.layout.texts) - 1
    assert win.reader.tokens(last) is not None
    genin = [t for t in win.reader.tokens(0) if t.surface == "下人"]
    assert genin and genin[0].ruby_source == "author"
    # the thread warmed the window's own service
    assert win.context.dictionary.cache_snapshot(["下人"])["entries"]
    win.close()


def test_question_mark_opens_the_help(window, qtbot):
    window.reader.setFocus()
    qtbot.keyClick(window.reader, "?")
    qtbot.waitUntil(lambda: window.help_box is not None and window.help_box.isVisible())
    window.help_box.close()


def test_popup_follows_its_word_when_the_text_scrolls(window, qtbot, find_token):
    reader = window.reader
    p, t = find_token(reader, "状況")
    sb = reader.verticalScrollBar()
    _, y, _, _ = reader.layout.token_boxes(p, t)[0]
    sb.setValue(int(y - reader.viewport().height() / 3))
    window.lookup(p, t)
    assert window.popup.isVisible()
    html = window.popup.panel.html()
    before = window.popup.word_rect
    sb.setValue(sb.value() + int(reader.metrics.line_height()))
    rect = reader.token_rect(p, t)
    assert reader.viewport().rect().contains(rect) and rect != before
    assert window.popup.word_rect == rect
    assert not window.popup.geometry().intersects(rect)
    assert window.popup.panel.html() == html
    sb.setValue(sb.maximum())
    assert not window.popup.isVisible()


def test_screenshot_of_a_bad_file_or_token_fails(qapp, tmp_path, capsys):
    from app.cli import main

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = tmp_path / "x.png"
    assert main(["--screenshot", str(out), "--data-dir", str(tmp_path / "d"), str(bad)]) == 1
    assert "empty" in capsys.readouterr().err and not out.exists()
    assert main(["--screenshot", str(out), "--lookup", "999999", "--data-dir", str(tmp_path / "d")]) == 1
    assert "fewer tokens" in capsys.readouterr().err


def test_dark_theme_reaches_the_panels_and_widgets(qtbot, tmp_path):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from app.ui.app import create_window

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "settings.ini").write_text("[reader]\ntheme=dark\n", encoding="utf-8")
    win = create_window(tmp_path / "data")
    qtbot.addWidget(win)
    try:
        assert win.reader.theme.name == "dark" and win.dark_action.isChecked()
        assert win.dock.panel.is_dark() and win.popup.panel.is_dark()
        assert QApplication.instance().palette().color(QPalette.Window).lightness() < 80
        win.toggle_theme()
        assert not win.dock.panel.is_dark()
        assert QApplication.instance().palette().color(QPalette.Window).lightness() > 150
    finally:
        win.apply_theme("light")
        win.close()


def test_find_walks_the_occurrences_and_wraps(window, qtbot):
    reader = window.reader
    texts = reader.layout.texts
    spots = [(p, i) for p, text in enumerate(texts) for i in range(len(text)) if text.startswith("アルトマン", i)]
    assert len(spots) >= 3
    qtbot.keyClick(window, Qt.Key_F, Qt.ControlModifier)
    assert window.find_bar.isVisible()
    window.find_edit.setText("アルトマン")
    qtbot.keyClick(window.find_edit, Qt.Key_Return)
    assert reader.selected_text() == "アルトマン"
    first = reader.selection_range()[0]
    assert first == spots[0]
    assert window.find_next()
    assert reader.selection_range()[0] == spots[1]
    assert window.find_next(False)
    assert reader.selection_range()[0] == spots[0]
    assert window.find_next(False)  # wraps to the last one
    assert reader.selection_range()[0] == spots[-1]
    p, c = spots[-1]
    rect_y = reader.view_y(reader.layout.tops[p])
    assert -reader.viewport().height() < rect_y < reader.viewport().height()
    window.find_edit.setText("存在しない言葉")
    assert not window.find_next()
    assert "is not in this text" in window.status_message()
    qtbot.keyClick(window.find_edit, Qt.Key_Escape)
    assert not window.find_bar.isVisible()


def test_a_store_from_a_newer_version_still_opens_the_text(qtbot, tmp_path, article_path):
    import sqlite3

    from app.core.store import STORE_FILE
    from app.core.words import Status
    from app.ui.app import create_window

    data = tmp_path / "data"
    data.mkdir()
    conn = sqlite3.connect(data / STORE_FILE)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    before = (data / STORE_FILE).read_bytes()
    win = create_window(data)
    qtbot.addWidget(win)
    assert any("newer version" in w and "only until Shiori closes" in w for w in win.warnings)
    assert win.context.memory_only
    assert win.open_path(article_path, wait=True)
    key = win.reader.analysed.key_at(0, 0) or next(w.key for p in range(5) for w in win.reader.analysed.words(p))
    win.reader.vocabulary.set_status(key, Status.NEW)  # statuses still work for the session
    assert win.reader.vocabulary.status(key) is Status.NEW
    win.close()
    assert (data / STORE_FILE).read_bytes() == before  # the newer store is left as it was
    assert sorted(p.name for p in data.iterdir() if p.name.startswith(STORE_FILE)) == [STORE_FILE]


def test_a_damaged_store_set_aside_is_told(qtbot, tmp_path):
    from app.core.store import STORE_FILE
    from app.ui.app import create_window

    data = tmp_path / "data"
    data.mkdir()
    (data / STORE_FILE).write_bytes(b"this is not a database at all\n" * 100)
    win = create_window(data)
    qtbot.addWidget(win)
    assert any("damaged" in w for w in win.warnings)
    win.close()


def test_the_first_window_suits_the_screen(qapp):
    from PySide6.QtCore import QRect

    from app.ui.app import initial_geometry

    g = initial_geometry(QRect(0, 30, 1400, 870))
    assert g.width() >= 1150 and g.height() >= 780  # not 780x590 with a third of the screen unused
    assert QRect(0, 30, 1400, 870).contains(g) and abs(g.center().x() - 700) <= 1
    wide = initial_geometry(QRect(0, 0, 3840, 2160))
    assert wide.width() == 1600  # lines no longer than a reader's eye takes in
    small = initial_geometry(QRect(0, 0, 800, 600))
    assert QRect(0, 0, 800, 600).contains(small)
