"""The saved words as a Qt table model, with a filter by status and text.

A model/view table scrolls 10,000 words smoothly where a widget per row
would not; the model follows the vocabulary's listeners, so a status set in
the reader shows here at once, and edits made here (status, notes) go
through the vocabulary like any other change.
"""

from __future__ import annotations

import logging
from typing import Callable, Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor

from ..core.vocabulary import Change, SavedWord, StoredVocabulary
from ..core.words import Status, WordKey

log = logging.getLogger(__name__)

__all__ = ["VocabularyModel", "VocabularyFilter", "STATUS_CHOICES", "SORT_ROLE", "WORD_ROLE"]

_ROOT = QModelIndex()  # the invalid index: the table has no parent rows
SORT_ROLE = Qt.UserRole + 1
WORD_ROLE = Qt.UserRole + 2
# what the status column's editor offers, in order
STATUS_CHOICES = (Status.NEW, Status.LEARNING_2, Status.LEARNING_3, Status.LEARNING_4, Status.LEARNED,
                  Status.KNOWN, Status.IGNORED)


class VocabularyModel(QAbstractTableModel):
    """One row per saved word: status, word, reading, gloss, notes, date added, lookups."""

    COLUMNS = ("Status", "Word", "Reading", "Meaning", "Notes", "Added", "Lookups")
    STATUS, WORD, READING, GLOSS, NOTES, ADDED, LOOKUPS = range(7)

    change_made = Signal(object)  # a vocabulary Change made by an edit here, for the undo stack

    def __init__(self, vocabulary: StoredVocabulary, parent=None) -> None:
        super().__init__(parent)
        self.vocabulary = vocabulary
        self._rows: list[SavedWord] = []
        self._row_of: dict[WordKey, int] = {}
        self._colours: dict[Status, QColor] = {}
        self.reload()
        vocabulary.add_listener(self._on_changed)

    def detach(self) -> None:
        self.vocabulary.remove_listener(self._on_changed)

    def set_status_colours(self, colours: dict[Status, QColor]) -> None:
        self._colours = dict(colours)
        if self._rows:
            self.dataChanged.emit(self.index(0, self.STATUS), self.index(len(self._rows) - 1, self.STATUS))

    # -- contents ------------------------------------------------------------------

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self.vocabulary.words()
        self._row_of = {w.key: i for i, w in enumerate(self._rows)}
        self.endResetModel()

    def _on_changed(self, keys: Iterable[WordKey]) -> None:
        """Follow the vocabulary: rows change, appear and go, without resetting the view."""
        keys = list(keys)
        if len(keys) > 500:  # a whole text marked known at once: one reset beats 500 inserts
            self.reload()
            return
        for key in keys:
            word = self.vocabulary.word(key, with_contexts=False)
            row = self._row_of.get(key)
            if word is None and row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self._row_of = {w.key: i for i, w in enumerate(self._rows)}
                self.endRemoveRows()
            elif word is not None and row is None:
                n = len(self._rows)
                self.beginInsertRows(QModelIndex(), n, n)
                self._rows.append(word)
                self._row_of[key] = n
                self.endInsertRows()
            elif word is not None:
                self._rows[row] = word
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def word_at(self, row: int) -> SavedWord | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: WordKey) -> int | None:
        return self._row_of.get(key)

    # -- Qt's model interface ---------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        word = self._rows[index.row()]
        col = index.column()
        if role == WORD_ROLE:
            return word
        if role in (Qt.DisplayRole, Qt.EditRole, Qt.AccessibleTextRole):
            return self._text(word, col, role == Qt.EditRole)
        if role == SORT_ROLE:
            return self._sort_value(word, col)
        if role == Qt.DecorationRole and col == self.STATUS:
            return self._colours.get(word.status)
        if role == Qt.ToolTipRole:
            if col == self.GLOSS and word.gloss:
                return word.gloss
            if col == self.NOTES and word.notes:
                return word.notes
            if col == self.STATUS:
                return f"{word.status.label}: double-click, or F2, to change it"
        return None

    def _text(self, word: SavedWord, col: int, edit: bool):
        if col == self.STATUS:
            return word.status.code  # 1-5, known, ignored: short, as in Lute's lists; the tooltip says more
        if col == self.WORD:
            return word.key.lemma
        if col == self.READING:
            return word.key.reading
        if col == self.GLOSS:
            return word.gloss
        if col == self.NOTES:
            return word.notes
        if col == self.ADDED:
            return word.created[:10]
        if col == self.LOOKUPS:
            return word.lookups
        return None

    def _sort_value(self, word: SavedWord, col: int):
        if col == self.STATUS:
            return word.status.value
        if col == self.ADDED:
            return word.created
        if col == self.LOOKUPS:
            return word.lookups
        return str(self._text(word, col, False) or "")

    def flags(self, index: QModelIndex | QPersistentModelIndex):
        base = super().flags(index)
        if index.isValid() and index.column() in (self.STATUS, self.NOTES, self.GLOSS):
            return base | Qt.ItemIsEditable
        return base

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = Qt.EditRole) -> bool:  # noqa: N802
        if role != Qt.EditRole or not index.isValid():
            return False
        word = self._rows[index.row()]
        col = index.column()
        try:
            if col == self.STATUS:
                status = Status.parse(value)
                if status is word.status:
                    return False
                change = self.vocabulary.set_status(word.key, status)
            elif col == self.NOTES:
                if str(value) == word.notes:
                    return False
                change = self.vocabulary.set_notes(word.key, str(value))
            elif col == self.GLOSS:
                if str(value) == word.gloss:
                    return False
                change = self.vocabulary.set_gloss(word.key, str(value))
            else:
                return False
        except ValueError:
            return False
        self.change_made.emit(change)
        return True

    def apply(self, action: Callable[[], Change]) -> Change:
        """Run a vocabulary change made from the table (Delete, status keys) and announce it for undo."""
        change = action()
        if len(change):
            self.change_made.emit(change)
        return change


class VocabularyFilter(QSortFilterProxyModel):
    """Rows of some statuses whose word, reading, meaning or notes contain a text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._statuses: frozenset | None = None
        self._needle = ""
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_statuses(self, statuses: Iterable[Status] | None) -> None:
        self._refilter(lambda: setattr(self, "_statuses", None if statuses is None else frozenset(statuses)))

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_needle", text.strip().casefold()))

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802
        model = self.sourceModel()
        word = model.word_at(row) if isinstance(model, VocabularyModel) else None
        if word is None:
            return False
        if self._statuses is not None and word.status not in self._statuses:
            return False
        if self._needle:
            haystack = f"{word.key.lemma}\n{word.key.reading}\n{word.gloss}\n{word.notes}".casefold()
            return self._needle in haystack
        return True
