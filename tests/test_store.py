"""The store: schema and migrations, damaged and newer files, crashes and two writers, with real files and processes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.core.store import SCHEMA_VERSION, STORE_FILE, Store, StoreError, open_store
from app.core.vocabulary import StoredVocabulary
from app.core.words import Status, WordKey

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_new_store_has_the_whole_schema_in_wal_mode(tmp_path):
    with open_store(tmp_path) as store:
        assert store.version == SCHEMA_VERSION
        assert store.query_one("PRAGMA journal_mode")[0] == "wal"
        assert store.query_one("PRAGMA foreign_keys")[0] == 1
        assert store.query_one("PRAGMA busy_timeout")[0] >= 1000
    assert {"documents", "progress", "words", "contexts", "lookups", "reading_log", "exports"} <= _tables(
        tmp_path / STORE_FILE)


def test_a_store_made_by_the_first_schema_is_migrated_with_its_data(tmp_path):
    path = tmp_path / STORE_FILE
    with sqlite3.connect(path) as conn:
        conn.executescript((DATA / "store_v1.sql").read_text(encoding="utf-8"))
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        vocab = StoredVocabulary(store)
        genin = vocab.word(WordKey("下人", "げにん"))
        assert genin.status is Status.LEARNING_2 and genin.gloss == "servant; menial" and genin.lookups == 3
        assert genin.contexts[0].sentence.startswith("ある日の暮方の事である。")
        assert genin.contexts[0].document_title == "羅生門"
        assert vocab.status(WordKey("雨", "あめ")) is Status.KNOWN
        from app.core.progress import Library

        lib = Library(store)
        assert lib.progress("d1").seconds == 1830.5 and lib.progress("d1").chars_read == 2400
        assert lib.document("d1").view == {}  # the column version 2 added, with its default
        lib.set_view("d1", vertical=True)
        assert lib.document("d1").view == {"vertical": True}


def test_an_interrupted_migration_leaves_the_old_version(tmp_path, monkeypatch):
    import app.core.store as store_module

    path = tmp_path / STORE_FILE
    with sqlite3.connect(path) as conn:
        conn.executescript((DATA / "store_v1.sql").read_text(encoding="utf-8"))
    broken = (*store_module.MIGRATIONS[:1], store_module.MIGRATIONS[1] + "\nTHIS IS NOT SQL;")
    monkeypatch.setattr(store_module, "MIGRATIONS", broken)
    with pytest.raises(StoreError):
        Store(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        columns = {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
        assert "view" not in columns  # the half-done step was rolled back
        assert conn.execute("SELECT COUNT(*) FROM words").fetchone()[0] == 2


@pytest.mark.parametrize("damage", ["garbage", "truncated", "scribbled"])
def test_a_damaged_store_is_kept_aside_and_a_fresh_one_started(tmp_path, damage):
    path = tmp_path / STORE_FILE
    with Store(path) as store:
        StoredVocabulary(store).add(WordKey("猫", "ねこ"))
    data = path.read_bytes()
    if damage == "garbage":
        data = b"this is not a database at all\n" * 100
    elif damage == "truncated":
        data = data[:1500]
    else:  # pages overwritten in the middle of the file
        data = data[:1024] + b"\xa5" * (len(data) - 2048) + data[-1024:]
    path.write_bytes(data)
    with Store(path) as store:
        assert store.notice and "damaged" in store.notice
        moved = [p for p in tmp_path.iterdir() if p.name.startswith(STORE_FILE + ".damaged-")
                 and not p.name.endswith(("-wal", "-shm"))]
        assert len(moved) == 1 and moved[0].name in store.notice
        assert moved[0].read_bytes() == data  # kept exactly as it was
        assert StoredVocabulary(store).statuses() == {}
        assert store.version == SCHEMA_VERSION


def test_a_store_from_a_newer_shiori_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / STORE_FILE
    with Store(path) as store:
        StoredVocabulary(store).add(WordKey("猫", "ねこ"))
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.execute("PRAGMA journal_mode = DELETE")  # fold the WAL in, so the file alone is the store
    before = path.read_bytes()
    names = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(StoreError, match="newer version of Shiori"):
        Store(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == names  # not even a -wal file beside it


def test_a_failed_write_commits_nothing(tmp_path):
    with open_store(tmp_path) as store:
        with pytest.raises(RuntimeError):
            with store.write() as conn:
                conn.execute("INSERT INTO reading_log (day, chars) VALUES ('2026-01-01', 5)")
                raise RuntimeError("power cut")
        assert store.query("SELECT * FROM reading_log") == []


# -- real processes --------------------------------------------------------------------

_WRITER = textwrap.dedent("""
    import sys
    from app.core.store import open_store
    from app.core.vocabulary import StoredVocabulary
    from app.core.progress import Library
    from app.core.words import Status, WordKey
    folder, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = open_store(folder)
    vocab, library = StoredVocabulary(store), Library(store)
    library.open_document("shared", "共有", char_count=1000)
    for i in range(count):
        vocab.set_status(WordKey(f"{name}{i}", "よみ"), Status((i % 5) + 1))
        library.add_time("shared", 1.0)
        vocab.record_lookup(WordKey("共通", "きょうつう"), "共通", "shared", 0, i)
        print(i, flush=True)
