"""The keyboard help (F1 or ?): every action of the window with the keys bound to it now, searchable.

Made from the action registry each time it opens, so it lists exactly the
keys that act. Typing filters it (by action, key or place); Esc closes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QLineEdit,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from .keymap import CONTEXTS, display

__all__ = ["HelpOverlay", "help_rows", "EXTRA_HELP", "action_search", "action_list", "filter_list"]

# what the mouse does, which no key table can say
EXTRA_HELP = [
    ("Shift + mouse", "look words up as the mouse passes", "Reader"),
    ("Click, drag", "look up a word; select text", "Reader"),
]


def help_rows(registry) -> list[tuple[str, str, str, str]]:
    """(action, keys, where, what it does) for every action the window has, in the table's order."""
    rows = []
    for spec in registry.registered():
        where = ", ".join(CONTEXTS[c] for c in spec.contexts if registry.has(spec.id, c))
        rows.append((spec.title, display(registry.keys(spec.id)), where, spec.description))
    return rows


def action_search(parent: QWidget) -> QLineEdit:
    """The field that filters a list of actions (the help's, the shortcuts dialog's)."""
    search = QLineEdit(parent)
    search.setPlaceholderText("Type to find an action or a key")
    search.setAccessibleName("Find an action or a key")
    search.setClearButtonEnabled(True)
    return search


def action_list(parent: QWidget, headers: list[str]) -> QTreeWidget:
    """A flat, read-only list of actions with *headers* as its columns."""
    tree = QTreeWidget(parent)
    tree.setAccessibleName("Actions and their keys")
    tree.setColumnCount(len(headers))
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return tree


def filter_list(tree: QTreeWidget, text: str) -> int:
    """Show the rows with *text* in any column (case aside); how many are left."""
    needle = text.strip().casefold()
    shown = 0
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        hit = not needle or any(needle in item.text(c).casefold() for c in range(tree.columnCount()))
        item.setHidden(not hit)
        shown += hit
    return shown


class HelpOverlay(QDialog):
    """The help as a window-modal list over the reader that deletes itself when closed."""

    def __init__(self, registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard — Shiori")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAccessibleName("Keyboard help")
        self.search = action_search(self)
        self.list = action_list(self, ["Action", "Keys", "Where", ""])
        self.list.setAlternatingRowColors(True)
        self.list.setUniformRowHeights(True)
        for row in help_rows(registry):
            QTreeWidgetItem(self.list, list(row))
        for keys, what, where in EXTRA_HELP:
            QTreeWidgetItem(self.list, ["", keys, where, what])
        header = self.list.header()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        note = QLabel("The keys can be changed in File ▸ Keyboard Shortcuts.", self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)  # Enter is the list's
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.filter)
        self.search.returnPressed.connect(self.list.setFocus)
        self.resize(720, 560)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.search.setFocus()

    def rows(self, visible_only: bool = True) -> list[tuple[str, str, str, str]]:
        """The rows as shown (all of them, or the ones the search leaves)."""
        out = []
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            if visible_only and item.isHidden():
                continue
            out.append(tuple(item.text(c) for c in range(4)))
        return out

    def filter(self, text: str) -> int:
        """Show the rows whose action, keys, place or description contain *text*; how many are left."""
        return filter_list(self.list, text)
