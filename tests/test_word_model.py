"""The word model, the analysed document and the in-memory vocabulary, on real analysis."""

from __future__ import annotations

import pytest

from app.core import documents
from app.core.analysed import AnalysedDocument
from app.core.analysis import analyze
from app.core.vocabulary import Vocabulary
from app.core.words import Mark, Position, Status, WordKey, WordSpan, mark_for


def analysed(text: str) -> AnalysedDocument:
    doc = documents.from_text(text)
    a = AnalysedDocument(doc)
    for p, para in enumerate(doc.paragraphs):
        a.set_tokens(p, analyze(para))
    return a


def find(a: AnalysedDocument, surface: str, nth: int = 0) -> tuple[int, int]:
    hits = [(p, i) for p in range(len(a)) for i, t in enumerate(a.tokens(p) or ()) if t.surface == surface]
    return hits[nth]


# -- keys ---------------------------------------------------------------------------


def test_inflected_forms_share_one_key():
    a = analysed("彼は陥った。罠に陥って、また陥る。")
    keys = {a.key_at(*find(a, s)) for s in ("陥っ", "陥る")}
    assert keys == {WordKey("陥る", "おちいる")}
    assert len(a.occurrences(WordKey("陥る", "おちいる"))) == 3


def test_same_spelling_different_readings_are_two_words():
    a = analysed("このカレーは辛い。別れは辛い。")
    first, second = a.key_at(*find(a, "辛い", 0)), a.key_at(*find(a, "辛い", 1))
    assert first.lemma == second.lemma == "辛い"
    # unidic reads both the same way without context; the key is still (form, reading)
    assert first.reading in ("からい", "つらい")


def test_punctuation_has_no_key():
    a = analysed("はい。")
    assert a.key_at(*find(a, "。")) is None
    assert a.span_at(*find(a, "。")) is None


def test_a_span_over_several_tokens_is_one_word():
    a = analysed("取締役会が開かれた。")
    toks = a.tokens(0)
    first = [t.surface for t in toks].index("取締")
    compound = WordKey("取締役会", "とりしまりやくかい")
    words = [WordSpan(first, first + 3, compound, 1234)] + [
        w for w in a.words(0) if w.first >= first + 3]
    a.set_tokens(0, toks, words)
    assert {a.key_at(0, first + k) for k in range(3)} == {compound}
    assert a.span_at(0, first + 1).entry_id == 1234
    assert a.occurrences(compound) == [(0, first)]
    assert a.sentence_at(0, first + 2) == "取締役会が開かれた。"


def test_occurrences_stay_in_reading_order_when_paragraphs_arrive_late():
    doc = documents.from_text("猫がいる。\n犬がいる。\n猫が寝た。")
    a = AnalysedDocument(doc)
    a.set_tokens(2, analyze(doc.paragraphs[2]))
    cat = WordKey("猫", "ねこ")
    assert [p for p, _ in a.occurrences(cat)] == [2]
    a.set_tokens(0, analyze(doc.paragraphs[0]))
    assert [p for p, _ in a.occurrences(cat)] == [0, 2]
    assert not a.complete
    a.set_tokens(1, analyze(doc.paragraphs[1]))
    assert a.complete


def test_reanalysed_paragraph_replaces_its_occurrences():
    a = analysed("猫がいる。")
    cat = WordKey("猫", "ねこ")
    assert a.occurrences(cat)
    a.set_tokens(0, analyze("犬がいる。"))
    assert a.occurrences(cat) == []


def test_positions_are_offsets_and_map_back_to_tokens():
    a = analysed("今日は雨が降った。明日は晴れる。")
    p, t = find(a, "晴れる")
    pos = a.position(p, t)
    assert pos == Position(a.id, 0, a.paragraphs[0].index("晴れる"))
    assert a.token_at_offset(0, pos.offset) == t
    assert a.token_at_offset(0, pos.offset + 1) == t  # inside the token


def test_sentence_of_a_word_in_a_quotation():
    a = analysed("彼は陥った。「本当です。」と言った。次の文。")
    assert a.sentence_at(*find(a, "本当")) == "「本当です。」と言った。"
    assert a.sentence_at(*find(a, "陥っ")) == "彼は陥った。"
    assert a.sentence_at(*find(a, "次")) == "次の文。"


# -- statuses -----------------------------------------------------------------------


@pytest.mark.parametrize("text, status", [
    ("1", Status.NEW), (3, Status.LEARNING_3), ("5", Status.LEARNED), ("known", Status.KNOWN),
    ("W", Status.KNOWN), ("well known", Status.KNOWN), ("99", Status.KNOWN), ("ignored", Status.IGNORED),
    ("I", Status.IGNORED), ("none", Status.NONE), ("0", Status.NONE), (Status.NEW, Status.NEW),
])
def test_status_parse(text, status):
    assert Status.parse(text) is status


@pytest.mark.parametrize("bad", ["6", "", "learning", 7, "-1"])
def test_status_parse_refuses_with_a_sentence(bad):
    with pytest.raises(ValueError, match="use 1-5, known, ignored or none"):
        Status.parse(bad)


def test_status_codes_round_trip():
    for s in Status:
        assert Status.parse(s.code) is s


def test_marks_follow_lwt():
    assert mark_for(Status.NONE) == Mark(0, True)
    assert [mark_for(Status(i)).tint for i in range(1, 6)] == [1, 2, 3, 4, 5]
    assert mark_for(Status.KNOWN).plain and mark_for(Status.IGNORED).plain


# -- vocabulary ---------------------------------------------------------------------


def test_vocabulary_tells_listeners_what_changed():
    vocab = Vocabulary()
    seen = []
    vocab.add_listener(seen.append)
    word = WordKey("陥る", "おちいる")
    vocab.set_status(word, Status.NEW)
    vocab.set_status(word, Status.NEW)  # no change, no call
    vocab.set_status(word, Status.NONE)
    assert seen == [frozenset({word}), frozenset({word})]
    assert vocab.status(word) is Status.NONE and word not in vocab


def test_a_broken_listener_does_not_stop_the_others():
    vocab = Vocabulary()
    seen = []
    vocab.add_listener(lambda keys: 1 / 0)
    vocab.add_listener(seen.append)
    vocab.set_status(WordKey("猫", "ねこ"), Status.KNOWN)
    assert seen


def test_furigana_hidden_on_known_words_and_from_a_threshold():
    vocab = Vocabulary({WordKey("a", "a"): Status.KNOWN, WordKey("b", "b"): Status.LEARNING_4,
                        WordKey("c", "c"): Status.NEW, WordKey("d", "d"): Status.IGNORED})
    hidden = {k.lemma for k in vocab.statuses() if vocab.hides_furigana(k)}
    assert hidden == {"a"}
    hidden4 = {k.lemma for k in vocab.statuses() if vocab.hides_furigana(k, Status.LEARNING_4)}
    assert hidden4 == {"a", "b"}
    assert not vocab.hides_furigana(None)
