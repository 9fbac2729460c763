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
