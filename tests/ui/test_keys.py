"""The keyboard: one registry of actions, rebinding, the help, focus, accessibility, a session with keys only."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAccessible, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from app.core.store import open_store
from app.core.vocabulary import StoredVocabulary
from app.core.words import Status, WordKey
from app.ui.keymap import ACTIONS, KeyConflict, Keymap, display, normalise

OCHIIRU = WordKey("陥る", "おちいる")


def _settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "keys.ini"), QSettings.IniFormat)


def _focus(window) -> QWidget:
    return QApplication.focusWidget()


def _press(qtbot, key, modifier=Qt.NoModifier) -> None:
    """A key to whatever has the keyboard focus, as typing does."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    qtbot.keyClick(widget, key, modifier)


# -- the table, without a window -------------------------------------------------------------


def test_the_defaults_are_the_design_keymap_and_do_not_conflict():
    keys = Keymap()
    expected = {"add": ("A",), "status-1": ("1",), "status-3": ("3",), "status-5": ("5",),
                "status-known": ("W",), "status-ignored": ("I",), "remove": ("Del",),
                "next-unsaved": ("Tab",), "previous-unsaved": ("Shift+Tab",), "export": ("Ctrl+E",),
                "focus-reader": ("Ctrl+1",), "focus-lookup": ("Ctrl+2",), "focus-sidebar": ("Ctrl+3",),
                "furigana-cycle": ("F",), "find": ("Ctrl+F",), "find-next": ("F3",), "open": ("Ctrl+O",),
                "help": ("F1", "?"), "lookup": ("Return", "Enter"), "dismiss": ("Esc",), "zoom-reset": ("Ctrl+0",)}
    for action_id, default in expected.items():
        assert keys.keys(action_id) == default, action_id
    for spec in ACTIONS:
        for key in keys.keys(spec.id):
            assert keys.conflict(spec.id, key) is None, (spec.id, key)
    assert len({spec.id for spec in ACTIONS}) == len(ACTIONS)


def test_a_key_means_one_thing_in_each_place():
    keys = Keymap()
    assert keys.action_for("Return", "reader").id == "lookup"
    assert keys.action_for("Return", "popup").id == "choose-match"
    assert keys.action_for("Return", "sidebar").id == "go-to-word"
    assert keys.action_for("3", "sidebar").id == "status-3"
    assert keys.action_for("Ctrl+E", "sidebar").id == "export"  # window keys act everywhere
    assert keys.action_for("A", "sidebar") is None


def test_a_conflicting_binding_is_refused_naming_the_other_action(tmp_path):
    settings = _settings(tmp_path)
    keys = Keymap(settings)
    with pytest.raises(KeyConflict) as refused:
        keys.set_keys("export", ["Ctrl+F"])  # both act everywhere
    assert "Find" in str(refused.value) and refused.value.other.id == "find"
    with pytest.raises(KeyConflict) as refused:
        keys.set_keys("add", ["Return"])  # A acts in the reader, where Return looks up
    assert refused.value.other.id in ("lookup", "choose-match")
    assert refused.value.other.title in str(refused.value)
    with pytest.raises(KeyConflict):
        keys.set_keys("quit", ["W"])  # a window key would shadow W in the reader
    assert keys.keys("export") == ("Ctrl+E",) and keys.keys("add") == ("A",)
    assert not settings.contains("keys/export")
    keys.set_keys("go-to-word", ["A"])  # the vocabulary list has no A: allowed
    assert keys.keys("go-to-word") == ("A",)


def test_bindings_persist_and_restore_defaults(tmp_path):
    settings = _settings(tmp_path)
    Keymap(settings).set_keys("add", ["Q", "Ctrl+Shift+S"])
    settings.sync()
    again = Keymap(_settings(tmp_path))
    assert again.keys("add") == ("Q", "Ctrl+Shift+S") and not again.is_default("add")
    again.reset("add")
    assert again.keys("add") == ("A",) and not again._settings.contains("keys/add")
    again.set_keys("add", ["Q"])
    again.set_keys("export", [])
    again.reset_all()
    assert Keymap(_settings(tmp_path)).keys("export") == ("Ctrl+E",)
    assert Keymap(_settings(tmp_path)).keys("add") == ("A",)


