from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings, strategies as st

from app.core.analysis import Analyzer, Token, analyze


@pytest.fixture(scope="module")
def article_text(article_path) -> str:
    return article_path.read_text(encoding="utf-8")


def _find(tokens: list[Token], surface: str) -> Token:
    return next(t for t in tokens if t.surface == surface)


def test_article_words(article_text):
    para = next(p for p in article_text.splitlines() if "陥っ" in p)
    tokens = analyze(para)
    t = _find(tokens, "陥っ")
    assert t.lemma == "陥る"
    assert t.reading == "おちいっ"
    assert t.lemma_reading == "おちいる"
    assert t.pos == "動詞" and t.conj_form.startswith("連用形")
    assert list(t.furigana) == [("陥", "おちい"), ("っ", None)]
    assert t.ruby_source == "generated"
    hard = _find(tokens, "難しい")
    assert hard.reading == "むずかしい" and hard.accent == "0,4"


def test_reading_is_kana_not_pronunciation():
    assert _find(analyze("日付を書く"), "日付").reading == "ひづけ"
    assert _find(analyze("難しい問題"), "難しい").reading == "むずかしい"


def test_unknown_words_have_surface_and_no_reading():
    tokens = analyze("OpenAIの700人")
    openai = _find(tokens, "OpenAI")
    assert openai.reading == "" and openai.is_word and openai.ruby_source is None
    assert list(openai.furigana) == [("OpenAI", None)]
    assert _find(tokens, "700").reading == ""


def test_punctuation_and_spaces_are_not_words():
    tokens = analyze("しかし、 彼は「はい」と言った。")
    for surface in ("、", "「", "」", "。", " "):
        assert not _find(tokens, surface).is_word
    assert _find(tokens, "彼").is_word


def test_loanword_lemma_has_no_english_gloss():
    t = _find(analyze("メルトダウンが起きた"), "メルトダウン")
    assert "-" not in t.lemma and "-" not in t.lexeme


def test_lexeme_gives_the_plain_verb_of_a_potential_form():
    t = _find(analyze("泳げなかった"), "泳げ")
    assert t.lexeme == "泳ぐ"


def test_tokens_cover_every_paragraph_of_the_article(article_text):
    for para in article_text.splitlines():
        tokens = analyze(para)
        assert "".join(t.surface for t in tokens) == para
        pos = 0
        for t in tokens:
            assert t.start == pos and para[t.start:t.end] == t.surface
            assert "".join(seg for seg, _ in t.furigana) == t.surface
            pos = t.end


def test_author_ruby_wins_and_says_so():
    text = "羅生門の下で下人が雨やみを待っていた。"
    tokens = analyze(text, [(6, 8, "げにん"), (0, 3, "らしょうもん")])
    genin = _find(tokens, "下人")
    assert list(genin.furigana) == [("下人", "げにん")] and genin.ruby_source == "author"
    # the analyser splits 羅生門; the author's single ruby merges it back
    gate = tokens[0]
    assert gate.surface == "羅生門" and gate.reading == "らしょうもん" and gate.ruby_source == "author"
    # tokens outside the ruby keep generated readings
    assert _find(tokens, "待っ").ruby_source == "generated"


def test_author_ruby_on_part_of_a_token_keeps_the_rest_generated():
    # 蹲《うずくま》って: the base is the kanji, the token is 蹲っ
    tokens = analyze("蹲って", [(0, 1, "うずくま")])
    t = tokens[0]
    assert t.surface.startswith("蹲")
    assert ("蹲", "うずくま") in list(t.furigana) and t.ruby_source == "author"


def test_author_ruby_differing_from_the_analyser():
    tokens = analyze("一生涯", [(0, 3, "いっしょうがい")])
    assert len(tokens) == 1 and tokens[0].reading == "いっしょうがい"


def test_analyzers_are_per_thread(article_text):
    para = next(p for p in article_text.splitlines() if "陥っ" in p)
    expected = [t.surface for t in analyze(para)]
    results: list[list[str]] = []

    def work():
        results.append([t.surface for t in analyze(para)])

    threads = [threading.Thread(target=work) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert results == [expected] * 3


def test_analyze_many_reports_progress_and_stops(article_text):
    paras = article_text.splitlines()
    seen: list[tuple[int, int]] = []
    out = Analyzer().analyze_many(paras, progress=lambda d, t: seen.append((d, t)))
    assert len(out) == len(paras)
    assert seen[-1] == (len(paras), len(paras))
    stopped = Analyzer().analyze_many(paras, should_stop=lambda: True)
    assert stopped == []


def test_template_cache_gives_the_same_tokens_as_a_fresh_analyzer(article_text):
    a = Analyzer()
    first = [a.analyze(p) for p in article_text.splitlines()]
    again = [a.analyze(p) for p in article_text.splitlines()]
    assert first == again


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("漢字かなカナ、。「」 　abc123陥っ取締役会々ー\t"), max_size=40))
def test_tokens_always_rebuild_the_text(text):
    tokens = analyze(text)
    assert "".join(t.surface for t in tokens) == text
    for t in tokens:
        assert text[t.start:t.end] == t.surface


def test_kanji_next_to_author_ruby_keep_their_own_reading():
    t = analyze("学生が来た", [(0, 1, "がく")])[0]
    assert t.surface == "学生" and list(t.furigana) == [("学", "がく"), ("生", "せい")]
    t = analyze("大学生", [(1, 2, "がく")])[0]
    assert list(t.furigana) == [("大", "だい"), ("学", "がく")]
    # がっこう cannot be cut after がく: 校 gets no ruby rather than っこう
    t = analyze("学校へ行く", [(0, 1, "がく")])[0]
    assert list(t.furigana) == [("学", "がく"), ("校", None)] and t.reading == "がっこう"


def test_kanji_next_to_a_differing_author_reading_get_no_guess():
    # the author reads 学 as まな here; the analyser's reading cannot be split around it
    t = analyze("学校", [(0, 1, "まな")])[0]
    assert list(t.furigana)[0] == ("学", "まな")
    assert all(ruby is None for text, ruby in t.furigana if text != "学")


def test_overlapping_author_spans_never_repeat_text():
    text = "山田太郎は東京へ"
    tokens = analyze(text, [(0, 3, "やまだた"), (2, 4, "たろう"), (5, 7, "とうきょう")])
    assert "".join(t.surface for t in tokens) == text
    for t in tokens:
        assert "".join(seg for seg, _ in t.furigana) == t.surface
