"""The window's actions made from the keymap's table: QActions, menus, shortcuts per context.

Each action of `keymap.ACTIONS` becomes one QAction per context it acts in.
Window actions are window shortcuts; the others are attached to their
context's widgets (the reader, the lookup panels, the vocabulary table) and
act only while the keyboard focus is there, so a single letter types as
text in a line edit and Enter means something else in each place. A
handler is found for ``(id, context)`` first, then for ``id``.
"""

from __future__ import annotations

from typing import Mapping

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from .keymap import ACTIONS, ActionSpec, Keymap

__all__ = ["ActionRegistry"]

# how each context's shortcuts find the focus: the widget itself, or anything inside it
_SHORTCUT_CONTEXT = {"window": Qt.ShortcutContext.WindowShortcut, "reader": Qt.ShortcutContext.WidgetShortcut,
                     "popup": Qt.ShortcutContext.WidgetWithChildrenShortcut,
                     "sidebar": Qt.ShortcutContext.WidgetShortcut}
MENU_ORDER = ("File", "Words", "View", "Help")


class ActionRegistry(QObject):
    """The QActions of one window, built from the keymap and kept bound to it."""

    rebound = Signal(str)  # an action's keys changed

    def __init__(self, parent: QWidget, keymap: Keymap, handlers: Mapping, specs=ACTIONS) -> None:
        super().__init__(parent)
        self.keymap = keymap
        self.specs: tuple[ActionSpec, ...] = tuple(specs)
        self._actions: dict[tuple[str, str], QAction] = {}
        self._by_id: dict[str, list[QAction]] = {}  # every context's QAction of an action
        self._groups: dict[str, QActionGroup] = {}
        for spec in self.specs:
            sequences = [QKeySequence(k) for k in keymap.keys(spec.id)]
            for context in spec.contexts:
                handler = handlers.get((spec.id, context), handlers.get(spec.id))
                if handler is None:
                    continue
                act = QAction(spec.label, parent)
                act.setObjectName(f"action-{spec.id}-{context}")
                act.setCheckable(spec.checkable)
                act.setShortcutContext(_SHORTCUT_CONTEXT[context])
                act.setShortcuts(sequences)
                if spec.description:
                    act.setStatusTip(spec.description[:1].upper() + spec.description[1:])
                act.triggered.connect(lambda _checked=False, h=handler: h())
                if spec.group:
                    group = self._groups.get(spec.group)
                    if group is None:
                        group = self._groups[spec.group] = QActionGroup(self)
                    group.addAction(act)
                if context == "window":
                    parent.addAction(act)
                self._actions[(spec.id, context)] = act
                self._by_id.setdefault(spec.id, []).append(act)

    # -- what there is --------------------------------------------------------------------

    def action(self, action_id: str, context: str | None = None) -> QAction:
        """The QAction of *action_id* in *context* (by default its first context, the one in the menus)."""
        return self._actions[(action_id, context)] if context else self._by_id[action_id][0]

    def has(self, action_id: str, context: str | None = None) -> bool:
        if context is not None:
            return (action_id, context) in self._actions
        return action_id in self._by_id

    def registered(self) -> list[ActionSpec]:
        """Every action this window has, in the table's order."""
        return [spec for spec in self.specs if self.has(spec.id)]

    def keys(self, action_id: str) -> tuple[str, ...]:
        return self.keymap.keys(action_id)

    def trigger(self, action_id: str, context: str | None = None) -> None:
        self.action(action_id, context).trigger()

    # -- where the keys act -----------------------------------------------------------------

    def attach(self, context: str, widget: QWidget) -> None:
        """Make *context*'s keys act while the focus is in *widget* (the reader, a lookup panel, a table)."""
        for (_action_id, ctx), act in self._actions.items():
            if ctx == context:
                widget.addAction(act)

    def build_menus(self, menubar: QMenuBar) -> dict[str, QMenu]:
        """The menu bar's menus, in the table's order; an action is in its first context's form."""
        menus: dict[str, QMenu] = {}

        def menu(path: str) -> QMenu:
            if path not in menus:
                parent, _, name = path.rpartition("/")
                label = {"File": "&File", "Words": "&Words", "View": "&View", "Help": "&Help",
                         "Furigana": "&Furigana"}.get(name, name)
                menus[path] = menu(parent).addMenu(label) if parent else menubar.addMenu(label)
            return menus[path]

        for top in MENU_ORDER:
            menu(top)
        for spec in self.specs:
            if spec.menu is None or not self.has(spec.id):
                continue
            m = menu(spec.menu)
            if spec.separator and m.actions():
                m.addSeparator()
            m.addAction(self.action(spec.id))
        return menus

    # -- rebinding -------------------------------------------------------------------------

    def rebind(self, action_id: str, keys) -> tuple[str, ...]:
        """Bind *keys* (KeyConflict if another action has one where this acts); kept, and in effect at once."""
        bound = self.keymap.set_keys(action_id, keys)
        self._apply(action_id)
        return bound

    def reset(self, action_id: str) -> tuple[str, ...]:
        bound = self.keymap.reset(action_id)
        self._apply(action_id)
        return bound

    def reset_all(self) -> None:
        self.keymap.reset_all()
        for spec in self.specs:
            self._apply(spec.id)

    def _apply(self, action_id: str) -> None:
        sequences = [QKeySequence(k) for k in self.keymap.keys(action_id)]
        for act in self._by_id.get(action_id, ()):
            act.setShortcuts(sequences)
        self.rebound.emit(action_id)
