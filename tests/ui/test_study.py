"""The learner's memory in the window: saving words with keys, undo, history, progress, finishing a text."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.words import Status, WordKey

OCHIIRU = WordKey("陥る", "おちいる")
ROOT = Path(__file__).resolve().parents[2]


def _current_to(window, qtbot, find_token, surface: str) -> tuple[int, int]:
    pos = find_token(window.reader, surface)
    window.reader.set_current(*pos)
    window.reader.setFocus()
    qtbot.waitUntil(window.reader.hasFocus)
    return pos


def test_a_saves_the_current_word_with_its_sentence_and_gloss(window, qtbot, find_token):
    reader, vocab = window.reader, window.reader.vocabulary
    p, t = _current_to(window, qtbot, find_token, "陥っ")
    qtbot.keyClick(reader, Qt.Key_A)
    word = vocab.word(OCHIIRU)
    assert word is not None and word.status is Status.NEW
    assert word.contexts[0].sentence == "マイクロソフトは難しい状況に陥っている。"
    assert word.contexts[0].document_id == reader.analysed.id
    assert "fall" in word.gloss and word.entry_id
    assert reader.word_mark(p, t).tint == 1
    # every occurrence is one word, recoloured at once
    assert all(reader.word_mark(pp, tt).tint == 1 for pp, tt in reader.analysed.occurrences(OCHIIRU))
    assert "Saved 陥る【おちいる】" in window.status_message()


def test_status_keys_act_on_the_current_word_and_undo_redo(window, qtbot, find_token):
    reader, vocab = window.reader, window.reader.vocabulary
    _current_to(window, qtbot, find_token, "陥っ")
    for key, status in ((Qt.Key_3, Status.LEARNING_3), (Qt.Key_W, Status.KNOWN), (Qt.Key_I, Status.IGNORED)):
        qtbot.keyClick(reader, key)
        assert vocab.status(OCHIIRU) is status
    qtbot.keyClick(reader, Qt.Key_Delete)
    assert vocab.status(OCHIIRU) is Status.NONE
    qtbot.keyClick(reader, Qt.Key_Z, Qt.ControlModifier)
    assert vocab.status(OCHIIRU) is Status.IGNORED
    assert vocab.word(OCHIIRU).contexts  # the sentence came back with it
    qtbot.keyClick(reader, Qt.Key_Z, Qt.ControlModifier)
    assert vocab.status(OCHIIRU) is Status.KNOWN
    qtbot.keyClick(reader, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert vocab.status(OCHIIRU) is Status.IGNORED


def test_status_keys_type_into_the_find_bar_instead(window, qtbot):
    window.show_find()
    qtbot.waitUntil(window.find_edit.hasFocus)
    before = window.reader.vocabulary.statuses()
    qtbot.keyClicks(window.find_edit, "a3wi")
    assert window.find_edit.text() == "a3wi"
    assert window.reader.vocabulary.statuses() == before


def test_the_popup_add_saves_the_match_the_reader_chose(window, qtbot, find_token):
    reader, vocab = window.reader, window.reader.vocabulary
    pos = _current_to(window, qtbot, find_token, "共同")
    qtbot.keyClick(reader, Qt.Key_Return)  # look up; the popup has the keyboard
    panel = window.popup.panel
    qtbot.waitUntil(window.popup.isVisible)
    result = panel.result
    assert len(result.matches) >= 2, [m.text for m in result.matches]
    qtbot.keyClick(panel, Qt.Key_Down)  # the next, shorter or longer, match
    chosen = result.matches[panel.current_match_index]
    assert panel.add_button.isEnabled()
    panel.add_button.click()
    saved = [w for w in vocab.words() if w.entry_id == chosen.entries[0].id]
    tokens = reader.tokens(pos[0])[chosen.start:chosen.end]
    reading = "".join(t.reading or t.surface for t in tokens)
    assert len(saved) == 1 and saved[0].key == chosen.entries[0].key(chosen.text, reading)
    assert reader.current == pos


def test_lookups_are_in_the_history_and_lead_back(window, qtbot, find_token):
    study = window.study
    p, t = find_token(window.reader, "陥っ")
    window.lookup(p, t)
    history = window.reader.vocabulary.history(window.reader.analysed.id)
    assert history[0].key == OCHIIRU and (history[0].paragraph, history[0].offset) == (
        p, window.reader.tokens(p)[t].start)
    study.sidebar.show_tab("history")  # filled when shown, not on every lookup
    assert study.sidebar.history_tab.lookups()[0].surface == "陥っ"
    window.reader.move_document_edge(True)
    assert study.jump_to_lookup(history[0])
    assert window.reader.current == (p, t)


def test_the_rest_of_the_screen_becomes_known_in_one_undo(window, qtbot):
    reader, vocab = window.reader, window.reader.vocabulary
    reader.setFocus()
    visible = window.study.visible_words()
    keys = {reader.analysed.key_at(*pos) for pos in visible}
    qtbot.keyClick(reader, Qt.Key_W, Qt.ShiftModifier)
    assert keys and all(vocab.status(k) is Status.KNOWN for k in keys)
    assert "on this screen marked known" in window.status_message()
    qtbot.keyClick(reader, Qt.Key_Z, Qt.ControlModifier)
    assert all(vocab.status(k) is Status.NONE for k in keys)


def test_finishing_the_text_marks_its_unsaved_words_known_and_undo_takes_it_back(window, qtbot):
    study, vocab = window.study, window.reader.vocabulary
    vocab.set_status(OCHIIRU, Status.LEARNING_2)
    unsaved = study.actions.unsaved_in_document()
    assert len(unsaved) > 500 and OCHIIRU not in unsaved
    study.finish(mark_words_known=True)
    progress = window.context.library.progress(window.reader.analysed.id)
    assert progress.finished and progress.percent == pytest.approx(100)
    assert all(vocab.status(k) is Status.KNOWN for k in unsaved) and vocab.status(OCHIIRU) is Status.LEARNING_2
    assert study.coverage.new == 0 and study.coverage.learning > 0
    assert window.context.library.daily(1)[0][1] == 0  # finishing is not reading: nothing credited today
    study.actions.undo_stack.undo()
    assert all(vocab.status(k) is Status.NONE for k in unsaved)
    assert window.context.library.progress(window.reader.analysed.id).finished is None
    study.actions.undo_stack.redo()
    assert all(vocab.status(k) is Status.KNOWN for k in unsaved)
    assert window.context.library.progress(window.reader.analysed.id).finished


def test_coverage_of_the_text_arrives_with_the_analysis(window, qtbot):
    study = window.study
    qtbot.waitUntil(lambda: study.coverage is not None, timeout=30000)
    words = sum(1 for _ in window.reader.analysed.iter_words())
    assert study.coverage.total == words and study.coverage.new == words
    window.reader.vocabulary.set_status(OCHIIRU, Status.KNOWN)
    assert study.coverage.known == len(window.reader.analysed.occurrences(OCHIIRU))
    assert study.sidebar.progress_tab.figure("coverage") == study.coverage.summary()


def test_the_sidebar_jumps_to_the_next_occurrence(window, qtbot):
    study, reader = window.study, window.reader
    reader.vocabulary.set_status(OCHIIRU, Status.LEARNING_3)
    first = reader.analysed.occurrences(OCHIIRU)[0]
    reader.move_document_edge(False)
    tab = study.sidebar.vocabulary_tab
    assert tab.select(OCHIIRU)
    tab.table.setFocus()
    with qtbot.waitSignal(tab.word_activated):
        qtbot.keyClick(tab.table, Qt.Key_Return)
    assert reader.current == first


_FIRST_RUN = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from app.ui.app import create_window, make_application
    from app.core.paths import default_document
    from app.core.words import Status, WordKey
    app = make_application()
    win = create_window(sys.argv[1])
    win.open_path(default_document(), wait=True)
    win.show()
    import time
    deadline = time.monotonic() + 120
    while (win.analysis_running() or win.reader.paint_count == 0) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    reader = win.reader
    hit = next((p, i) for p in range(len(reader.analysed)) for i, t in enumerate(reader.tokens(p) or ())
               if t.surface == "陥っ")
    reader.set_current(*hit)
    win.lookup(*hit)
    win.study.add_current()
    win.study.actions.set_status(*next((p, i) for p in range(len(reader.analysed))
                                       for i, t in enumerate(reader.tokens(p) or ()) if t.surface == "難しい"), 3)
    far = next(p for p in range(30, len(reader.analysed)) if reader.tokens(p))
    reader.set_current(far, next(i for i, t in enumerate(reader.tokens(far)) if t.is_word))
    print("position", far, reader.tokens(far)[reader.current[1]].start, flush=True)
    win.close()
""")


