"""Vertical writing (tategaki): columns from right to left, driven as a reader drives them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QWheelEvent

from app.core.words import Status
from app.ui.placement import placement_beside
from app.ui.text_layout import NO_LINE_END, NO_LINE_START


@pytest.fixture
def vertical(window, qtbot):
    window.set_vertical(True)
    qtbot.waitUntil(lambda: window.reader.vertical)
    window.reader.viewport().repaint()
    return window


def _lines(reader):
    """(paragraph, line, char boxes) of the lines in view that hold characters, in reading order."""
    out = []
    for p, li in reader.visible_lines():
        chars = reader.char_boxes(p)[li]
        if chars:
            out.append((p, li, chars))
    return out


def test_columns_run_from_right_to_left_and_characters_down(vertical):
    reader = vertical.reader
    lines = _lines(reader)
    assert len(lines) > 5
    rights = [chars[0][2].right() for _, _, chars in lines]
    assert rights == sorted(rights, reverse=True) and len(set(rights)) == len(rights)
    assert rights[0] <= reader.viewport().width()
    for _, _, chars in lines:
        tops = [box.top() for _, _, box in chars]
        assert tops == sorted(tops)
        assert len({round(box.center().x()) for _, _, box in chars}) == 1  # one column
    # the text starts at the top right: the first line is the document's first
    assert lines[0][:2] == (0, 0)


def test_ruby_stands_to_the_right_of_its_base(vertical):
    reader = vertical.reader
    checked = 0
    for p in {p for p, _, _ in _lines(reader)}:
        for lp in reader.paint_geometry(p):
            for r in lp.ruby:
                assert r.vertical and r.box.left() >= r.base.right() - 0.01
                assert r.box.top() < r.base.bottom() and r.box.bottom() > r.base.top()  # beside it, not above
                checked += 1
    assert checked > 20


def test_digits_stand_together_and_latin_words_lie_on_their_side(window, qtbot):
    window.open_text("第12回の会議は2023年にOpenAIで開かれた。\n")
    qtbot.waitUntil(lambda: not window.analysis_running(), timeout=60000)
    window.set_vertical(True)
    reader = window.reader
    draws = {d.text: d for lp in reader.paint_geometry(0) for d in lp.text}
    assert draws["12"].mode == "tcy"  # tate-chu-yoko
    assert draws["2023"].mode == "rotated" and draws["OpenAI"].mode == "rotated"
    assert draws["第"].mode == "v" and draws["。"].mode == "v"  # upright, with the font's vertical forms
    text = reader.layout.texts[0]
    boxes = {offset: box for _, offset, box in reader.char_boxes(0)[0]}
    em = reader.metrics.em()
    one, two = boxes[text.index("12")], boxes[text.index("12") + 1]
    assert one.height() + two.height() == pytest.approx(em)  # one square for the pair
    assert one.left() == two.left()
    start = text.index("OpenAI")
    latin = sum(boxes[start + k].height() for k in range(6))
    assert latin == pytest.approx(reader.metrics.base_width("OpenAI"))  # as long as the word is wide


def test_columns_obey_kinsoku(vertical):
    layout = vertical.reader.layout
    for p in layout.visible(0, layout.height):
        lines = layout.paragraph(p).lines
        for li, line in enumerate(lines):
            if li > 0 and line.text:
                assert line.text[0] not in NO_LINE_START, line.text
            if li < len(lines) - 1 and line.text:
                assert line.text[-1] not in NO_LINE_END, line.text


def test_hit_testing_after_a_resize(vertical, qtbot, find_token):
    reader = vertical.reader
    p, t = find_token(reader, "陥っ")
    columns = len(reader.layout.paragraph(p).lines)
    vertical.resize(900, 420)
    qtbot.waitUntil(lambda: len(reader.layout.paragraph(p).lines) > columns)
    for surface in ("陥っ", "難しい", "状況", "OpenAI"):
        pp, tt = find_token(reader, surface)
        reader.ensure_visible(pp, tt)
        rect = reader.token_rect(pp, tt)
        assert reader.viewport().rect().contains(rect.center())
        assert reader.token_at(rect.center()) == (pp, tt)


def test_arrows_follow_the_columns(vertical, qtbot, find_token):
    reader = vertical.reader
    reader.setFocus()
    p, t = find_token(reader, "難しい")
    reader.set_current(p, t)
    qtbot.keyClick(reader, Qt.Key_Down)  # the next word, down the column
    assert reader.current == (p, t + 1) and reader.token(*reader.current).surface == "状況"
    qtbot.keyClick(reader, Qt.Key_Up)
    assert reader.current == (p, t)
    column = reader.layout.line_of_token(p, t)
    y = reader.token_rect(p, t).center().y()
    qtbot.keyClick(reader, Qt.Key_Left)  # the next column, the word nearest the same height
    q = reader.current
    assert reader.layout.line_of_token(*q) == column + 1
    assert abs(reader.token_rect(*q).center().y() - y) < 3 * reader.metrics.em()
    assert reader.token_rect(*q).center().x() < reader.token_rect(p, t).center().x()
    qtbot.keyClick(reader, Qt.Key_Right)
    assert reader.layout.line_of_token(*reader.current) == column


def test_page_down_and_the_wheel_go_on_leftwards(vertical, qtbot):
    reader = vertical.reader
    bar = reader.block_scroll_bar()
    assert bar is reader.horizontalScrollBar() and bar.value() == 0 and bar.maximum() > 0
    first = _lines(reader)[0][:2]
    qtbot.keyClick(reader, Qt.Key_PageDown)
    assert bar.value() > 0
    after_page = _lines(reader)[0][:2]
    assert after_page > first
    value = bar.value()
    vp = reader.viewport()
    centre = QPointF(vp.width() / 2, vp.height() / 2)
    wheel = QWheelEvent(centre, vp.mapToGlobal(centre), QPoint(0, 0), QPoint(0, -120), Qt.NoButton,
                        Qt.NoModifier, Qt.NoScrollPhase, False)
    reader.wheelEvent(wheel)
    assert bar.value() > value  # the wheel turned towards the reader moves on through the text
    assert not reader.verticalScrollBar().isVisible()


def test_the_lookup_opens_beside_the_column(vertical, qtbot, find_token):
    reader = vertical.reader
    p, t = find_token(reader, "陥っ")
    reader.ensure_visible(p, t)
    rect = reader.token_rect(p, t)
    qtbot.mouseClick(reader.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.waitUntil(vertical.popup.isVisible)
    popup = vertical.popup.geometry()
    word = reader.word_rect(p, t)
    assert popup.right() < word.left() or popup.left() > word.right()  # beside, never over the column
    assert popup.top() <= word.bottom() and popup.bottom() >= word.top()


def test_colours_selection_and_position_work_the_same(vertical, qtbot, find_token):
    reader = vertical.reader
    hard = find_token(reader, "難しい")
    vertical.context.vocabulary.set_status(reader.analysed.key_at(*hard), Status.LEARNING_2)
    reader.ensure_visible(*hard)
    word = reader.word_rect(*hard)
    assert any(tint == 2 and rect.intersects(word) for lp in reader.paint_geometry(hard[0]) for rect, tint in lp.tints)
    # a drag down the column selects
    a = reader.token_rect(*hard)
    vp = reader.viewport()
    qtbot.mousePress(vp, Qt.LeftButton, pos=QPoint(a.center().x(), a.top() + 1))
    qtbot.mouseMove(vp, QPoint(a.center().x(), a.bottom() + 30))
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=QPoint(a.center().x(), a.bottom() + 30))
    assert reader.selected_text().startswith("難しい")
    # the reading position goes through the columns as through lines
    reader.clear_selection()
    reader.set_current(*hard)
    position = reader.current_position()
    reader.move_document_edge(True)
    assert reader.go_to(position) and reader.current == hard
    assert vp.rect().intersects(reader.token_rect(*hard))


def test_the_direction_is_remembered_for_each_document(vertical, qtbot, article_path):
    reader = vertical.reader
    vertical.open_text("別の文章です。\n")
    assert not reader.vertical and not vertical.vertical_action.isChecked()
    assert vertical.open_path(article_path, wait=True)
    assert reader.vertical and vertical.vertical_action.isChecked()
    vertical.set_vertical(False)
    assert vertical.open_path(article_path, wait=True)
    assert not reader.vertical


def test_switching_keeps_the_same_text_in_view(window, qtbot, find_token):
    reader = window.reader
    p, t = find_token(reader, "OpenAI")
    reader.go_to(reader.analysed.position(p, t))
    window.set_vertical(True)
    assert reader.viewport().rect().intersects(reader.token_rect(p, t))
    window.set_vertical(False)
    assert reader.viewport().rect().intersects(reader.token_rect(p, t))


AREA = QRect(0, 0, 800, 600)


def test_beside_a_column_the_popup_goes_left_where_the_text_goes_on():
    word = QRect(500, 200, 30, 60)
    g = placement_beside(word, QSize(420, 320), AREA)
    assert g.right() < word.left() and g.top() == word.top() and g.size() == QSize(420, 320)


def test_beside_a_column_near_the_left_edge_the_popup_goes_right():
    word = QRect(100, 400, 30, 60)
    g = placement_beside(word, QSize(420, 320), AREA)
    assert g.left() > word.right() and g.bottom() <= AREA.bottom() - 3


def test_beside_a_column_with_no_room_either_side_the_popup_narrows():
    word = QRect(380, 100, 40, 60)
    g = placement_beside(word, QSize(500, 320), AREA)
    assert not g.intersects(word) and g.width() < 500


def test_the_whole_novel_is_reachable_in_columns(qtbot, tmp_path, rashomon_path):
    from app.ui.app import create_window

    win = create_window(tmp_path / "data")
    qtbot.addWidget(win)
    win.resize(900, 600)
    win.force_vertical = True
    assert win.open_path(rashomon_path, wait=True)
    win.show()
    qtbot.waitUntil(lambda: win.reader.paint_count > 0)
    qtbot.waitUntil(lambda: not win.analysis_running(), timeout=60000)
    reader = win.reader
    assert reader.vertical and win.vertical_action.isChecked()
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key_End, Qt.ControlModifier)
    last = reader.current
    assert last[0] >= len(reader.layout.texts) - 3
    assert reader.viewport().rect().contains(reader.token_rect(*last).center())
    bar = reader.block_scroll_bar()
    assert bar.value() == bar.maximum() > 0
    for _ in range(3):  # paging back keeps the cursor on a word in view
        qtbot.keyClick(reader, Qt.Key_PageUp)
        assert reader.viewport().rect().intersects(reader.token_rect(*reader.current))
    reader.zoom_in()  # a new font lays the columns out again, the place kept
    assert reader.vertical and reader.viewport().rect().intersects(reader.token_rect(*reader.current))
    win.close()


def test_the_direction_is_kept_in_the_library_once_it_knows_the_document(tmp_path):
    from PySide6.QtCore import QSettings

    from app.core.context import create_context
    from app.ui.view_settings import DocumentViews

    context = create_context(tmp_path / "data")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    views = DocumentViews(settings, lambda: context.library)
    assert views.vertical("abc") is None
    views.set_vertical("abc", True)  # not in the library yet: the settings file remembers
    assert views.vertical("abc") is True and settings.value("documents/abc/vertical") in (True, "true")
    context.library.open_document("abc", "こころ")
    views.set_vertical("abc", False)
    assert context.library.document("abc").view == {"vertical": False}
    assert views.vertical("abc") is False
    context.close()
