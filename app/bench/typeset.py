"""Typesetting: gaps inside words and the room ruby takes, JLREQ placement against the old one.

Both are measured on the same layouts, with the reader's fonts, in the same
run: the baseline is Shiori's former placement (every ruby piece as wide as
the wider of base and ruby), kept as the layout policy "widen". The
measures need a QGuiApplication, so they run in a process of their own.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

from .corpus import novel_path

WIDTH = 980.0  # a line of the reader at its usual size
COLUMN = 600.0  # and a column
GAP_PARAGRAPHS = 300  # こころ's first paragraphs, as the gap was first measured


def _documents() -> list[tuple[str, list[str], list]]:
    from ..core import documents
    from ..core.analysis import analyzer
    from ..core.paths import default_document

    out = []
    for name, path in (("article", default_document()), ("こころ", novel_path())):
        if path is None:
            continue
        doc = documents.load(path)
        paragraphs = list(doc.paragraphs)
        tokens = analyzer().analyze_many(paragraphs, [doc.ruby_for(i) for i in range(len(paragraphs))])
        out.append((name, paragraphs, tokens))
    return out


def measure() -> dict:
    """{direction: {document: {policy: {"gap": share, "space": share}}}}, measured here (with a QGuiApplication)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - fonts need it
    from ..ui.metrics import QtMetrics, make_font
    from ..ui.typeset_measures import gap_count, layouts, ruby_space_share
    from ..ui.vertical_text import VerticalMetrics

    base = QtMetrics(make_font("serif", 17.0))
    result: dict = {}
    docs = _documents()
    for direction, metrics, length in (("horizontal", base, WIDTH), ("vertical", VerticalMetrics(base), COLUMN)):
        for name, paragraphs, tokens in docs:
            for policy in ("jlreq", "widen"):
                laid = layouts(paragraphs, tokens, metrics, length, policy)
                count = gap_count(laid[:GAP_PARAGRAPHS] if name != "article" else laid, metrics)
                result.setdefault(direction, {}).setdefault(name, {})[policy] = {
                    "gap": count.share, "space": ruby_space_share(laid)}
    return result


def rows() -> list[dict]:
    proc = subprocess.run([sys.executable, "-m", "app.bench.typeset"], capture_output=True, text=True, timeout=900,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    if proc.returncode != 0:
        raise RuntimeError(f"typesetting measure failed: {proc.stderr[-500:]}")
    data = json.loads(proc.stdout.splitlines()[-1])
    out: list[dict] = []
    for direction, docs in data.items():
        names = list(docs)
        now = statistics.mean(docs[n]["jlreq"]["space"] for n in names) * 100
        before = statistics.mean(docs[n]["widen"]["space"] for n in names) * 100
        out.append({
            "measure": f"space added by ruby, share of the line, {' + '.join(names)}, {direction}, %",
            "shiori": now, "baseline": before, "unit": "%", "ratio": now / before if before else float("nan"),
            "target": "below the old placement", "ok": now < before,
        })
        for name in names:
            now = docs[name]["jlreq"]["gap"] * 100
            before = docs[name]["widen"]["gap"] * 100
            scope = name if name == "article" else f"{name}, first {GAP_PARAGRAPHS} paragraphs"
            out.append({
                "measure": f"pairs next to a kana with a gap > 0.15 em, {scope}, {direction}, %",
                "shiori": now, "baseline": before, "unit": "%", "ratio": now / before if before else float("nan"),
                "target": "< 1%", "ok": now < 1.0,
            })
    return out


if __name__ == "__main__":
    print(json.dumps(measure()), flush=True)
