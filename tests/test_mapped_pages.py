"""The analyser's mapped dictionary is let go of once it passes its budget, and the analysis is unchanged."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"

_PROBE = textwrap.dedent("""
    import json, sys
    from app.core import documents
    from app.core.analysis import analyze
    from app.core.mapped_pages import DictionaryPages, resident_file_mb

    doc = documents.load(sys.argv[1])
    text = [p for p in doc.paragraphs if p.strip()]
    pages = DictionaryPages(budget_mb=float(sys.argv[2]))
    before = [analyze(p) for p in text]  # every page these paragraphs need, read in
    grown = resident_file_mb()
    released = pages.check()
    after_release = resident_file_mb()
    again = [analyze(p) for p in text]  # read again from the page cache after being let go
    same = [[(t.surface, t.reading, t.lemma) for t in ts] for ts in before] == \\
           [[(t.surface, t.reading, t.lemma) for t in ts] for ts in again]
    print(json.dumps({"active": pages.active, "released": released, "grown": grown,
                      "after": after_release, "same": same, "count": pages.released}))
""")


def _probe(budget: float) -> dict:
    run = subprocess.run([sys.executable, "-c", _PROBE, str(DATA / "rashomon_aozora_sjis.txt"), str(budget)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_dictionary_pages_are_let_go_past_the_budget_and_the_tokens_stay_the_same():
    out = _probe(budget=1.0)
    assert out["active"] and out["released"] and out["count"] == 1
    assert out["after"] < out["grown"] - 3  # megabytes of dictionary pages no longer resident here
    assert out["same"]


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_under_the_budget_nothing_is_let_go():
    out = _probe(budget=10_000.0)
    assert out["active"] and not out["released"] and out["count"] == 0


def test_the_background_analysis_gives_the_tokens_of_one_whole_analysis(monkeypatch):
    """Checked as it goes (in pieces, with the pages let go at every check), the text is cut as in one go."""
    from app.core import background, documents
    from app.core import mapped_pages
    from app.core.analysis import analyze_document

    monkeypatch.setattr(mapped_pages, "BUDGET_MB", 0.0)  # let go at every check: the worst case
    monkeypatch.setattr(mapped_pages.DictionaryPages.__init__, "__defaults__", (0.0, mapped_pages.MAPPED_FILES))
    doc = documents.load(DATA / "kokoro_start_aozora_sjis.txt")
    rubies = [doc.ruby_for(i) for i in range(len(doc.paragraphs))]
    sent: list = []
    background.analyse(doc.paragraphs, rubies, refine=False, send=sent.append, prefetch=False)
    got = {}
    for message in sent:
        if message[0] == "batch":
            for i, tokens in enumerate(message[2]):
                got[message[1] + i] = [(t.surface, t.start, t.reading, t.lemma, t.ruby_source) for t in tokens]
    whole = analyze_document(doc)
    assert len(got) == len(doc.paragraphs)
    assert [got[i] for i in range(len(doc.paragraphs))] == \
        [[(t.surface, t.start, t.reading, t.lemma, t.ruby_source) for t in tokens] for tokens in whole]
    assert mapped_pages.return_free_heap() is sys.platform.startswith("linux")


_RANDOM_ACCESS = textwrap.dedent("""
    import json
    from app.core.analysis import Analyzer
    from app.core.lattice import lattice

    tokens = Analyzer().analyze("今日は雨が降った。")
    lattice().alternatives(tokens, 2)  # the second tagger, and MeCab's costs read by the lattice
    flags = {}
    name = None
    with open("/proc/self/smaps") as f:
        for line in f:
            parts = line.split(None, 5)
            if "-" in parts[0] and len(parts) >= 5 and not parts[0].endswith(":"):
                name = parts[5].rstrip() if len(parts) > 5 else ""
            elif parts[0] == "VmFlags:" and name.endswith(("sys.dic", "matrix.bin")):
                flags.setdefault(name.rsplit("/", 1)[-1], []).append("rr" in line.split()[1:])
    print(json.dumps(flags))
""")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_every_mapping_of_the_analysers_dictionary_is_read_page_by_page():
    """Random access (no read-ahead) on each mapping: what a page brings in is that page."""
    run = subprocess.run([sys.executable, "-c", _RANDOM_ACCESS], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    flags = json.loads(run.stdout.strip().splitlines()[-1])
    assert set(flags) == {"sys.dic", "matrix.bin"}
    assert len(flags["matrix.bin"]) >= 3  # the analyser's, the lattice tagger's and the lattice's own costs
    assert all(all(v) for v in flags.values()), flags


def _write(path: Path, size_mb: int) -> None:
    import os

    block = bytes(range(256)) * 4096
    with open(path, "wb") as f:
        for _ in range(size_mb):
            f.write(block)
        f.flush()
        os.fsync(f.fileno())


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_file_cached_in_large_pieces_is_dropped_and_comes_back_page_by_page(tmp_path):
    import os

    from app.core import mapped_pages

    path = tmp_path / "sys.dic"
    _write(path, 64)
    fd = os.open(path, os.O_RDONLY)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)
    if mapped_pages.cached_in_large_pieces(str(path)) is not False:
        pytest.skip("this file system keeps a file's pages cached when told they are not needed")
    path.read_bytes()  # read from end to end, as a copy or an installer does
    if not mapped_pages.cached_in_large_pieces(str(path)):
        pytest.skip("this kernel caches a file read from end to end in pages, not large pieces")
    mapped_pages._CHECKED.discard(str(path))
    with mapped_pages.page_by_page(str(tmp_path), files=("sys.dic",)):
        pass
    assert mapped_pages.cached_in_large_pieces(str(path)) is False
