"""The lookup popup/dock: HTML from real lookups, keyboard, and placement."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings, strategies as st
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QMainWindow, QWidget

from app.core.analysis import analyze
from app.core.dictionary import DictionaryService, Entry, Form, LookupResult, Match, Sense
from app.ui.actions import ActionRegistry
from app.ui.commands import lookup_handlers
from app.ui.keymap import Keymap
from app.ui.lookup_panel import DOWNSTEP_MARK, LookupDock, LookupPanel, LookupPopup, render_html
from app.ui.placement import placement

pytestmark = pytest.mark.skipif(DictionaryService().status() is not None,
                                reason="jamdict-data is not installed")


@pytest.fixture(scope="module")
def article_paragraphs(article_path) -> list[str]:
    text = article_path.read_text("utf-8")
    return [p for p in text.splitlines() if p.strip()]


@pytest.fixture(scope="module")
def lookup(article_paragraphs, dictionary_service):
    """Look up the token that starts where ``word`` first occurs in the article."""

    def at(word: str) -> tuple[LookupResult, str]:
        para = next(p for p in article_paragraphs if word in p)
        tokens = analyze(para)
        start = para.index(word)
        i = next(i for i, t in enumerate(tokens) if t.start == start)
        return dictionary_service.lookup_at(tokens, i), tokens[i].surface

    return at


# ---------------------------------------------------------------------------
# render_html
# ---------------------------------------------------------------------------


def _text(markup: str) -> str:
    """The characters of the HTML, tags dropped (the furigana table splits cells, not words)."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_inflected_verb_shows_dictionary_form_reading_inflection_and_senses(lookup):
    result, surface = lookup("陥っ")
    assert surface == "陥っ"
    markup = render_html(result)
    text = _text(markup)
    assert "陥</td>" in markup and "おちい</td>" in markup  # furigana over 陥 in the head table
    assert "陥る" in text
    assert "おちいる" in text
    assert result.inflection and result.inflection.startswith("陥る")
    assert html.escape(result.inflection) in markup
    assert "1.</td>" in markup and "2.</td>" in markup
    assert "to fall into" in text


def test_headword_and_reading_as_plain_text(qtbot, lookup):
    # What the learner actually reads once Qt has laid the HTML out.
    result, surface = lookup("陥っ")
    panel = LookupPanel()
    qtbot.addWidget(panel)
    panel.set_result(result, surface)
    text = panel.browser.toPlainText()
    assert "陥" in text and "おちいる" in text
    assert "1." in text and "to fall into" in text
    assert "continuative" in text


def test_pitch_marks_and_common_badge(lookup):
    result, _ = lookup("難しい")
    markup = render_html(result)
    assert 'class="hi"' in markup  # overlined high morae
    assert "text-decoration: overline" in markup
    assert DOWNSTEP_MARK in markup  # the nakadaka accent むずかしꜜい
    assert "[4]" in markup and "[0]" in markup
    assert ">&nbsp;common&nbsp;<" in markup
    assert "top " in markup  # frequency band


def test_pitch_falls_after_the_right_mora(lookup):
    result, _ = lookup("難しい")
    markup = render_html(result)
    # むずかし are high and the fall mark follows し for [4]
    assert f'<span class="hi">し</span><span class="drop">{DOWNSTEP_MARK}</span><span class="lo">い</span>' in markup


def test_kanji_card(lookup):
    result, _ = lookup("難しい")
    markup = render_html(result)
    assert "Kanji" in markup
    assert "18 strokes" in markup
    assert "ナン" in markup  # on reading in katakana
    assert "difficult" in markup


def test_names_section(lookup):
    result, surface = lookup("アルトマン")
    assert result.names
    markup = render_html(result, surface=surface)
    assert "Names" in markup
    assert "Altman" in markup
    assert "No dictionary entry" not in markup


def test_no_entry_message(lookup):
    result, surface = lookup("Anthropic")
    assert not result.found
    markup = render_html(result, surface=surface)
    assert "No dictionary entry for 「Anthropic」" in markup


def test_dictionary_status_sentence_replaces_entry(lookup):
    result, _ = lookup("陥っ")
    sentence = "The dictionary is not installed: run `pip install jamdict-data` and restart Shiori."
    markup = render_html(result, status=sentence)
    assert "The dictionary is not installed" in markup
    assert "to fall into" not in markup
    assert "to fall into" in render_html(result, status=None)


