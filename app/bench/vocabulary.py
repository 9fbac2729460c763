"""The vocabulary in the window: a status change on a word found hundreds of times in a novel.

Setting a status commits it to the store and recolours every occurrence on
screen; the repaint that follows must fit in a frame. Measured in a fresh
process on a novel's length of text, against a repaint with nothing changed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROUNDS = 30


def _p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20)[18]


def _measure(text_path: Path) -> tuple[float, float, float, int, str]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ..core.words import Status
    from ..ui.app import create_window, make_application

    app = make_application()
    with tempfile.TemporaryDirectory() as data:
        win = create_window(Path(data))
        win.resize(1100, 760)
        win.open_path(text_path, wait=True)
        win.show()
        deadline = time.perf_counter() + 300
        while (win.analysis_running() or win.reader.paint_count == 0) and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.01)
        reader, vocab = win.reader, win.reader.vocabulary
        counts = Counter(w.key for _, w in reader.analysed.iter_words())
        on_screen = {reader.analysed.key_at(*pos) for pos in reader.visible_words()}
        key, n = max(((k, c) for k, c in counts.items() if k in on_screen), key=lambda kc: kc[1])
        vp = reader.viewport()
        plain, commit, recolour = [], [], []
        for i in range(ROUNDS):
            t0 = time.perf_counter()
            vp.repaint()
            plain.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            vocab.set_status(key, Status.LEARNING_3 if i % 2 == 0 else Status.NEW)
            t1 = time.perf_counter()
            vp.repaint()
            t2 = time.perf_counter()
            commit.append(t1 - t0)
            recolour.append(t2 - t1)
        win.close()
        app.processEvents()
    return _p95(recolour) * 1000, _p95(plain) * 1000, _p95(commit) * 1000, n, key.label()


def rows() -> list[dict]:
    from .ui import _long_text_file

    with tempfile.TemporaryDirectory() as folder:
        path = _long_text_file(folder)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        proc = subprocess.run([sys.executable, "-m", "app.bench.vocabulary", "--measure", str(path)],
                              env=env, capture_output=True, text=True, timeout=900)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("recolour ")), None)
    if line is None:
        raise RuntimeError(f"recolour measure failed: {proc.stderr[-800:]}")
    parts = line.split(maxsplit=5)
    recolour, plain, commit, n, label = float(parts[1]), float(parts[2]), float(parts[3]), int(parts[4]), parts[5]
    return [
        {"measure": f"status change on {label} ({n:,} occurrences), repaint p95, ms", "shiori": recolour,
         "baseline": plain, "unit": "ms", "ratio": recolour / plain if plain else 0.0,
         "target": "<= 16 ms (one frame)", "ok": recolour <= 16.0},
        {"measure": "status change committed to the store, p95, ms", "shiori": commit, "baseline": plain,
         "unit": "ms", "ratio": commit / plain if plain else 0.0, "target": "reported", "ok": True},
    ]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        r, p, c, n, label = _measure(Path(sys.argv[2]))
        print(f"recolour {r:.3f} {p:.3f} {c:.3f} {n} {label}", flush=True)
    else:
        from . import print_table

        print_table(rows(), sys.stdout)
