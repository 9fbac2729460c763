"""What a render shows, as JSON: every visible base character and ruby run with its box in window pixels.

`shiori --screenshot OUT.png --layout OUT.json` writes it next to the
picture, so that the typesetting can be checked from outside (a script,
another tool) against exactly what was painted: the boxes come from the
same `line_paint` geometry the reader paints.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPoint, QRectF

__all__ = ["layout_json", "write_layout"]


def _box(rect: QRectF, dx: float, dy: float) -> dict:
    return {"x": round(rect.x() + dx, 2), "y": round(rect.y() + dy, 2),
            "w": round(rect.width(), 2), "h": round(rect.height(), 2)}


def layout_json(window) -> dict:
    """{"direction", "lines": [{"chars": [...], "ruby": [...]}]} for the lines in the window's reader view."""
    reader = window.reader
    viewport = reader.viewport()
    origin = viewport.mapTo(window, QPoint(0, 0))
    dx, dy = origin.x(), origin.y()
    area = QRectF(viewport.rect())
    lines = []
    paints: dict[int, list] = {}
    chars: dict[int, list] = {}
    for p, li in reader.visible_lines():
        if p not in paints:
            paints[p] = reader.paint_geometry(p)
            chars[p] = reader.char_boxes(p)
        shown = [{"char": ch, "paragraph": p, "offset": offset, **_box(rect, dx, dy)}
                 for ch, offset, rect in chars[p][li] if rect.intersects(area)]
        ruby = [{"text": r.text, "paragraph": p, "start": r.start, "end": r.end, **_box(r.box, dx, dy)}
                for r in paints[p][li].ruby if r.box.intersects(area)]
        if shown or ruby:
            lines.append({"chars": shown, "ruby": ruby})
    return {"direction": "vertical" if reader.vertical else "horizontal", "lines": lines}


def write_layout(window, path: str | Path) -> None:
    Path(path).write_text(json.dumps(layout_json(window), ensure_ascii=False, indent=1), encoding="utf-8")
