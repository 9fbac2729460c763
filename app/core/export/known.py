"""Importing words the reader already knows: a word list, Lute's CSV, an Anki notes export, or Shiori's JSON.

Learners arrive with hundreds of words they know. Each word is normalised
(half-width katakana and full-width letters, spaces, furigana brackets) and
matched to its dictionary form the way `shiori mark` matches it, so one word
never lands twice under two spellings. The whole file is read and checked
before anything is written, and written in one transaction: a malformed file
changes nothing, and importing a file a second time changes nothing either.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..vocabulary import Change, Context, SavedWord
from ..word_keys import resolve
from ..words import Status, WordKey
from .files import JSON_FORMAT, JSON_VERSION, LUTE_STATUS

log = logging.getLogger("app.core.export")

__all__ = ["ImportFileError", "ImportSummary", "import_known", "read_import_file", "normalise_word", "Candidate"]

MAX_IMPORT_BYTES = 50 * 1024 * 1024


class ImportFileError(Exception):
    """The file cannot be imported; the message is one sentence for the reader, naming the line."""


@dataclass(frozen=True)
class Candidate:
    """A word as the file gives it, before the dictionary is asked."""

    text: str
    line: int
    reading: str | None = None
    status: Status | None = None  # the file's own status for it (Lute's CSV)
    gloss: str | None = None


@dataclass
class ImportSummary:
    """What an import did: counts for the status bar, the words not found for the reader to check."""

    path: Path
    kind: str  # "word list", "Lute CSV", "Anki notes", "Shiori JSON"
    added: list[WordKey] = field(default_factory=list)
    updated: list[WordKey] = field(default_factory=list)  # JSON only: restored over what the store had
    already: list[WordKey] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    change: Change | None = field(default=None, repr=False)  # hand to vocabulary.undo() to take it back

    def message(self) -> str:
        parts = [f"{len(self.added)} added"]
        if self.updated:
            parts.append(f"{len(self.updated)} restored")
        parts.append(f"{len(self.already)} already there")
        parts.append(f"{len(self.not_found)} not found")
        return f"{self.path.name} ({self.kind}): " + ", ".join(parts) + "."


# ---------------------------------------------------------------------------
# Normalising a word
# ---------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_BRACKETS = re.compile(r"\s?([^\s\[\]]+?)\[[^\[\]]*\]")  # Anki's 漢字[かんじ]
_PARENS = re.compile(r"[（(《【][ぁ-ゖァ-ヺー・\s]*[）)》】]")  # 漢字（かんじ）, 漢字《かんじ》, 漢字【かんじ】
_SPACE = re.compile(r"\s+")


def strip_html(text: str) -> str:
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    return html.unescape(_TAG.sub("", text))


def normalise_word(text: str) -> tuple[str, str | None]:
    """The word without decoration, and the reading its brackets gave (if any).

    NFKC makes ｶﾀｶﾅ カタカナ and ＡＢＣ ABC; the furigana of 漢字[かんじ] or
    漢字（かんじ） is dropped from the word but kept as a hint for homographs.
    """
    text = unicodedata.normalize("NFKC", text)
    reading = None
    m = re.fullmatch(r"\s*([^\[\]（(《【]+?)\s*[\[（(《【]\s*([ぁ-ゖァ-ヺー]+)\s*[\]）)》】]\s*", text)
    if m:
        reading = m.group(2)
    text = _BRACKETS.sub(lambda m: m.group(1), text)
    text = _PARENS.sub("", text)
    text = _SPACE.sub(" ", text).strip()
    return text, reading


# ---------------------------------------------------------------------------
# Reading the file
# ---------------------------------------------------------------------------


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(f"{path.name} is not a text file (it holds binary data); export your words as text, "
                           f"CSV or JSON.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise ImportFileError(f"{path.name} begins as UTF-16 text but is damaged near byte {e.start}.") from e
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise ImportFileError(f"Line {line} of {path.name} is not UTF-8 text: save the file as UTF-8 and "
                           f"import it again.") from e


def read_import_file(path: str | Path) -> tuple[str, list[Candidate] | list[SavedWord], list[dict]]:
    """The kind of file, its words, and (Shiori JSON) the texts its sentences come from.

    ImportFileError names what is wrong, and where, for a file that cannot be read.
    """
    path = Path(path).expanduser()
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise ImportFileError(f"{path.name} is over 50 MB; a word list is never that large.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not a file.") from None
    except OSError as e:
        raise ImportFileError(f"{path} cannot be read: {e.strerror or e}.") from e
    text = _decode(path, data)
    head = text.lstrip()
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if head.startswith("{") or (path.suffix.lower() == ".json" and head.startswith("[")):
        words, documents = _read_json(path, text)
        return "Shiori JSON", words, documents
    if path.suffix.lower() == ".json":
        raise ImportFileError(f"{path.name} is not JSON: line 1 should start with “{{”.")
    if first.lower().startswith(("#separator:", "#html:", "#notetype", "#deck", "#tags", "#columns:", "#guid")):
        return "Anki notes", _read_anki(path, text), []
    if path.suffix.lower() == ".csv" or (first.count(",") and "term" in [c.strip().lower() for c in
                                                                          _csv_row(first)]):
        return "Lute CSV", _read_lute(path, text), []
    if any("\t" in ln for ln in lines):
        return "Anki notes", _read_anki(path, text), []
    return "word list", _read_list(text), []


def _csv_row(line: str) -> list[str]:
    try:
        return next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return []


def _read_list(text: str) -> list[Candidate]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(Candidate(line, n))
    return out


def _read_lute(path: Path, text: str) -> list[Candidate]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
    except csv.Error as e:
        raise ImportFileError(f"Line 1 of {path.name} is not CSV ({e}).") from e
    columns = [c.strip().lower() for c in header or []]
    if "term" not in columns:
        shown = ", ".join(c for c in columns if c) or "nothing"
        raise ImportFileError(f"{path.name} has no “term” column in line 1 (it has {shown}); "
                           f"Lute's term export has one.")
    at = {name: columns.index(name) for name in ("term", "status", "translation", "pronunciation")
          if name in columns}
    statuses = {v: k for k, v in LUTE_STATUS.items()}
    out = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(c.strip() for c in row):
                continue
            if len(row) <= at["term"]:
                raise ImportFileError(f"Line {line} of {path.name} has no term (it has {len(row)} columns).")
            status = None
            if "status" in at and len(row) > at["status"] and row[at["status"]].strip():
                code = row[at["status"]].strip().upper()
                if code == "0":  # Lute's "unknown": the status the import gives
                    code = ""
                elif code not in statuses:
                    raise ImportFileError(f"Line {line} of {path.name} has the status “{row[at['status']]}”; "
                                       f"Lute's are 1-5, W and I.")
                status = statuses.get(code)
            get = lambda name, row=row: row[at[name]] if name in at and len(row) > at[name] else None  # noqa: E731
            out.append(Candidate(row[at["term"]], line, get("pronunciation") or None, status, get("translation")))
    except csv.Error as e:
        raise ImportFileError(f"Line {reader.line_num} of {path.name} is not CSV ({e}).") from e
    return out


_DELIMITERS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}


def _read_anki(path: Path, text: str) -> list[Candidate]:
    """Anki's notes in plain text: `#key:value` header lines, then one note per line; the first field is the word."""
    lines = text.splitlines(keepends=True)
    meta: dict[str, str] = {}
    n = 0
    while n < len(lines) and lines[n].startswith("#"):
        key, _, value = lines[n][1:].partition(":")
        meta[key.strip().lower()] = value.strip()
        n += 1
    delimiter = _DELIMITERS.get(meta.get("separator", "tab").lower(), meta.get("separator", "\t")[:1] or "\t")
    meta_columns = set()
    for name in ("guid column", "notetype column", "deck column", "tags column"):
        if meta.get(name, "").isdigit():
            meta_columns.add(int(meta[name]) - 1)
    labels = next(csv.reader([meta["columns"]], delimiter=delimiter)) if "columns" in meta else []
    reading_col = labels.index("Reading") if "Reading" in labels else None
    is_html = meta.get("html", "true").lower() != "false"
    reader = csv.reader(io.StringIO("".join(lines[n:])), delimiter=delimiter)
    out = []
    try:
        for row in reader:
            line = n + reader.line_num
            fields = [c for i, c in enumerate(row) if i not in meta_columns]
            if not fields or not fields[0].strip():
                continue
            word = strip_html(fields[0]) if is_html else fields[0]
            reading = None
            if reading_col is not None and len(row) > reading_col:
                reading = (strip_html(row[reading_col]) if is_html else row[reading_col]).strip() or None
            out.append(Candidate(word, line, reading))
    except csv.Error as e:
        raise ImportFileError(f"Line {n + reader.line_num} of {path.name} cannot be read ({e}).") from e
    return out


