"""Every action of the window in one table, and the keys bound to them.

The table drives the menus, the shortcuts, the help overlay and the
rebinding dialog (see `actions.ActionRegistry`), so none of them can
disagree with another. A binding is a tuple of key sequences in Qt's
portable text ("Ctrl+E", "Shift+Tab", "Return"); the reader's changes are
kept in the settings under ``keys/<action id>``, only where they differ
from the defaults.

Contexts say where the keyboard focus must be for a key to act: *window*
anywhere in the window, *reader* the text, *popup* the lookup (popup or
pinned panel), *sidebar* the vocabulary table. A key can do different
things in different contexts (Enter looks up in the reader, chooses a match
in the lookup); a window key acts everywhere, so it conflicts with every
context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

from PySide6.QtGui import QKeySequence

__all__ = ["ActionSpec", "ACTIONS", "CONTEXTS", "KeyConflict", "ReservedKey", "Keymap", "normalise", "display"]

CONTEXTS = {"window": "Everywhere", "reader": "Reader", "popup": "Lookup", "sidebar": "Vocabulary list"}


@dataclass(frozen=True)
class ActionSpec:
    id: str
    label: str  # the menu text, with its & mnemonic
    keys: tuple[str, ...] = ()  # the default shortcuts
    contexts: tuple[str, ...] = ("window",)
    menu: str | None = None  # "File", "Words", "View", "View/Furigana", "Help"; None: keys only
    description: str = ""  # what the help says, when the label alone does not
    checkable: bool = False
    group: str | None = None  # checkable actions of one group exclude each other
    separator: bool = False  # a separator before it in its menu

    @property
    def title(self) -> str:
        """The label as read, without its mnemonic or trailing dots."""
        return self.label.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


_WORD = ("reader", "popup")
_ROWS = ("reader", "popup", "sidebar")

ACTIONS: tuple[ActionSpec, ...] = (
    # -- File
    ActionSpec("open", "&Open…", ("Ctrl+O",), menu="File", description="open a file (or drop one on the window)"),
    ActionSpec("paste-document", "&Paste as Document", ("Ctrl+V", "Shift+Ins"), ("reader",), menu="File",
               description="open the text on the clipboard as a new document"),
    ActionSpec("export", "&Export Vocabulary…", ("Ctrl+E",), menu="File", separator=True),
    ActionSpec("import-known", "&Import Known Words…", menu="File"),
    ActionSpec("find", "&Find…", ("Ctrl+F",), menu="File", separator=True, description="find in the text"),
    ActionSpec("find-next", "Find &Next", ("F3",), menu="File"),
    ActionSpec("find-previous", "Find Pre&vious", ("Shift+F3",), menu="File"),
    ActionSpec("shortcuts", "&Keyboard Shortcuts…", ("Ctrl+,",), menu="File", separator=True,
               description="change the keys of any action"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), menu="File", separator=True),
    # -- Words: the current word in the reader, the word looked up, the rows selected in the vocabulary
    ActionSpec("add", "&Add Word", ("A",), _WORD, menu="Words",
               description="save the current word (status 1) with its sentence"),
    ActionSpec("status-1", "Set Status &1 (new)", ("1",), _ROWS, menu="Words"),
    ActionSpec("status-2", "Set Status &2", ("2",), _ROWS, menu="Words"),
    ActionSpec("status-3", "Set Status &3", ("3",), _ROWS, menu="Words"),
    ActionSpec("status-4", "Set Status &4", ("4",), _ROWS, menu="Words"),
    ActionSpec("status-5", "Set Status &5 (learned)", ("5",), _ROWS, menu="Words"),
    ActionSpec("status-known", "Set Status: &Known", ("W",), _ROWS, menu="Words"),
    ActionSpec("status-ignored", "Set Status: &Ignored", ("I",), _ROWS, menu="Words"),
    ActionSpec("remove", "Remo&ve from Vocabulary", ("Del",), _ROWS, menu="Words"),
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), menu="Words", separator=True),
    ActionSpec("redo", "&Redo", ("Ctrl+Y", "Ctrl+Shift+Z"), menu="Words"),
    ActionSpec("screen-known", "Mark Rest of &Screen Known", ("Shift+W",), ("reader",), menu="Words", separator=True,
               description="every word on screen never saved becomes known"),
    ActionSpec("finish", "&Finish Text…", menu="Words"),
    ActionSpec("rename", "Re&name Text…", menu="Words"),
    ActionSpec("send-to-anki", "S&end to Anki", ("Ctrl+Shift+A",), _ROWS, menu="Words", separator=True,
               description="add the word (or the selected rows) to a running Anki"),
    # -- the reader's moves (spatial: in vertical writing ← / → go from column to column)
    ActionSpec("move-right", "Right", ("Right",), ("reader",),
               description="next word; in vertical writing, the column to the right"),
    ActionSpec("move-left", "Left", ("Left",), ("reader",),
               description="previous word; in vertical writing, the next column"),
    ActionSpec("move-down", "Down", ("Down",), ("reader",),
               description="the word on the line below; in vertical writing, the next word"),
    ActionSpec("move-up", "Up", ("Up",), ("reader",),
               description="the word on the line above; in vertical writing, the previous word"),
    ActionSpec("select-right", "Select Right", ("Shift+Right",), ("reader",), description="extend the selection"),
    ActionSpec("select-left", "Select Left", ("Shift+Left",), ("reader",), description="extend the selection"),
    ActionSpec("select-down", "Select Down", ("Shift+Down",), ("reader",), description="extend the selection"),
    ActionSpec("select-up", "Select Up", ("Shift+Up",), ("reader",), description="extend the selection"),
    ActionSpec("line-start", "Start of Line", ("Home",), ("reader",)),
    ActionSpec("line-end", "End of Line", ("End",), ("reader",)),
    ActionSpec("page-down", "Next Page", ("PgDown",), ("reader",)),
    ActionSpec("page-up", "Previous Page", ("PgUp",), ("reader",)),
    ActionSpec("document-start", "Start of Text", ("Ctrl+Home",), ("reader",)),
    ActionSpec("document-end", "End of Text", ("Ctrl+End",), ("reader",)),
    ActionSpec("next-unsaved", "Next Word Not Saved", ("Tab",), ("reader",), description="mining mode"),
    ActionSpec("previous-unsaved", "Previous Word Not Saved", ("Shift+Tab",), ("reader",), description="mining mode"),
    ActionSpec("lookup", "Look Up", ("Return", "Enter"), ("reader",),
               description="look up the current word; the keyboard goes to the lookup"),
    ActionSpec("dismiss", "Close Lookup", ("Esc",), ("reader",), description="and clear the selection"),
    ActionSpec("copy", "Copy", ("Ctrl+C", "Ctrl+Ins"), ("reader",),
               description="the selection, or else the current word"),
    ActionSpec("copy-sentence", "Copy Sentence", (), ("reader",), description="the current word's sentence"),
    # -- in the lookup
    ActionSpec("next-match", "Next Match", ("Down",), ("popup",), description="a shorter reading of the text"),
    ActionSpec("previous-match", "Previous Match", ("Up",), ("popup",)),
    ActionSpec("choose-match", "Choose Match", ("Return", "Enter"), ("popup",),
               description="this match is the entry saved for the word"),
    ActionSpec("close-lookup", "Back to the Text", ("Esc",), ("popup",)),
    # -- in the vocabulary list
    ActionSpec("go-to-word", "Go to Word in Text", ("Return", "Enter"), ("sidebar",)),
    ActionSpec("remove-rows", "Remove Selected Words", ("Backspace",), ("sidebar",),
               description="as Delete does (the key Delete is on some keyboards)"),
    # -- View
    ActionSpec("furigana-cycle", "Next Furigana &Mode", ("F",), ("reader",), menu="View/Furigana",
               description="furigana: all / only words not known / off"),
    ActionSpec("furigana-all", "&All", menu="View/Furigana", checkable=True, group="furigana", separator=True),
    ActionSpec("furigana-unknown", "Only Words &Not Known", menu="View/Furigana", checkable=True, group="furigana"),
    ActionSpec("furigana-off", "&Off", menu="View/Furigana", checkable=True, group="furigana"),
    ActionSpec("hide-from-known", "Hide on &Known Words", menu="View/Furigana", checkable=True, group="threshold",
               separator=True),
    ActionSpec("hide-from-5", "Hide from Status &5", menu="View/Furigana", checkable=True, group="threshold"),
    ActionSpec("hide-from-4", "Hide from Status &4", menu="View/Furigana", checkable=True, group="threshold"),
    ActionSpec("zoom-in", "Zoom &In", ("Ctrl+=", "Ctrl++"), menu="View", separator=True),
    ActionSpec("zoom-out", "Zoom &Out", ("Ctrl+-",), menu="View"),
    ActionSpec("zoom-reset", "Reset &Zoom", ("Ctrl+0",), menu="View"),
    ActionSpec("dark-theme", "&Dark Theme", menu="View", checkable=True, separator=True),
    ActionSpec("sans-font", "&Sans-serif Font", menu="View", checkable=True),
    ActionSpec("vertical", "&Vertical Writing", menu="View", checkable=True,
               description="columns from right to left, remembered for each text"),
    ActionSpec("pin-lookup", "&Pin Lookup Panel", menu="View", checkable=True, separator=True),
    ActionSpec("show-sidebar", "Show Side&bar", menu="View", checkable=True),
    ActionSpec("focus-reader", "Focus &Reader", ("Ctrl+1",), menu="View", separator=True),
    ActionSpec("focus-lookup", "Focus &Lookup", ("Ctrl+2",), menu="View"),
    ActionSpec("focus-sidebar", "Focus Sideb&ar", ("Ctrl+3",), menu="View"),
    # -- Help
    ActionSpec("help", "&Keyboard Help", ("F1", "?"), menu="Help", description="this list"),
)

SPECS: dict[str, ActionSpec] = {spec.id: spec for spec in ACTIONS}


def normalise(key: str | QKeySequence) -> str:
    """A key sequence in Qt's portable text ("" when it is not a key); Shift+Tab however it was typed."""
    seq = key if isinstance(key, QKeySequence) else QKeySequence(key)
    if seq.count() > 1:  # one key (a chord of modifiers and a key) per binding
        return ""
    text = seq.toString(QKeySequence.SequenceFormat.PortableText)
    if text.endswith("Backtab"):  # what some keyboards send for Shift+Tab
        text = text[: -len("Backtab")] + "Tab"
        if "Shift+" not in text:
            text = "Shift+" + text
        text = QKeySequence(text).toString(QKeySequence.SequenceFormat.PortableText)  # modifiers in Qt's order
    return text


