"""Sentences and find over plain paragraphs."""

from __future__ import annotations

from hypothesis import given, strategies as st

from app.core.text import find, sentence_at, sentence_bounds, sentence_ends


def test_sentences_end_at_full_stops_with_their_quotes():
    text = "「本当です。」と言った。次の文です！　そして？"
    assert sentence_ends(text) == [12, 18, len(text)]
    assert sentence_at(text, 2) == "「本当です。」と言った。"
    assert sentence_at(text, 13) == "次の文です！"
    assert sentence_at(text, 20) == "そして？"


def test_a_span_across_a_sentence_end_gets_both_sentences():
    assert sentence_at("あ。い。う。", 1, 3) == "あ。い。"


def test_a_half_width_space_between_japanese_ends_a_sentence():
    text = "コメント マイクロソフトは難しい状況に陥っている。 OpenAIの共同"
    assert sentence_at(text, text.index("陥")) == "マイクロソフトは難しい状況に陥っている。"
    assert sentence_at(text, 1) == "コメント"
    # ... but not beside Latin text, nor an ideographic space (spaced children's books)
    assert sentence_at("これは Python です。", 1) == "これは Python です。"
    assert sentence_at("むかし　むかし、あるところに", 4) == "むかし　むかし、あるところに"


def test_find_walks_forward_and_back_and_wraps():
    paras = ["ab", "cab", "ab"]
    assert find(paras, "ab", (0, 1)) == (1, 1, 3)
    assert find(paras, "ab", (2, 1)) == (0, 0, 2)  # wraps
    assert find(paras, "ab", (1, 1), forward=False) == (0, 0, 2)
    assert find(paras, "ab", None, forward=False) == (2, 0, 2)
    assert find(paras, "zz", None) is None and find(paras, "", None) is None and find([], "a", None) is None


@given(st.lists(st.text(alphabet="あい。 　「」と", max_size=12), min_size=1, max_size=4),
       st.data())
def test_every_offset_lies_in_its_sentence(paragraphs, data):
    text = "".join(paragraphs)
    if not text:
        return
    offset = data.draw(st.integers(0, len(text) - 1))
    begin, end = sentence_bounds(text, offset)
    assert 0 <= begin <= end <= len(text)
    if text[offset] not in " \u3000":
        assert begin <= offset < end
    assert text[begin:end] == text[begin:end].strip(" \u3000")


@given(st.lists(st.text(alphabet="abc", max_size=6), min_size=1, max_size=5), st.text(alphabet="abc", min_size=1,
       max_size=2), st.booleans())
def test_find_returns_a_real_occurrence(paragraphs, needle, forward):
    hit = find(paragraphs, needle, None, forward)
    if hit is None:
        assert not any(needle in p for p in paragraphs)
    else:
        p, start, end = hit
        assert paragraphs[p][start:end] == needle
