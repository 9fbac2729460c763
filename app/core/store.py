"""The reader's store: one SQLite file holding months of a learner's work.

Rules this module keeps, because the data cannot be made again:

* every write is one transaction, committed when it happens (WAL, full
  sync), so a crash or `kill -9` loses nothing that was committed;
* a file that is not a database, or a damaged one, is moved aside (kept,
  and named in the message) and a fresh store is made beside it;
* a store written by a newer Shiori is refused and left untouched: it is
  checked through a read-only connection before anything is written;
* several windows or processes may share the file: writes take SQLite's
  write lock (BEGIN IMMEDIATE) and wait for one another (busy timeout), and
  counters are updated as increments, never as values computed from a copy.

The schema is versioned with PRAGMA user_version; each migration runs in one
transaction, so an interrupted upgrade leaves the previous version intact.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

log = logging.getLogger(__name__)

__all__ = ["Store", "StoreError", "STORE_FILE", "SCHEMA_VERSION", "utc_now", "open_store"]

STORE_FILE = "shiori.db"
_SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


# SQLITE_CORRUPT and SQLITE_NOTADB, with their extended codes: what a damaged file answers
_DAMAGE_CODES = frozenset({11, 26, 267, 523, 779, 1035})


class StoreError(Exception):
    """The store cannot be used; the message is a sentence for the reader."""


# Each entry takes the schema from version i to i+1. Never edit a released
# one: add a new step instead (tests migrate a database made by the first).
MIGRATIONS: tuple[str, ...] = (
    # 1: documents, progress, vocabulary with contexts, lookup history, daily log
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,                -- hash of the normalised text
        title TEXT NOT NULL DEFAULT '',
        user_title TEXT,                    -- the reader's own title for it
        author TEXT NOT NULL DEFAULT '',
        path TEXT,                          -- where it was last opened from
        char_count INTEGER NOT NULL DEFAULT 0,
        paragraph_count INTEGER NOT NULL DEFAULT 0,
        first_opened TEXT NOT NULL,
        last_opened TEXT NOT NULL
    );
    CREATE TABLE progress (
        document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        paragraph INTEGER NOT NULL DEFAULT 0,
        "offset" INTEGER NOT NULL DEFAULT 0,
        furthest_paragraph INTEGER NOT NULL DEFAULT 0,
        furthest_offset INTEGER NOT NULL DEFAULT 0,
        seconds REAL NOT NULL DEFAULT 0,    -- active reading time
        chars_read INTEGER NOT NULL DEFAULT 0,
        finished TEXT,                      -- when the reader finished it
        updated TEXT NOT NULL
    );
    CREATE TABLE words (
        id INTEGER PRIMARY KEY,
        lemma TEXT NOT NULL,
        reading TEXT NOT NULL,
        status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 5 OR status IN (98, 99)),
        entry_id INTEGER,
        gloss TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        status_changed TEXT NOT NULL,
        lookups INTEGER NOT NULL DEFAULT 0,
        UNIQUE (lemma, reading)
    );
    CREATE TABLE contexts (
        id INTEGER PRIMARY KEY,
        word_id INTEGER NOT NULL REFERENCES words(id) ON DELETE CASCADE,
        document_id TEXT REFERENCES documents(id) ON DELETE SET NULL,
        sentence TEXT NOT NULL,
        paragraph INTEGER,
        "offset" INTEGER,
        added TEXT NOT NULL,
        UNIQUE (word_id, sentence)
    );
    CREATE INDEX contexts_word ON contexts(word_id);
    CREATE TABLE lookups (
        id INTEGER PRIMARY KEY,
        lemma TEXT NOT NULL,
        reading TEXT NOT NULL,
        surface TEXT NOT NULL,
        document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
        paragraph INTEGER NOT NULL,
        "offset" INTEGER NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX lookups_document ON lookups(document_id, id);
    CREATE INDEX lookups_word ON lookups(lemma, reading);
    CREATE TABLE reading_log (
        day TEXT PRIMARY KEY,               -- the reader's local date, YYYY-MM-DD
        chars INTEGER NOT NULL DEFAULT 0,
        seconds REAL NOT NULL DEFAULT 0
    );
    """,
    # 2: per-document view settings (vertical writing, furigana) and the export log
    """
    ALTER TABLE documents ADD COLUMN view TEXT NOT NULL DEFAULT '{}';
    CREATE TABLE exports (
        id INTEGER PRIMARY KEY,
        format TEXT NOT NULL,
        target TEXT NOT NULL,
        words INTEGER NOT NULL,
        at TEXT NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def utc_now() -> str:
    """Timestamps are stored as ISO 8601 in UTC, to the second: sortable as text."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_day(ts: float | None = None) -> str:
    return time.strftime("%Y-%m-%d", time.localtime(ts))


