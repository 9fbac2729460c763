"""Ruby placed as Japanese books place it (JLREQ §3.3, Appendix F), on real words, without Qt."""

from __future__ import annotations

import pytest

from app.core.analysis import analyze
from app.core.chars import is_kanji
from app.ui.jukugo import split_reading
from app.ui.ruby_layout import GROUP, JUKUGO, MONO
from app.ui.text_layout import layout_paragraph

from layout_support import M

R = M.ruby_width("あ")  # one ruby character: 5 px, half a base character


def _pieces(text, width=500, tokens=None, policy="jlreq"):
    lay = layout_paragraph(text, analyze(text) if tokens is None else tokens, width, M, policy=policy)
    return lay, [p for line in lay.lines for p in line.pieces]


def _piece(pieces, text):
    return next(p for p in pieces if p.text == text)


def _ruby_span(p):
    return p.ruby_x, p.ruby_x + p.ruby_width + p.ruby_gap * (len(p.ruby) - 1)


def _word_width(pieces, first, last):
    a, b = pieces.index(first), pieces.index(last)
    return sum(p.width for p in pieces[a:b + 1]), sum(p.base_width for p in pieces[a:b + 1])


def test_muzukashii_is_as_wide_as_its_three_characters():
    _, pieces = _pieces("マイクロソフトは難しい状況に陥っている。")
    hard = _piece(pieces, "難")
    assert hard.kind == MONO and hard.ruby == "むずか"
    width, base = _word_width(pieces, hard, _piece(pieces, "い"))
    assert width == base == 30  # no gap inside 難しい
    lo, hi = _ruby_span(hard)
    assert lo < hard.x or hi > hard.x + hard.width  # the ruby hangs over は or し instead


def test_ochiitte_iru_is_as_wide_as_its_characters():
    _, pieces = _pieces("マイクロソフトは難しい状況に陥っている。")
    fall = _piece(pieces, "陥")
    start = pieces.index(fall)
    word = pieces[start:start + 5]
    assert "".join(p.text for p in word) == "陥っている"
    assert sum(p.width for p in word) == sum(p.base_width for p in word) == 50
    lo, hi = _ruby_span(fall)
    assert hi - lo == M.ruby_width("おちい") and lo >= pieces[start - 1].x  # over に and っ, no further


def test_chuujitsu_spreads_its_ruby_over_both_kanji():
    _, pieces = _pieces("彼の忠実なOpenAI")
    chu, jitsu = _piece(pieces, "忠"), _piece(pieces, "実")
    assert (chu.kind, jitsu.kind) == (JUKUGO, JUKUGO) and (chu.ruby, jitsu.ruby) == ("ちゅう", "じつ")
    assert chu.width + jitsu.width == 20  # no room added: the readings share the compound's width
    lo, _ = _ruby_span(chu)
    mid, hi = _ruby_span(jitsu)
    assert mid > jitsu.x  # ちゅう runs on over 実: the two readings are set as one over both
    assert lo < chu.x and hi > jitsu.x + jitsu.width  # and hang over の and な by as much on each side
    assert chu.x - lo == pytest.approx(hi - (jitsu.x + jitsu.width))


def test_a_compound_breaks_between_its_kanji_each_keeping_its_reading():
    text = "ああああ状況"
    lay, _ = _pieces(text, width=53)
    assert [line.text for line in lay.lines] == ["ああああ状", "況"]
    last, first = lay.lines[0].pieces[-1], lay.lines[1].pieces[0]
    assert (last.ruby, first.ruby) == ("じょう", "きょう")
    for line in lay.lines:  # the ruby stays inside the line at both ends
        lo, hi = _ruby_span(line.pieces[-1] if line is lay.lines[0] else line.pieces[0])
        assert lo >= 0 and hi <= line.pieces[-1].x + line.pieces[-1].width + 1e-6


def test_a_ruby_shorter_than_its_base_is_spread_over_it():
    _, pieces = _pieces("日付:")
    date = _piece(pieces, "日付")
    assert date.kind == GROUP and date.ruby == "ひづけ"  # ひ|づけ is no on'yomi: the reading stays whole
    lo, hi = _ruby_span(date)
    assert date.ruby_gap > 0
    assert lo - date.base_x == pytest.approx(date.ruby_gap / 2)  # ends to gaps 1:2 (JIS X 4051)
    assert date.base_x + date.base_width - hi == pytest.approx(date.ruby_gap / 2)