def test_a_hand_edited_or_unreadable_binding_keeps_the_default(tmp_path):
    settings = _settings(tmp_path)
    settings.setValue("keys/export", "Ctrl+F")  # Find's key: the two clash, the defaults stay
    settings.setValue("keys/zoom-in", "Ctrl+Shift+Z+Q+bad")
    settings.setValue("keys/zoom-out", ["Ctrl+Shift+-", "Ctrl+_"])  # a list, as an ini line with a comma reads
    keys = Keymap(settings)
    assert keys.keys("export") == ("Ctrl+E",) and keys.keys("find") == ("Ctrl+F",)
    assert keys.keys("zoom-in") == ("Ctrl+=", "Ctrl++")
    assert keys.keys("zoom-out") == ("Ctrl+Shift+-", "Ctrl+_")


def test_a_key_moved_from_one_action_to_another_survives_a_restart(tmp_path):
    settings = _settings(tmp_path)
    keys = Keymap(settings)
    keys.set_keys("status-known", ["K"])
    keys.set_keys("add", ["W"])  # W was "known"'s key, freed just before
    settings.sync()
    again = Keymap(_settings(tmp_path))
    assert again.keys("add") == ("W",) and again.keys("status-known") == ("K",)


def test_shift_tab_is_one_key_however_the_keyboard_sends_it():
    assert normalise("Backtab") == normalise("Shift+Backtab") == normalise("Shift+Tab") == "Shift+Tab"
    with pytest.raises(KeyConflict) as refused:
        Keymap().set_keys("copy-sentence", ["Backtab"])
    assert refused.value.other.id == "previous-unsaved"
    assert normalise("Ctrl+X, Ctrl+S") == ""  # one key per binding


def test_the_menu_bar_keys_are_not_given_away():
    from app.ui.keymap import ReservedKey

    with pytest.raises(ReservedKey, match="Words menu"):
        Keymap().set_keys("copy-sentence", ["Alt+W"])


# -- in the window ---------------------------------------------------------------------------


def test_menus_and_shortcuts_come_from_the_registry(window):
    registry = window.keys
    in_menus = {}
    for menu_action in window.menuBar().actions():
        stack = [menu_action.menu()]
        while stack:
            menu = stack.pop()
            for act in menu.actions():
                if act.menu() is not None:
                    stack.append(act.menu())
                elif not act.isSeparator() and act.text():
                    in_menus[act.objectName()] = act
    for spec in registry.registered():
        for context in spec.contexts:
            if not registry.has(spec.id, context):
                continue
            act = registry.action(spec.id, context)
            assert [normalise(s) for s in act.shortcuts()] == list(registry.keys(spec.id)), spec.id
        if spec.menu:
            assert registry.action(spec.id).objectName() in in_menus, spec.id
    assert registry.has("status-3", "sidebar") and registry.has("add", "popup")


def test_the_help_lists_every_action_with_its_current_key_and_is_searchable(window, qtbot):
    window.keys.rebind("screen-known", ["Ctrl+Shift+K"])
    qtbot.keyClick(window.reader, Qt.Key_F1)
    qtbot.waitUntil(lambda: window.help_box is not None and window.help_box.isVisible())
    box = window.help_box
    rows = {row[0]: row for row in box.rows()}
    for spec in window.keys.registered():
        assert spec.title in rows, spec.id
        assert rows[spec.title][1] == display(window.keys.keys(spec.id)), spec.id
    assert rows["Mark Rest of Screen Known"][1] == display(["Ctrl+Shift+K"])
    assert "Shift+W" not in rows["Mark Rest of Screen Known"][1]
    qtbot.waitUntil(lambda: _focus(window) is box.search)
    qtbot.keyClicks(box.search, "export")
    shown = box.rows()
    assert shown and all("export" in " ".join(r).casefold() for r in shown)
    assert any(r[0] == "Export Vocabulary" for r in shown)
    qtbot.keyClick(box.search, Qt.Key_Escape)
    qtbot.waitUntil(lambda: window.help_box is None or not window.help_box.isVisible())
    qtbot.waitUntil(window.reader.hasFocus)


