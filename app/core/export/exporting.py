"""Which words an export takes, writing it in the chosen format, and the log of exports.

The command line and the export dialog both fill in an ExportRequest and
call :func:`export_vocabulary`; each export that was written is recorded in
the store's ``exports`` table, which is what "only words added or changed
since the last export" reads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterable, Sequence

from ..store import utc_now
from ..vocabulary import SavedWord
from ..words import Status
from .anki_deck import clean_deck_name, tsv_text, write_apkg
from .formats import DEFAULT_DECK, FORMATS
from .files import ExportError, lute_csv_text, vocabulary_json, write_atomic, write_text
from .notes import NoteBuilder

log = logging.getLogger("app.core.export")

__all__ = ["DEFAULT_STATUSES", "ExportRequest", "ExportResult", "export_vocabulary", "select_words", "last_export",
           "resolve_document"]

# With no statuses asked for: every saved word but the ignored ones.
DEFAULT_STATUSES = (Status.NEW, Status.LEARNING_2, Status.LEARNING_3, Status.LEARNING_4, Status.LEARNED,
                    Status.KNOWN)


@dataclass(frozen=True)
class ExportRequest:
    """What to export where. *document*: a document id (see :func:`resolve_document` for titles)."""

    format: str
    output: Path
    statuses: Sequence[Status] | None = None
    document: str | None = None
    since_last: bool = False
    overwrite: bool = False
    deck: str = DEFAULT_DECK


@dataclass(frozen=True)
class ExportResult:
    format: str
    path: Path
    words: int
    since: str | None = None  # the last export "since last" counted from, if any
    keys: tuple = field(default=(), repr=False)

    def message(self) -> str:
        noun = "word" if self.words == 1 else "words"
        return f"Exported {self.words} {noun} to {self.path}."


def last_export(store, fmt: str) -> str | None:
    """When the last export in *fmt* was written (UTC timestamp), or None."""
    row = store.query_one("SELECT at FROM exports WHERE format = ? ORDER BY at DESC, id DESC LIMIT 1", (fmt,))
    return row[0] if row else None


def _record_export(store, fmt: str, target: Path, words: int) -> None:
    with store.write() as conn:
        conn.execute("INSERT INTO exports (format, target, words, at) VALUES (?, ?, ?, ?)",
                     (fmt, str(target.resolve()), words, utc_now()))


def _second_before(stamp: str) -> str:
    """Stamps are to the second: a word changed in the very second of the last export counts as changed since.

    Sending it again costs nothing (its note is updated); missing it would.
    """
    try:
        t = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return stamp
    return (t - timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


def resolve_document(library, text: str) -> str:
    """A document id from an id or a title the reader typed; ExportError naming the problem otherwise."""
    found = library.find_documents(text)
    if not found:
        raise ExportError(f"No text with the id or title “{text}” is in the library.")
    if len(found) > 1:
        ids = ", ".join(d.id for d in found)
        raise ExportError(f"Several texts are titled “{text}”: give the id of one of them ({ids}).")
    return found[0].id


def select_words(context, statuses: Iterable[Status] | None = None, document: str | None = None,
                 since: str | None = None) -> list[SavedWord]:
    """The saved words an export takes, oldest first, with their sentences."""
    wanted = DEFAULT_STATUSES if statuses is None else [Status.parse(s) for s in statuses]
    return context.vocabulary.words(wanted, with_contexts=True, document_id=document,
                                    changed_since=_second_before(since) if since else None)


def export_vocabulary(context, request: ExportRequest, words: Sequence[SavedWord] | None = None) -> ExportResult:
    """Write the export *request* asks for and record it; ExportError (a sentence) when it cannot.

    *words*: export exactly these instead of selecting (the dialog's preview
    already selected them).
    """
    fmt = request.format
    if fmt not in FORMATS:
        raise ExportError(f"“{fmt}” is not an export format: use {', '.join(FORMATS)}.")
    since = last_export(context.store, fmt) if request.since_last else None
    if words is None:
        words = select_words(context, request.statuses, request.document, since)
    if not words:
        if request.since_last and since:
            raise ExportError(f"No words were added or changed since the last {fmt} export ({since}); "
                              f"nothing was written.")
        raise ExportError("No saved words match what was asked for; nothing was written.")
    deck = clean_deck_name(request.deck)
    if fmt == "apkg":
        builder = NoteBuilder(context.dictionary, request.document)
        notes = [builder.build(w) for w in words]
        writer = lambda tmp: write_apkg(notes, tmp, deck)  # noqa: E731
    elif fmt == "tsv":
        builder = NoteBuilder(context.dictionary, request.document)
        writer = write_text(tsv_text((builder.build(w) for w in words), deck))
    elif fmt == "csv":
        writer = write_text(lute_csv_text(words))
    else:
        doc_ids = {c.document_id for w in words for c in w.contexts if c.document_id}
        documents = [d for d in (context.library.document(i) for i in sorted(doc_ids)) if d is not None]
        writer = write_text(vocabulary_json(words, documents, utc_now()))
    path = write_atomic(request.output, writer, overwrite=request.overwrite)
    _record_export(context.store, fmt, path, len(words))
    log.info("exported %d words as %s to %s", len(words), fmt, path)
    return ExportResult(fmt, path, len(words), since, tuple(w.key for w in words))
