"""`shiori [FILE]`: the reader window (Qt is imported only here)."""

from __future__ import annotations


def cmd_gui(args) -> int:
    from ..ui.app import run_gui

    return run_gui(args)
