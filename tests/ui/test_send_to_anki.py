"""Send to Anki from the lookup and from the sidebar, against a local stand-in for AnkiConnect."""

from __future__ import annotations

import pytest
from anki_support import anki_connect_server, new_collection, notes_by_expression

from app.core.words import Status, WordKey

OCHIIRU = WordKey("陥る", "おちいる")


@pytest.fixture
def col(tmp_path):
    c = new_collection(tmp_path / "anki")
    yield c
    c.close()


def test_the_lookups_anki_button_saves_and_sends_the_word(window, qtbot, find_token, col):
    p, t = find_token(window.reader, "陥っ")
    window.lookup(p, t)
    panel = window.popup.panel
    assert panel.anki_button.isEnabled()
    with anki_connect_server(col) as (port, anki):
        window.settings.setValue("anki/port", port)
        panel.anki_button.click()
    assert window.reader.vocabulary.status(OCHIIRU) is Status.NEW
    note = notes_by_expression(col)["陥る"]
    assert "難しい状況に<b>" in note["Sentence"] and note["Reading"] == "おちいる"
    assert "added to Anki" in window.status_message()


def test_the_sidebar_sends_the_selected_words(window, qtbot, col):
    vocab = window.reader.vocabulary
    vocab.add(OCHIIRU, gloss="to fall into")
    vocab.add(WordKey("猫", "ねこ"), gloss="cat")
    tab = window.sidebar.vocabulary_tab
    tab.table.selectAll()
    with anki_connect_server(col) as (port, _):
        window.settings.setValue("anki/port", port)
        tab.send_requested.emit(tab.selected_keys())
    assert set(notes_by_expression(col)) == {"陥る", "猫"}
    assert "2 words sent to Anki (2 new, 0 updated)" in window.status_message()


def test_anki_not_running_is_a_sentence(window, qtbot, find_token):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    window.settings.setValue("anki/port", port)
    window.reader.vocabulary.add(OCHIIRU)
    p, t = find_token(window.reader, "陥っ")
    window.reader.set_current(p, t)
    window.send_to_anki()
    assert "Anki" in window.last_error and "running" in window.last_error
