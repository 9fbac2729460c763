"""The reader over the word model: spans, statuses from the vocabulary, positions, what is painted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QApplication

from app.core import documents
from app.core.analysed import AnalysedDocument
from app.core.analysis import analyze
from app.core.vocabulary import Vocabulary
from app.core.words import UNSAVED, Mark, Status, WordKey, WordSpan
from app.ui.actions import ActionRegistry
from app.ui.commands import reader_handlers
from app.ui.keymap import Keymap
from app.ui.reader_view import ReaderView

TEXT = "取締役会は危機に陥った。\n我々も混乱に陥る。\n株価が急落し、市場は混乱に陥っている。"
FALL = WordKey("陥る", "おちいる")
BOARD = WordKey("取締役会", "とりしまりやくかい")


@pytest.fixture
def reader(qtbot):
    view = ReaderView(vocabulary=Vocabulary())
    ActionRegistry(view, Keymap(), reader_handlers(view)).attach("reader", view)  # the keys, as a window binds them
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


def _open(view, text=TEXT, analyse=None):
    doc = documents.from_text(text)
    analysed = AnalysedDocument(doc)
    view.set_document(analysed)
    for p, para in enumerate(doc.paragraphs):
        if analyse is None or p in analyse:
            view.set_tokens_batch(p, [analyze(para)])
    return analysed


def _compound(view, p=0):
    """Paragraph p again, with 取締 + 役 + 会 as one word (as the dictionary resolves it)."""
    toks = view.tokens(p)
    assert [t.surface for t in toks[:3]] == ["取締", "役", "会"]
    words = [WordSpan(0, 3, BOARD)] + [WordSpan(i, i + 1, t.key) for i, t in enumerate(toks) if t.is_word and i >= 3]
    view.set_tokens_batch(p, [toks], words=[words])


def _x_range(rect: QRectF) -> tuple[float, float]:
    return round(rect.left(), 3), round(rect.right(), 3)


def test_a_status_recolours_every_occurrence_at_once(reader, qtbot):
    a = _open(reader)
    occurrences = a.occurrences(FALL)
    assert len(occurrences) == 3
    assert all(reader.word_mark(p, t) == UNSAVED for p, t in occurrences)
    for _ in range(3):  # paint what opening asked for, so that any later paint is the status change's
        QApplication.processEvents()
    painted = reader.paint_count
    with qtbot.waitSignal(reader.recoloured) as recoloured:
        reader.vocabulary.set_status(FALL, Status.LEARNING_3)
    assert recoloured.args == [3]  # all three are on screen, and each was asked to repaint
    assert all(reader.word_mark(p, t) == Mark(3, False) for p, t in occurrences)
    qtbot.waitUntil(lambda: reader.paint_count > painted)
    # and what is painted carries the tint at each of them
    for p, t in occurrences:
        word = reader.word_boxes(p, t)[0]
        assert any(tint == 3 and rect.intersects(word) for lp in reader.paint_geometry(p) for rect, tint in lp.tints)


def test_a_word_not_on_screen_asks_for_no_repaint(reader, qtbot):
    _open(reader)
    with qtbot.assertNotEmitted(reader.recoloured):
        reader.vocabulary.set_status(WordKey("猫", "ねこ"), Status.NEW)


def test_the_current_word_stays_visible_over_a_learning_tint(reader):
    _open(reader)
    p, t = next((p, t) for p in range(3) for t, tok in enumerate(reader.tokens(p)) if tok.surface == "危機")
    reader.vocabulary.set_status(reader.analysed.key_at(p, t), Status.NEW)
    reader.set_current(p, t)
    line = next(lp for lp in reader.paint_geometry(p) if lp.current)
    order = [name for name, items in line.layers() if items]
    assert order.index("current") > order.index("tint")  # the outline is painted after (over) the tint
    (tint_rect, tint), = [(r, k) for r, k in line.tints if r.intersects(line.current[0])]
    assert tint == 1 and line.current == [tint_rect]  # around the same word
    # hover and the selection do not hide it either
    reader.select_chars((p, 0), (p, 8))
    line = next(lp for lp in reader.paint_geometry(p) if lp.current)
    order = [name for name, items in line.layers() if items]
    assert order[-1] == "current" and "selection" in order


def test_a_compound_is_one_word_for_hover_cursor_tint_and_keys(reader, qtbot):
    _open(reader)
    _compound(reader)
    a = reader.analysed
    assert a.key_at(0, 1) == BOARD and reader.word_range(0, 2) == (0, 3)
    # the mouse over 役 is over the whole word
    yaku = reader.token_rect(0, 1)
    qtbot.mouseMove(reader.viewport(), yaku.center())
    qtbot.waitUntil(lambda: reader.hover == (0, 0))
    line = reader.paint_geometry(0)[0]
    whole = reader.word_boxes(0, 0)[0]
    assert len(line.hover) == 1 and _x_range(line.hover[0]) == _x_range(whole)
    assert whole.width() > reader.token_rect(0, 0).width() + reader.token_rect(0, 1).width()
    # the cursor on it is on the word; → leaves the whole word
    reader.set_current(0, 2)
    assert reader.current == (0, 0)
    assert [_x_range(r) for r in reader.paint_geometry(0)[0].current] == [_x_range(whole)]
    reader.move_word(1)
    assert reader.current == (0, 3)
    reader.move_word(-1)
    assert reader.current == (0, 0)
    # one status for one word: the tint covers all of it
    reader.vocabulary.set_status(BOARD, Status.LEARNING_2)
    assert reader.word_mark(0, 1) == reader.word_mark(0, 2) == Mark(2, False)
    tints = reader.paint_geometry(0)[0].tints
    assert [(_x_range(r), k) for r, k in tints] == [(_x_range(whole), 2)]


def test_tab_stops_once_per_word_never_saved_and_skips_punctuation(reader, qtbot):
    _open(reader)
    _compound(reader)
    reader.setFocus()
    reader.set_current(0, 0)
    stops = []
    for _ in range(6):
        qtbot.keyClick(reader, Qt.Key_Tab)
        stops.append(reader.current)
    toks = reader.tokens(0)
    assert stops[0] == (0, 3)  # past 取締役会 in one step
    assert all(reader.token(*pos).is_word for pos in stops)
    assert len(set(stops)) == len(stops)
    reader.vocabulary.set_status(reader.analysed.key_at(*stops[1]), Status.KNOWN)
    reader.set_current(*stops[0])
    qtbot.keyClick(reader, Qt.Key_Tab)
    assert reader.current == stops[2]
    assert toks is reader.tokens(0)


def test_positions_are_offsets_and_survive_a_new_cut(reader):
    a = _open(reader)
    p, t = next((p, t) for p in range(3) for t, tok in enumerate(reader.tokens(p)) if tok.surface == "混乱"
                and p == 2)
    reader.set_current(p, t)
    position = reader.current_position()
    assert position.document == a.id and position.paragraph == 2
    assert position.offset == TEXT.split("\n")[2].index("混乱")
    reader.set_current(0, 0)
    # the paragraph comes back cut differently: the first two tokens are one
    old = reader.tokens(p)
    first, second = old[0], old[1]
    joined = first._replace(surface=first.surface + second.surface, end=second.end,
                            furigana=tuple(first.furigana) + tuple(second.furigana))
    reader.set_tokens_batch(p, [[joined, *old[2:]]])
    assert reader.go_to(position)
    assert reader.current == (p, t - 1) and reader.token(*reader.current).surface == "混乱"
    assert reader.viewport().rect().intersects(reader.word_rect(*reader.current))


def test_go_to_a_paragraph_not_analysed_yet_waits_for_its_tokens(reader):
    text = "\n".join(f"第{i}段落は長い文章の一部です。" for i in range(400))
    a = _open(reader, text, analyse={0})
    target = a.position(0, 0)._replace(paragraph=300, offset=3)
    assert reader.go_to(target)
    assert reader.current is None
    assert reader.top_anchor().paragraph in range(295, 301)
    reader.set_tokens_batch(300, [analyze(a.paragraphs[300])])
    assert reader.current is not None and reader.current[0] == 300
    tok = reader.token(*reader.current)
    assert tok.start <= 3 < tok.end
    assert not reader.go_to(target._replace(paragraph=400))


def test_without_a_current_word_the_position_is_the_top_of_the_view(reader):
    text = "\n".join(f"第{i}段落は長い文章の一部です。" for i in range(400))
    a = _open(reader, text)
    assert reader.current_position() == (a.id, 0, 0)
    sb = reader.verticalScrollBar()
    sb.setValue(sb.maximum() // 2)
    pos = reader.current_position()
    top = reader.top_anchor().paragraph
    assert pos.paragraph in (top, top + 1) and reader.current is None


def test_painting_draws_what_the_geometry_says(reader, qtbot):
    # the text of every painted line, in order, is the paragraph's text
    a = _open(reader)
    for p in range(len(a)):
        drawn = "".join(d.text for lp in reader.paint_geometry(p) for d in lp.text)
        assert drawn == a.paragraphs[p]
        for lp in reader.paint_geometry(p):
            assert all(r.origin.y() < d.origin.y() for r in lp.ruby for d in lp.text)  # ruby above the text
