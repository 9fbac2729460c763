"""`shiori annotate` on a whole novel, as whole processes, against the plain tagger over the same lines.

The baseline is a fugashi script reading, for every token, what annotate
reports of it (surface, dictionary form, reading, part of speech).

Both sides are fresh interpreters (start-up, imports and dictionary loading
count, as they do for a user), and what is compared is their CPU time, which
other programs on a shared machine do not inflate as they do the wall clock.
"""

from __future__ import annotations

import compileall
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from .corpus import novel_path, rashomon_path

ROUNDS = 3
TARGET = 3.0

# The plain tagger giving what annotate reports of each token: surface,
# dictionary form, reading and part of speech.
_PLAIN = r"""
import sys
import fugashi
tagger = fugashi.Tagger()
kept = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        for node in tagger(line):
            feature = node.feature
            kept.append((node.surface, feature.orthBase, feature.kana, feature.pos1))
print(len(kept))
"""


def _cpu(cmd: list[str], env: dict) -> float:
    """CPU seconds (user + system) a child process spent, from its exit status accounting."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def rows() -> list[dict]:
    from ..core import documents

    path = novel_path() or rashomon_path()
    if path is None:
        return [{"measure": "annotate: no novel to measure (shared/corpus or tests/data)", "ok": True}]
    doc = documents.load(path)
    chars = sum(map(len, doc.paragraphs))
    root = Path(__file__).resolve().parents[2]
    compileall.compile_dir(str(root / "app"), quiet=1)  # time the program, not Python's compiler
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        lines = Path(tmp) / "lines.txt"
        lines.write_text("\n".join(doc.paragraphs) + "\n", encoding="utf-8")
        env["SHIORI_DATA_DIR"] = str(Path(tmp) / "data")
        plain_cmd = [sys.executable, "-c", _PLAIN, str(lines)]
        shiori_cmd = [sys.executable, "-m", "app", "annotate", str(path), "-o", str(Path(tmp) / "out.json")]
        _cpu(plain_cmd, env)  # warm the file cache for both
        plain = shiori = float("inf")
        for _ in range(ROUNDS):  # interleaved, best of each
            plain = min(plain, _cpu(plain_cmd, env))
            shiori = min(shiori, _cpu(shiori_cmd, env))
    ratio = shiori / plain
    return [{
        "measure": f"shiori annotate {path.name} ({chars:,} chars), whole process, JSON written, CPU s",
        "shiori": shiori, "baseline": plain, "unit": "s", "ratio": ratio,
        "target": f"<= {TARGET:g}x fugashi", "ok": ratio <= TARGET,
    }]


if __name__ == "__main__":
    from . import print_table

    print_table(rows(), sys.stdout)