def test_panel_shows_the_status_it_is_given(panel, lookup):
    result, surface = lookup("陥っ")
    panel.set_result(result, surface, status="The dictionary is damaged.")
    assert panel.status == "The dictionary is damaged."
    assert "damaged" in panel.browser.toPlainText() and "to fall into" not in panel.browser.toPlainText()
    panel.set_result(result, surface)
    assert panel.status is None and "to fall into" in panel.browser.toPlainText()


def test_everything_is_escaped():
    e = Entry(id=1, kanji=(Form("<b>字</b>"),), kana=(Form("じ&"),),
              senses=(Sense(pos=("<pos>",), glosses=("a <script> tag", "x & y")),), common=False, freq_band=None)
    r = LookupResult(matches=(Match(0, 1, "<b>字</b>", (e,)),))
    markup = render_html(r)
    assert "<script>" not in markup and "<b>字" not in markup and "<pos>" not in markup
    assert "a &lt;script&gt; tag" in markup and "x &amp; y" in markup


def test_senses_group_part_of_speech_and_show_notes():
    e = Entry(
        id=2, kanji=(Form("試"),), kana=(Form("ためし"),), common=False, freq_band=3,
        senses=(
            Sense(pos=("noun",), glosses=("trial",)),
            Sense(pos=("noun",), glosses=("attempt",), misc=("archaism",), xrefs=("試す・ためす・1",)),
            Sense(pos=("verb",), glosses=("to try",), dialect=("Kansai-ben",)),
        ))
    markup = render_html(LookupResult(matches=(Match(0, 1, "試", (e,)),)))
    assert markup.count('class="pos"') == 2  # noun once, then verb
    assert "3.</td>" in markup
    assert "archaism" in markup and "Kansai-ben" in markup
    assert "see 試す【ためす】 sense 1" in markup
    assert "top 1,500" in markup


def test_dark_theme_changes_text_colour(lookup):
    result, _ = lookup("陥っ")
    light, dark = render_html(result, dark=False), render_html(result, dark=True)
    assert light != dark
    assert "color: #e8e8e8" in dark and "color: #e8e8e8" not in light


def test_other_entries_and_match_index(lookup):
    result, _ = lookup("取締")
    texts = [m.text for m in result.matches]
    assert texts[0] == "取締役会" and len(texts) >= 2
    first, second = render_html(result, 0), render_html(result, 1)
    assert "board of directors" in first
    assert first != second
    assert texts[1] in second
    # out of range clamps rather than failing
    assert render_html(result, 99) == render_html(result, len(texts) - 1)


# ---------------------------------------------------------------------------
# LookupPanel
# ---------------------------------------------------------------------------


def with_lookup_keys(panel: LookupPanel) -> ActionRegistry:
    """The lookup's keys, as a window binds them (the panel alone has only its page keys)."""
    keys = ActionRegistry(panel, Keymap(), lookup_handlers())
    keys.attach("popup", panel)
    return keys


@pytest.fixture
def panel(qtbot) -> LookupPanel:
    p = LookupPanel()
    with_lookup_keys(p)
    qtbot.addWidget(p)
    p.resize(420, 320)
    p.show()
    qtbot.waitExposed(p)
    return p


def test_arrow_keys_walk_the_matches(qtbot, panel, lookup):
    result, surface = lookup("取締")
    panel.set_result(result, surface)
    assert panel.current_match_index == 0
    assert panel.match_strip.isVisible()
    assert "<b>取締役会</b>" in panel.match_strip.text()
    before = panel.browser.toPlainText()
    with qtbot.waitSignal(panel.match_changed) as blocker:
        qtbot.keyClick(panel, Qt.Key.Key_Down)
    assert blocker.args == [1]
    assert panel.current_match_index == 1
    assert panel.browser.toPlainText() != before
    assert f"<b>{result.matches[1].text}</b>" in panel.match_strip.text()
    qtbot.keyClick(panel, Qt.Key.Key_Up)
    assert panel.current_match_index == 0
    assert panel.browser.toPlainText() == before
    qtbot.keyClick(panel, Qt.Key.Key_Up)  # stays at the first
    assert panel.current_match_index == 0


