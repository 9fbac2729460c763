"""`shiori bench`: each measure as a ratio against a baseline taken in the same run.

Absolute times mean little on a shared machine; a ratio against a plain
library call measured a moment earlier on the same machine does.
Each area module has `rows() -> list[dict]` with the keys of `COLUMNS`.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from typing import TextIO

AREAS = ("analysis", "annotate", "dictionary", "readings", "ui", "memory", "vocabulary")
COLUMNS = ("measure", "shiori", "baseline", "unit", "ratio", "target", "ok")


def _fmt(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else "NO"
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}"
    return str(v)


def print_table(rows: list[dict], out: TextIO) -> None:
    cells = [[_fmt(r.get(c, "")) for c in COLUMNS] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) if cells else len(c) for i, c in enumerate(COLUMNS)]
    print("  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths)), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)), file=out)


def run(only: str | None = None, out: TextIO = sys.stdout) -> int:
    areas = [only] if only else list(AREAS)
    rows: list[dict] = []
    failed = False
    for area in areas:
        if area not in AREAS:
            print(f"shiori bench: unknown area {area!r} (choose from {', '.join(AREAS)})", file=sys.stderr)
            return 2
        try:
            module = importlib.import_module(f"app.bench.{area}")
        except ModuleNotFoundError as e:
            if e.name != f"app.bench.{area}":
                raise
            continue
        print(f"measuring {area}…", file=sys.stderr, flush=True)
        try:
            rows.extend(module.rows())
        except Exception:  # a broken area should not hide the others
            failed = True
            traceback.print_exc()
            rows.append({"measure": f"{area}: failed", "ok": False})
    print_table(rows, out)
    return 1 if failed or not all(r.get("ok", True) for r in rows) else 0