def test_a_rebinding_takes_effect_and_survives_a_restart(window, qtbot, tmp_path, article_path, find_token):
    from app.ui.app import create_window

    p, t = find_token(window.reader, "陥っ")
    window.reader.set_current(p, t)
    qtbot.keyClick(window.reader, Qt.Key_Comma, Qt.ControlModifier)  # File > Keyboard Shortcuts
    dialog = window._shortcuts_box
    qtbot.waitUntil(lambda: dialog.isVisible() and _focus(window) is dialog.list)
    _press(qtbot, Qt.Key_Tab, Qt.ShiftModifier)  # back to the search field, before the list
    assert _focus(window) is dialog.search
    qtbot.keyClicks(dialog.search, "add word")
    qtbot.keyClick(dialog.search, Qt.Key_Return)  # to the list, on the one action left
    assert dialog.current_action() == "add" and _focus(window) is dialog.list
    qtbot.keyClick(dialog.list, Qt.Key_Return)  # Change: the next key pressed is the new key
    assert dialog.is_recording() and _focus(window) is dialog.recorder
    qtbot.keyClick(dialog.recorder, Qt.Key_Q)
    qtbot.waitUntil(lambda: not dialog.is_recording())
    assert window.keys.keys("add") == ("Q",) and dialog.keys_shown("add") == display(["Q"])
    # a key another action has where this one acts: refused, and the message names it
    assert not dialog.rebind("add", ["F"])
    assert "Next Furigana Mode" in dialog.message.text() and window.keys.keys("add") == ("Q",)
    qtbot.keyClick(dialog.list, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(window.reader.hasFocus)  # back to the text after the dialog

    qtbot.keyClick(window.reader, Qt.Key_A)
    assert OCHIIRU not in window.reader.vocabulary
    qtbot.keyClick(window.reader, Qt.Key_Q)
    assert window.reader.vocabulary.status(OCHIIRU) is Status.NEW
    window.close()

    again = create_window(tmp_path / "data")
    qtbot.addWidget(again)
    assert again.keys.keys("add") == ("Q",)
    assert again.open_path(article_path, wait=True)
    again.show()
    qtbot.waitUntil(again.reader.hasFocus)
    qtbot.waitUntil(lambda: not again.analysis_running(), timeout=60000)
    p2, t2 = find_token(again.reader, "状況")
    again.reader.set_current(p2, t2)
    qtbot.keyClick(again.reader, Qt.Key_Q)
    key = again.reader.analysed.key_at(p2, t2)
    assert again.reader.vocabulary.status(key) is Status.NEW
    again.keys.reset_all()
    assert again.keys.keys("add") == ("A",)
    again.close()


def test_tooltips_name_the_current_keys(window):
    window.keys.rebind("add", ["Ctrl+Shift+D"])
    assert display(["Ctrl+Shift+D"]) in window.popup.panel.add_button.toolTip()
    assert display(["Ctrl+Shift+D"]) in window.keys.action("add").shortcut().toString(QKeySequence.NativeText)


def test_the_reader_has_the_keyboard_when_the_window_opens(window, qtbot):
    qtbot.waitUntil(window.reader.hasFocus)
    assert window.isActiveWindow()


def test_shift_arrows_extend_a_selection_and_ctrl_c_copies_it(window, qtbot, find_token):
    reader = window.reader
    p, t = find_token(reader, "難しい")
    reader.set_current(p, t)
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key_Right, Qt.ShiftModifier)
    qtbot.keyClick(reader, Qt.Key_Right, Qt.ShiftModifier)
    text = reader.layout.texts[p]
    start = text.index("難しい")
    assert reader.selected_text() == text[start:start + len("難しい状況に")]  # from the current word on
    qtbot.keyClick(reader, Qt.Key_Left, Qt.ShiftModifier)
    assert reader.selected_text() == "難しい状況"
    qtbot.keyClick(reader, Qt.Key_C, Qt.ControlModifier)
    assert QApplication.clipboard().text() == "難しい状況"
    qtbot.keyClick(reader, Qt.Key_Escape)
    assert reader.selected_text() == ""


