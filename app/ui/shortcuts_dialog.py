"""File ▸ Keyboard Shortcuts: any action's keys changed, from the keyboard alone.

Choose an action, press Enter (or Change), press the new key: it is bound
at once and kept. A key another action already has where both would act is
refused, and the message names that action. Esc while a key is awaited
keeps the old one; Restore Default and Restore All Defaults undo changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QKeySequenceEdit, QLabel,
                               QPushButton, QTreeWidgetItem, QVBoxLayout, QWidget)

from .help import action_list, action_search, filter_list
from .keymap import CONTEXTS, KeyConflict, ReservedKey, display, normalise

__all__ = ["ShortcutsDialog"]

ID_ROLE = Qt.ItemDataRole.UserRole


class ShortcutsDialog(QDialog):
    def __init__(self, registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.setWindowTitle("Keyboard Shortcuts — Shiori")
        self.setAccessibleName("Keyboard shortcuts")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._adding = False

        self.search = action_search(self)
        self.list = action_list(self, ["Action", "Keys", "Where"])
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for spec in registry.registered():
            item = QTreeWidgetItem(self.list, [spec.title, "", ", ".join(CONTEXTS[c] for c in spec.contexts)])
            item.setData(0, ID_ROLE, spec.id)
        self.recorder = QKeySequenceEdit(self)
        self.recorder.setAccessibleName("New key")
        self.recorder.setMaximumSequenceLength(1)
        self.recorder.setEnabled(False)
        self.recorder.editingFinished.connect(self._recorded)
        self.recorder.installEventFilter(self)
        self.message = QLabel("Choose an action and press Enter to give it another key.", self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")

        self.change_button = QPushButton("&Change Key…", self)
        self.add_button = QPushButton("A&dd Key…", self)
        self.clear_button = QPushButton("&No Key", self)
        self.default_button = QPushButton("Restore &Default", self)
        self.all_button = QPushButton("Restore &All Defaults", self)
        for b in (self.change_button, self.add_button, self.clear_button, self.default_button, self.all_button):
            b.setAutoDefault(False)
        self.change_button.clicked.connect(lambda: self.start_recording(add=False))
        self.add_button.clicked.connect(lambda: self.start_recording(add=True))
        self.clear_button.clicked.connect(lambda: self._bind(()))
        self.default_button.clicked.connect(self.restore_default)
        self.all_button.clicked.connect(self.restore_all)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)  # Enter is the list's

        row = QHBoxLayout()
        for b in (self.change_button, self.add_button, self.clear_button, self.default_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.all_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        record_row = QHBoxLayout()
        record_row.addWidget(QLabel("New key:", self))
        record_row.addWidget(self.recorder, 1)
        layout.addLayout(record_row)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addWidget(buttons)
        # Tab order follows the layout: find, list, the buttons, Close
        chain = [self.search, self.list, self.change_button, self.add_button, self.clear_button,
                 self.default_button, self.all_button, buttons.button(QDialogButtonBox.StandardButton.Close)]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

        self.search.textChanged.connect(lambda text: filter_list(self.list, text))
        self.search.returnPressed.connect(self._to_list)
        self.list.itemActivated.connect(lambda *_: self.start_recording(add=False))
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        registry.rebound.connect(self._refresh)
        self._refresh()
        self.list.setCurrentItem(self.list.topLevelItem(0))
        self.resize(680, 560)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.list.setFocus()

    # -- what is shown ---------------------------------------------------------------

    def current_action(self) -> str | None:
        item = self.list.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def select(self, action_id: str) -> bool:
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            if item.data(0, ID_ROLE) == action_id:
                item.setHidden(False)
                self.list.setCurrentItem(item)
                return True
        return False

    def keys_shown(self, action_id: str) -> str:
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            if item.data(0, ID_ROLE) == action_id:
                return item.text(1)
        return ""

    def _refresh(self, *_args) -> None:
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            action_id = item.data(0, ID_ROLE)
            item.setText(1, display(self.registry.keys(action_id)))
            font = item.font(1)
            font.setBold(not self.registry.keymap.is_default(action_id))
            item.setFont(1, font)
        self._update_buttons()

    def _update_buttons(self) -> None:
        action_id = self.current_action()
        has = action_id is not None
        for b in (self.change_button, self.add_button, self.clear_button):
            b.setEnabled(has)
        self.default_button.setEnabled(has and not self.registry.keymap.is_default(action_id))

    def _to_list(self) -> None:
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            if not item.isHidden():
                self.list.setCurrentItem(item)
                break
        self.list.setFocus()

    # -- changing keys ------------------------------------------------------------------

    def start_recording(self, add: bool = False) -> None:
        """The next key pressed becomes the action's key (*add*: one more key for it)."""
        action_id = self.current_action()
        if action_id is None:
            return
        self._adding = add
        self.recorder.setEnabled(True)
        self.recorder.clear()
        self.recorder.setFocus()
        self.message.setText(f"Press the new key for “{self.registry.keymap.specs[action_id].title}” "
                             "(Esc keeps the old one).")

    def is_recording(self) -> bool:
        return self.recorder.isEnabled()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (watched is self.recorder and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape and not event.modifiers()):
            self._stop_recording("Nothing changed.")
            return True
        return super().eventFilter(watched, event)

    def _stop_recording(self, message: str) -> None:
        self.recorder.clear()
        self.recorder.setEnabled(False)
        self.message.setText(message)
        self.list.setFocus()

    def _recorded(self) -> None:
        if not self.recorder.isEnabled():
            return
        seq: QKeySequence = self.recorder.keySequence()
        action_id = self.current_action()
        if seq.isEmpty() or action_id is None:
            self._stop_recording("Nothing changed.")
            return
        key = normalise(seq)
        keys = (*self.registry.keys(action_id), key) if self._adding else (key,)
        self.recorder.setEnabled(False)
        self._bind(keys)
        self.list.setFocus()

    def rebind(self, action_id: str, keys) -> bool:
        """Bind *keys* to *action_id*, as the dialog does; False (with the message saying why) if refused."""
        self.select(action_id)
        return self._bind(tuple(keys))

    def _bind(self, keys) -> bool:
        action_id = self.current_action()
        if action_id is None:
            return False
        title = self.registry.keymap.specs[action_id].title
        try:
            bound = self.registry.rebind(action_id, keys)
        except (KeyConflict, ReservedKey, ValueError) as e:
            self.message.setText(f"{e} “{title}” keeps {display(self.registry.keys(action_id)) or 'no key'}.")
            return False
        self.message.setText(f"“{title}”: {display(bound) or 'no key'}.")
        return True

    def restore_default(self) -> bool:
        action_id = self.current_action()
        if action_id is None:
            return False
        try:
            self.registry.reset(action_id)
        except KeyConflict as e:
            self.message.setText(f"{e} Give that action another key first.")
            return False
        self.message.setText(f"“{self.registry.keymap.specs[action_id].title}”: its default key again.")
        return True

    def restore_all(self) -> None:
        self.registry.reset_all()
        self.message.setText("Every action has its default keys again.")
