"""The reader's vocabulary: each saved word's status, and the rules that follow from it.

The reader asks for the status of every word it paints, so statuses are
answered from memory; changes are told to listeners (the reader recolours,
the sidebar refreshes) with the keys that changed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from .store import Store, utc_now
from .words import PLAIN, Mark, Status, WordKey, mark_for

log = logging.getLogger(__name__)

__all__ = ["Vocabulary", "StoredVocabulary", "SavedWord", "Context", "Lookup", "Change", "FURIGANA_HIDE_DEFAULT"]

# "only words not known" hides furigana on known words; a setting lowers the bar to 4 or 5
FURIGANA_HIDE_DEFAULT = Status.KNOWN

Listener = Callable[[frozenset], None]


class Vocabulary:
    """Statuses by word key, in memory.

    This base keeps nothing between runs; the store-backed vocabulary
    extends it with persistence and keeps the same interface.
    """

    def __init__(self, statuses: Mapping[WordKey, Status] | None = None) -> None:
        self._statuses: dict[WordKey, Status] = dict(statuses or {})
        self._listeners: list[Listener] = []

    # -- reading -------------------------------------------------------------------

    def status(self, key: WordKey | None) -> Status:
        if key is None:
            return Status.NONE
        return self._statuses.get(key, Status.NONE)

    def mark(self, key: WordKey | None) -> Mark:
        """How the reader marks the word; no word at all (punctuation: key None) is plain, not "never saved"."""
        if key is None:
            return PLAIN
        return mark_for(self.status(key))

    def hides_furigana(self, key: WordKey | None, threshold: Status = FURIGANA_HIDE_DEFAULT) -> bool:
        """Whether "only words not known" hides this word's furigana.

        Known words always; with a threshold of 4 or 5, learning words at or
        above it too. Ignored words keep theirs (a name is still hard to read).
        """
        status = self.status(key)
        threshold = Status.parse(threshold)  # a setting read back from a file may be a plain number
        if status is Status.KNOWN:
            return True
        return status.is_learning and threshold.is_learning and status >= threshold

    def statuses(self) -> Mapping[WordKey, Status]:
        return dict(self._statuses)

    def __len__(self) -> int:
        return len(self._statuses)

    def __contains__(self, key: object) -> bool:
        return key in self._statuses

    # -- changing --------------------------------------------------------------------

    def set_status(self, key: WordKey, status: Status) -> None:
        self.set_statuses([key], status)

    def set_statuses(self, keys: Iterable[WordKey], status: Status) -> frozenset:
        """Give every key *status* (NONE removes it); listeners hear of the keys that changed, once."""
        # 3 or "known" from the command line or a file: stored as the enum, so
        # that later `is` comparisons and exports see one kind of value
        status = Status.parse(status)
        changed = set()
        for key in keys:
            if self.status(key) is not status:
                if status is Status.NONE:
                    self._statuses.pop(key, None)
                else:
                    self._statuses[key] = status
                changed.add(key)
        changed = frozenset(changed)
        if changed:
            self._notify(changed)
        return changed

    # -- listeners ---------------------------------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, keys: frozenset) -> None:
        for listener in list(self._listeners):
            try:
                listener(keys)
            except Exception:  # one broken listener must not stop the others
                log.exception("vocabulary listener failed")


# ---------------------------------------------------------------------------
# The vocabulary kept in the store
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """A sentence a word was saved or looked up in, and where it was."""

    sentence: str
    document_id: str | None = None
    paragraph: int | None = None
    offset: int | None = None
    added: str = ""
    document_title: str = ""


@dataclass(frozen=True)
class SavedWord:
    key: WordKey
    status: Status
    entry_id: int | None = None
    gloss: str = ""
    notes: str = ""
    created: str = ""
    status_changed: str = ""
    lookups: int = 0
    contexts: tuple[Context, ...] = ()


@dataclass(frozen=True)
class Lookup:
    """One lookup in the history: what was clicked, and where."""

    key: WordKey
    surface: str
    document_id: str | None
    paragraph: int
    offset: int
    at: str


@dataclass(frozen=True)
class Change:
    """What a vocabulary change replaced, so that it can be undone exactly.

    *before* maps each key to the word's rows as they were (None: not saved).
    *fields* are the columns the change set on words that were saved before
    it: undo puts back only those, so what happened to the word since (a
    lookup, a sentence, a note from another window) is kept. None: the whole
    word (a removal), put back with everything it had.
    """

    description: str
    before: Mapping[WordKey, dict | None]
    fields: frozenset | None = None

    @property
    def keys(self) -> frozenset:
        return frozenset(self.before)

    def __len__(self) -> int:
        return len(self.before)


_WORD_COLUMNS = ("id", "lemma", "reading", "status", "entry_id", "gloss", "notes", "created",
                 "status_changed", "lookups")
_CONTEXT_COLUMNS = ("sentence", "document_id", "paragraph", "offset", "added")


class StoredVocabulary(Vocabulary):
    """The vocabulary in the store: every change is committed at once, and can be undone.

    Statuses are held in memory as well (the reader asks for one per word it
    paints); :meth:`refresh` reloads them when another window or process
    changed the store.
    """

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self._data_version = -1
        self._load()

    # -- loading -----------------------------------------------------------------

    def _load(self) -> None:
        # the version first: a commit landing during the read is then seen by the next refresh
        self._data_version = self.store.data_version()
        rows = self.store.query("SELECT lemma, reading, status FROM words")
        self._statuses = {WordKey(r[0], r[1]): Status(r[2]) for r in rows}

    def refresh(self) -> frozenset:
        """Reload if the store changed elsewhere; listeners hear of the keys whose status changed."""
        if self.store.data_version() == self._data_version:
            return frozenset()
        old = self._statuses
        self._load()
        changed = frozenset(k for k in old.keys() | self._statuses.keys() if old.get(k) != self._statuses.get(k))
        if changed:
            self._notify(changed)
        return changed

    def _committed(self, changed: Iterable[WordKey]) -> frozenset:
        """After our own commit: the memory is current, and others' changes since are picked up next refresh."""
        changed = frozenset(changed)
        if changed:
            self._notify(changed)
        return changed

    # -- reading -----------------------------------------------------------------

    def word(self, key: WordKey, with_contexts: bool = True) -> SavedWord | None:
        row = self.store.query_one(f"SELECT {', '.join(_WORD_COLUMNS)} FROM words WHERE lemma = ? AND reading = ?",
                                   (key.lemma, key.reading))
        if row is None:
            return None
        return self._saved(row, self.contexts(key) if with_contexts else ())

    def words(self, statuses: Iterable[Status] | None = None, with_contexts: bool = False,
              document_id: str | None = None, changed_since: str | None = None) -> list[SavedWord]:
        """Saved words, oldest first; optionally only some statuses, one document's words, or recent changes."""
        where, params = [], []
        if statuses is not None:
            wanted = sorted({Status.parse(s).value for s in statuses})
            where.append(f"status IN ({', '.join('?' * len(wanted))})" if wanted else "0")
            params += wanted
        if document_id is not None:
            where.append("id IN (SELECT word_id FROM contexts WHERE document_id = ?)")
            params.append(document_id)
        if changed_since is not None:
            where.append("(created > ? OR status_changed > ?)")
            params += [changed_since, changed_since]
        sql = f"SELECT {', '.join(_WORD_COLUMNS)} FROM words"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self.store.query(sql + " ORDER BY created, id", tuple(params))
        contexts = self._all_contexts() if with_contexts else {}
        return [self._saved(r, contexts.get(r["id"], ())) for r in rows]

    def contexts(self, key: WordKey) -> tuple[Context, ...]:
        rows = self.store.query(
            """SELECT c.sentence, c.document_id, c.paragraph, c."offset", c.added,
                      COALESCE(d.user_title, d.title, '') AS title
               FROM contexts c JOIN words w ON w.id = c.word_id
               LEFT JOIN documents d ON d.id = c.document_id
               WHERE w.lemma = ? AND w.reading = ? ORDER BY c.added, c.id""", (key.lemma, key.reading))
        return tuple(_context(r) for r in rows)

    def _all_contexts(self) -> dict[int, tuple[Context, ...]]:
        out: dict[int, list[Context]] = {}
        for r in self.store.query(
                """SELECT c.word_id, c.sentence, c.document_id, c.paragraph, c."offset", c.added,
                          COALESCE(d.user_title, d.title, '') AS title
                   FROM contexts c LEFT JOIN documents d ON d.id = c.document_id ORDER BY c.added, c.id"""):
            out.setdefault(r[0], []).append(_context(r, 1))
        return {k: tuple(v) for k, v in out.items()}

    @staticmethod
    def _saved(row, contexts) -> SavedWord:
        return SavedWord(WordKey(row["lemma"], row["reading"]), Status(row["status"]), row["entry_id"],
                         row["gloss"], row["notes"], row["created"], row["status_changed"], row["lookups"],
                         tuple(contexts))

    def history(self, document_id: str | None = None, limit: int = 500) -> list[Lookup]:
        """The lookups, newest first (of one document, or all)."""
        sql = 'SELECT lemma, reading, surface, document_id, paragraph, "offset", at FROM lookups'
        params: tuple = ()
        if document_id is not None:
            sql += " WHERE document_id = ?"
            params = (document_id,)
        rows = self.store.query(sql + " ORDER BY id DESC LIMIT ?", (*params, limit))
        return [Lookup(WordKey(r[0], r[1]), r[2], r[3], r[4], r[5], r[6]) for r in rows]

    # -- changing ------------------------------------------------------------------

    def add(self, key: WordKey, *, entry_id: int | None = None, gloss: str | None = None,
            context: Context | None = None, status: Status = Status.NEW) -> Change:
        """Save a word (status 1 unless told otherwise) with the sentence it came from.

        A word already saved keeps its status; the entry and gloss the reader
        chose replace the old ones, and the sentence joins its contexts.
        """
        now = utc_now()
        status = Status.parse(status)
        with self.store.write() as conn:
            before = self._snapshots([key])  # read under the write lock: what this change really replaces
            if before[key] is None:
                current = Status.NEW if status is Status.NONE else status
                conn.execute(
                    """INSERT INTO words (lemma, reading, status, entry_id, gloss, created, status_changed, lookups)
                       VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COUNT(*) FROM lookups WHERE lemma = ? AND reading = ?))""",
                    (key.lemma, key.reading, current.value, entry_id, gloss or "", now, now, key.lemma, key.reading))
            else:
                current = Status(before[key]["word"]["status"])
                if entry_id is not None:
                    conn.execute("UPDATE words SET entry_id = ? WHERE lemma = ? AND reading = ?",
                                 (entry_id, key.lemma, key.reading))
                if gloss is not None:
                    conn.execute("UPDATE words SET gloss = ? WHERE lemma = ? AND reading = ?",
                                 (gloss, key.lemma, key.reading))
            if context is not None:
                self._add_context(conn, key, context, now)
        self._statuses[key] = current
        self._committed([key])
        return Change(f"add {key.label()}", before, frozenset({"entry_id", "gloss"}))

    def set_statuses(self, keys: Iterable[WordKey], status: Status, *, contexts: Mapping | None = None) -> Change:
        """Give every key *status* in one transaction (NONE removes the word); returns what to undo.

        Words not saved yet are saved, with their sentence from *contexts*
        (key -> Context) when given.
        """
        status = Status.parse(status)
        keys = list(dict.fromkeys(keys))
        if status is Status.NONE:
            return self.remove(keys)
        now = utc_now()
        changed = []
        with self.store.write() as conn:
            before = self._snapshots(keys)
            for key in keys:
                snap = before[key]
                if snap is None:
                    conn.execute(
                        """INSERT INTO words (lemma, reading, status, created, status_changed, lookups)
                           VALUES (?, ?, ?, ?, ?, (SELECT COUNT(*) FROM lookups WHERE lemma = ? AND reading = ?))""",
                        (key.lemma, key.reading, status.value, now, now, key.lemma, key.reading))
                    if contexts and contexts.get(key) is not None:
                        self._add_context(conn, key, contexts[key], now)
                elif snap["word"]["status"] != status.value:
                    conn.execute("UPDATE words SET status = ?, status_changed = ? WHERE lemma = ? AND reading = ?",
                                 (status.value, now, key.lemma, key.reading))
                else:
                    continue
                changed.append(key)
        for key in changed:
            self._statuses[key] = status
        self._committed(changed)
        return Change(f"{status.label}: {len(keys)} word{'s' if len(keys) != 1 else ''}",
                      {k: before[k] for k in changed}, frozenset({"status", "status_changed"}))

    def set_status(self, key: WordKey, status: Status) -> Change:  # type: ignore[override]
        return self.set_statuses([key], status)

    def remove(self, keys: Iterable[WordKey]) -> Change:
        """Take words out of the vocabulary, contexts and notes included (undo puts them back)."""
        keys = [k for k in dict.fromkeys(keys)]
        with self.store.write() as conn:
            before = self._snapshots(keys)
            gone = [k for k in keys if before[k] is not None]
            for key in gone:
                conn.execute("DELETE FROM words WHERE lemma = ? AND reading = ?", (key.lemma, key.reading))
        for key in gone:
            self._statuses.pop(key, None)
        self._committed(gone)
        return Change(f"remove {len(gone)} word{'s' if len(gone) != 1 else ''}", {k: before[k] for k in gone})

    def put_words(self, words: Iterable[SavedWord], *, replace: bool = False) -> Change:
        """Save many words in one transaction, each with every field as given (an import, a restored backup).

        Words not saved yet are inserted with their dates, lookups, notes and
        contexts. Words already saved are left alone, or with *replace* take
        the given fields and gain the given contexts (those they had stay).
        A word whose rows would not change is not counted as changed.
        Returns what to undo; listeners hear once.
        """
        words = list({w.key: w for w in words}.values())
        now = utc_now()
        changed: list[SavedWord] = []
        with self.store.write() as conn:
            before = self._snapshots(w.key for w in words)
            for w in words:
                snap = before[w.key]
                if snap is not None and not replace:
                    continue
                if snap is None:
                    created = w.created or now
                    values = (Status.parse(w.status).value, w.entry_id, w.gloss, w.notes, created,
                              w.status_changed or created, w.lookups)
                    conn.execute(
                        """INSERT INTO words (lemma, reading, status, entry_id, gloss, notes, created, status_changed,
                                              lookups) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", (*w.key, *values))
                else:
                    old = snap["word"]
                    # dates the file leaves empty keep what the store has
                    values = (Status.parse(w.status).value, w.entry_id, w.gloss, w.notes, w.created or old["created"],
                              w.status_changed or old["status_changed"], w.lookups)
                    if tuple(old[c] for c in _WORD_COLUMNS[3:]) != values:
                        conn.execute(
                            """UPDATE words SET status = ?, entry_id = ?, gloss = ?, notes = ?, created = ?,
                                   status_changed = ?, lookups = ? WHERE lemma = ? AND reading = ?""",
                            (*values, *w.key))
                    elif not self._has_new_contexts(snap, w):
                        continue
                for c in w.contexts:
                    self._add_context(conn, w.key, c, now)
                changed.append(w)
        for w in changed:
            self._statuses[w.key] = Status.parse(w.status)
        self._committed(w.key for w in changed)
        n = len(changed)
        return Change(f"import {n} word{'s' if n != 1 else ''}", {w.key: before[w.key] for w in changed},
                      frozenset(_WORD_COLUMNS[3:]))

    @staticmethod
    def _has_new_contexts(snap: dict, word: SavedWord) -> bool:
        have = {c["sentence"] for c in snap["contexts"]}
        return any(c.sentence not in have for c in word.contexts)

    def set_notes(self, key: WordKey, notes: str) -> Change:
        return self._set_field(key, "notes", notes)

    def set_gloss(self, key: WordKey, gloss: str) -> Change:
        return self._set_field(key, "gloss", gloss)

    def _set_field(self, key: WordKey, column: str, value: str) -> Change:
        with self.store.write() as conn:
            before = self._snapshots([key])
            if before[key] is None:
                raise KeyError(f"{key.label()} is not in the vocabulary")
            conn.execute(f"UPDATE words SET {column} = ? WHERE lemma = ? AND reading = ?",
                         (value, key.lemma, key.reading))
        self._committed([key])
        return Change(f"{column} of {key.label()}", before, frozenset({column}))

    def record_lookup(self, key: WordKey, surface: str, document_id: str | None = None,
                      paragraph: int = 0, offset: int = 0, sentence: str | None = None) -> None:
        """A lookup joins the history; a saved word counts it and keeps the sentence among its contexts."""
        now = utc_now()
        with self.store.write() as conn:
            conn.execute(
                """INSERT INTO lookups (lemma, reading, surface, document_id, paragraph, "offset", at)
                   VALUES (?, ?, ?, (SELECT id FROM documents WHERE id = ?), ?, ?, ?)""",
                (key.lemma, key.reading, surface, document_id, paragraph, offset, now))
            cur = conn.execute("UPDATE words SET lookups = lookups + 1 WHERE lemma = ? AND reading = ?",
                               (key.lemma, key.reading))
            saved = bool(cur.rowcount)
            if saved and sentence:
                self._add_context(conn, key, Context(sentence, document_id, paragraph, offset), now)
        if saved:  # its count and sentences changed: the vocabulary list shows them
            self._notify(frozenset({key}))

    @staticmethod
    def _add_context(conn, key: WordKey, context: Context, now: str) -> None:
        conn.execute(
            """INSERT OR IGNORE INTO contexts (word_id, document_id, sentence, paragraph, "offset", added)
               SELECT id, (SELECT id FROM documents WHERE id = ?), ?, ?, ?, ? FROM words
               WHERE lemma = ? AND reading = ?""",
            (context.document_id, context.sentence, context.paragraph, context.offset, context.added or now,
             key.lemma, key.reading))

    # -- undo -------------------------------------------------------------------------

    def _snapshots(self, keys: Iterable[WordKey]) -> dict[WordKey, dict | None]:
        out: dict[WordKey, dict | None] = {}
        for key in keys:
            row = self.store.query_one(
                f"SELECT {', '.join(_WORD_COLUMNS)} FROM words WHERE lemma = ? AND reading = ?",
                (key.lemma, key.reading))
            if row is None:
                out[key] = None
                continue
            contexts = self.store.query(
                f'SELECT {", ".join(chr(34) + c + chr(34) for c in _CONTEXT_COLUMNS)} FROM contexts '
                "WHERE word_id = ? ORDER BY id", (row["id"],))
            out[key] = {"word": dict(row), "contexts": [dict(c) for c in contexts]}
        return out

    def undo(self, change: Change) -> Change:
        """Put the words of *change* back as they were before it, in one transaction.

        A word the change saved is taken out again; a word it removed comes
        back whole; on a word it changed, only the fields it set go back, so
        later lookups and sentences stay. Returns the change that undoing
        made, so that undoing that (redo) brings back what the undo took.
        """
        with self.store.write() as conn:
            now = self._snapshots(change.before)
            for key, snap in change.before.items():
                current = now[key]
                if snap is None:
                    if current is not None:
                        conn.execute("DELETE FROM words WHERE lemma = ? AND reading = ?", (key.lemma, key.reading))
                elif current is None:
                    self._reinsert(conn, snap)
                elif change.fields is not None:
                    cols = sorted(change.fields)
                    conn.execute(f"UPDATE words SET {', '.join(c + ' = ?' for c in cols)} WHERE id = ?",
                                 [snap["word"][c] for c in cols] + [current["word"]["id"]])
                else:  # a whole word, saved again meanwhile: its fields as they were, and every sentence
                    cols = [c for c in _WORD_COLUMNS[3:] if c != "lookups"]
                    conn.execute(f"UPDATE words SET {', '.join(c + ' = ?' for c in cols)}, "
                                 "lookups = MAX(lookups, ?) WHERE id = ?",
                                 [snap["word"][c] for c in cols] + [snap["word"]["lookups"], current["word"]["id"]])
                    self._restore_contexts(conn, current["word"]["id"], snap["contexts"])
            after = self._snapshots(change.before)
        for key, snap in after.items():
            if snap is None:
                self._statuses.pop(key, None)
            else:
                self._statuses[key] = Status(snap["word"]["status"])
        # what was created or taken away is inverted whole; what was edited, field by field
        whole = any((now[k] is None) != (after[k] is None) for k in change.before)
        self._committed(change.keys)  # notes and glosses too: every key is told
        return Change(change.description, now, None if whole else change.fields)

    def _reinsert(self, conn, snap: dict) -> None:
        word = dict(snap["word"])
        if conn.execute("SELECT 1 FROM words WHERE id = ?", (word["id"],)).fetchone():
            word.pop("id")
        cols = list(word)
        cur = conn.execute(f"INSERT INTO words ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                           [word[c] for c in cols])
        self._restore_contexts(conn, cur.lastrowid, snap["contexts"])

    @staticmethod
    def _restore_contexts(conn, word_id: int, contexts: list[dict]) -> None:
        for c in contexts:
            conn.execute(
                """INSERT OR IGNORE INTO contexts (word_id, document_id, sentence, paragraph, "offset", added)
                   VALUES (?, (SELECT id FROM documents WHERE id = ?), ?, ?, ?, ?)""",
                (word_id, c["document_id"], c["sentence"], c["paragraph"], c["offset"], c["added"]))


def _context(row, first: int = 0) -> Context:
    r = tuple(row)[first:]
    return Context(r[0], r[1], r[2], r[3], r[4], r[5])
