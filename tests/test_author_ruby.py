"""The author's ruby read forward: a reading given once holds for the same word later in the text."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import background, documents
from app.core.analysis import Analyzer, EarlierRuby, analyze_document

DATA = Path(__file__).parent / "data"
KOKORO = DATA / "kokoro_start_aozora_sjis.txt"  # こころ, chapters 1-4, with the Aozora colophon


def _tok(tokens, surface):
    return next(t for t in tokens if t.surface == surface)


def _read(paragraphs, rubies):
    return Analyzer().analyze_many(paragraphs, rubies)


def test_a_later_occurrence_takes_the_authors_reading_and_says_so():
    out = _read(["始めて先生の宅を訪ねた。", "先生は宅にいた。"], [[(6, 7, "うち")], None])
    first, later = _tok(out[0], "宅"), _tok(out[1], "宅")
    assert first.reading == "うち" and first.ruby_source == "author"
    assert later.reading == "うち" and later.ruby_source == "author-earlier"
    assert list(later.furigana) == [("宅", "うち")]


def test_only_what_follows_the_ruby_is_read_by_it():
    out = _read(["宅と宅《うち》", "宅"], [[(2, 3, "うち")], None])
    assert out[0][0].ruby_source == "generated" and out[0][0].reading == "たく"
    assert out[1][0].reading == "うち"


def test_the_analysis_of_a_paragraph_alone_knows_nothing_earlier():
    a = Analyzer()
    a.analyze_many(["先生の宅を訪ねた。"], [[(3, 4, "うち")]])
    assert _tok(a.analyze("先生は宅にいた。"), "宅").reading == "たく"
    assert _tok(a.analyze_many(["先生は宅にいた。"])[0], "宅").reading == "たく"


def test_a_prefixed_word_is_another_word():
    # お宅 is not 宅 with お: the author's うち for 宅 does not read お宅
    out = _read(["先生の宅を訪ねた。", "お宅へ伺います。"], [[(3, 4, "うち")], None])
    assert _tok(out[1], "宅").reading == "たく" and _tok(out[1], "宅").ruby_source == "generated"


def test_the_same_spelling_analysed_as_another_word_keeps_its_reading():
    # the author's のち was for the noun 後; the 後 of 一年後 is the suffix ご
    out = _read(["その後に会った。", "一年後の事。"], [[(2, 3, "のち")], None])
    assert _tok(out[1], "後").reading == "ご"


def test_the_kanji_of_a_verb_keep_the_authors_reading_in_its_other_forms():
    out = _read(["よく解る。", "何も解らない。"], [[(2, 3, "わか")], None])
    later = _tok(out[1], "解ら")
    assert later.reading == "わから" and later.ruby_source == "author-earlier"
    assert later.lemma_reading == "わかる"


def test_another_form_is_read_so_only_when_the_analyser_knows_the_word_read_so():
    # 好《い》い is いい; its past is よかった, never いかった
    out = _read(["好い日和だ。", "天気が好かった。"], [[(0, 1, "い")], None])
    assert _tok(out[0], "好い").reading == "いい"
    later = _tok(out[1], "好かっ")
    assert later.reading == "よかっ" and list(later.furigana)[0] == ("好", "よ")


def test_a_word_the_analyser_split_is_found_again_and_read_as_one():
    # 源因 (Sōseki's spelling of 原因): MeCab reads it 源 + 因, the author once げんいん
    out = _read(["その源因を知った。", "源因は分らない。"], [[(2, 4, "げんいん")], None])
    later = out[1][0]
    assert later.surface == "源因" and later.reading == "げんいん" and later.ruby_source == "author-earlier"


def test_the_authors_usual_reading_wins_and_a_compound_keeps_its_own():
    # 中 alone is うち here; the 中 of 中二日 (a compound of kanji) was read なか
    e = EarlierRuby()
    a = Analyzer()
    a.analyze_many(["それから中二日おいた。", "その中に知った人。"], [[(4, 5, "なか")], [(2, 3, "うち")]], earlier=e)
    assert _tok(a.analyze_many(["海の中で遊ぶ。"], earlier=e)[0], "中").reading == "うち"


def test_the_documents_ruby_reads_its_later_chapters():
    doc = documents.load(KOKORO)
    tokens = analyze_document(doc)
    earlier = [t for p in tokens for t in p if t.ruby_source == "author-earlier"]
    assert len(earlier) > 20
    # 大分 is a place (おおいた) to the analyser; the author said だいぶ in chapter 1
    assert {t.reading for t in earlier if t.surface == "大分"} <= {"だいぶ"}


def test_background_batches_carry_the_authors_ruby_forward():
    doc = documents.load(KOKORO)
    rubies = [doc.ruby_for(i) for i in range(len(doc.paragraphs))]
    assert len(list(background.batches(doc.paragraphs))) > 1
    sent = []
    background.analyse(doc.paragraphs, rubies, refine=False, send=sent.append, prefetch=False)
    got: list = [None] * len(doc.paragraphs)
    for message in sent:
        if message[0] == "batch":
            got[message[1]:message[1] + len(message[2])] = message[2]
    assert got == analyze_document(doc)
    # and some of it is what an earlier batch's ruby said
    first_end = next(background.batches(doc.paragraphs))[1]
    learnt_first = {t.surface for p in got[:first_end] for t in p if t.ruby_source == "author"}
    learnt_later = {t.surface for p in got[first_end:] for t in p if t.ruby_source == "author"}
    carried = {t.surface for p in got[first_end:] for t in p if t.ruby_source == "author-earlier"}
    assert carried & (learnt_first - learnt_later)


@pytest.mark.slow
def test_later_occurrences_agree_with_the_author(dictionary_service):
    from app.bench.readings import agreement, first_ruby_only

    doc = documents.load(KOKORO)
    kept, removed = first_ruby_only(doc)
    agree, total, _ = agreement(kept, removed, dictionary_service)
    raw, _, _ = agreement(kept, removed, baseline=True)
    assert total > 30 and agree / total >= 0.95 and agree > raw


_TEXT = st.text(alphabet=st.sampled_from("宅源因好い解る中二日お先生の、。 か後"), min_size=1, max_size=16)


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(_TEXT, st.lists(st.tuples(st.integers(0, 15), st.integers(1, 4),
                                                    st.sampled_from(["うち", "げんいん", "い", "わか", "なか"])),
                                          max_size=3)), min_size=1, max_size=4))
def test_paragraphs_read_with_earlier_ruby_always_rebuild_their_text(paragraphs):
    texts = [text for text, _ in paragraphs]
    rubies = [[(s, min(s + n, len(text)), r) for s, n, r in spans if s < len(text)] for text, spans in paragraphs]
    for text, tokens in zip(texts, Analyzer().analyze_many(texts, rubies)):
        assert "".join(t.surface for t in tokens) == text
        for t in tokens:
            assert text[t.start:t.end] == t.surface
            assert "".join(seg for seg, _ in t.furigana) == t.surface
