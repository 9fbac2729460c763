"""The reader's vocabulary: each saved word's status, and the rules that follow from it.

The reader asks for the status of every word it paints, so statuses are
answered from memory; changes are told to listeners (the reader recolours,
the sidebar refreshes) with the keys that changed.
"""

from __future__ import annotations

import logging
from typing import Callable, Iterable, Mapping

from .words import PLAIN, Mark, Status, WordKey, mark_for

log = logging.getLogger(__name__)

__all__ = ["Vocabulary", "FURIGANA_HIDE_DEFAULT"]

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