def test_keys_in_the_lookup_act_on_the_word_looked_up(window, qtbot, find_token):
    reader = window.reader
    p, t = find_token(reader, "取締")
    reader.set_current(p, t)
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key_Return)
    qtbot.waitUntil(window.popup.isVisible)
    panel = window.popup.panel
    assert panel.hasFocus() and len(panel.result.matches) > 1
    _press(qtbot, Qt.Key_Down)
    assert panel.current_match_index == 1
    _press(qtbot, Qt.Key_Up)
    _press(qtbot, Qt.Key_Down)
    chosen = panel.result.matches[1]
    _press(qtbot, Qt.Key_Return)  # this match is the entry to save
    assert chosen.text in window.status_message()
    _press(qtbot, Qt.Key_3)
    assert panel.isVisible() and panel.hasFocus()
    saved = [w for w in window.reader.vocabulary.words() if w.status is Status.LEARNING_3]
    assert len(saved) == 1 and saved[0].entry_id == chosen.entries[0].id  # the match chosen, not the first
    _press(qtbot, Qt.Key_Escape)
    assert not window.popup.isVisible() and reader.hasFocus() and reader.current == (p, t)


def test_the_reader_tells_the_accessibility_interface_the_current_word(window, qtbot, find_token):
    reader = window.reader
    p, t = find_token(reader, "陥っ")
    reader.set_current(p, t)
    described = reader.accessibleDescription()
    assert "陥っ" in described and "おちい" in described and "陥る" in described and "not saved" in described
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key_4)
    assert "status 4" in reader.accessibleDescription()
    face = QAccessible.queryAccessibleInterface(reader)
    assert face is not None and face.text(QAccessible.Description) == reader.accessibleDescription()
    qtbot.keyClick(reader, Qt.Key_Right)
    assert "陥っ" not in reader.accessibleDescription()


def _unnamed(top: QWidget) -> list[str]:
    missing = []
    for w in top.findChildren(QWidget):
        if w.focusPolicy() == Qt.NoFocus or not w.isVisibleTo(top) or w.focusProxy() is not None:
            continue
        face = QAccessible.queryAccessibleInterface(w)
        name = face.text(QAccessible.Name) if face is not None else ""
        if not (name or w.accessibleName()).strip():
            missing.append(f"{type(w).__name__} {w.objectName()}")
    return missing


def test_every_widget_that_takes_the_keyboard_has_an_accessible_name(window, qtbot, find_token):
    window.study.focus_sidebar()
    window.show_find()
    window.toggle_pinned()
    window.reader.set_current(*find_token(window.reader, "陥っ"))
    window.lookup(*window.reader.current)
    assert _unnamed(window) == []
    for open_dialog, name in ((window.export_dialog, "export_dialog_shown"), (window.shortcuts_dialog, "_shortcuts_box"),
                              (window.show_help, "_help_box")):
        open_dialog()
        dialog = getattr(window, name)
        qtbot.waitUntil(dialog.isVisible)
        assert _unnamed(dialog) == [], name
        dialog.reject()


# -- the session of the issue, keys only ----------------------------------------------------------


def _walk_to(qtbot, reader, target) -> None:
    """Arrows only: down line by line to the paragraph, then word by word."""
    for _ in range(400):
        if reader.current is not None and reader.current[0] >= target[0]:
            break
        _press(qtbot, Qt.Key_Down)
    for _ in range(400):
        if reader.current == target:
            return
        _press(qtbot, Qt.Key_Right if reader.current < target else Qt.Key_Left)
    raise AssertionError(f"the arrows did not reach {target} (at {reader.current})")