""")


@pytest.mark.slow
def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    count = 150
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), name, str(count)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for name in ("甲", "乙")]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    with open_store(tmp_path) as store:
        vocab = StoredVocabulary(store)
        for name in ("甲", "乙"):
            for i in range(count):
                assert vocab.status(WordKey(f"{name}{i}", "よみ")) is Status((i % 5) + 1)
        from app.core.progress import Library

        assert Library(store).progress("shared").seconds == 2 * count  # increments, not overwrites
        assert len(vocab.history("shared", limit=10_000)) == 2 * count
        assert store.query_one("PRAGMA integrity_check")[0] == "ok"


_KILLED = textwrap.dedent("""
    import sys
    from app.core.store import open_store
    from app.core.vocabulary import Context, StoredVocabulary
    from app.core.progress import Library, ReadingSession
    from app.core.words import WordKey
    folder = sys.argv[1]
    store = open_store(folder)
    vocab, library = StoredVocabulary(store), Library(store)
    library.open_document("novel", "こころ", char_count=100000, paragraph_count=1000)
    now = [0.0]
    session = ReadingSession(library, "novel", clock=lambda: now[0])
    session.set_active(True)
    i = 0
    while True:  # one second of reading, one saved word, and again, until killed
        now[0] += 1.0
        session.touch()
        session.tick()
        vocab.add(WordKey(f"語{i}", "ご"), context=Context(f"文{i}。", "novel", i, 0))
        print(f"saved {i} read {now[0]:.0f}", flush=True)
        i += 1
""")


@pytest.mark.slow
def test_kill_9_while_reading_loses_no_word_and_at_most_ten_seconds(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", _KILLED, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    last = None
    for line in proc.stdout:
        last = line.split()
        if int(last[1]) >= 57:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    saved, read = int(last[1]), float(last[3])
    with open_store(tmp_path) as store:
        vocab = StoredVocabulary(store)
        for i in range(saved + 1):  # every word the process said it saved is there, with its sentence
            word = vocab.word(WordKey(f"語{i}", "ご"))
            assert word is not None and word.contexts[0].sentence == f"文{i}。"
        from app.core.progress import Library

        seconds = Library(store).progress("novel").seconds
        assert read - 10 <= seconds <= read
        assert store.query_one("PRAGMA integrity_check")[0] == "ok"


def test_a_newer_store_in_wal_mode_gets_nothing_beside_it(tmp_path):
    path = tmp_path / STORE_FILE
    with Store(path) as store:
        StoredVocabulary(store).add(WordKey("猫", "ねこ"))
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    # as a newer Shiori leaves it: WAL mode, its log folded in on close
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = sorted(p.name for p in tmp_path.iterdir())
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version of Shiori"):
        Store(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == names and path.read_bytes() == before


def test_a_data_folder_that_is_a_file_is_a_sentence(tmp_path):
    folder = tmp_path / "data"
    folder.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot be used"):
        open_store(folder)
