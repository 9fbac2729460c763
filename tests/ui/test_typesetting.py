"""The text as a Japanese reader sees it, measured on the layout with the reader's own fonts."""

from __future__ import annotations

import pytest

from app.bench.corpus import novel_path
from app.core import documents
from app.core.analysis import analyzer
from app.ui.metrics import QtMetrics, make_font
from app.ui.typeset_measures import gap_count, layouts, ruby_space_share
from app.ui.vertical_text import VerticalMetrics

WIDTH = 980.0  # the reader's line at its default window size
COLUMN = 600.0  # and its column


def _analysed(path, count=None):
    doc = documents.load(path)
    paragraphs = doc.paragraphs[:count] if count else doc.paragraphs
    return paragraphs, analyzer().analyze_many(paragraphs, [doc.ruby_for(i) for i in range(len(paragraphs))])


@pytest.fixture(scope="module")
def metrics(qapp):
    return QtMetrics(make_font("serif", 17.0))


@pytest.fixture(scope="module")
def article(article_path):
    return _analysed(article_path)


@pytest.mark.parametrize("vertical", [False, True], ids=["horizontal", "vertical"])
def test_no_gaps_inside_words_in_the_article(article, metrics, vertical):
    measure = VerticalMetrics(metrics) if vertical else metrics
    length = COLUMN if vertical else WIDTH
    now = gap_count(layouts(*article, measure, length), measure)
    before = gap_count(layouts(*article, measure, length, policy="widen"), measure)
    assert now.pairs > 3000
    assert now.share < 0.01
    assert before.share > 0.03  # what the reader saw when ruby widened its kanji's box
    assert ruby_space_share(layouts(*article, measure, length)) < ruby_space_share(
        layouts(*article, measure, length, policy="widen"))


@pytest.mark.slow
@pytest.mark.parametrize("vertical", [False, True], ids=["horizontal", "vertical"])
def test_no_gaps_inside_words_in_kokoro(metrics, vertical):
    path = novel_path()
    if path is None:
        pytest.skip("こころ (shared/corpus/kokoro_aozora_sjis.txt) is not beside the project")
    measure = VerticalMetrics(metrics) if vertical else metrics
    counted = gap_count(layouts(*_analysed(path, 300), measure, COLUMN if vertical else WIDTH), measure)
    assert counted.pairs > 10000 and counted.share < 0.01