@pytest.mark.slow
def test_a_whole_session_with_the_keyboard_only(window, qtbot, tmp_path, find_token):
    reader = window.reader
    qtbot.waitUntil(reader.hasFocus)  # no click first
    target = find_token(reader, "陥っ")
    _walk_to(qtbot, reader, target)
    assert reader.token(*reader.current).surface == "陥っ"

    _press(qtbot, Qt.Key_Return)  # the lookup, with the keyboard in it
    qtbot.waitUntil(window.popup.isVisible)
    panel = window.popup.panel
    assert panel.hasFocus() and "陥る" in panel.browser.toPlainText()
    _press(qtbot, Qt.Key_Escape)
    assert not window.popup.isVisible() and reader.hasFocus() and reader.current == target

    _press(qtbot, Qt.Key_A)
    vocab = reader.vocabulary
    assert vocab.status(OCHIIRU) is Status.NEW
    assert "陥っ" in vocab.word(OCHIIRU).contexts[0].sentence

    _press(qtbot, Qt.Key_Tab)  # the next word never saved
    tabbed = reader.current
    assert tabbed > target
    tabbed_key = reader.analysed.key_at(*tabbed)
    assert tabbed_key is not None and tabbed_key != OCHIIRU
    _press(qtbot, Qt.Key_3)
    assert vocab.status(tabbed_key) is Status.LEARNING_3

    for _ in range(10):  # on to another word never saved, then W
        _press(qtbot, Qt.Key_Tab)
        known_key = reader.analysed.key_at(*reader.current)
        if known_key not in (OCHIIRU, tabbed_key):
            break
    known_at = reader.current
    _press(qtbot, Qt.Key_W)
    assert vocab.status(known_key) is Status.KNOWN

    assert reader.furigana_mode == "all"
    _press(qtbot, Qt.Key_F)
    _press(qtbot, Qt.Key_F)
    assert reader.furigana_mode == "off"

    _press(qtbot, Qt.Key_F, Qt.ControlModifier)
    assert _focus(window) is window.find_edit
    qtbot.keyClicks(window.find_edit, "OpenAI")  # (Japanese would come through the input method)
    _press(qtbot, Qt.Key_Return)
    assert reader.selected_text() == "OpenAI"
    _press(qtbot, Qt.Key_Escape)
    assert reader.hasFocus() and not window.find_bar.isVisible()

    out = tmp_path / "words.csv"
    _press(qtbot, Qt.Key_E, Qt.ControlModifier)
    qtbot.waitUntil(lambda: getattr(window, "export_dialog_shown", None) is not None
                    and window.export_dialog_shown.isVisible())
    dialog = window.export_dialog_shown
    qtbot.waitUntil(lambda: _focus(window) is dialog.format_box)
    for _ in range(5):
        if dialog.format_box.currentData() == "csv":
            break
        _press(qtbot, Qt.Key_Down)
    assert dialog.format_box.currentData() == "csv"
    for _ in range(20):
        if _focus(window) is dialog.path_edit:
            break
        _press(qtbot, Qt.Key_Tab)
    assert _focus(window) is dialog.path_edit
    _press(qtbot, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(dialog.path_edit, str(out))
    _press(qtbot, Qt.Key_Return)  # Export is the default button
    qtbot.waitUntil(lambda: out.exists())
    qtbot.waitUntil(reader.hasFocus)

    # the store, read by another connection, the exported file, and where the reader is
    store = open_store(window.context.data_dir)
    stored = StoredVocabulary(store)
    assert stored.status(OCHIIRU) is Status.NEW
    assert stored.status(tabbed_key) is Status.LEARNING_3
    assert stored.status(known_key) is Status.KNOWN
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    terms = {row["term"]: row["status"] for row in rows}
    assert terms["陥る"] == "1" and terms[tabbed_key.lemma] == "3" and terms[known_key.lemma] == "W"
    assert reader.current == known_at
    store.close()


def test_escape_in_the_pinned_lookup_keeps_it_and_its_close_button_unpins(window, qtbot, find_token):
    reader = window.reader
    window.keys.trigger("pin-lookup")
    assert window.pinned and window.dock.isVisible() and window.keys.action("pin-lookup").isChecked()
    reader.set_current(*find_token(reader, "取締"))
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key_Return)
    panel = window.dock.panel
    assert panel.hasFocus() and len(panel.result.matches) > 1  # Enter hands the keyboard to the pinned panel too
    _press(qtbot, Qt.Key_Down)
    assert panel.current_match_index == 1
    _press(qtbot, Qt.Key_Escape)
    assert reader.hasFocus() and window.dock.isVisible() and window.pinned
    qtbot.mouseClick(panel.close_button, Qt.LeftButton)
    assert not window.pinned and not window.dock.isVisible() and not window.keys.action("pin-lookup").isChecked()
    window.lookup(*reader.current)
    assert window.popup.isVisible()  # lookups show beside the word again


