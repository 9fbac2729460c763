"""Word resolution on real sentences: which vocabulary word each token is, and that the popup agrees."""

from __future__ import annotations

import pytest

from app.core.analysis import Token, analyze
from app.core.dictionary import DictionaryService
from app.core.dictionary.candidates import is_chain
from app.core.words import WordKey

SERVICE = DictionaryService()

pytestmark = pytest.mark.skipif(SERVICE.status() is not None, reason="jamdict-data not installed")


def _resolved(text: str, ruby=None) -> tuple[list[Token], dict[str, object]]:
    """The tokens of *text* and its spans by their text (the first span spelt so)."""
    tokens = analyze(text, ruby=ruby) if ruby else analyze(text)
    spans = SERVICE.resolve_words(tokens)
    by_text: dict[str, object] = {}
    for s in spans:
        by_text.setdefault("".join(t.surface for t in tokens[s.first:s.end]), s)
    return tokens, by_text


def test_a_split_compound_is_one_word() -> None:
    tokens, spans = _resolved("取締役会が開かれた。")
    assert [t.surface for t in tokens[:3]] == ["取締", "役", "会"]  # the analyser's cut
    word = spans["取締役会"]
    assert (word.first, word.end) == (0, 3)
    assert word.key == WordKey("取締役会", "とりしまりやくかい")
    assert word.entry_id == SERVICE.lookup_at(tokens, 0).best.id
    assert "取締" not in spans and "役" not in spans


def test_the_lookups_dictionary_form_wins_over_the_analysers() -> None:
    tokens, spans = _resolved("彼は泳げなかった。")
    oyoge = next(t for t in tokens if t.surface == "泳げ")
    assert oyoge.key == WordKey("泳げる", "およげる")  # unidic's, not a JMdict headword
    assert spans["泳げ"].key == WordKey("泳ぐ", "およぐ")
    assert spans["泳げ"].end - spans["泳げ"].first == 1  # the auxiliaries are words of their own
    assert spans["なかっ"].key == WordKey("ない", "ない")


def test_the_forms_of_one_verb_are_one_word() -> None:
    keys = set()
    ids = set()
    for text, surface in (("罠に陥った。", "陥っ"), ("罠に陥って、", "陥っ"), ("罠に陥る。", "陥る")):
        tokens, spans = _resolved(text)
        word = spans[surface]
        keys.add(word.key)
        ids.add(word.entry_id)
        # the analyser's own key, since JMdict has that headword with that reading
        assert word.key == next(t for t in tokens if t.surface == surface).key
    assert keys == {WordKey("陥る", "おちいる")}
    assert len(ids) == 1 and None not in ids


def test_two_readings_are_two_words() -> None:
    """辛い read からい (hot) and つらい (painful), as the author's ruby says, are two entries and two keys."""
    _, hot = _resolved("このカレーは辛い。", ruby=[(6, 7, "から")])
    _, hard = _resolved("この仕事は辛い。", ruby=[(5, 6, "つら")])
    assert hot["辛い"].key == WordKey("辛い", "からい")
    assert hard["辛い"].key == WordKey("辛い", "つらい")
    assert hot["辛い"].entry_id != hard["辛い"].entry_id


def test_every_word_token_has_one_span_and_punctuation_none(article_path) -> None:
    text = article_path.read_text(encoding="utf-8")
    for para in (p for p in text.splitlines() if p.strip()):
        tokens = analyze(para)
        spans = SERVICE.resolve_words(tokens)
        covered = [k for s in spans for k in range(s.first, s.end)]
        assert covered == sorted(set(covered)), "spans overlap or are out of order"
        assert set(covered) == {k for k, t in enumerate(tokens) if t.is_word}


def test_a_word_jmdict_lacks_keeps_the_analysers_key() -> None:
    tokens, spans = _resolved("アルトマン氏が来た。")  # a name: JMnedict has it, JMdict does not
    word = spans["アルトマン"]
    assert word.entry_id is None
    assert word.key == tokens[word.first].key


def test_many_paragraphs_at_once_as_one_by_one_and_again_from_the_caches(rashomon_path) -> None:
    from app.core.documents import load

    paragraphs = [analyze(p) for p in load(rashomon_path).paragraphs[:80]]
    fresh = DictionaryService(SERVICE.path)
    together = fresh.resolve_many(paragraphs)
    assert together == [fresh.resolve_words(p) for p in paragraphs]  # now all from the caches
    assert together[:10] == [DictionaryService(SERVICE.path).resolve_words(p) for p in paragraphs[:10]]


@pytest.mark.slow
def test_keys_are_what_saving_the_popups_first_entry_saves(article_path) -> None:
    """For every word of the bundled article, where the popup's first match is that word (or the word
    with its inflection), the resolved key and entry are what saving the first entry saves."""
    from app.core.word_keys import saved_key

    text = article_path.read_text(encoding="utf-8")
    compared = phrases = 0
    for para in (p for p in text.splitlines() if p.strip()):
        tokens = analyze(para)
        for span in SERVICE.resolve_words(tokens):
            result = SERVICE.lookup_at(tokens, span.first)
            if not result.matches:
                assert span.entry_id is None, tokens[span.first].surface
                compared += 1
                continue
            m = result.matches[0]
            inflected = span.end - span.first == 1 and all(
                is_chain(tokens[k], tokens[k - 1]) for k in range(span.end, m.end))
            if m.start != span.first or m.end < span.end or (m.end > span.end and not inflected):
                phrases += 1  # という, にとって: the popup offers the set phrase first
                continue
            compared += 1
            entry = m.entries[0]
            assert (span.key, span.entry_id) == (saved_key(tokens, m.start, m, entry), entry.id), m.text
    assert compared > 9 * phrases and compared > 2000
