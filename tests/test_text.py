"""Sentence boundaries, find and character classes: the plain-text rules in core."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core import chars
from app.core.text import find, sentence_at, sentence_bounds, sentence_ends

TEXT = "彼は陥った。「本当です。」と言った。「はい。」「いいえ。」取締役会が開かれた！？　次"


def test_sentences_of_a_paragraph():
    sentences = []
    start = 0
    for end in sentence_ends(TEXT):
        sentences.append(TEXT[start:end].strip("\u3000"))
        start = end
    assert sentences == ["彼は陥った。", "「本当です。」と言った。", "「はい。」", "「いいえ。」",
                         "取締役会が開かれた！？", "次"]


def test_sentence_at_each_word():
    assert sentence_at(TEXT, TEXT.index("陥")) == "彼は陥った。"
    assert sentence_at(TEXT, TEXT.index("言")) == "「本当です。」と言った。"
    assert sentence_at(TEXT, TEXT.index("締")) == "取締役会が開かれた！？"
    assert sentence_at(TEXT, len(TEXT) - 1) == "次"


def test_a_span_across_a_sentence_end_takes_both():
    start = TEXT.index("陥")
    assert sentence_at(TEXT, start, TEXT.index("本") + 1) == "彼は陥った。「本当です。」と言った。"


def test_paragraph_without_an_end_is_one_sentence():
    assert sentence_bounds("\u3000吾輩は猫である", 3) == (1, 8)
    assert sentence_at("", 0) == ""


@given(st.text(alphabet="あ漢。「」！ 　と", max_size=40), st.integers(0, 40))
def test_sentence_contains_the_position(text, pos):
    pos = min(pos, len(text))
    b, e = sentence_bounds(text, pos)
    assert 0 <= b <= e <= len(text)
    inner = text[b:e]
    assert inner == inner.strip(" \u3000")
    if pos < len(text) and text[pos] not in " \u3000":
        assert b <= pos < e


def test_find_forward_and_back_wraps():
    paras = ["猫がいる。", "犬がいる。", "猫が寝た。"]
    assert find(paras, "猫", (0, 1)) == (2, 0, 1)
    assert find(paras, "猫", (2, 1)) == (0, 0, 1)  # wraps to the start
    assert find(paras, "猫", (2, 0), forward=False) == (0, 0, 1)
    assert find(paras, "猫", (0, 0), forward=False) == (2, 0, 1)
    assert find(paras, "犬", None) == (1, 0, 1)
    assert find(paras, "鳥", None) is None
    assert find([], "猫", None) is None and find(paras, "", None) is None


def test_character_classes():
    assert all(chars.is_kanji(c) for c in "漢々〆ヶ〇𠮷")
    assert not any(chars.is_kanji(c) for c in "あア。Ａa")
    assert chars.to_hiragana("カタカナー") == "かたかなー"
    assert chars.to_katakana("ひらがな") == "ヒラガナ"
    assert chars.half_width_katakana_to_full("ｶﾞｲｺｸｼﾞﾝ です") == "ガイコクジン です"
    assert chars.is_kana_text("ひらがなカタカナー") and not chars.is_kana_text("漢字")
    # reading trackers count kanji and kana, not punctuation, spaces or ASCII
    assert chars.readable_count("「吾輩は猫である。」 name ＡＢ１") == 10


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
