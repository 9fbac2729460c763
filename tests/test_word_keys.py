"""One key rule: a word saved from the popup, typed to `shiori mark`, or resolved in the text is one word."""

from __future__ import annotations

import pytest

from app.core import documents
from app.core.analysis import analyze_document
from app.core.dictionary import DictionaryService
from app.core.word_keys import resolve, saved_key


@pytest.fixture(scope="module")
def service():
    s = DictionaryService()
    if s.status():
        pytest.skip(s.status())
    return s


@pytest.mark.slow
def test_the_popup_saves_the_key_the_text_is_coloured_by(service, article_path, rashomon_path):
    checked = disagree = 0
    for path in (article_path, rashomon_path):
        doc = documents.load(path)
        for tokens in service.refine_many(analyze_document(doc)):
            for span in service.resolve_words(tokens):
                if span.entry_id is None:
                    continue
                result = service.lookup_at(tokens, span.first)
                found = [(m, e) for m in result.matches if (m.start, m.end) == (span.first, span.end)
                         for e in m.entries if e.id == span.entry_id]
                if not found:
                    continue
                match, entry = found[0]
                checked += 1
                disagree += saved_key(tokens, span.first, match, entry) != span.key
    assert checked > 1000 and disagree == 0


@pytest.mark.parametrize("typed, key", [
    ("陥った", ("陥る", "おちいる")), ("解った", ("解る", "わかる")), ("私たち", ("私たち", "わたくしたち")),
    ("泳げなかった", ("泳ぐ", "およぐ")), ("がっこう", ("学校", "がっこう")), ("取締役会", ("取締役会", "とりしまりやくかい")),
])
def test_a_typed_word_is_the_word_in_a_text(service, typed, key):
    found = resolve(typed, service)
    assert found.whole and tuple(found.key) == key


@pytest.mark.parametrize("typed", ["ナデラ", "日本語を勉強する", "走っ た"])
def test_text_that_is_not_one_word_is_not_whole(service, typed):
    found = resolve(typed, service)
    assert found is None or not found.whole