@pytest.mark.slow
def test_everything_is_back_in_a_new_process(qtbot, tmp_path, article_path):
    """Save words, look one up and read on in one process; a second finds statuses, sentences, history, place."""
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "-c", _FIRST_RUN, str(data)], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    line = next(ln for ln in run.stdout.splitlines() if ln.startswith("position"))
    paragraph, offset = (int(v) for v in line.split()[1:])

    from app.ui.app import create_window

    win = create_window(data)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    assert win.open_path(article_path, wait=True)
    win.show()
    qtbot.waitUntil(lambda: win.reader.current is not None, timeout=30000)
    reader, vocab = win.reader, win.reader.vocabulary
    assert reader.current[0] == paragraph and reader.tokens(paragraph)[reader.current[1]].start == offset
    assert vocab.status(OCHIIRU) is Status.NEW and vocab.status(WordKey("難しい", "むずかしい")) is Status.LEARNING_3
    assert vocab.word(OCHIIRU).contexts[0].sentence == "マイクロソフトは難しい状況に陥っている。"
    assert [h.surface for h in vocab.history(reader.analysed.id)] == ["陥っ"]
    assert any(w.key == OCHIIRU for w in [win.study.sidebar.vocabulary_tab.model.word_at(r)
                                         for r in range(win.study.sidebar.vocabulary_tab.model.rowCount())])
    win.close()