def _read_json(path: Path, text: str) -> tuple[list[SavedWord], list[dict]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ImportFileError(f"{path.name} is not valid JSON: line {e.lineno}, column {e.colno}: {e.msg}.") from e
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise ImportFileError(f"{path.name} is JSON but not a Shiori vocabulary export (it has no "
                           f"\"format\": \"{JSON_FORMAT}\").")
    version = data.get("version")
    if not isinstance(version, int) or version > JSON_VERSION:
        raise ImportFileError(f"{path.name} was written by a newer Shiori (format version {version}); "
                           f"update Shiori to import it.")
    words_data = data.get("words")
    if not isinstance(words_data, list):
        raise ImportFileError(f"{path.name} has no list of words.")
    words = [_saved_word(path, i, w) for i, w in enumerate(words_data, 1)]
    documents = [d for d in data.get("documents") or [] if isinstance(d, dict) and isinstance(d.get("id"), str)]
    return words, documents


def _saved_word(path: Path, n: int, w) -> SavedWord:
    where = f"word {n} of {path.name}"
    if not isinstance(w, dict) or not isinstance(w.get("lemma"), str) or not w["lemma"].strip():
        raise ImportFileError(f"The {where} has no lemma.")
    try:
        status = Status.parse(w.get("status", ""))
        if not status.is_saved:
            raise ValueError("none")
    except ValueError:
        raise ImportFileError(f"The {where} ({w['lemma']}) has the status “{w.get('status')}”; "
                           f"use 1-5, known or ignored.") from None

    def text(name: str) -> str:
        value = w.get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ImportFileError(f"The {where} ({w['lemma']}) has a {name} that is not text.")
        return value

    def number(name: str, value) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ImportFileError(f"The {where} ({w['lemma']}) has a {name} that is not a whole number.")
        return value

    contexts = []
    for c in w.get("contexts") or []:
        if not isinstance(c, dict) or not isinstance(c.get("sentence"), str):
            raise ImportFileError(f"The {where} ({w['lemma']}) has a sentence that is not text.")
        contexts.append(Context(c["sentence"], c.get("document") if isinstance(c.get("document"), str) else None,
                                number("paragraph", c.get("paragraph")), number("offset", c.get("offset")),
                                c.get("added") if isinstance(c.get("added"), str) else "",
                                c.get("document_title") if isinstance(c.get("document_title"), str) else ""))
    return SavedWord(WordKey(w["lemma"], text("reading") or w["lemma"]), status, number("entry_id", w.get("entry_id")),
                     text("gloss"), text("notes"), text("created"), text("status_changed"),
                     number("lookups", w.get("lookups")) or 0, tuple(contexts))


# ---------------------------------------------------------------------------
# Importing
# ---------------------------------------------------------------------------


def _find_saved(by_lemma: dict[str, list[WordKey]], text: str, reading: str | None) -> WordKey | None:
    """A saved word written exactly so (with that reading, when the file gives one)."""
    from ..chars import to_hiragana

    wanted = to_hiragana(reading) if reading else None
    return next((k for k in by_lemma.get(text, ()) if wanted is None or k.reading == wanted), None)


def import_known(context, path: str | Path, status: Status | str | None = None,
                 not_found_file: str | Path | None = None) -> ImportSummary:
    """Import the words of *path* into the vocabulary, in one transaction; returns what it did.

    *status*: what new words get (default known). A Lute CSV's own statuses
    are kept unless *status* is given; Shiori's JSON restores every word as
    it was (its statuses, glosses, notes, dates, lookups and sentences).
    Words already saved are left as they are (JSON: replaced by the file's).
    *not_found_file*: where to write the words the dictionary does not know.
    Raises ImportFileError (a sentence naming the line) for a file that cannot be read.
    """
    path = Path(path).expanduser()
    chosen = Status.parse(status) if status is not None else None
    if chosen is not None and not chosen.is_saved:
        raise ImportFileError("Importing with the status “none” would save nothing: use 1-5, known or ignored.")
    kind, items, documents = read_import_file(path)
    vocabulary = context.vocabulary
    summary = ImportSummary(path, kind)
    if kind == "Shiori JSON":
        words = [w if chosen is None else _with_status(w, chosen) for w in items]  # type: ignore[arg-type]
        have = {w.key: vocabulary.word(w.key) for w in words}
        with context.store.write():
            for d in documents:
                context.library.remember_document(d["id"], str(d.get("title") or ""), str(d.get("author") or ""),
                                                  d.get("user_title") if isinstance(d.get("user_title"), str)
                                                  else None, d.get("first_opened") or None)
            change = vocabulary.put_words(words, replace=True)
        summary.change = change
        for w in words:
            if have[w.key] is None:
                summary.added.append(w.key)
            elif w.key in change.before:
                summary.updated.append(w.key)
            else:
                summary.already.append(w.key)
    else:
        problem = context.dictionary.status()
        if problem:
            raise ImportFileError(problem)
        new: dict[WordKey, SavedWord] = {}
        by_lemma: dict[str, list[WordKey]] = {}
        for key in vocabulary.statuses():
            by_lemma.setdefault(key.lemma, []).append(key)
        for c in items:  # type: ignore[union-attr]
            text, bracket_reading = normalise_word(strip_html(c.text) if "<" in c.text else c.text)
            if not text:
                continue
            reading = c.reading or bracket_reading
            saved = _find_saved(by_lemma, text, reading)
            if saved is not None:
                summary.already.append(saved)
                continue
            found = resolve(text, context.dictionary, reading)
            if found is None or not found.whole:
                summary.not_found.append(text)
                continue
            if found.key in vocabulary or found.key in new:
                summary.already.append(found.key)
                continue
            gloss = c.gloss.strip() if c.gloss and c.gloss.strip() else found.gloss
            new[found.key] = SavedWord(found.key, chosen or c.status or Status.KNOWN, found.entry_id, gloss)
        summary.change = vocabulary.put_words(new.values())
        summary.added = list(new)
        summary.already = list(dict.fromkeys(summary.already))
        summary.not_found = list(dict.fromkeys(summary.not_found))
    if not_found_file is not None and summary.not_found:
        from .files import write_atomic, write_text

        write_atomic(not_found_file, write_text("\n".join(summary.not_found) + "\n"), overwrite=True)
    log.info("imported %s: %s", path, summary.message())
    return summary


def _with_status(word: SavedWord, status: Status) -> SavedWord:
    from dataclasses import replace

    return replace(word, status=status)
