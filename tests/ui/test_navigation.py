"""Keyboard navigation over a layout, without a widget: fixed-width metrics, real analysed text."""

from __future__ import annotations

import pytest

from app.core import documents
from app.core.analysed import AnalysedDocument
from app.core.analysis import analyze
from app.core.words import WordKey, WordSpan
from app.ui import navigation as nav
from app.ui.text_layout import DocumentLayout


class FakeMetrics:
    def base_width(self, text, heading=False):
        return 10.0 * len(text)

    def ruby_width(self, text, heading=False):
        return 5.0 * len(text)

    def line_height(self, heading=False):
        return 30.0

    def em(self, heading=False):
        return 10.0


TEXT = "取締役会は危機に陥った。\n「。」\n我々も混乱に陥る。"


@pytest.fixture
def doc():
    a = AnalysedDocument(documents.from_text(TEXT))
    for p, text in enumerate(a.paragraphs):
        a.set_tokens(p, analyze(text))
    return a


def _layout(a, width=60.0):
    return DocumentLayout(a.paragraphs, FakeMetrics(), width, tokens=a.tokens)


def _surface(a, pos):
    return a.token(*pos).surface


def test_next_and_previous_word_skip_punctuation_and_empty_paragraphs(doc):
    last_of_first = max(i for i, t in enumerate(doc.tokens(0)) if t.is_word)
    after = nav.next_word(doc, (0, last_of_first), 1)
    assert after == (2, 0)  # paragraph 1 holds only punctuation
    assert nav.next_word(doc, after, -1) == (0, last_of_first)
    assert nav.next_word(doc, (0, 0), -1) is None
    assert nav.document_edge_word(doc, False) == (0, 0)
    end = nav.document_edge_word(doc, True)
    assert end[0] == 2 and doc.token(*end).is_word and nav.next_word(doc, end, 1) is None


def test_a_compound_is_one_stop(doc):
    toks = doc.tokens(0)
    words = [WordSpan(0, 3, WordKey("取締役会", "とりしまりやくかい"))] + [
        WordSpan(i, i + 1, t.key) for i, t in enumerate(toks) if t.is_word and i >= 3]
    doc.set_tokens(0, toks, words)
    assert [nav.is_stop(doc, 0, i) for i in range(3)] == [True, False, False]
    assert nav.next_word(doc, (0, 0), 1) == (0, 3)
    assert nav.next_word(doc, (0, 2), -1) is None  # inside the compound, back is before it
    assert nav.next_word(doc, (0, 3), -1) == (0, 0)


def test_predicate_chooses_the_stops(doc):
    fall = WordKey("陥る", "おちいる")
    hits = []
    pos = (0, 0)
    while (pos := nav.next_word(doc, pos, 1, lambda p, t: doc.key_at(p, t) == fall)) is not None:
        hits.append(pos)
    assert hits == [(p, t) for p, t in doc.occurrences(fall)]


def test_up_and_down_go_to_the_nearest_word_on_the_next_line(doc):
    layout = _layout(doc)
    lines = layout.paragraph(0).lines
    assert len(lines) >= 2
    first = lines[0].runs[0].token
    down = nav.word_on_next_line(layout, doc, (0, first), 1)
    assert down is not None and layout.line_of_token(*down) == 1
    assert nav.word_on_next_line(layout, doc, down, -1) == (0, first)
    # from the last line of a paragraph, down passes the punctuation-only paragraph
    last_line = len(lines) - 1
    last = next(r.token for r in lines[last_line].runs if doc.token(0, r.token).is_word)
    assert nav.word_on_next_line(layout, doc, (0, last), 1)[0] == 2
    assert nav.word_on_next_line(layout, doc, (0, first), -1) is None


def test_line_edges_and_the_first_visible_word(doc):
    layout = _layout(doc)
    lines = layout.paragraph(0).lines
    mid = lines[1].runs[1].token
    start = nav.line_edge_word(layout, doc, (0, mid), False)
    end = nav.line_edge_word(layout, doc, (0, mid), True)
    assert layout.line_of_token(*start) == layout.line_of_token(*end) == 1
    assert start[1] <= mid <= end[1]
    y = layout.tops[0] + lines[1].y
    assert nav.first_visible_word(layout, doc, y) == (0, nav.word_start(doc, 0, lines[1].runs[0].token))
    assert nav.first_visible_word(layout, doc, layout.tops[1] + 1) == (2, 0)


def test_word_boxes_cover_a_word_on_each_of_its_lines(doc):
    layout = _layout(doc, width=25.0)  # two characters to a line: 取締 / 役会
    boxes = nav.word_boxes(layout, 0, 0, 3)
    assert len(boxes) >= 2
    assert all(w > 0 for _, _, w, _ in boxes)
    assert boxes[0][1] < boxes[1][1]


def test_paragraphs_not_analysed_are_passed_over():
    a = AnalysedDocument(documents.from_text(TEXT))
    a.set_tokens(2, analyze(a.paragraphs[2]))
    assert nav.document_edge_word(a, False) == (2, 0)
    assert nav.next_word(a, (2, 0), -1) is None