def test_arrow_keys_work_when_the_entry_text_has_focus(qtbot, panel, lookup):
    result, surface = lookup("取締")
    panel.set_result(result, surface)
    qtbot.keyClick(panel.browser, Qt.Key.Key_Down)
    assert panel.current_match_index == 1
    with qtbot.waitSignal(panel.close_requested):
        qtbot.keyClick(panel.browser, Qt.Key.Key_Escape)


def test_single_match_hides_strip(panel, lookup):
    result, surface = lookup("難しい")
    panel.set_result(result, surface)
    assert len(result.matches) == 1
    assert not panel.match_strip.isVisible()
    panel.next_match()
    assert panel.current_match_index == 0


def test_escape_and_close_button_request_close(qtbot, panel):
    with qtbot.waitSignal(panel.close_requested):
        qtbot.keyClick(panel, Qt.Key.Key_Escape)
    with qtbot.waitSignal(panel.close_requested):
        qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)


def test_add_button(qtbot, panel, lookup):
    result, surface = lookup("取締")
    panel.set_result(result, surface)
    assert not panel.add_button.isEnabled()
    panel.set_add_enabled(True)
    assert panel.add_button.isEnabled()
    with qtbot.waitSignal(panel.add_requested) as blocker:
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    entry = blocker.args[0]
    assert isinstance(entry, Entry)
    assert entry.headword() == "取締役会"
    panel.select_match(1)
    with qtbot.waitSignal(panel.add_requested) as blocker:
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] is result.matches[1].entries[0]


def test_add_stays_disabled_without_an_entry(panel, lookup):
    result, surface = lookup("アルトマン")  # names only
    panel.set_add_enabled(True)
    panel.set_result(result, surface)
    assert not panel.add_button.isEnabled()


def test_pin_button(qtbot, panel):
    assert panel.pin_button.text() == "Pin"
    with qtbot.waitSignal(panel.pin_requested):
        qtbot.mouseClick(panel.pin_button, Qt.MouseButton.LeftButton)
    panel.set_pinned(True)
    assert panel.pin_button.text() == "Unpin"
    panel.set_pinned(False)
    assert panel.pin_button.text() == "Pin"


def test_clear(panel, lookup):
    result, surface = lookup("取締")
    panel.set_result(result, surface)
    panel.select_match(1)
    panel.clear()
    assert panel.current_match_index == 0
    assert panel.result.matches == ()
    assert not panel.match_strip.isVisible()
    assert "board" not in panel.browser.toPlainText()


def test_browser_is_read_only_and_keeps_links(panel):
    assert panel.browser.isReadOnly()
    assert not panel.browser.openLinks()


# ---------------------------------------------------------------------------
# LookupPopup placement
# ---------------------------------------------------------------------------


@pytest.fixture
def parent(qtbot) -> QWidget:
    w = QWidget()
    qtbot.addWidget(w)
    w.resize(800, 600)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def long_result(lookup) -> LookupResult:
    return lookup("陥っ")[0]


# placement without widgets: word box, wanted size and the room there is

AREA = QRect(0, 0, 800, 600)


def test_placement_below_the_word_when_there_is_room():
    word = QRect(100, 100, 40, 30)
    g = placement(word, QSize(420, 320), AREA)
    assert g == QRect(100, 134, 420, 320)


def test_placement_above_when_the_room_is_there():
    word = QRect(100, 500, 40, 30)
    g = placement(word, QSize(420, 320), AREA)
    assert g.bottom() < word.top() and g.height() == 320 and not g.intersects(word)


def test_placement_shrinks_on_the_roomier_side_when_neither_fits():
    word = QRect(100, 250, 40, 30)
    g = placement(word, QSize(420, 400), AREA)
    assert g.top() == 284 and g.bottom() == 600 - 4 - 1 and not g.intersects(word)


def test_placement_keeps_inside_an_area_that_does_not_start_at_zero():
    area = QRect(50, 40, 300, 200)
    word = QRect(330, 60, 15, 20)
    g = placement(word, QSize(420, 100), area)
    assert area.contains(g) and g.width() == 300 - 8 and not g.intersects(word)


def test_placement_over_a_word_taller_than_the_area():
    g = placement(QRect(10, 0, 40, 600), QSize(420, 320), AREA)
    assert AREA.contains(g)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 780), st.integers(0, 580), st.integers(1, 60), st.integers(1, 60),
       st.integers(1, 600), st.integers(1, 600))
