"""What each action of the keymap does in a window: the handlers `ActionRegistry` binds to keys and menus.

Keyed by action id, or by (action id, context) where one action acts on a
different thing in each place: a status key sets the current word's status
in the reader, the looked-up word's in the lookup, and the selected rows'
in the vocabulary list.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QApplication, QWidget

from ..core.words import Status

__all__ = ["window_handlers", "reader_handlers", "lookup_handlers", "sidebar_handlers", "STATUS_ACTIONS",
           "focused_panel"]

STATUS_ACTIONS: dict[str, Status] = {
    "status-1": Status.NEW, "status-2": Status.LEARNING_2, "status-3": Status.LEARNING_3,
    "status-4": Status.LEARNING_4, "status-5": Status.LEARNED, "status-known": Status.KNOWN,
    "status-ignored": Status.IGNORED,
}
THRESHOLD_ACTIONS: dict[str, Status] = {"hide-from-known": Status.KNOWN, "hide-from-5": Status.LEARNED,
                                        "hide-from-4": Status.LEARNING_4}


def focused_panel():
    """The lookup panel that holds the keyboard focus (the popup's or the pinned one), or None."""
    from .lookup_panel import LookupPanel

    w: QWidget | None = QApplication.focusWidget()
    while w is not None and not isinstance(w, LookupPanel):
        w = w.parentWidget()
    return w


def _on_panel(method: str) -> Callable[[], None]:
    def run() -> None:
        panel = focused_panel()
        if panel is not None:
            getattr(panel, method)()
    return run


def lookup_handlers() -> dict:
    """The lookup's own keys (moving between matches, back to the text), for any lookup panel."""
    return {"next-match": _on_panel("next_match"), "previous-match": _on_panel("previous_match"),
            "choose-match": _on_panel("choose_match"), "close-lookup": _on_panel("request_close")}


def reader_handlers(reader) -> dict:
    """The reader's own keys: moving, selecting, looking up, copying, furigana (for any ReaderView)."""

    def plain(move: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:  # a move without Shift ends the selection, as in any text
            reader.end_selection()
            move()
        return run

    h: dict = {
        "paste-document": reader.paste,
        "line-start": plain(lambda: reader.move_line_edge(False)),
        "line-end": plain(lambda: reader.move_line_edge(True)),
        "page-down": plain(lambda: reader.move_page(1)), "page-up": plain(lambda: reader.move_page(-1)),
        "document-start": plain(lambda: reader.move_document_edge(False)),
        "document-end": plain(lambda: reader.move_document_edge(True)),
        "next-unsaved": plain(lambda: reader.move_to_unsaved(1)),
        "previous-unsaved": plain(lambda: reader.move_to_unsaved(-1)),
        "lookup": reader.activate_current, "dismiss": reader.dismiss, "copy": reader.copy,
        "copy-sentence": reader.copy_sentence, "furigana-cycle": reader.cycle_furigana,
    }
    for direction in ("right", "left", "down", "up"):
        h[f"move-{direction}"] = plain(lambda d=direction: reader.move_direction(d))
        h[f"select-{direction}"] = lambda d=direction: reader.extend_direction(d)
    return h


def sidebar_handlers(table) -> dict:
    """The vocabulary list's keys: the status keys and Delete on the selected rows, Enter to the text."""
    h: dict = {("remove", "sidebar"): table.remove_selection, "remove-rows": table.remove_selection,
               "go-to-word": table.go_to_current}
    for action_id, status in STATUS_ACTIONS.items():
        h[(action_id, "sidebar")] = lambda s=status: table.set_status_of_selection(s)
    return h


def window_handlers(window) -> dict:
    """Every action's handler in *window* (a MainWindow with its reader, study and sidebar)."""
    reader, study = window.reader, window.study
    table = window.sidebar.vocabulary_tab
    h: dict = {
        **reader_handlers(reader),
        "open": window.open_dialog, "export": window.export_dialog, "paste-document": window.paste_document,
        "import-known": window.import_dialog, "find": window.show_find,
        "find-next": lambda: window.find_next(True), "find-previous": lambda: window.find_next(False),
        "shortcuts": window.shortcuts_dialog, "quit": window.close,
        "add": study.add_current, ("add", "popup"): lambda: study.add_from_lookup(focused_panel()),
        "remove": study.remove_current, ("remove", "popup"): lambda: study.status_from_lookup(Status.NONE),
        "undo": study.actions.undo_stack.undo, "redo": study.actions.undo_stack.redo,
        "screen-known": study.mark_screen_known, "finish": lambda: study.offer_finish(ask=True),
        "rename": study.ask_rename,
        "send-to-anki": window.send_to_anki,
        ("send-to-anki", "popup"): lambda: window.send_from_lookup(focused_panel()),
        ("send-to-anki", "sidebar"): lambda: window.send_keys_to_anki(table.selected_keys()),
        **sidebar_handlers(table),
        "zoom-in": reader.zoom_in, "zoom-out": reader.zoom_out, "zoom-reset": reader.zoom_reset,
        "dark-theme": window.toggle_theme, "sans-font": window.toggle_font,
        "vertical": lambda: window.set_vertical(window.keys.action("vertical").isChecked()),
        "pin-lookup": lambda: window.set_pinned(window.keys.action("pin-lookup").isChecked()),
        "show-sidebar": lambda: window.show_sidebar(window.keys.action("show-sidebar").isChecked()),
        "focus-reader": window.focus_reader, "focus-lookup": window.focus_lookup,
        "focus-sidebar": study.focus_sidebar, "help": window.show_help,
        **lookup_handlers(),
    }
    for action_id, status in STATUS_ACTIONS.items():
        h[action_id] = lambda s=status: study.set_status(s)
        h[(action_id, "popup")] = lambda s=status: study.status_from_lookup(s, focused_panel())
    for mode in ("all", "unknown", "off"):
        h[f"furigana-{mode}"] = lambda m=mode: reader.set_furigana_mode(m)
    for action_id, status in THRESHOLD_ACTIONS.items():
        h[action_id] = lambda s=status: window.set_furigana_threshold(s)
    return h