def test_what_cannot_hang_over_a_kanji_spaces_the_base_on_both_sides():
    _, pieces = _pieces("今日承る")
    uke = _piece(pieces, "承")
    assert uke.ruby == "うけたまわ"
    before = uke.base_x - uke.x
    after = uke.x + uke.width - (uke.base_x + uke.base_width)
    assert before == pytest.approx(after) and before > 0  # the room is shared, not put on one side
    lo, hi = _ruby_span(uke)
    assert lo >= uke.x  # nothing over 日, a kanji with its own ruby
    assert hi - (uke.x + uke.width) == pytest.approx(R)  # one ruby character over る


def test_at_the_head_of_a_line_the_ruby_starts_at_the_edge_and_the_base_moves_in():
    _, pieces = _pieces("承る")
    uke, ru = pieces
    lo, hi = _ruby_span(uke)
    assert lo == 0 and uke.base_x > 0
    assert ru.x == uke.x + uke.width and hi - ru.x == pytest.approx(R)  # る keeps its place under one ruby em


def test_group_ruby_longer_than_its_base_spaces_the_base_one_two_one():
    text = "の明日の"
    tokens = analyze(text)
    i = next(k for k, t in enumerate(tokens) if t.surface == "明日")
    tokens[i] = tokens[i]._replace(furigana=(("明日", "あいうえおかきく"),))
    _, pieces = _pieces(text, tokens=tokens)
    day = _piece(pieces, "明日")
    lo, hi = _ruby_span(day)
    assert lo == pytest.approx(day.x - R) and hi == pytest.approx(day.x + day.width + R)  # over both の
    before = day.base_x - day.x
    assert day.base_gap == pytest.approx(2 * before) and before > 0
    assert day.width == pytest.approx(day.base_width + 4 * before)


def _ruby_clusters(line):
    """Each ruby with the pieces it belongs to (a jukugo's kanji on the line)."""
    out, pieces = [], line.pieces
    for k, p in enumerate(pieces):
        if not p.ruby:
            continue
        mates = {k}
        if p.kind == JUKUGO:
            mates = {j for j, q in enumerate(pieces) if q.kind == JUKUGO and q.compound == p.compound}
        out.append((p, mates))
    return out


@pytest.mark.parametrize("width", [95.0, 150.0, 333.0, 600.0])
def test_a_ruby_never_overlaps_another_ruby_or_a_neighbouring_kanji(article_paragraphs, width):
    checked = 0
    for text in article_paragraphs:
        lay = layout_paragraph(text, analyze(text), width, M)
        for line in lay.lines:
            pieces = line.pieces
            end = pieces[-1].x + pieces[-1].width if pieces else 0
            spans = []
            for p, mates in _ruby_clusters(line):
                lo, hi = _ruby_span(p)
                assert lo >= -1e-6 and hi <= end + 1e-6, (text, line.text)  # never past the line's edges
                group = [pieces[j] for j in sorted(mates)]
                # over a neighbour by at most one ruby character
                assert group[0].x - lo <= R + 1e-6 or hi <= group[-1].x + group[-1].width
                for j, q in enumerate(pieces):
                    if j in mates or not (is_kanji(q.text[:1]) or q.ruby):
                        continue
                    assert hi <= q.base_x + 1e-6 or lo >= q.base_x + q.base_width - 1e-6, (text, p.text, q.text)
                spans.append((lo, hi))
                checked += 1
            spans.sort()
            for (_, a_hi), (b_lo, _) in zip(spans, spans[1:]):
                assert a_hi <= b_lo + 1e-6, line.text
    assert checked > 100


def test_the_old_placement_is_there_to_compare_with():
    _, pieces = _pieces("マイクロソフトは難しい状況に陥っている。", policy="widen")
    hard = _piece(pieces, "難")
    assert hard.width == M.ruby_width("むずか")  # the box widened: the gap the reader saw


@pytest.mark.parametrize("base, reading, parts", [
    ("忠実", "ちゅうじつ", ("ちゅう", "じつ")),
    ("学校", "がっこう", ("がっ", "こう")),
    ("大失敗", "だいしっぱい", ("だい", "しっ", "ぱい")),
    ("企業", "きぎょう", ("き", "ぎょう")),
    ("人々", "ひとびと", ("ひと", "びと")),
    ("今日", "きょう", None),  # read as a whole (jukujikun)
    ("日付", "ひづけ", None),  # native readings: not certain
    ("世紀", "せいき", ("せい", "き")),  # not せ|いき: that い lengthens せ
    ("七区", "しちく", None),  # しち|く or し|ちく: both fit, so neither is taken
])
def test_compound_readings_are_divided_only_when_certain(base, reading, parts):
    assert split_reading(base, reading) == parts