def test_a_selection_keeps_the_word_it_began_on_whichever_way_it_goes(window, qtbot, find_token):
    reader = window.reader
    reader.set_current(*find_token(reader, "状況"))
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key_Right, Qt.ShiftModifier)
    assert reader.selected_text() == "状況に"
    qtbot.keyClick(reader, Qt.Key_Left, Qt.ShiftModifier)
    assert reader.selected_text() == "状況"
    qtbot.keyClick(reader, Qt.Key_Left, Qt.ShiftModifier)
    assert reader.selected_text() == "難しい状況"


def test_a_plain_move_ends_the_selection(window, qtbot, find_token):
    reader = window.reader
    reader.set_current(*find_token(reader, "難しい"))
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key_Right, Qt.ShiftModifier)
    assert reader.selected_text()
    qtbot.keyClick(reader, Qt.Key_Right)
    assert reader.selected_text() == ""
    qtbot.keyClick(reader, Qt.Key_C, Qt.ControlModifier)
    assert QApplication.clipboard().text() == reader.token(*reader.current).surface


def test_shift_tab_as_the_keyboard_sends_it_walks_back(window, qtbot, find_token):
    reader = window.reader
    start = find_token(reader, "陥っ")
    reader.set_current(*start)
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key_Backtab, Qt.ShiftModifier)
    assert reader.current < start


def test_question_mark_opens_the_help_only_while_it_is_bound_to_it(window, qtbot):
    window.keys.rebind("help", ["F1"])
    window.reader.setFocus()
    qtbot.keyClick(window.reader, "?")
    assert window.help_box is None
    window.keys.reset("help")
    qtbot.keyClick(window.reader, "?")
    qtbot.waitUntil(lambda: window.help_box is not None)
    window.help_box.reject()


def test_a_new_text_clears_what_the_reader_tells_of_the_current_word(window, find_token):
    window.reader.set_current(*find_token(window.reader, "陥っ"))
    assert "陥っ" in window.reader.accessibleDescription()
    window.open_text("猫が寝ている。")
    assert window.reader.accessibleDescription() == ""


def test_the_pin_survives_minimising_and_closing(window, qtbot, tmp_path):
    from app.ui.app import create_window

    window.keys.trigger("pin-lookup")
    assert window.pinned
    window.showMinimized()
    window.showNormal()
    qtbot.waitUntil(window.dock.isVisible)
    assert window.pinned and window.keys.action("pin-lookup").isChecked()
    window.close()
    again = create_window(tmp_path / "data")
    qtbot.addWidget(again)
    again.show()
    assert again.pinned and again.dock.isVisible()
    again.dock.close()  # its ×: lookups beside the word again
    assert not again.pinned and not again.keys.action("pin-lookup").isChecked()
    again.close()


def test_clashing_stored_bindings_all_fall_back_until_none_clash(tmp_path):
    settings = _settings(tmp_path)
    settings.setValue("keys/export", "Ctrl+F")
    settings.setValue("keys/find", "Ctrl+O")  # clashes with Open's default: back to Ctrl+F, then export clashes
    settings.setValue("keys/copy-sentence", "Alt+F")  # the File menu's key
    keys = Keymap(settings)
    assert keys.keys("find") == ("Ctrl+F",) and keys.keys("export") == ("Ctrl+E",)
    assert keys.keys("copy-sentence") == ()
    for spec in ACTIONS:
        for key in keys.keys(spec.id):
            assert keys.conflict(spec.id, key) is None, (spec.id, key)
    assert normalise("Ctrl+Backtab") == normalise("Ctrl+Shift+Tab")


def test_a_found_text_stays_selected_when_shift_arrows_extend_it(window, qtbot, find_token):
    reader = window.reader
    reader.set_current(*find_token(reader, "取締"))
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key_Right, Qt.ShiftModifier)
    assert window.find_bar is not None
    hit = reader.find("難しい")
    assert hit is not None
    p, start, end = hit
    reader.set_current(p, reader.analysed.token_at_offset(p, start))
    qtbot.keyClick(reader, Qt.Key_Right, Qt.ShiftModifier)
    text = reader.layout.texts[p]
    assert reader.selected_text().startswith("難しい") and len(reader.selected_text()) > 3
    assert reader.selection_range()[0] == (p, start) and text[start:end] == "難しい"
