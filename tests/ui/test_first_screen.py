"""The first paint shows furigana on everything in view, while no more than a screenful is analysed in the window."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("size", [(900, 600), (1600, 1000)])
def test_everything_in_view_is_analysed_at_the_first_paint(qtbot, tmp_path, rashomon_path, size):
    from app.ui.app import create_window

    win = create_window(tmp_path / "data")
    qtbot.addWidget(win)
    win.resize(*size)
    seen = {}

    def painted():
        reader = win.reader
        top = reader.layout.paragraph_at(reader.doc_y(0))
        bottom = reader.layout.paragraph_at(reader.doc_y(reader.viewport().height()))
        visible = {p for p in range(top, bottom + 1) if reader.analysed.paragraphs[p].strip()}
        seen["visible"] = visible
        seen["analysed"] = {p for p in range(len(reader.analysed)) if reader.analysed.tokens(p) is not None}

    win.reader.first_paint.connect(painted)
    assert win.open_path(rashomon_path, wait=True)
    win.show()
    qtbot.waitUntil(lambda: "visible" in seen, timeout=30000)
    paragraphs = len(win.reader.analysed)
    # on screen: all there; the window analysed far less than the whole text itself
    assert len(seen["visible"]) >= 2 and seen["visible"] <= seen["analysed"]
    assert len(seen["analysed"]) < paragraphs / 2
    win.close()
