"""Lazy layout under a moving view: what the reader sees must not jump, and every word must be reachable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def open_text(qtbot, tmp_path):
    from app.ui.app import create_window

    windows = []

    def make(text: str, name: str = "doc.txt", size=(1000, 700)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        win = create_window(tmp_path / "data")
        qtbot.addWidget(win)
        win.resize(*size)
        assert win.open_path(path, wait=True)
        win.show()
        qtbot.waitUntil(lambda: win.reader.paint_count > 0)
        qtbot.waitUntil(lambda: not win.analysis_running(), timeout=60000)
        windows.append(win)
        return win

    yield make
    for win in windows:
        win.close()


# Wide ruby (承る: うけたまわ) makes laid-out paragraphs much taller than the estimate.
WIDE_RUBY = "題\n" + "\n".join("承る" * 30 + "。" for _ in range(150)) + "\n"


def _visible(reader, pos) -> bool:
    return reader.viewport().rect().contains(reader.token_rect(*pos))


def test_the_end_of_the_document_is_reachable(open_text, qtbot):
    win = open_text(WIDE_RUBY)
    reader = win.reader
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key_End, Qt.ControlModifier)
    last = len(reader.layout.texts) - 1
    assert reader.current[0] == last
    assert _visible(reader, reader.current)
    sb = reader.verticalScrollBar()
    needed = reader.layout.height + 2 * reader.top_margin - reader.viewport().height()
    assert sb.maximum() == int(needed)


def test_scrolling_up_into_unlaid_text_moves_it_by_exactly_one_line(open_text, qtbot):
    win = open_text(WIDE_RUBY)
    reader = win.reader
    reader.move_document_edge(True)
    qtbot.wait(10)
    sb = reader.verticalScrollBar()
    for _ in range(30):
        y_before = reader.token_rect(*reader.current).y()
        sb.setValue(sb.value() - sb.singleStep())
        y_after = reader.token_rect(*reader.current).y()
        assert y_after - y_before == sb.singleStep()


def test_keyboard_never_leaves_the_cursor_off_screen(open_text, qtbot):
    win = open_text(WIDE_RUBY)
    reader = win.reader
    reader.setFocus()
    keys = [Qt.Key_Down] * 40 + [Qt.Key_PageDown] * 5 + [Qt.Key_Up] * 20 + [Qt.Key_PageUp] * 3 + [Qt.Key_Right] * 30
    for key in keys:
        qtbot.keyClick(reader, key)
        assert _visible(reader, reader.current), key


def test_page_down_inside_a_long_paragraph_lands_on_a_visible_word(open_text, qtbot):
    base = "今日は天気がいいので公園に行って友達と遊びました"
    win = open_text("題\n" + (base * 2100)[:50000] + "\n")
    reader = win.reader
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key_Right)
    for _ in range(5):
        qtbot.keyClick(reader, Qt.Key_PageDown)
        assert _visible(reader, reader.current)
    value = reader.verticalScrollBar().value()
    qtbot.keyClick(reader, Qt.Key_Right)
    assert reader.verticalScrollBar().value() == value


def test_resizing_keeps_the_place(window, qtbot):
    reader = window.reader
    sb = reader.verticalScrollBar()
    sb.setValue(1500)
    top = reader.top_anchor()
    for i in range(10):
        window.resize(1000, 700 + i + 1)
        qtbot.wait(1)
    assert sb.value() == 1500
    after = reader.top_anchor()
    assert after.paragraph == top.paragraph and abs(after.fraction - top.fraction) < 0.05


def test_a_window_opened_at_the_top_stays_at_the_top(window):
    # the first layout of the first paragraph (estimated height -> real one) must not scroll
    assert window.reader.verticalScrollBar().value() == 0
    window.resize(700, 500)
    assert window.reader.verticalScrollBar().value() == 0


def test_down_from_a_taller_heading_goes_to_the_next_line(open_text):
    html = "<html><head><title>T</title></head><body><h1>見出しです</h1><p>。。。</p><p>猫</p><p>犬</p></body></html>"
    win = open_text(html, name="d.html")
    reader = win.reader
    heading = next(iter(reader.heading_levels))
    reader.set_current(heading, 0)
    assert reader.move_line(1)
    assert reader.token(*reader.current).surface == "猫"
    assert reader.move_line(-1)
    assert reader.current == (heading, 0)


def test_a_narrow_window_keeps_the_text_inside(open_text):
    win = open_text("吾輩は猫である。名前はまだ無い。", size=(300, 400))
    reader = win.reader
    win.resize(120, 400)
    reader.viewport().repaint()
    width = reader.viewport().width()
    from app.ui.text_layout import HANGING

    for line in reader.layout.paragraph(0).lines:
        right = reader.margin + line.runs[-1].x + line.runs[-1].width
        hanging = reader.metrics.em() if line.text[-1] in HANGING else 0
        assert right <= width + hanging, line.text
