"""Line breaking without Qt: fixed-width fake metrics, real analysed text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from app.core.analysis import analyze
from app.ui.text_layout import (
    HANGING, NO_LINE_END, NO_LINE_START, DocumentLayout, PrefixSums, can_break, layout_paragraph,
)
from layout_support import M


def _check_kinsoku(lay, width):
    for li, line in enumerate(lay.lines):
        text = line.text
        if not text:
            continue
        if li > 0:
            assert text[0] not in NO_LINE_START, f"line starts with {text[0]!r}: {text}"
        if li < len(lay.lines) - 1:
            assert text[-1] not in NO_LINE_END, f"line ends with {text[-1]!r}: {text}"
        right = max((r.x + r.width for r in line.runs), default=0)
        # only hanging punctuation may pass the right edge
        if right > width + 0.01:
            assert text[-1] in HANGING


@pytest.mark.parametrize("width", [95.0, 150.0, 333.0, 600.0])
def test_article_obeys_line_breaking_rules(article_paragraphs, width):
    for text in article_paragraphs:
        lay = layout_paragraph(text, analyze(text), width, M)
        assert "".join(line.text for line in lay.lines) == text
        _check_kinsoku(lay, width)


def test_boxes_never_overlap(article_paragraphs):
    for text in article_paragraphs[:40]:
        lay = layout_paragraph(text, analyze(text), 240, M)
        for line in lay.lines:
            pieces = [p for r in line.runs for p in r.pieces]
            for a, b in zip(pieces, pieces[1:]):
                assert a.x + a.width <= b.x + 1e-6


def test_latin_words_and_numbers_stay_whole():
    text = "これはOpenAIのChatGPTで、2023年に700人が"
    lay = layout_paragraph(text, analyze(text), 60, M)
    for word in ("OpenAI", "ChatGPT", "2023", "700"):
        assert any(word in line.text for line in lay.lines), word


def test_a_word_longer_than_a_line_is_split():
    text = "Supercalifragilisticexpialidocious"
    lay = layout_paragraph(text, analyze(text), 50, M)
    assert len(lay.lines) > 1
    assert "".join(line.text for line in lay.lines) == text


def test_hanging_punctuation():
    text = "あいうえお。かき"
    lay = layout_paragraph(text, None, 50, M)  # five characters fit exactly
    assert lay.lines[0].text == "あいうえお。"
    assert lay.lines[1].text == "かき"


def test_only_one_punctuation_mark_hangs():
    lay = layout_paragraph("。" * 12, None, 100, M)
    assert all(sum(r.width for r in line.runs) <= 110 for line in lay.lines)
    lay = layout_paragraph("あいうえおかきくけこ、、、、、、", None, 100, M)
    assert sum(r.width for r in lay.lines[0].runs) <= 110
    assert "".join(line.text for line in lay.lines) == "あいうえおかきくけこ、、、、、、"


def test_closing_bracket_pulls_a_character_along():
    text = "あいうえ」かき"
    lay = layout_paragraph(text, None, 40, M)
    assert lay.lines[1].text.startswith("え」")


def test_opening_bracket_never_ends_a_line():
    text = "あいう「えおか」"
    lay = layout_paragraph(text, None, 40, M)
    assert not lay.lines[0].text.endswith("「")


def test_line_height_is_constant_with_and_without_ruby():
    lay = layout_paragraph("漢字かなカナ漢字", analyze("漢字かなカナ漢字"), 40, M)
    plain = layout_paragraph("かなかなかなかな", analyze("かなかなかなかな"), 40, M)
    assert {line.height for line in lay.lines} == {line.height for line in plain.lines} == {30.0}


def test_indent_and_blank_paragraph_kept():
    lay = layout_paragraph("\u3000ある日", analyze("\u3000ある日"), 300, M)
    assert lay.lines[0].text.startswith("\u3000")
    assert lay.lines[0].runs[0].x == 0 and lay.lines[0].runs[0].width == 10
    blank = layout_paragraph("", [], 300, M)
    assert len(blank.lines) == 1 and blank.height == 30


def test_document_layout_is_lazy_and_hit_tests(article_paragraphs):
    texts = article_paragraphs * 50
    tokens = [analyze(texts[i]) if i < 30 else None for i in range(len(texts))]
    doc = DocumentLayout(texts, M, 400, tokens=tokens.__getitem__)
    visible = doc.visible(0, 600)
    assert visible and doc.laid_out_count < 40 < len(texts)
    # hit-testing finds each run's own token at its centre
    for p in visible:
        lay = doc.paragraph(p)
        for line in lay.lines:
            for run in line.runs:
                if run.width == 0:  # a space swallowed at a line start
                    continue
                x = run.x + run.width / 2
                y = doc.tops[p] + line.y + line.height / 2
                assert doc.token_at(x, y) == (p, run.token)


def test_width_change_rewraps_and_keeps_tokens(article_paragraphs):
    text = next(p for p in article_paragraphs if "陥っ" in p)
    tokens = analyze(text)
    ti = next(i for i, t in enumerate(tokens) if t.surface == "陥っ")
    doc = DocumentLayout([text], M, 500, tokens=lambda i: tokens)
    wide = len(doc.paragraph(0).lines)
    x, y, w, h = doc.token_boxes(0, ti)[0]
    assert doc.token_at(x + w / 2, y + h / 2) == (0, ti)
    doc.set_width(180)
    assert len(doc.paragraph(0).lines) > wide
    x, y, w, h = doc.token_boxes(0, ti)[0]
    assert doc.token_at(x + w / 2, y + h / 2) == (0, ti)


def test_heading_lines_are_taller():
    doc = DocumentLayout(["見出し", "本文です"], M, 300, headings=lambda i: i == 0)
    assert doc.paragraph(0).lines[0].height == 45 and doc.paragraph(1).lines[0].height == 30


def test_char_at_for_selections():
    doc = DocumentLayout(["あいうえお"], M, 300)
    assert doc.char_at(0, 15) == (0, 0)
    assert doc.char_at(21, 15) == (0, 2)
    assert doc.char_at(500, 15) == (0, 5)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("あいうえお漢字、。「」（）ーっゃOpenAI 12"), max_size=60),
       st.floats(min_value=25, max_value=400))
def test_random_text_obeys_kinsoku(text, width):
    lay = layout_paragraph(text, analyze(text), width, M)
    assert "".join(line.text for line in lay.lines) == text
    for li in range(1, len(lay.lines)):
        prev = [p for r in lay.lines[li - 1].runs for p in r.pieces]
        first = lay.lines[li].runs[0].pieces[0] if lay.lines[li].runs else None
        if first is None or can_break(prev[-1], first):
            continue
        # a forbidden break is made only when the line offered no allowed one
        assert not any(can_break(a, b) for a, b in zip(prev, prev[1:])), (text, width)


def test_new_tokens_lay_the_paragraph_out_again():
    tokens = [None]
    doc = DocumentLayout(["漢字です"], M, 300, tokens=lambda i: tokens[i])
    assert doc.paragraph(0).lines[0].runs[0].token == -1
    tokens[0] = analyze("漢字です")
    doc.tokens_changed(0)
    assert doc.laid_out_count == 0
    assert doc.paragraph(0).lines[0].runs[0].token == 0 and doc.tokens(0) is tokens[0]


# -- running tops -----------------------------------------------------------


def _naive_tops(heights):
    tops = [0.0]
    for h in heights:
        tops.append(tops[-1] + h)
    return tops


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 500), min_size=0, max_size=70),
       st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 500)), max_size=40),
       st.lists(st.integers(-50, 40_000), max_size=20))
def test_prefix_sums_agree_with_a_naive_sum(heights, updates, ys):
    sums = PrefixSums(heights)
    heights = list(heights)
    for i, h in updates:
        if heights:
            i %= len(heights)
            sums.set(i, h)
            heights[i] = h
            tops = _naive_tops(heights)
            assert [sums.prefix(k) for k in range(len(tops))] == tops
    tops = _naive_tops(heights)
    for y in ys:
        # the largest i whose top is at or above y
        expected = max(i for i, t in enumerate(tops) if t <= y) if y >= 0 else 0
        assert sums.search(y) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0.5, 300, allow_nan=False), min_size=1, max_size=50),
       st.lists(st.tuples(st.integers(0, 1000), st.floats(0.5, 300, allow_nan=False)), max_size=30))
def test_prefix_sums_of_fractional_heights_stay_close(heights, updates):
    sums = PrefixSums(heights)
    heights = list(heights)
    for i, h in updates:
        i %= len(heights)
        sums.set(i, h)
        heights[i] = h
    assert [sums.prefix(k) for k in range(len(heights) + 1)] == pytest.approx(_naive_tops(heights))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="あい漢字。", min_size=0, max_size=40), min_size=1, max_size=30),
       st.lists(st.integers(0, 1000), max_size=15), st.floats(20, 300))
def test_document_tops_height_and_paragraph_at_keep_their_meaning(texts, order, width):
    doc = DocumentLayout(texts, M, width)
    for k in order:  # lay paragraphs out in any order, as scrolling does
        doc.paragraph(k % len(texts))
        heights = [doc.paragraph_height(i) for i in range(len(texts))]
        tops = _naive_tops(heights)
        assert list(doc.tops) == tops and doc.tops[-1] == doc.height == tops[-1]
        for i in range(len(texts)):
            if heights[i]:
                assert doc.paragraph_at(tops[i]) == i
                assert doc.paragraph_at(tops[i] + heights[i] / 2) == i
        assert doc.paragraph_at(-5) == 0 and doc.paragraph_at(doc.height + 5) == len(texts) - 1
