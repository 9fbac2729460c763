"""Send to Anki through AnkiConnect: against a local stand-in keeping its notes in a real collection."""

from __future__ import annotations

import io
import socket
from contextlib import redirect_stderr, redirect_stdout

import pytest

from anki_support import (AWKWARD_NOTES, anki_connect_server, local_server, new_collection,
                          notes_by_expression)
from app.cli import main
from app.core.anki_connect import AnkiConnect, AnkiConnectError, AnkiNotRunning, NotAnkiConnect, send_to_anki
from app.core.words import Status, WordKey

FALL, CAT = WordKey("陥る", "おちいる"), WordKey("猫", "ねこ")


@pytest.fixture
def context(filled_context):
    return filled_context


@pytest.fixture
def col(tmp_path):
    c = new_collection(tmp_path / "anki")
    yield c
    c.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_send_creates_the_note_type_and_deck_then_adds_the_note(context, col):
    with anki_connect_server(col) as (port, anki):
        results = send_to_anki(context, [FALL], client=AnkiConnect(port=port))
    assert [(r.key, r.added) for r in results] == [(FALL, True)]
    assert "Shiori" in [m.name for m in col.models.all_names_and_ids()]
    assert anki.requests[:5] == ["version", "modelNames", "createModel", "deckNames", "createDeck"]
    note = notes_by_expression(col)["陥る"]
    assert note.id == results[0].note_id
    assert note["Reading"] == "おちいる" and "<b>陥った</b>" in note["Sentence"]
    assert sorted(note.tags) == ["shiori", "shiori::status::3"]
    assert col.decks.name(note.cards()[0].did) == "Shiori"
    assert "<ruby><rb>陥</rb><rt>おちい</rt></ruby>る" in note.cards()[0].answer()


def test_sending_again_updates_the_note_and_its_status_tag(context, col):
    with anki_connect_server(col) as (port, anki):
        client = AnkiConnect(port=port)
        first = send_to_anki(context, [FALL, CAT], client=client)
        context.vocabulary.set_status(FALL, Status.KNOWN)
        context.vocabulary.set_notes(CAT, "new notes")
        again = send_to_anki(context, [FALL, CAT], deck="Other", client=client)
    assert [r.added for r in again] == [False, False]
    assert [r.note_id for r in again] == [r.note_id for r in first]
    assert len(col.find_notes("")) == 2 and "createModel" not in anki.requests[anki.requests.index("findNotes"):]
    notes = notes_by_expression(col)
    assert sorted(notes["陥る"].tags) == ["shiori", "shiori::status::known"]
    assert notes["猫"]["Notes"] == "new notes"


def test_a_homograph_and_awkward_spellings_are_found_exactly(context, col):
    """The note search matches the word literally: no wildcard, and the other reading is another note."""
    vocab = context.vocabulary
    spicy, painful = WordKey("辛い", "からい"), WordKey("辛い", "つらい")
    odd = WordKey('a_b*c"d:<e>', "あ")
    for key in (spicy, painful, odd):
        vocab.add(key, gloss="x")
    vocab.set_notes(odd, AWKWARD_NOTES)
    with anki_connect_server(col) as (port, _):
        client = AnkiConnect(port=port)
        assert [r.added for r in send_to_anki(context, [spicy, odd], client=client)] == [True, True]
        assert [r.added for r in send_to_anki(context, [painful], client=client)] == [True]
        assert [r.added for r in send_to_anki(context, [spicy, painful, odd], client=client)] == [False] * 3
    assert len(col.find_notes("")) == 3


def test_nothing_listening_says_anki_is_not_running(context):
    with pytest.raises(AnkiNotRunning) as e:
        send_to_anki(context, [FALL], client=AnkiConnect(port=free_port()))
    assert str(e.value).startswith("Anki is not running, or its AnkiConnect add-on is not installed")


@pytest.mark.parametrize("answer", [
    (200, "text/html", b"<html><body>It works!</body></html>"),
    (200, "application/json", b'{"status": "ok"}'),
    (404, "text/plain", b"Not Found"),
])
def test_another_program_on_the_port_is_named(context, answer):
    with local_server(lambda body: answer) as port:
        with pytest.raises(NotAnkiConnect) as e:
            send_to_anki(context, [FALL], client=AnkiConnect(port=port))
    assert "Something other than AnkiConnect answers on 127.0.0.1:" in str(e.value)


def test_an_old_ankiconnect_is_named(context):
    with local_server(lambda body: (200, "application/json", b'{"result": 4, "error": null}')) as port:
        with pytest.raises(AnkiConnectError, match="too old"):
            send_to_anki(context, [FALL], client=AnkiConnect(port=port))


def test_only_this_computer_is_ever_asked():
    with pytest.raises(ValueError):
        AnkiConnect(host="192.0.2.1")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_send_to_anki_command(tmp_path, col):
    data = str(tmp_path / "cli-data")
    assert run("mark", "2", "陥った", "--data-dir", data)[0] == 0
    code, _, err = run("send-to-anki", "陥る", "--port", str(free_port()), "--data-dir", data)
    assert code == 1 and err.startswith("shiori: Anki is not running") and err.count("\n") == 1
    with anki_connect_server(col) as (port, _):
        code, out, _ = run("send-to-anki", "陥った", "--port", str(port), "--data-dir", data)
        assert code == 0 and "陥る【おちいる】: added to Anki" in out
        code, _, err = run("send-to-anki", "猫", "--port", str(port), "--data-dir", data)
        assert code == 1 and "Not in the vocabulary: 猫" in err
    assert list(notes_by_expression(col)) == ["陥る"]
