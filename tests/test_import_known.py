"""`shiori import-known` and import_known(): word lists, Lute CSV, Anki notes, normalising, malformed files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import run_cli as run

from app.core.context import create_context
from app.core.export import ImportFileError, import_known, normalise_word
from app.core.words import Status, WordKey


@pytest.fixture
def data(tmp_path) -> str:
    return str(tmp_path / "data")


def statuses(data: str) -> dict[tuple[str, str], str]:
    code, out, _ = run("vocab", "--json", "--data-dir", data)
    assert code == 0
    return {(w["lemma"], w["reading"]): w["status"] for w in json.loads(out)}


@pytest.mark.parametrize("text, word, reading", [
    ("  ｶﾀｶﾅ  ", "カタカナ", None),
    ("ＡＢＣ", "ABC", None),
    ("漢字[かんじ]", "漢字", "かんじ"),
    ("漢字（かんじ）", "漢字", "かんじ"),
    ("辛い【つらい】", "辛い", "つらい"),
    ("事故[じこ]に 陥[おちい]る", "事故に陥る", None),
])
def test_words_are_normalised(text, word, reading):
    assert normalise_word(text) == (word, reading)


def test_a_word_list_is_matched_to_dictionary_forms_and_a_second_import_changes_nothing(data, tmp_path):
    words = tmp_path / "known.txt"
    words.write_text("陥った\n  猫  \nｶﾞｯｺｳ\n\n難しく\n漢字[かんじ]\nＸＹＺＺＹ\n猫\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    code, out, _ = run("import-known", str(words), "--not-found", str(missing), "--data-dir", data)
    assert code == 0
    assert "known.txt (word list): 5 added, 1 already there, 1 not found." in out
    assert "Not found: XYZZY" in out and missing.read_text(encoding="utf-8") == "XYZZY\n"
    assert statuses(data) == {("陥る", "おちいる"): "known", ("猫", "ねこ"): "known", ("学校", "がっこう"): "known",
                              ("難しい", "むずかしい"): "known", ("漢字", "かんじ"): "known"}
    code, out, _ = run("import-known", str(words), "--data-dir", data)
    assert code == 0 and "0 added, 5 already there, 1 not found" in out


def test_status_option_and_words_already_saved_are_left_alone(data, tmp_path):
    assert run("mark", "2", "猫", "--data-dir", data)[0] == 0
    words = tmp_path / "w.txt"
    words.write_text("猫\n犬\n", encoding="utf-8")
    assert run("import-known", str(words), "--status", "4", "--data-dir", data)[0] == 0
    assert statuses(data) == {("猫", "ねこ"): "2", ("犬", "いぬ"): "4"}
    code, _, err = run("import-known", str(words), "--status", "7", "--data-dir", data)
    assert code == 1 and "use 1-5, known, ignored or none" in err


def test_lute_csv_with_its_statuses_and_readings(data, tmp_path):
    lute = tmp_path / "terms.csv"
    lute.write_text("term,parent,translation,language,tags,added,status,link_status,pronunciation\n"
                    '辛い,,"painful, bitter",Japanese,,,W,,つらい\n'
                    "辛い,,spicy,Japanese,,,2,,からい\n"
                    "走る,,,Japanese,,,I,,\n", encoding="utf-8")
    code, out, _ = run("import-known", str(lute), "--data-dir", data)
    assert code == 0 and "terms.csv (Lute CSV): 3 added" in out
    assert statuses(data) == {("辛い", "つらい"): "known", ("辛い", "からい"): "2", ("走る", "はしる"): "ignored"}
    ctx = create_context(data)
    assert ctx.vocabulary.word(WordKey("辛い", "つらい")).gloss == "painful, bitter"
    ctx.close()


def anki_notes_export(tmp_path: Path) -> Path:
    """A notes export made by Anki itself, of Basic notes whose first field has HTML and furigana."""
    from anki.collection import Collection
    from anki.decks import DeckId

    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "c.anki2"))
    basic = col.models.by_name("Basic")
    for front, back in (("<b>猫</b>", "cat"), ("陥[おちい]る", "to fall"), ("ＸＹＺＺＹ&nbsp;", "?"),
                        ("走っ<br>た", "ran")):
        note = col.new_note(basic)
        note["Front"], note["Back"] = front, back
        col.add_note(note, DeckId(1))
    out = tmp_path / "anki-notes.txt"
    col.export_note_csv(out_path=str(out), limit=None, with_html=True, with_tags=True, with_deck=True,
                        with_notetype=True, with_guid=True)
    col.close()
    return out


def test_an_anki_notes_export_takes_the_first_field(data, tmp_path):
    notes = anki_notes_export(tmp_path)
    assert notes.read_text(encoding="utf-8").startswith("#separator:tab")
    code, out, _ = run("import-known", str(notes), "--data-dir", data)
    assert code == 0 and "anki-notes.txt (Anki notes): 2 added, 0 already there, 2 not found." in out
    assert statuses(data) == {("猫", "ねこ"): "known", ("陥る", "おちいる"): "known"}


@pytest.mark.parametrize("name, content, message", [
    ("words.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "words.txt is not a text file (it holds binary data)"),
    ("words.txt", "猫\n犬\n".encode() + "caf\xe9\n".encode("latin-1"), "Line 3 of words.txt is not UTF-8 text"),
    ("terms.csv", "word,meaning\n猫,cat\n".encode(), "terms.csv has no “term” column in line 1 (it has word, meaning)"),
    ("terms.csv", 'term,status\n猫,W\n犬,9\n'.encode(), "Line 3 of terms.csv has the status “9”"),
    ("backup.json", b'{"format": "shiori-vocabulary", "version": 1,\n "words": [\n {"lemma": "x",}\n]}',
     "backup.json is not valid JSON: line 3, column"),
    ("backup.json", json.dumps({"format": "shiori-vocabulary", "version": 1, "words": [
        {"lemma": "猫", "reading": "ねこ", "status": "known"}, {"lemma": "犬", "status": "7"}]}).encode(),
     "The word 2 of backup.json (犬) has the status “7”"),
    ("other.json", b'{"hello": 1}', "other.json is JSON but not a Shiori vocabulary export"),
])
def test_a_malformed_file_names_the_problem_and_imports_nothing(data, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run("import-known", str(path), "--data-dir", data)
    assert code == 1 and out == ""
    assert err.startswith("shiori: " + message) and err.count("\n") == 1
    assert statuses(data) == {}  # not even the good lines before the bad one


def test_an_import_is_one_transaction(tmp_path, monkeypatch):
    """A failure while writing the third word leaves the store as it was: not even the first two are saved."""
    from app.core.vocabulary import StoredVocabulary

    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps({"format": "shiori-vocabulary", "version": 1, "words": [
        {"lemma": lemma, "reading": reading, "status": "3", "contexts": [{"sentence": f"{lemma}の文。"}]}
        for lemma, reading in (("猫", "ねこ"), ("犬", "いぬ"), ("鳥", "とり"))]}), encoding="utf-8")
    ctx = create_context(tmp_path / "data")
    real = StoredVocabulary._add_context
    calls = []

    def add_context(conn, key, context, now):
        calls.append(key)
        if len(calls) == 3:
            raise OSError("disk full")
        real(conn, key, context, now)

    monkeypatch.setattr(StoredVocabulary, "_add_context", staticmethod(add_context))
    with pytest.raises(OSError):
        import_known(ctx, backup)
    assert len(calls) == 3
    assert ctx.store.query("SELECT COUNT(*) FROM words")[0][0] == 0 and len(ctx.vocabulary) == 0
    monkeypatch.setattr(StoredVocabulary, "_add_context", staticmethod(real))
    assert len(import_known(ctx, backup).added) == 3
    ctx.close()


def test_missing_file(data, tmp_path):
    code, _, err = run("import-known", str(tmp_path / "nope.txt"), "--data-dir", data)
    assert code == 1 and err == f"shiori: There is no file {tmp_path / 'nope.txt'}.\n"


def test_the_function_the_menu_calls_returns_a_summary(tmp_path):
    ctx = create_context(tmp_path / "data")
    words = tmp_path / "w.txt"
    words.write_text("猫\n犬\n", encoding="utf-8")
    summary = import_known(ctx, words, Status.LEARNED)
    assert summary.added == [WordKey("猫", "ねこ"), WordKey("犬", "いぬ")] and summary.not_found == []
    assert ctx.vocabulary.status(WordKey("犬", "いぬ")) is Status.LEARNED
    ctx.vocabulary.undo(summary.change)  # an import can be taken back
    assert len(ctx.vocabulary) == 0
    with pytest.raises(ImportFileError):
        import_known(ctx, tmp_path)
    ctx.close()
