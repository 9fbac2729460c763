"""`shiori export` as a user runs it: which words, the files' contents, overwriting, and round trips."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from anki_support import (
    AWKWARD_GLOSS,
    AWKWARD_NOTES,
    AWKWARD_SENTENCE,
    AWKWARD_TITLE,
    fill_vocabulary,
)
from support import run_cli as run

from app.core.context import create_context


@pytest.fixture
def data(tmp_path) -> str:
    folder = tmp_path / "data"
    ctx = create_context(folder)
    fill_vocabulary(ctx)
    ctx.close()
    return str(folder)


def vocab(data: str) -> list[dict]:
    code, out, _ = run("vocab", "--json", "--data-dir", data)
    assert code == 0
    return json.loads(out)


def lute_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_an_existing_file_is_kept_without_force(data, tmp_path):
    out = tmp_path / "words.csv"
    out.write_text("precious", encoding="utf-8")
    code, stdout, err = run("export", "--format", "csv", "-o", str(out), "--data-dir", data)
    assert code == 1 and stdout == ""
    assert err == f"shiori: {out} already exists: give --force to replace it.\n"
    assert out.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".words")] == []  # no temporary left behind
    code, stdout, _ = run("export", "--format", "csv", "-o", str(out), "--force", "--data-dir", data)
    assert code == 0 and stdout == f"Exported 3 words to {out}.\n"
    assert out.read_text(encoding="utf-8").startswith("term,parent,translation,language,tags,added,status,")


def test_lute_csv_keeps_awkward_text_and_uses_lute_statuses(data, tmp_path):
    out = tmp_path / "lute.csv"
    assert run("export", "--format", "csv", "-o", str(out), "--status", "3,known,ignored", "--data-dir", data)[0] == 0
    rows = {r["term"]: r for r in lute_rows(out)}
    assert list(lute_rows(out)[0]) == ["term", "parent", "translation", "language", "tags", "added", "status",
                                       "link_status", "pronunciation"]
    assert {t: r["status"] for t, r in rows.items()} == {"陥る": "3", "猫": "W", "犬": "I"}
    assert rows["陥る"]["translation"] == AWKWARD_GLOSS  # commas, quotes, a tab and HTML, as they were
    assert rows["陥る"]["pronunciation"] == "おちいる" and rows["陥る"]["language"] == "Japanese"


def test_no_status_means_every_word_but_the_ignored(data, tmp_path):
    out = tmp_path / "all.json"
    assert run("export", "--format", "json", "-o", str(out), "--data-dir", data)[0] == 0
    backup = json.loads(out.read_text(encoding="utf-8"))
    assert backup["format"] == "shiori-vocabulary" and backup["version"] == 1
    assert sorted(w["lemma"] for w in backup["words"]) == ["猫", "陥る", "難しい"]


def test_document_by_title_or_id(data, tmp_path):
    out = tmp_path / "doc.csv"
    for doc in (AWKWARD_TITLE, "doc-awkward"):
        assert run("export", "--format", "csv", "-o", str(out), "--document", doc, "--force", "--data-dir", data)[0] == 0
        assert [r["term"] for r in lute_rows(out)] == ["陥る"]
    code, _, err = run("export", "--format", "csv", "-o", str(out), "--document", "No such text", "--force",
                       "--data-dir", data)
    assert code == 1 and err == "shiori: No text with the id or title “No such text” is in the library.\n"


def test_since_last_takes_only_what_changed_after_the_last_export_of_that_format(data, tmp_path):
    db = Path(data) / "shiori.db"
    first, second = tmp_path / "1.csv", tmp_path / "2.csv"
    assert run("export", "--format", "csv", "-o", str(first), "--since-last", "--data-dir", data)[0] == 0
    assert len(lute_rows(first)) == 3  # no export before: everything
    with sqlite3.connect(db) as conn:  # as if the words were saved long before that export
        conn.execute("UPDATE words SET created = '2020-01-01T00:00:00Z', status_changed = '2020-01-01T00:00:00Z'")
    code, _, err = run("export", "--format", "csv", "-o", str(second), "--since-last", "--data-dir", data)
    assert code == 1 and "No words were added or changed since the last csv export" in err
    assert not second.exists()
    assert run("mark", "2", "猫", "--data-dir", data)[0] == 0
    assert run("mark", "1", "走る", "--data-dir", data)[0] == 0
    assert run("export", "--format", "csv", "-o", str(second), "--since-last", "--data-dir", data)[0] == 0
    assert [r["term"] for r in lute_rows(second)] == ["猫", "走る"]
    # another format keeps its own log: its first export takes everything
    assert run("export", "--format", "json", "-o", str(tmp_path / "a.json"), "--since-last", "--data-dir", data)[0] == 0
    assert len(json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["words"]) == 4
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT format, words FROM exports ORDER BY id").fetchall() == [
            ("csv", 3), ("csv", 2), ("json", 4)]


def test_json_export_reimports_into_a_new_store_unchanged(data, tmp_path):
    backup = tmp_path / "backup.json"
    assert run("export", "--format", "json", "-o", str(backup), "--status", "1,2,3,4,5,known,ignored",
               "--data-dir", data)[0] == 0
    fresh = str(tmp_path / "fresh")
    code, out, _ = run("import-known", str(backup), "--data-dir", fresh)
    assert code == 0 and "4 added, 0 already there, 0 not found" in out
    assert vocab(fresh) == vocab(data)  # statuses, glosses, notes, dates, lookups, sentences and their texts
    fall = next(w for w in vocab(fresh) if w["lemma"] == "陥る")
    assert fall["notes"] == AWKWARD_NOTES and fall["contexts"][0]["sentence"] == AWKWARD_SENTENCE
    assert fall["contexts"][0]["document_title"] == AWKWARD_TITLE
    # into the store it came from, or a second time: nothing changes
    for target in (data, fresh):
        before = vocab(target)
        code, out, _ = run("import-known", str(backup), "--data-dir", target)
        assert code == 0 and "0 added, 4 already there" in out
        assert vocab(target) == before


def test_json_import_restores_what_changed_since_the_backup(data, tmp_path):
    backup = tmp_path / "backup.json"
    assert run("export", "--format", "json", "-o", str(backup), "--data-dir", data)[0] == 0
    before = vocab(data)
    assert run("mark", "5", "猫", "--data-dir", data)[0] == 0
    code, out, _ = run("import-known", str(backup), "--data-dir", data)
    assert code == 0 and "0 added, 1 restored, 2 already there" in out
    assert vocab(data) == before


def test_csv_export_reimports_unchanged(data, tmp_path):
    out = tmp_path / "lute.csv"
    assert run("export", "--format", "csv", "-o", str(out), "--data-dir", data)[0] == 0
    before = vocab(data)
    code, stdout, _ = run("import-known", str(out), "--data-dir", data)
    assert code == 0 and "0 added, 3 already there, 0 not found" in stdout
    assert vocab(data) == before
    fresh = str(tmp_path / "fresh")
    assert run("import-known", str(out), "--data-dir", fresh)[0] == 0
    got = {(w["lemma"], w["reading"]): (w["status"], w["gloss"]) for w in vocab(fresh)}
    want = {(w["lemma"], w["reading"]): w["status"] for w in before if w["status"] != "ignored"}
    assert {k: s for k, (s, _) in got.items()} == want  # the same words, with Lute's statuses
    assert got[("陥る", "おちいる")][1] == AWKWARD_GLOSS  # the translation came back as the gloss


def test_a_missing_folder_is_one_sentence(data, tmp_path):
    code, _, err = run("export", "--format", "apkg", "-o", str(tmp_path / "nope" / "x.apkg"), "--data-dir", data)
    assert code == 1 and err == f"shiori: The folder {tmp_path / 'nope'} does not exist.\n"


def test_no_matching_words_writes_nothing(data, tmp_path):
    out = tmp_path / "none.apkg"
    code, _, err = run("export", "--format", "apkg", "-o", str(out), "--status", "4", "--data-dir", data)
    assert code == 1 and err == "shiori: No saved words match what was asked for; nothing was written.\n"
    assert not out.exists()