def display(keys: Iterable[str]) -> str:
    """Keys as this platform writes them, for menus and the help: "Ctrl+E, F3"."""
    return ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


# the menu bar's own keys: bound to an action they would never reach it
MENU_KEYS = {"Alt+F": "the File menu", "Alt+W": "the Words menu", "Alt+V": "the View menu", "Alt+H": "the Help menu"}


class ReservedKey(ValueError):
    """A key the window keeps for itself (the menu bar's Alt+letters)."""


class KeyConflict(ValueError):
    """A key is already bound to another action where both would act."""

    def __init__(self, key: str, other: ActionSpec) -> None:
        where = ", ".join(CONTEXTS[c] for c in other.contexts)
        super().__init__(f"{display([key])} is already the key of “{other.title}” ({where.lower()}).")
        self.key = key
        self.other = other


class Settings(Protocol):
    def value(self, key: str, default=None, type=None): ...  # noqa: A002
    def setValue(self, key: str, value) -> None: ...  # noqa: N802
    def remove(self, key: str) -> None: ...
    def contains(self, key: str) -> bool: ...


def _overlap(a: ActionSpec, b: ActionSpec) -> bool:
    return "window" in a.contexts or "window" in b.contexts or bool(set(a.contexts) & set(b.contexts))


class Keymap:
    """The keys of every action: the defaults, with the reader's own bindings over them."""

    def __init__(self, settings: Settings | None = None, specs: Sequence[ActionSpec] = ACTIONS) -> None:
        self.specs = {spec.id: spec for spec in specs}
        self._settings = settings
        self._keys: dict[str, tuple[str, ...]] = {s.id: tuple(normalise(k) for k in s.keys) for s in specs}
        if settings is not None:
            self._load()

    def _load(self) -> None:
        """The stored bindings over the defaults; a stored binding that cannot be read keeps the default.

        All of them are put in place before any is checked, so a key moved
        from one action to another survives a restart whatever the table's
        order; where two stored bindings clash, both go back to their defaults.
        """
        stored: dict[str, tuple[str, ...]] = {}
        for spec in self.specs.values():
            name = f"keys/{spec.id}"
            if not self._settings.contains(name):
                continue
            value = self._settings.value(name, "")
            parts = value if isinstance(value, (list, tuple)) else str(value).split("\n")
            keys = tuple(normalise(str(part)) for part in parts if str(part).strip())
            if all(keys) and len(keys) == len([p for p in parts if str(p).strip()]):
                stored[spec.id] = keys
        stored = {a: k for a, k in stored.items() if not any(key in MENU_KEYS for key in k)}
        self._keys.update(stored)
        changed = True
        while changed:  # each round only moves bindings back to the defaults, which never clash: it ends
            changed = False
            for action_id in list(stored):
                try:
                    self._check(action_id, self._keys[action_id])
                except KeyConflict as e:  # a file edited by hand: the two clashing actions keep their defaults
                    for aid in (action_id, e.other.id):
                        if aid in stored:
                            self._keys[aid] = self.defaults(aid)
                            del stored[aid]
                    changed = True

    def keys(self, action_id: str) -> tuple[str, ...]:
        return self._keys[action_id]

    def defaults(self, action_id: str) -> tuple[str, ...]:
        return tuple(normalise(k) for k in self.specs[action_id].keys)

    def is_default(self, action_id: str) -> bool:
        return self._keys[action_id] == self.defaults(action_id)

    def action_for(self, key: str, context: str) -> ActionSpec | None:
        """The action *key* triggers when the focus is in *context*, if any."""
        key = normalise(key)
        for spec in self.specs.values():
            if key in self._keys[spec.id] and (context in spec.contexts or "window" in spec.contexts):
                return spec
        return None

    def conflict(self, action_id: str, key: str) -> ActionSpec | None:
        """The other action that *key* already triggers where *action_id* acts, if any."""
        spec = self.specs[action_id]
        key = normalise(key)
        for other in self.specs.values():
            if other.id != action_id and key in self._keys[other.id] and _overlap(spec, other):
                return other
        return None

    def _check(self, action_id: str, keys: Sequence[str]) -> None:
        for key in keys:
            other = self.conflict(action_id, key)
            if other is not None:
                raise KeyConflict(key, other)

    def set_keys(self, action_id: str, keys: Sequence[str]) -> tuple[str, ...]:
        """Bind *keys* to the action (refused with KeyConflict if another action has one); kept in the settings."""
        normal: list[str] = []
        for key in keys:
            k = normalise(key)
            if not k:
                raise ValueError(f"{key!r} is not a key.")
            if k in MENU_KEYS:
                raise ReservedKey(f"{display([k])} opens {MENU_KEYS[k]}.")
            if k not in normal:
                normal.append(k)
        self._check(action_id, normal)
        self._keys[action_id] = tuple(normal)
        self._save(action_id)
        return self._keys[action_id]

    def reset(self, action_id: str) -> tuple[str, ...]:
        """The action's default keys again; refused if another action has taken one of them meanwhile."""
        return self.set_keys(action_id, self.defaults(action_id))

    def reset_all(self) -> None:
        for action_id in self.specs:
            self._keys[action_id] = self.defaults(action_id)
            if self._settings is not None:
                self._settings.remove(f"keys/{action_id}")

    def _save(self, action_id: str) -> None:
        if self._settings is None:
            return
        name = f"keys/{action_id}"
        if self.is_default(action_id):
            self._settings.remove(name)
        else:
            self._settings.setValue(name, "\n".join(self._keys[action_id]))
