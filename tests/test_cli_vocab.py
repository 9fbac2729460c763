"""`shiori vocab`, `mark` and `stats` with a temporary data folder, as a user runs them."""

from __future__ import annotations

import json
import sqlite3

import pytest
from support import run_cli as run


@pytest.fixture
def data(tmp_path):
    return str(tmp_path / "data")


def vocab_json(data: str) -> list[dict]:
    code, out, _ = run("vocab", "--json", "--data-dir", data)
    assert code == 0
    return json.loads(out)


def test_mark_takes_inflected_forms_and_names_words_without_an_entry(data):
    code, out, _ = run("--data-dir", data, "mark", "1", "陥った", "ＸＹＺＺＹ", "難しく")
    assert code == 1  # one word could not be marked...
    assert "ＸＹＺＺＹ: no dictionary entry" in out
    words = {(w["lemma"], w["reading"]): w for w in vocab_json(data)}
    assert set(words) == {("陥る", "おちいる"), ("難しい", "むずかしい")}  # ...the others were
    assert words[("陥る", "おちいる")]["status"] == "1" and words[("陥る", "おちいる")]["gloss"]


def test_mark_changes_and_removes(data):
    assert run("mark", "3", "猫", "--data-dir", data)[0] == 0
    assert run("mark", "known", "猫", "--data-dir", data)[0] == 0
    assert [w["status"] for w in vocab_json(data)] == ["known"]
    code, out, _ = run("mark", "none", "猫", "--data-dir", data)
    assert code == 0 and "removed 猫【ねこ】" in out
    assert vocab_json(data) == []
    code, out, _ = run("mark", "none", "犬", "--data-dir", data)
    assert code == 1 and "not in the vocabulary" in out


def test_mark_refuses_a_status_that_is_not_one(data):
    code, _, err = run("mark", "7", "猫", "--data-dir", data)
    assert code == 1 and "use 1-5, known, ignored or none" in err


def test_vocab_filters_by_status(data):
    run("mark", "2", "猫", "--data-dir", data)
    run("mark", "ignored", "犬", "--data-dir", data)
    code, out, _ = run("vocab", "--status", "2", "--data-dir", data)
    assert code == 0 and "猫【ねこ】" in out and "犬" not in out
    code, out, _ = run("vocab", "--status", "2,ignored", "--data-dir", data)
    assert "猫" in out and "犬" in out
    assert run("vocab", "--status", "5", "--data-dir", data)[1].strip() == "No saved words with that status."


def test_stats_of_a_file_counts_its_coverage(data, tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("猫が猫を見た。犬は見なかった。\n", encoding="utf-8")
    code, out, _ = run("stats", str(text), "--json", "--data-dir", data)
    assert code == 0
    doc = json.loads(out)["document"]
    assert (doc["words"], doc["known"], doc["learning"], doc["new"], doc["new_words"]) == (11, 0, 0, 11, 8)
    run("mark", "known", "猫", "--data-dir", data)
    run("mark", "4", "見る", "--data-dir", data)
    doc = json.loads(run("stats", str(text), "--json", "--data-dir", data)[1])["document"]
    assert (doc["known"], doc["learning"], doc["new"], doc["new_words"]) == (2, 2, 7, 6)
    code, out, _ = run("stats", str(text), "--data-dir", data)
    assert "18% known, 18% learning, 6 new words (11 words)" in out
    overall = json.loads(run("stats", "--json", "--data-dir", data)[1])
    assert overall["vocabulary"] == {"4": 1, "known": 1} and overall["added_today"] == 2
    assert len(overall["daily"]) == 30


def test_a_store_from_a_newer_shiori_is_one_sentence_and_exit_1(data):
    from pathlib import Path

    run("mark", "1", "猫", "--data-dir", data)
    path = Path(data) / "shiori.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    for argv in (["vocab"], ["mark", "2", "猫"], ["stats"]):
        code, out, err = run(*argv, "--data-dir", data)
        assert code == 1 and "newer version of Shiori" in err and err.count("\n") == 1 and out == ""


def test_a_damaged_store_is_named_and_a_new_one_used(data):
    from pathlib import Path

    run("mark", "1", "猫", "--data-dir", data)
    (Path(data) / "shiori.db").write_bytes(b"not a database" * 100)
    for side in ("shiori.db-wal", "shiori.db-shm"):
        (Path(data) / side).unlink(missing_ok=True)
    code, out, err = run("vocab", "--data-dir", data)
    assert code == 0 and "damaged" in err and "shiori.db.damaged-" in err
    assert out.strip() == "No saved words."


def test_a_name_the_dictionary_does_not_have_is_not_marked_as_its_first_syllable(data):
    run("mark", "1", "菜", "--data-dir", data)
    code, out, _ = run("mark", "ignored", "ナデラ", "日本語を勉強する", "--data-dir", data)
    assert code == 1 and out.count("no dictionary entry") == 2
    code, out, _ = run("mark", "none", "ナデラ", "--data-dir", data)
    assert code == 1 and "not in the vocabulary" in out
    assert [(w["lemma"], w["status"]) for w in vocab_json(data)] == [("菜", "1")]


def test_typed_words_get_the_keys_the_reader_colours(data, tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("意味が解った。私たちは行く。\n", encoding="utf-8")
    assert run("mark", "known", "解った", "私たち", "--data-dir", data)[0] == 0
    doc = json.loads(run("stats", str(text), "--json", "--data-dir", data)[1])["document"]
    assert doc["known"] == 2  # both found in the text under the keys just saved
