"""The sidebar's vocabulary table, progress figures, chart and history, with a real store."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication

from app.core.progress import Library, Progress
from app.core.store import open_store
from app.core.vocabulary import Context, StoredVocabulary
from app.core.words import Status, WordKey
from app.ui.actions import ActionRegistry
from app.ui.commands import sidebar_handlers
from app.ui.keymap import Keymap
from app.ui.sidebar import DailyChart, HistoryTab, ProgressTab, Sidebar
from app.ui.vocabulary_model import VocabularyFilter, VocabularyModel


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path) as s:
        Library(s).open_document("doc", "記事", char_count=1000)
        yield s


@pytest.fixture
def vocab(store):
    return StoredVocabulary(store)


def test_ten_thousand_words_in_the_model(qapp, vocab):
    keys = [WordKey(f"語{i:05d}", f"ご{i}") for i in range(10_000)]
    for first, status in enumerate((Status.NEW, Status.LEARNING_3, Status.KNOWN)):
        vocab.set_statuses(keys[first::3], status)
    model = VocabularyModel(vocab)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert model.rowCount() == 10_000
    proxy = VocabularyFilter()
    proxy.setSourceModel(model)
    proxy.sort(VocabularyModel.STATUS, Qt.DescendingOrder)
    assert proxy.index(0, VocabularyModel.STATUS).data() == "known"
    proxy.set_statuses({Status.LEARNING_3})
    assert 3300 <= proxy.rowCount() <= 3400
    proxy.set_text("語00042")
    assert proxy.rowCount() == 0  # 語00042 has status 1: the status filter still holds
    proxy.set_statuses(None)
    assert proxy.rowCount() == 1 and proxy.index(0, VocabularyModel.WORD).data() == "語00042"
    model.detach()


def test_the_model_follows_the_vocabulary(qapp, vocab):
    model = VocabularyModel(vocab)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    neko = WordKey("猫", "ねこ")
    vocab.add(neko, gloss="cat")
    assert model.rowCount() == 1 and model.index(0, VocabularyModel.GLOSS).data() == "cat"
    vocab.set_status(neko, Status.LEARNING_4)
    assert model.index(0, VocabularyModel.STATUS).data() == "4"
    change = vocab.remove([neko])
    assert model.rowCount() == 0
    vocab.undo(change)
    assert model.rowCount() == 1 and model.word_at(0).status is Status.LEARNING_4
    model.detach()


def test_status_and_notes_are_edited_in_place_and_can_be_undone(qapp, vocab):
    neko = WordKey("猫", "ねこ")
    vocab.add(neko)
    model = VocabularyModel(vocab)
    changes = []
    model.change_made.connect(changes.append)
    assert model.setData(model.index(0, VocabularyModel.STATUS), "known")
    assert model.setData(model.index(0, VocabularyModel.NOTES), "よく見る")
    assert vocab.status(neko) is Status.KNOWN and vocab.word(neko).notes == "よく見る"
    for change in reversed(changes):
        vocab.undo(change)
    assert vocab.status(neko) is Status.NEW and vocab.word(neko).notes == ""
    model.detach()


def _tab(qtbot, vocab):
    sidebar = Sidebar(vocab)
    qtbot.addWidget(sidebar)
    tab = sidebar.vocabulary_tab
    ActionRegistry(sidebar, Keymap(), sidebar_handlers(tab)).attach("sidebar", tab.table)  # as a window binds them
    sidebar.show()
    qtbot.waitExposed(sidebar)
    sidebar.activateWindow()  # keys act in the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is sidebar)
    return sidebar, tab


def test_keys_in_the_table_delete_set_statuses_filter_and_jump(qtbot, vocab):
    words = [WordKey("猫", "ねこ"), WordKey("犬", "いぬ"), WordKey("鳥", "とり")]
    for k in words:
        vocab.add(k, context=Context(f"{k.lemma}がいる。", "doc", 0, 0))
    sidebar, tab = _tab(qtbot, vocab)
    assert tab.select(WordKey("犬", "いぬ"))
    tab.table.setFocus()
    changes = []
    tab.change_made.connect(changes.append)
    qtbot.keyClick(tab.table, Qt.Key_3)
    assert vocab.status(WordKey("犬", "いぬ")) is Status.LEARNING_3
    qtbot.keyClick(tab.table, Qt.Key_W)
    assert vocab.status(WordKey("犬", "いぬ")) is Status.KNOWN
    with qtbot.waitSignal(tab.word_activated) as jumped:
        qtbot.keyClick(tab.table, Qt.Key_Return)
    assert jumped.args == [WordKey("犬", "いぬ")]
    qtbot.keyClick(tab.table, Qt.Key_Delete)
    assert WordKey("犬", "いぬ") not in vocab and tab.visible_count() == 2
    assert len(changes) == 3
    vocab.undo(changes[-1])
    assert tab.select(WordKey("犬", "いぬ"))
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key_Backspace)  # Delete's place on some keyboards
    assert WordKey("犬", "いぬ") not in vocab and tab.visible_count() == 2 and len(changes) == 4
    vocab.undo(changes[-1])
    assert vocab.status(WordKey("犬", "いぬ")) is Status.KNOWN and tab.visible_count() == 3
    tab.table.setFocus()
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(tab.table, QKeyEvent(QKeyEvent.KeyPress, 0, Qt.NoModifier, "鳥"))  # typing filters
    assert tab.search.text() == "鳥" and tab.visible_count() == 1 and sidebar.focusWidget() is tab.search
    qtbot.keyClick(tab.search, Qt.Key_Down)  # back to the table, on the one word left
    assert sidebar.focusWidget() is tab.table and tab.current_key() == WordKey("鳥", "とり")
    assert "鳥がいる。" in tab.contexts.toPlainText()


def test_the_selected_word_shows_its_sentences(qtbot, vocab):
    neko = WordKey("猫", "ねこ")
    vocab.add(neko, gloss="cat", context=Context("猫がいる。", "doc", 0, 0))
    vocab.record_lookup(neko, "猫", "doc", 3, 0, "また猫だ。")
    _, tab = _tab(qtbot, vocab)
    tab.select(neko)
    text = tab.contexts.toPlainText()
    assert "猫がいる。" in text and "また猫だ。" in text and "記事" in text and "cat" in text
    assert text.index("また猫だ。") < text.index("猫がいる。")  # newest first


def test_progress_figures(qtbot):
    tab = ProgressTab()
    qtbot.addWidget(tab)
    from app.core.progress import Coverage, DocumentRecord

    record = DocumentRecord("doc", "こころ", None, "夏目漱石", None, 1000, 10, "", "")
    tab.set_document(record, Progress("doc", seconds=1800, chars_read=500, char_count=1000),
                     Coverage(known=80, learning=10, new=10, new_words=7))
    assert tab.title.text() == "こころ"
    assert tab.figure("read").startswith("50%")
    assert tab.figure("speed") == "1,000 characters an hour"
    assert tab.figure("left") == "30 min"
    assert tab.figure("coverage") == "80% known, 10% learning, 7 new words"
    with qtbot.waitSignal(tab.rename_requested) as renamed:
        tab.title.setText("先生と私")
        tab.title.editingFinished.emit()
    assert renamed.args == ["先生と私"]


def test_the_chart_draws_one_bar_a_day_in_proportion(qtbot):
    chart = DailyChart()
    qtbot.addWidget(chart)
    chart.resize(300, 120)
    days = [(f"2026-11-{d:02d}", c, 0.0) for d, c in zip(range(3, 33), [0] * 27 + [100, 400, 200])]
    chart.set_days(days)
    bars = chart.bar_rects()
    assert len(bars) == 30
    assert bars[0].height() == 0 and bars[28].height() == pytest.approx(4 * bars[27].height())
    assert bars[28].height() == pytest.approx(2 * bars[29].height())
    assert all(b.left() < c.left() for b, c in zip(bars, bars[1:]))
    assert "700 characters" in chart.accessibleDescription()


def test_history_lists_newest_first_and_leads_back(qtbot, vocab):
    vocab.record_lookup(WordKey("陥る", "おちいる"), "陥っ", "doc", 2, 5, "陥った。")
    vocab.record_lookup(WordKey("猫", "ねこ"), "猫", "doc", 4, 0, "猫だ。")
    tab = HistoryTab()
    qtbot.addWidget(tab)
    tab.set_lookups(vocab.history("doc"))
    assert [lk.surface for lk in tab.lookups()] == ["猫", "陥っ"]
    with qtbot.waitSignal(tab.lookup_activated) as chosen:
        tab.activate(1)
    assert (chosen.args[0].paragraph, chosen.args[0].offset) == (2, 5)
