"""The reading window on the bundled article, driven as a reader drives it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QGuiApplication

from app.core.words import PLAIN, UNSAVED, Mark, Status
from app.ui.text_layout import NO_LINE_END, NO_LINE_START


def _click_token(qtbot, reader, p, t):
    rect = reader.token_rect(p, t)
    assert not rect.isEmpty()
    qtbot.mouseClick(reader.viewport(), Qt.LeftButton, pos=rect.center())
    return rect


def test_title_and_first_paint(window):
    assert window.windowTitle() == "ゼファーネットのロゴ — Shiori"
    assert window.reader.paint_count > 0


def test_click_opens_the_popup_with_the_dictionary_form_first(window, qtbot, find_token):
    reader = window.reader
    p, t = find_token(reader, "陥っ")
    reader.ensure_visible(p, t)
    rect = _click_token(qtbot, reader, p, t)
    assert reader.current == (p, t)
    qtbot.waitUntil(window.popup.isVisible)
    result = window.popup.panel.result
    first = result.matches[0].entries[0]
    assert any(k.text == "陥る" for k in first.kanji)
    # the popup does not cover the word it explains
    assert not window.popup.geometry().intersects(rect)
    qtbot.keyClick(reader, Qt.Key_Escape)
    assert not window.popup.isVisible()


def test_lines_follow_japanese_line_breaking(window):
    reader = window.reader
    layout = reader.layout
    for p in layout.visible(0, layout.height):
        lines = layout.paragraph(p).lines
        for li, line in enumerate(lines):
            text = line.text
            if not text:
                continue
            if li > 0:
                assert text[0] not in NO_LINE_START, text
            if li < len(lines) - 1:
                assert text[-1] not in NO_LINE_END, text


def test_ruby_above_its_base_and_never_over_another(window):
    reader = window.reader
    layout = reader.layout
    checked = 0
    for p in layout.visible(0, 3000):
        pairs = reader.ruby_boxes(p)
        for base, ruby in pairs:
            assert ruby.bottom() <= base.top() + 2  # ruby above its base
            assert ruby.left() < base.right() and ruby.right() > base.left()  # and over it
            checked += 1
        rubies = sorted((ruby for _, ruby in pairs), key=lambda r: (round(r.top()), r.left()))
        for a, b in zip(rubies, rubies[1:]):
            if abs(a.top() - b.top()) < 1:  # the same line
                assert a.right() <= b.left() + 0.01
        for line in layout.paragraph(p).lines:
            pieces = line.pieces
            for a, b in zip(pieces, pieces[1:]):
                assert a.x + a.width <= b.x + 1e-6
    assert checked > 50


def test_resize_rewraps_and_hit_testing_follows(window, qtbot, find_token):
    reader = window.reader
    p, t = find_token(reader, "陥っ")
    lines_before = len(reader.layout.paragraph(p).lines)
    window.resize(600, 700)
    qtbot.waitUntil(lambda: len(reader.layout.paragraph(p).lines) > lines_before)
    reader.ensure_visible(p, t)
    rect = reader.token_rect(p, t)
    assert reader.token_at(rect.center()) == (p, t)
    for surface in ("難しい", "状況", "OpenAI"):
        pp, tt = find_token(reader, surface)
        reader.ensure_visible(pp, tt)
        assert reader.token_at(reader.token_rect(pp, tt).center()) == (pp, tt)


def test_toggling_furigana_keeps_line_positions(window, qtbot, find_token):
    reader = window.reader
    p, t = find_token(reader, "陥っ")

    def snapshot():
        lay = reader.layout.paragraph(p)
        return [(line.y, line.height, line.text) for line in lay.lines], reader.token_rect(p, t)

    before = snapshot()
    modes = []
    for _ in range(3):
        qtbot.keyClick(reader, Qt.Key_F)
        modes.append(reader.furigana_mode)
        assert snapshot() == before
    assert modes == ["unknown", "off", "all"]


def test_keyboard_walks_words_and_skips_punctuation(window, qtbot, find_token):
    reader = window.reader
    reader.setFocus()
    p, t = find_token(reader, "いる")
    reader.set_current(p, t)
    qtbot.keyClick(reader, Qt.Key_Right)
    tok = reader.token(*reader.current)
    assert tok.is_word and tok.surface != "。"
    qtbot.keyClick(reader, Qt.Key_Left)
    assert reader.current == (p, t)
    qtbot.keyClick(reader, Qt.Key_Down)
    assert reader.current != (p, t)
    qtbot.keyClick(reader, Qt.Key_Up)
    assert reader.token(*reader.current).is_word
    qtbot.keyClick(reader, Qt.Key_Return)
    qtbot.waitUntil(window.popup.isVisible)
    assert window.popup.panel.hasFocus()  # Enter hands the keyboard to the lookup; Esc gives it back
    qtbot.keyClick(window.popup.panel, Qt.Key_Escape)
    assert reader.hasFocus() and not window.popup.isVisible()
    qtbot.keyClick(reader, Qt.Key_End, Qt.ControlModifier)
    assert reader.current[0] >= len(reader.layout.texts) - 3


def test_copy_is_plain_text_and_sentence(window, qtbot, find_token):
    reader = window.reader
    p, t = find_token(reader, "陥っ")
    text = reader.layout.texts[p]
    start = text.index("難しい")
    reader.select_chars((p, start), (p, start + 5))
    assert reader.copy() == "難しい状況"
    assert QGuiApplication.clipboard().text() == "難しい状況"
    reader.clear_selection()
    reader.set_current(p, t)
    sentence = reader.copy_sentence()
    # the paragraph begins with a page label, 「コメント 」: not part of the sentence
    assert sentence == "マイクロソフトは難しい状況に陥っている。"
    assert QGuiApplication.clipboard().text() == sentence
    menu = reader.build_context_menu()
    assert [a.text() for a in menu.actions()] == ["Look up", "Copy", "Copy sentence"]


def test_drag_selects_text(window, qtbot, find_token):
    reader = window.reader
    p, t = find_token(reader, "陥っ")
    reader.ensure_visible(p, t)
    a = reader.token_rect(p, t)
    vp = reader.viewport()
    qtbot.mousePress(vp, Qt.LeftButton, pos=QPoint(a.left() + 1, a.center().y()))
    qtbot.mouseMove(vp, QPoint(a.right() + 40, a.center().y()))
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=QPoint(a.right() + 40, a.center().y()))
    assert reader.selected_text().startswith("陥っ")


def test_paste_opens_a_new_document(window, qtbot, find_token):
    QGuiApplication.clipboard().setText("吾輩は猫である。名前はまだ無い。")
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key_V, Qt.ControlModifier)
    assert window.document.paragraphs[0].startswith("吾輩は猫")
    assert find_token(window.reader, "吾輩")


def test_bad_file_shows_an_error_and_keeps_the_document(window, tmp_path):
    bad = tmp_path / "broken.epub"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    title = window.windowTitle()
    assert window.open_path(bad, wait=True) is False
    assert window.last_error and "broken.epub" in window.last_error
    assert window.windowTitle() == title


def test_zoom_and_theme_persist(window, qtbot, tmp_path):
    from app.ui.app import create_window

    reader = window.reader
    size = reader.point_size
    qtbot.keyClick(reader, Qt.Key_Equal, Qt.ControlModifier)
    assert reader.point_size > size
    window.toggle_theme()
    window.toggle_font()
    window.set_furigana_threshold(Status.LEARNING_4)
    window.close()
    again = create_window(tmp_path / "data")
    qtbot.addWidget(again)
    assert again.reader.point_size == reader.point_size
    assert again.reader.theme.name == "dark"
    assert again.reader.font_family == "sans"
    assert again.reader.furigana_threshold is Status.LEARNING_4
    assert again.threshold_actions[Status.LEARNING_4].isChecked()
    again.close()


def test_recent_documents(window, rashomon_path):
    assert window.open_path(rashomon_path, wait=True)
    assert window.recent_files()[0] == str(rashomon_path.resolve())


def test_pinned_lookup_goes_to_the_dock(window, qtbot, find_token):
    reader = window.reader
    window.toggle_pinned()
    assert window.dock.isVisible()
    p, t = find_token(reader, "難しい")
    window.lookup(p, t)
    assert not window.popup.isVisible()
    assert window.dock.panel.result.matches


def test_long_text_lays_out_only_what_is_visible(qtbot, tmp_path, article_path, rashomon_path, find_token):
    from app.core import documents
    from app.ui.app import create_window

    base = documents.load(article_path).paragraphs + documents.load(rashomon_path).paragraphs
    paragraphs = []
    while sum(map(len, paragraphs)) < 300_000:
        paragraphs += base
    big = tmp_path / "long.txt"
    big.write_text("\n".join(paragraphs), encoding="utf-8")
    win = create_window(tmp_path / "data")
    qtbot.addWidget(win)
    win.resize(1000, 700)
    assert win.open_path(big, wait=True)
    win.show()
    qtbot.waitUntil(lambda: win.reader.paint_count > 0)
    total = len(win.reader.layout.texts)
    assert win.reader.layout.laid_out_count < 60 < total
    # the first screen was shown before the end of the novel was analysed
    assert win.reader.tokens(0) is not None and win.reader.tokens(total - 1) is None
    assert win.analysis_running()
    # the reader answers while the worker runs
    p, t = find_token(win.reader, "陥っ")
    assert win.reader.token_at(win.reader.token_rect(p, t).center()) == (p, t)
    win.close()


def test_words_are_marked_by_what_the_reader_knows(window, find_token):
    reader = window.reader
    vocab = window.context.vocabulary
    hard = find_token(reader, "難しい")
    situation = find_token(reader, "状況")
    fall = find_token(reader, "陥っ")
    maru = find_token(reader, "。")
    # until there is a vocabulary every word is never saved; punctuation is no word
    assert reader.word_mark(*hard) == UNSAVED and reader.word_mark(*maru) == PLAIN
    vocab.set_status(reader.analysed.key_at(*hard), Status.LEARNING_2)
    vocab.set_status(reader.analysed.key_at(*situation), Status.KNOWN)
    vocab.set_status(reader.analysed.key_at(*fall), Status.IGNORED)
    assert reader.word_mark(*hard) == Mark(2, False)
    assert reader.word_mark(*situation) == PLAIN and reader.word_mark(*fall) == PLAIN
    # what the painter fills: the learning tint under 難しい, none under the known word
    reader.ensure_visible(*hard)
    tinted = [(rect, tint) for lp in reader.paint_geometry(hard[0]) for rect, tint in lp.tints]
    word = QRectF(reader.word_rect(*hard))
    assert any(tint == 2 and rect.intersects(word) for rect, tint in tinted)
    known = QRectF(reader.word_rect(*situation)).adjusted(2, 2, -2, -2)  # clear of its neighbours' edges
    assert not any(rect.intersects(known) for rect, _ in tinted)


def test_furigana_only_on_words_not_known(window, find_token):
    reader = window.reader
    hard = find_token(reader, "難しい")
    situation = find_token(reader, "状況")
    window.context.vocabulary.set_status(reader.analysed.key_at(*situation), Status.KNOWN)
    reader.set_furigana_mode("unknown")
    assert reader.ruby_shown(*hard) and not reader.ruby_shown(*situation)
    # what is painted: ruby over 難 but none over 状況
    rubies = [box for base, box in reader.ruby_boxes(situation[0])]
    assert rubies  # 難しい keeps its furigana
    (x, y, w, h), = reader.layout.token_boxes(*situation)
    assert not any(x <= box.center().x() <= x + w and y <= box.center().y() <= y + h for box in rubies)
    reader.set_furigana_mode("off")
    assert not reader.ruby_shown(*hard) and reader.ruby_boxes(hard[0]) == []


def test_a_learning_word_can_hide_its_furigana_from_a_threshold(window, find_token):
    reader = window.reader
    hard = find_token(reader, "難しい")
    window.context.vocabulary.set_status(reader.analysed.key_at(*hard), Status.LEARNED)
    reader.set_furigana_mode("unknown")
    assert reader.ruby_shown(*hard)  # by default only known words lose theirs
    window.set_furigana_threshold(Status.LEARNED)
    assert not reader.ruby_shown(*hard)
    assert window.settings.value("reader/furigana_threshold") == "5"


def test_current_word_survives_new_tokens_cut_differently(window, find_token):
    reader = window.reader
    p, t = find_token(reader, "状況")
    reader.set_current(p, t)
    old = reader.tokens(p)
    # the paragraph comes again with its first two tokens joined into one
    a, b = old[0], old[1]
    joined = a._replace(surface=a.surface + b.surface, end=b.end,
                        furigana=tuple(a.furigana) + tuple(b.furigana))
    reader.set_tokens_batch(p, [[joined, *old[2:]]])
    assert reader.current == (p, t - 1)
    assert reader.token(*reader.current).surface == "状況"
