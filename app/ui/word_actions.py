"""Saving words and setting statuses from the reader, with undo.

Every change to the vocabulary made from the window goes through here, so
that each one is a command on the window's undo stack (Ctrl+Z, Ctrl+Shift+Z)
and says in the status bar what it did.
"""

from __future__ import annotations

import logging
from typing import Callable, Iterable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.word_keys import context_at, gloss_of, saved_key
from ..core.vocabulary import Change, StoredVocabulary
from ..core.words import Status, WordKey

log = logging.getLogger(__name__)

__all__ = ["VocabularyCommand", "WordActions"]


class VocabularyCommand(QUndoCommand):
    """A vocabulary change already made, on the undo stack: undo restores, redo makes it again."""

    def __init__(self, vocabulary: StoredVocabulary, change: Change, undone: Callable[[], None] | None = None,
                 redone: Callable[[], None] | None = None) -> None:
        super().__init__(change.description)
        self.vocabulary = vocabulary
        self.change = change
        self._done = True  # pushed after the change was made: the first redo() is Qt's, and does nothing
        self._undone = undone  # what else the step undoes and redoes (a text's "finished")
        self._redone = redone

    def redo(self) -> None:
        if self._done:
            return
        self.change = self.vocabulary.undo(self.change)
        self._done = True
        if self._redone is not None:
            self._redone()

    def undo(self) -> None:
        self.change = self.vocabulary.undo(self.change)
        self._done = False
        if self._undone is not None:
            self._undone()


class WordActions(QObject):
    """The reader's A, 1-5, W, I, Delete and the bulk "mark known" actions, on word positions."""

    message = Signal(str)  # what was done, for the status bar

    def __init__(self, vocabulary: StoredVocabulary, dictionary, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vocabulary = vocabulary
        self.dictionary = dictionary
        self.undo_stack = QUndoStack(self)
        self.analysed = None
        self.undo_key: Callable[[], str] = lambda: "Ctrl+Z"  # the window names its current binding

    def _undo_hint(self) -> str:
        key = self.undo_key()
        return f" ({key} to undo)" if key else ""

    def set_document(self, analysed) -> None:
        self.analysed = analysed

    def push(self, change: Change, message: str | None = None, undone: Callable[[], None] | None = None,
             redone: Callable[[], None] | None = None) -> None:
        """Put a change made elsewhere (the sidebar's table) on the undo stack."""
        if not len(change):
            return
        self.undo_stack.push(VocabularyCommand(self.vocabulary, change, undone, redone))
        self.message.emit(message or change.description[:1].upper() + change.description[1:]
                          + self._undo_hint())

    # -- one word ----------------------------------------------------------------

    def key_at(self, p: int, t: int) -> WordKey | None:
        return self.analysed.key_at(p, t) if self.analysed is not None else None

    def add(self, p: int, t: int, result=None, match_index: int = 0, entry_index: int = 0,
            status: Status = Status.NEW) -> WordKey | None:
        """Save the word at (p, t) with its sentence; *result* is the lookup shown for it, if any.

        The entry the reader chose in the lookup (match, entry) is what is
        saved: its id, its first sense as the gloss, and, when it is not the
        word the analyser found, its own headword as the key.
        """
        if self.analysed is None:
            return None
        tokens = self.analysed.tokens(p)
        key = self.key_at(p, t)
        if tokens is None or key is None:
            return None
        span = self.analysed.span_at(p, t)
        first = span.first if span is not None else t
        if result is None:
            try:
                result = self.dictionary.lookup_at(tokens, first)
            except Exception:  # saving works without a dictionary; the word just has no gloss
                log.warning("lookup for saving failed", exc_info=True)
                result = None
        entry_id, gloss = (span.entry_id if span is not None else None), None
        if result is not None and result.found:
            match = result.matches[min(match_index, len(result.matches) - 1)]
            entry = match.entries[min(entry_index, len(match.entries) - 1)]
            if match_index or entry_index:  # the reader chose another entry than the first: save that word
                key = saved_key(tokens, match.start, match, entry)
            entry_id, gloss = entry.id, gloss_of(entry)
        change = self.vocabulary.add(key, entry_id=entry_id, gloss=gloss, context=context_at(self.analysed, p, t),
                                     status=status)
        self.push(change, f"Saved {key.label()} ({self.vocabulary.status(key).label})")
        return key

    def set_status(self, p: int, t: int, status: Status) -> WordKey | None:
        key = self.key_at(p, t)
        if key is None:
            return None
        status = Status.parse(status)
        if status is Status.NONE:
            return self.remove(p, t)
        if key not in self.vocabulary:  # saved by its status key: with its entry, gloss and sentence too
            return self.add(p, t, status=status)
        change = self.vocabulary.set_statuses([key], status)
        self.push(change, f"{key.label()}: {status.label}")
        return key

    def remove(self, p: int, t: int) -> WordKey | None:
        key = self.key_at(p, t)
        if key is None or key not in self.vocabulary:
            return None
        change = self.vocabulary.remove([key])
        self.push(change, f"Removed {key.label()} from the vocabulary{self._undo_hint()}")
        return key

    # -- many words ---------------------------------------------------------------

    def unsaved_at(self, positions: Iterable[tuple[int, int]]) -> list[WordKey]:
        """The distinct words never saved among *positions*, in reading order."""
        seen: dict[WordKey, None] = {}
        for p, t in positions:
            key = self.key_at(p, t)
            if key is not None and key not in seen and self.vocabulary.status(key) is Status.NONE:
                seen[key] = None
        return list(seen)

    def unsaved_in_document(self) -> list[WordKey]:
        if self.analysed is None:
            return []
        seen: dict[WordKey, None] = {}
        status = self.vocabulary.status
        for _, w in self.analysed.iter_words():
            if w.key not in seen and status(w.key) is Status.NONE:
                seen[w.key] = None
        return list(seen)

    def mark_known(self, keys: Sequence[WordKey], what: str, undone: Callable[[], None] | None = None,
                   redone: Callable[[], None] | None = None) -> Change:
        """Set every key to known in one transaction and one undo step."""
        change = self.vocabulary.set_statuses(keys, Status.KNOWN)
        n = len(change)
        self.push(change, f"{n:,} word{'s' if n != 1 else ''} {what} marked known{self._undo_hint()}", undone,
                  redone)
        return change