def test_placement_never_covers_the_word_nor_leaves_the_area(x, y, w, h, pw, ph):
    word = QRect(x, y, min(w, 800 - x), min(h, 600 - y))
    g = placement(word, QSize(pw, ph), AREA)
    assert AREA.contains(g)
    assert g.width() <= pw and g.height() <= ph
    if max(word.top() - 8, 600 - 8 - word.bottom() - 1) > 0:
        assert not g.intersects(word)


def test_popup_is_a_child_widget(parent):
    popup = LookupPopup(parent)
    assert not popup.isWindow()
    assert popup.parentWidget() is parent
    assert isinstance(popup.panel, LookupPanel)
    assert not popup.isVisible()


def test_popup_below_the_word(parent, long_result):
    popup = LookupPopup(parent)
    rect = QRect(100, 100, 40, 30)
    popup.show_for(rect, long_result, "陥っ")
    g = popup.geometry()
    assert popup.isVisible()
    assert g.top() >= 134
    assert not g.intersects(rect)
    assert g.left() == 100
    assert g.width() <= 420 and g.height() <= 320
    assert parent.rect().contains(g)
    assert popup.panel.result is long_result


def test_popup_above_near_the_bottom(parent, long_result):
    popup = LookupPopup(parent)
    rect = QRect(100, 560, 40, 30)
    popup.show_for(rect, long_result, "陥っ")
    g = popup.geometry()
    assert g.bottom() <= 556
    assert not g.intersects(rect)
    assert parent.rect().contains(g)


def test_popup_near_the_right_edge_stays_inside(parent, long_result):
    popup = LookupPopup(parent)
    rect = QRect(770, 200, 28, 30)
    popup.show_for(rect, long_result, "陥っ")
    g = popup.geometry()
    assert parent.rect().contains(g)
    assert not g.intersects(rect)
    assert g.top() >= 234


def test_popup_shrinks_to_a_small_parent(parent, long_result):
    parent.resize(300, 200)
    popup = LookupPopup(parent)
    rect = QRect(10, 20, 40, 30)
    popup.show_for(rect, long_result, "陥っ")
    g = popup.geometry()
    assert parent.rect().contains(g)
    assert not g.intersects(rect)
    assert g.width() < 300


def test_popup_fits_short_content(parent, lookup):
    result, surface = lookup("アルトマン")
    popup = LookupPopup(parent)
    popup.show_for(QRect(100, 100, 40, 30), result, surface)
    assert popup.height() < LookupPopup.PREFERRED_HEIGHT


def test_escape_hides_popup(qtbot, parent, long_result):
    popup = LookupPopup(parent)
    with_lookup_keys(popup.panel)
    popup.show_for(QRect(100, 100, 40, 30), long_result, "陥っ", take_focus=True)
    assert popup.isVisible()
    with qtbot.waitSignal(popup.closed):
        qtbot.keyClick(popup.panel, Qt.Key.Key_Escape)
    assert not popup.isVisible()


def test_popup_shows_in_a_grab_of_the_parent(parent, long_result):
    # The popup must be part of the window's own rendering (screenshots).
    popup = LookupPopup(parent)
    popup.show_for(QRect(100, 100, 40, 30), long_result, "陥っ")
    g = popup.geometry()
    assert not parent.grab().isNull()
    child = parent.childAt(g.center())
    assert child is not None and popup.isAncestorOf(child)


# ---------------------------------------------------------------------------
# LookupDock
# ---------------------------------------------------------------------------


def test_dock(qtbot, lookup):
    win = QMainWindow()
    qtbot.addWidget(win)
    dock = LookupDock(win)
    win.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    win.show()
    qtbot.waitExposed(win)
    assert dock.objectName() == "lookupDock"
    assert dock.windowTitle() == "Lookup"
    assert dock.widget() is dock.panel
    assert dock.panel.pin_button.text() == "Unpin"
    result, surface = lookup("陥っ")
    dock.panel.set_result(result, surface)
    assert "to fall into" in dock.panel.browser.toPlainText()
    # the window's saved state puts the dock back where it was (found by its objectName)
    state = win.saveState()
    win.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    assert win.dockWidgetArea(dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert win.restoreState(state)
    assert win.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