class Store:
    """One connection to the store file, for the thread that opened it.

    Open with :func:`open_store` (or ``Store(path)``). ``notice`` holds a
    sentence for the reader when something had to be done on opening (a
    damaged file moved aside).
    """

    def __init__(self, path: str | os.PathLike, *, target_version: int = SCHEMA_VERSION) -> None:
        self.path = Path(path)
        self.notice: str | None = None
        self.in_memory = str(path) == ":memory:"
        if self.in_memory:  # nothing on disk: a session that cannot use its file keeps working
            self._conn = self._connect()
            self._migrate(target_version)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"The data folder {self.path.parent} cannot be used: {e.strerror or e} "
                             "(is it a file?). Choose another with --data-dir.") from e
        problem = _check_existing(self.path)
        if problem == "newer":
            raise StoreError(_newer_message(self.path))
        if problem is not None:
            try:
                moved = _move_aside(self.path)
            except OSError as e:
                raise StoreError(f"The store {self.path} is damaged ({problem}) and cannot be set aside: "
                                 f"{e.strerror or e}. Nothing was changed.") from e
            self.notice = (f"The store {self.path.name} was damaged ({problem}); it was kept as "
                           f"{moved.name} and a new, empty store was started. Nothing was deleted.")
            log.info("%s", self.notice)  # the reader is told by whoever opened the store
        try:
            self._conn = self._connect()
            self._migrate(target_version)
        except sqlite3.DatabaseError as e:  # damaged in a way only use reveals
            raise StoreError(f"The store {self.path} cannot be used ({e}).") from e

    # -- connection ------------------------------------------------------------

    @classmethod
    def in_memory_store(cls) -> "Store":
        """A store that lives and dies with this process (nothing is written anywhere)."""
        return cls(":memory:")

    def _connect(self) -> sqlite3.Connection:
        target = ":memory:" if self.in_memory else self.path
        conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")  # a committed change survives a power cut too
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def close(self) -> None:
        conn, self._conn = getattr(self, "_conn", None), None
        if conn is not None:
            try:
                conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass
            conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def data_version(self) -> int:
        """Changes whenever another connection commits: cheap to ask, to know when to reload."""
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    # -- transactions ------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none of it.

        BEGIN IMMEDIATE takes the write lock at the start, so two writers
        queue (busy timeout) instead of one failing halfway.
        """
        conn = self._conn
        if conn is None:
            raise StoreError("The store is closed.")
        if conn.in_transaction:  # nested: part of the enclosing transaction
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        if self._conn is None:
            raise StoreError("The store is closed.")
        return self._conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    # -- schema ------------------------------------------------------------------

    def _migrate(self, target: int) -> None:
        current = self.version
        if current > SCHEMA_VERSION:  # made newer between the check and now: still never touch it
            raise StoreError(_newer_message(self.path))
        target = min(target, SCHEMA_VERSION)
        while current < target:
            with self.write() as conn:
                # read again under the write lock: another process may have migrated meanwhile
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                if current >= target:
                    break
                for statement in _statements(MIGRATIONS[current]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {current + 1}")
            log.info("store %s: schema %d -> %d", self.path, current, current + 1)
            current += 1


def _statements(script: str) -> list[str]:
    """The statements of a migration, so that each runs inside our transaction.

    executescript() would commit first; splitting at semicolons that end a
    statement is enough for our own migrations (no triggers, no ';' in text).
    """
    out, buf = [], []
    for line in script.splitlines():
        code = line.split("--", 1)[0]
        buf.append(code)
        if code.rstrip().endswith(";"):
            statement = "\n".join(buf).strip()
            if statement.strip(";").strip():
                out.append(statement)
            buf = []
    rest = "\n".join(buf).strip()
    if rest:
        out.append(rest)
    return out


def _newer_message(path: Path) -> str:
    return (f"The store {path} was written by a newer version of Shiori; this version cannot read it "
            f"and has left it untouched. Update Shiori, or use --data-dir for another folder.")


def _check_existing(path: Path) -> str | None:
    """None if *path* is absent or a healthy store this version can use; "newer"; or what is wrong.

    Read-only: a store from a newer Shiori must not even get a WAL file
    created beside it, and a damaged one is looked at before it is moved.
    """
    if not path.exists():
        return None
    try:
        with open(path, "rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except OSError as e:
        raise StoreError(f"The store {path} cannot be read: {e.strerror or e}.") from e
    if not head:
        return None if path.stat().st_size == 0 else "it is not a database"
    if head != _SQLITE_MAGIC:
        return "it is not a database"
    if not path.with_name(path.name + "-wal").exists():
        # The header has the schema version (bytes 60-63): a newer store is refused without
        # SQLite opening it, which would make -wal and -shm files beside a store in WAL mode.
        with open(path, "rb") as f:
            header = f.read(100)
        if len(header) == 100 and int.from_bytes(header[60:64], "big") > SCHEMA_VERSION:
            return "newer"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as e:
        return f"it cannot be opened: {e}"
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            return "newer"
        result = conn.execute("PRAGMA quick_check").fetchone()
        if not result or result[0] != "ok":
            return f"the database check says: {result[0] if result else 'nothing'}"
    except sqlite3.DatabaseError as e:
        if getattr(e, "sqlite_errorcode", None) in _DAMAGE_CODES:
            return str(e)
        if "locked" in str(e) or "busy" in str(e):
            return None  # another process is writing: it is alive, not damaged
        # an I/O error, no permission...: the file may be fine; never set a healthy store aside
        raise StoreError(f"The store {path} cannot be read ({e}).") from e
    finally:
        conn.close()
    return None


def _move_aside(path: Path) -> Path:
    """Rename a damaged store (and its -wal/-shm) out of the way, never overwriting anything."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def open_store(data_dir: str | os.PathLike) -> Store:
    """The store in *data_dir* (made if missing)."""
    return Store(Path(data_dir) / STORE_FILE)