def test_keys_in_the_lookup_act_on_the_word_looked_up(window, qtbot, find_token):
    reader, vocab = window.reader, window.reader.vocabulary
    _current_to(window, qtbot, find_token, "陥っ")
    qtbot.keyClick(reader, Qt.Key_Return)
    panel = window.popup.panel
    qtbot.waitUntil(window.popup.isVisible)
    qtbot.keyClick(panel, Qt.Key_A)
    assert vocab.status(OCHIIRU) is Status.NEW
    qtbot.keyClick(panel, Qt.Key_4)
    assert vocab.status(OCHIIRU) is Status.LEARNING_4
    qtbot.keyClick(panel, Qt.Key_Delete)
    assert vocab.status(OCHIIRU) is Status.NONE


def test_a_status_key_on_an_unsaved_word_saves_its_entry_and_sentence(window, qtbot, find_token):
    reader, vocab = window.reader, window.reader.vocabulary
    _current_to(window, qtbot, find_token, "陥っ")
    qtbot.keyClick(reader, Qt.Key_3)
    word = vocab.word(OCHIIRU)
    assert word.status is Status.LEARNING_3 and word.entry_id and "fall" in word.gloss
    assert word.contexts[0].sentence == "マイクロソフトは難しい状況に陥っている。"


def test_the_end_is_offered_once_the_reader_has_read_on_and_enter_declines(qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from app.ui.app import create_window

    text = tmp_path / "short.txt"
    text.write_text("猫が寝ている。\n犬も寝ている。\n", encoding="utf-8")
    win = create_window(tmp_path / "data")
    qtbot.addWidget(win)
    win.resize(900, 600)
    assert win.open_path(text, wait=True)
    win.show()
    qtbot.waitUntil(lambda: not win.analysis_running(), timeout=30000)
    study = win.study
    study.tick()
    assert study.finish_box is None  # the whole text is in view from the start: nothing read yet
    qtbot.waitUntil(win.reader.hasFocus)  # the window takes the keyboard when it opens
    qtbot.keyClick(win.reader, Qt.Key_Right)
    study.tick()
    assert study.finish_box is None  # on the first line of a text that fits the screen: not at its end yet
    qtbot.keyClick(win.reader, Qt.Key_Down)
    study.tick()
    box = study.finish_box
    assert box is not None and box.isVisible()
    assert box.buttonRole(box.defaultButton()) == QMessageBox.RejectRole
    qtbot.keyClick(box, Qt.Key_Return)
    assert win.reader.vocabulary.statuses() == {}
    assert win.context.library.progress(win.reader.analysed.id).finished is None
    win.close()


def test_words_under_a_passing_mouse_join_the_history_only_when_it_stays(window, qtbot, find_token):
    study, vocab = window.study, window.reader.vocabulary
    for surface in ("陥っ", "難しい"):
        p, t = find_token(window.reader, surface)
        study.record_lookup(p, t, surface, passing=True)
    assert vocab.history(window.reader.analysed.id) == []
    qtbot.waitUntil(lambda: vocab.history(window.reader.analysed.id) != [], timeout=5000)
    assert [h.surface for h in vocab.history(window.reader.analysed.id)] == ["難しい"]


def test_importing_known_words_runs_beside_the_window_and_is_one_undo(window, qtbot, tmp_path):
    words = tmp_path / "known.txt"
    words.write_text("陥る\n難しい\nＸＹＺＺＹ\n", encoding="utf-8")
    vocab = window.reader.vocabulary
    window.import_dialog(str(words))
    assert window.import_thread is not None
    qtbot.waitUntil(lambda: vocab.status(OCHIIRU) is Status.KNOWN, timeout=30000)  # seen through the store
    assert vocab.status(WordKey("難しい", "むずかしい")) is Status.KNOWN
    assert "not found" in window.import_box_shown.text()
    window.study.actions.undo_stack.undo()
    assert vocab.status(OCHIIRU) is Status.NONE
