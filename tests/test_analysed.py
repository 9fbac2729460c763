"""AnalysedDocument: tokens and word spans as they arrive, positions, sentences, occurrences."""

from __future__ import annotations

import pytest

from app.core import documents
from app.core.analysed import AnalysedDocument, document_id
from app.core.analysis import analyze
from app.core.words import Position, WordKey, WordSpan

TEXT = "取締役会は難しい状況に陥った。\n彼は陥る。\n。"


@pytest.fixture
def doc():
    return documents.from_text(TEXT)


def _analysed(doc, upto=None):
    a = AnalysedDocument(doc)
    for p, text in enumerate(doc.paragraphs[:upto]):
        a.set_tokens(p, analyze(text))
    return a


def test_paragraphs_arrive_one_by_one(doc):
    a = AnalysedDocument(doc)
    assert len(a) == 3 and a.analysed_count == 0 and not a.complete
    assert a.tokens(0) is None and a.words(0) == () and a.span_at(0, 0) is None and a.key_at(0, 0) is None
    version = a.version
    a.set_tokens(1, analyze(doc.paragraphs[1]))
    assert a.analysed_count == 1 and a.version > version
    a.set_tokens(1, analyze(doc.paragraphs[1]))  # analysed again (readings refined): not counted twice
    assert a.analysed_count == 1
    for p in (0, 2):
        a.set_tokens(p, analyze(doc.paragraphs[p]))
    assert a.complete
    assert a.tokens(5) is None and a.token(0, 999) is None


def test_a_document_without_its_own_id_is_named_by_its_text(doc):
    a, b = AnalysedDocument(doc), AnalysedDocument(documents.from_text(TEXT, title="other"))
    assert a.id == b.id == document_id(doc)  # the same text, whatever the title
    assert AnalysedDocument(documents.from_text("別の文。")).id != a.id
    assert AnalysedDocument(doc, doc_id="file:x").id == "file:x"


def test_a_compound_is_one_word_over_several_tokens(doc):
    a = _analysed(doc)
    toks = a.tokens(0)
    assert [t.surface for t in toks[:3]] == ["取締", "役", "会"]
    board = WordKey("取締役会", "とりしまりやくかい")
    words = [WordSpan(0, 3, board, 1)] + [w for w in a.words(0) if w.first >= 3]
    a.set_tokens(0, toks, words)
    assert a.span_at(0, 1) == a.span_at(0, 2) == words[0]
    assert a.key_at(0, 2) == board
    punct = next(i for i, t in enumerate(toks) if t.surface == "。")
    assert a.span_at(0, punct) is None and a.key_at(0, punct) is None
    assert a.occurrences(board) == [(0, 0)]


def test_positions_are_offsets_and_find_their_token_again(doc):
    a = _analysed(doc)
    t = next(i for i, tok in enumerate(a.tokens(0)) if tok.surface == "陥っ")
    pos = a.position(0, t)
    assert pos == Position(a.id, 0, doc.paragraphs[0].index("陥っ"))
    assert a.token_at_offset(0, pos.offset) == t
    assert a.token_at_offset(0, pos.offset + 1) == t  # inside the token
    assert a.token_at_offset(2, 0) == 0 and a.token_at_offset(1, 10_000) == len(a.tokens(1)) - 1


def test_sentence_of_a_word(doc):
    a = _analysed(doc)
    t = next(i for i, tok in enumerate(a.tokens(0)) if tok.surface == "状況")
    assert a.sentence_at(0, t) == "取締役会は難しい状況に陥った。"
    assert AnalysedDocument(doc).sentence_at(1, 0) == "彼は陥る。"  # not analysed yet: the paragraph


def test_occurrences_in_reading_order_even_when_paragraphs_arrive_late(doc):
    a = AnalysedDocument(doc)
    fall = WordKey("陥る", "おちいる")
    a.set_tokens(1, analyze(doc.paragraphs[1]))
    assert [p for p, _ in a.occurrences(fall)] == [1]
    a.set_tokens(0, analyze(doc.paragraphs[0]))  # before the one already indexed
    assert [p for p, _ in a.occurrences(fall)] == [0, 1]
    # a paragraph analysed again replaces its occurrences instead of adding to them
    a.set_tokens(1, analyze(doc.paragraphs[1]))
    assert [p for p, _ in a.occurrences(fall)] == [0, 1]
    assert sum(1 for _, w in a.iter_words() if w.key == fall) == 2
