"""Writing export files safely, and the two formats that are not Anki's: Lute's CSV and Shiori's JSON.

A file is written beside its destination under a temporary name and then
renamed over it, so a crash or a full disk never leaves half a file where
the reader's deck or backup was; an existing file is replaced only when the
caller says so.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..vocabulary import SavedWord
from ..words import Status

__all__ = ["ExportError", "OutputExists", "write_atomic", "lute_csv_text", "LUTE_COLUMNS", "LUTE_STATUS",
           "word_json", "vocabulary_json", "JSON_FORMAT", "JSON_VERSION"]


class ExportError(Exception):
    """The export cannot be done; the message is one sentence for the reader."""


class OutputExists(ExportError):
    """The destination exists and replacing it was not asked for."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; nothing was written.")
        self.path = path


def write_atomic(path: str | os.PathLike, write: Callable[[Path], None], *, overwrite: bool = False) -> Path:
    """Call *write* with a temporary path in *path*'s folder, then move the result onto *path*.

    Raises OutputExists when *path* exists and *overwrite* is false, and
    ExportError (a sentence) when the folder is missing or not writable.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportError(f"{path} is a folder: give a file name to export to.")
    if path.exists() and not overwrite:
        raise OutputExists(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as e:
        raise ExportError(f"Cannot write in {folder}: {e.strerror or e}.") from e
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        raise ExportError(f"Cannot write {path}: {e.strerror or e}.") from e
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_text(text: str) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)

    return write


# ---------------------------------------------------------------------------
# Lute's term CSV
# ---------------------------------------------------------------------------

LUTE_COLUMNS = ("term", "parent", "translation", "language", "tags", "added", "status", "link_status",
                "pronunciation")
LUTE_STATUS = {**{Status(i): str(i) for i in range(1, 6)}, Status.KNOWN: "W", Status.IGNORED: "I"}
LUTE_LANGUAGE = "Japanese"


def _lute_date(stamp: str) -> str:
    """2026-01-02T03:04:05Z as Lute writes its dates, 2026-01-02 03:04:05."""
    return stamp.replace("T", " ").rstrip("Z") if stamp else ""


def lute_csv_text(words: Iterable[SavedWord]) -> str:
    """Lute's term import: plain text (no HTML), one row per word, the reading as its pronunciation."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as spreadsheets and Lute expect
    writer.writerow(LUTE_COLUMNS)
    for w in words:
        writer.writerow([w.key.lemma, "", w.gloss, LUTE_LANGUAGE, "shiori", _lute_date(w.created),
                         LUTE_STATUS.get(w.status, "1"), "", w.key.reading])
    return out.getvalue()


# ---------------------------------------------------------------------------
# Shiori's JSON
# ---------------------------------------------------------------------------

JSON_FORMAT = "shiori-vocabulary"
JSON_VERSION = 1


def word_json(word: SavedWord) -> dict:
    """Every field of a saved word and of each of its sentences (also what `shiori vocab --json` prints)."""
    return {
        "lemma": word.key.lemma, "reading": word.key.reading, "status": word.status.code,
        "entry_id": word.entry_id, "gloss": word.gloss, "notes": word.notes, "created": word.created,
        "status_changed": word.status_changed, "lookups": word.lookups,
        "contexts": [{"sentence": c.sentence, "document": c.document_id, "document_title": c.document_title,
                      "paragraph": c.paragraph, "offset": c.offset, "added": c.added} for c in word.contexts],
    }


def vocabulary_json(words: Sequence[SavedWord], documents: Iterable, exported: str) -> str:
    """The backup: a versioned object with the texts the sentences come from and every word."""
    data = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "exported": exported,
        "documents": [{"id": d.id, "title": d.title, "user_title": d.user_title, "author": d.author,
                       "first_opened": d.first_opened} for d in documents],
        "words": [word_json(w) for w in words],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
