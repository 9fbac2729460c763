"""Memory of the window and its analysis process, measured in fresh processes.

Each process reports its peak resident memory and, at the same moment, how
much of it is its own (heap, stacks: "private") and how much is files mapped
into it ("mapped": Qt's libraries, the fonts and, above all, the analyser's
dictionary, whose pages the kernel shares between processes and can drop
and read again at any time). The targets are on the peaks, as the issue
states them; the split says where the memory goes.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from .corpus import novel_path
from .ui import _BARE_QT, _byte_compile, _env, _long_text_file, _run

RUNS = 3


def _row(measure: str, value: float, baseline: float, target: str, ok: bool) -> dict:
    return {"measure": measure, "shiori": value, "baseline": baseline, "unit": "MB",
            "ratio": value / baseline if baseline else 0.0, "target": target, "ok": ok}


def rows() -> list[dict]:
    _byte_compile()
    out: list[dict] = []
    with tempfile.TemporaryDirectory() as data:
        env = _env(data)
        bare = max(_run([sys.executable, "-c", _BARE_QT], env)[1].get("peak-mb", 0.0) for _ in range(RUNS))
        paint = [_run([sys.executable, "-m", "app"], dict(env, SHIORI_EXIT_AFTER="first-paint"))[1]
                 for _ in range(RUNS)]
        article = statistics.median(r.get("peak-mb", float("nan")) for r in paint)
        out.append(_row("window with the bundled article, peak at first paint", article, bare,
                        "< 150 MB", article < 150))
        done = _run([sys.executable, "-m", "app"], dict(env, SHIORI_EXIT_AFTER="analysis"), marker="analysed")[1]
        out.append(_row("window with the bundled article, peak once analysed", done.get("peak-mb", float("nan")),
                        bare, "< 150 MB", done.get("peak-mb", 1e9) < 150))
        novel = novel_path() or _long_text_file(data)
        m = _run([sys.executable, "-m", "app", str(novel)], dict(env, SHIORI_EXIT_AFTER="analysis"),
                 marker="analysed")[1]
        window, child = m.get("peak-mb", float("nan")), m.get("analysis-peak-mb", float("nan"))
        name = Path(novel).name
        out += [
            _row(f"window with {name}, peak once analysed", window, bare, "reported", True),
            _row(f"  of which its own (private), {name}", m.get("private-mb", float("nan")), bare, "reported", True),
            _row(f"analysis process of {name}, peak", child, bare, "reported", True),
            _row("  of which its own (private)", m.get("analysis-private-mb", float("nan")), bare, "reported", True),
            _row("  of which mapped files (the analyser's dictionary)", m.get("analysis-mapped-mb", float("nan")),
                 bare, "reported", True),
            _row(f"both processes, {name}, sum of peaks", window + child, bare, "< 300 MB", window + child < 300),
            _row(f"both processes, {name}, their own memory", m.get("private-mb", 0.0)
                 + m.get("analysis-private-mb", 0.0), bare, "reported", True),
        ]
    return out


if __name__ == "__main__":
    from . import print_table

    print_table(rows(), sys.stdout)
