"""Dictionary lookup speed against plain jamdict, and furigana agreement with an author's ruby.

(The readings on whole novels, stripped and on later occurrences, are `shiori bench --only readings`.)

Run with `python -m app.bench.dictionary`; `shiori bench` shows the same rows.
Speeds are compared with `jamdict.Jamdict().lookup` measured in the same run,
so the ratio means something on a busy machine where absolute times do not.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from pathlib import Path
from typing import Sequence

_ROOT = Path(__file__).resolve().parents[2]
RASHOMON = _ROOT / "tests" / "data" / "rashomon_aozora_sjis.txt"


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def article_tokens() -> list[list]:
    """The bundled article, analysed, one token list per paragraph."""
    from ..core.analysis import analyze
    from ..core.paths import default_document

    try:
        from ..core.documents import load

        paragraphs = load(default_document()).paragraphs
    except Exception:  # the documents package is optional for this measure
        paragraphs = default_document().read_text(encoding="utf-8").splitlines()
    return [analyze(p) for p in paragraphs if p.strip()]


def _word_positions(paragraphs: list[list]) -> list[tuple[list, int]]:
    return [(toks, i) for toks in paragraphs for i, t in enumerate(toks) if t.is_word]


def _time_lookups(service, items: Sequence[tuple[list, int]]) -> list[float]:
    out = []
    for toks, i in items:
        t0 = time.perf_counter()
        service.lookup_at(toks, i)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def first_lookup_ms(items: Sequence[tuple[list, int]]) -> float:
    """A new service on a fresh thread (so a fresh connection, empty caches): the first click after start."""
    from ..core.dictionary import DictionaryService

    service = DictionaryService()
    result: list[float] = []

    def work() -> None:
        toks, i = items[0]
        t0 = time.perf_counter()
        service.lookup_at(toks, i)
        result.append((time.perf_counter() - t0) * 1000)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    return result[0]


# -- ruby agreement -------------------------------------------------------------


def _load_ruby_document(path: Path):
    """Paragraphs and author ruby spans (paragraph, start, end, ruby) of an Aozora file."""
    from ..core.documents import load

    doc = load(path)
    return doc.paragraphs, [(r.paragraph, r.start, r.end, r.ruby) for r in doc.ruby]


def _reading_of_span(tokens: list, start: int, end: int) -> str | None:
    from .readings import reading_of_span

    return reading_of_span(tokens, start, end)


def ruby_agreement(path: Path = RASHOMON, service=None) -> tuple[float, float, int]:
    """(% Shiori refined, % analyser raw, number of ruby bases) agreeing with the author's ruby."""
    from ..core.analysis import analyze
    from ..core.chars import to_hiragana
    from ..core.dictionary import DictionaryService

    service = service or DictionaryService()

    paragraphs, spans = _load_ruby_document(path)
    by_para: dict[int, list[tuple[int, int, str]]] = {}
    for p, s, e, r in spans:
        by_para.setdefault(p, []).append((s, e, r))
    raw_ok = refined_ok = total = 0
    for p, items in by_para.items():
        text = paragraphs[p]
        raw = analyze(text)
        refined = service.refine_readings(raw, text)
        for s, e, r in items:
            total += 1
            want = to_hiragana(r)
            raw_ok += _reading_of_span(raw, s, e) == want
            refined_ok += _reading_of_span(refined, s, e) == want
    if not total:
        return float("nan"), float("nan"), 0
    return 100.0 * refined_ok / total, 100.0 * raw_ok / total, total


def ruby_disagreements(path: Path = RASHOMON, service=None) -> list[tuple[str, str, str | None, str | None]]:
    """(base, author, raw, refined) for every base where either reading differs: for tuning."""
    from ..core.analysis import analyze
    from ..core.chars import to_hiragana
    from ..core.dictionary import DictionaryService

    service = service or DictionaryService()

    paragraphs, spans = _load_ruby_document(path)
    out = []
    cache: dict[int, tuple[list, list]] = {}
    for p, s, e, r in spans:
        if p not in cache:
            raw = analyze(paragraphs[p])
            cache[p] = (raw, service.refine_readings(raw, paragraphs[p]))
        raw, refined = cache[p]
        a, b = _reading_of_span(raw, s, e), _reading_of_span(refined, s, e)
        if a != to_hiragana(r) or b != to_hiragana(r):
            out.append((paragraphs[p][s:e], to_hiragana(r), a, b))
    return out


# -- a whole novel -------------------------------------------------------------------


def novel_costs(rounds: int = 3) -> dict | None:
    """CPU seconds on a whole novel: tagging, refining its readings, resolving its words.

    Refinement is measured as `shiori annotate` pays it, on a fresh service;
    word resolution as the analysis process would call it, a batch at a time,
    once the service's caches know the novel's words. CPU time, the least of
    *rounds*, so that other work on the machine counts as little as it can.
    """
    from ..core.background import batches
    from ..core.documents import load
    from .corpus import novel_path

    path = novel_path()
    if path is None:
        return None
    doc = load(path)
    rubies = [doc.ruby_for(i) for i in range(len(doc.paragraphs))]
    ranges = list(batches(doc.paragraphs))
    gc.collect()
    gc.freeze()  # what the rows before left in memory is not walked again by every collection
    try:
        return _novel_rounds(doc, rubies, ranges, rounds)
    finally:
        gc.unfreeze()


def _novel_rounds(doc, rubies: list, ranges: list[tuple[int, int]], rounds: int) -> dict:
    from ..core.analysis import Analyzer
    from ..core.dictionary import DictionaryService

    best: dict = {}

    def keep(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, seconds), seconds)

    for _ in range(rounds):
        gc.collect()  # each measure pays for its own garbage, not for the one before
        t0 = time.process_time()
        paragraphs = Analyzer().analyze_many(doc.paragraphs, rubies)
        keep("tagging", time.process_time() - t0)
        service = DictionaryService()
        service.status()
        gc.collect()
        t0 = time.process_time()
        refined = service.refine_many(paragraphs)
        keep("refine", time.process_time() - t0)
        gc.collect()
        t0 = time.process_time()
        service.refine_many(paragraphs)
        keep("refine again", time.process_time() - t0)
        service.resolve_many(refined)  # the words of the novel, decided once
        gc.collect()
        t0 = time.process_time()
        for a, b in ranges:
            service.resolve_many(refined[a:b])
        keep("resolve", time.process_time() - t0)
    best["paragraphs"] = len(doc.paragraphs)
    return best


# -- rows ---------------------------------------------------------------------------


def rows() -> list[dict]:
    from ..core.dictionary import DictionaryService

    if DictionaryService().status():
        return [{"measure": "dictionary: not installed", "ok": False}]
    paragraphs = article_tokens()
    items = _word_positions(paragraphs)

    first = first_lookup_ms(items)
    gc.collect()
    cold = _time_lookups(DictionaryService(), items)  # no prefetch: each word's entries read from SQLite at the click

    # warm: what the reader gets once the UI's worker has prefetched the document
    warmed = DictionaryService()
    words = [w for toks, i in items for w in (toks[i].lemma, toks[i].surface, getattr(toks[i], "lexeme", ""))]
    t0 = time.perf_counter()
    worker = threading.Thread(target=warmed.prefetch, args=(words,))
    worker.start()
    worker.join()
    prefetch_ms = (time.perf_counter() - t0) * 1000
    gc.collect()
    warm = _time_lookups(warmed, items)

    # baseline: jamdict's own lookup of the same words' dictionary forms (a sample: it is slow)
    import jamdict

    jam = jamdict.Jamdict()
    step = max(1, len(items) // 150)
    sample = [toks[i].lemma for toks, i in items[::step]][:150]
    jam.lookup(sample[0])
    base = []
    for word in sample:
        t0 = time.perf_counter()
        try:
            jam.lookup(word)
        except Exception:  # jamdict rejects some inputs (e.g. wildcards); skip them
            continue
        base.append((time.perf_counter() - t0) * 1000)

    shiori_pct, raw_pct, n_bases = ruby_agreement()
    novel = novel_costs()

    def row(measure, shiori, baseline, unit, target, ok):
        ratio = shiori / baseline if baseline else float("nan")
        return {"measure": measure, "shiori": shiori, "baseline": baseline, "unit": unit,
                "ratio": ratio, "target": target, "ok": ok}

    w50, w95 = _pct(warm, 0.5), _pct(warm, 0.95)
    c50, c95 = _pct(cold, 0.5), _pct(cold, 0.95)
    b50, b95 = _pct(base, 0.5), _pct(base, 0.95)
    n = len(items)
    return [
        row(f"lookup_at p50, {n} article words, warm (vs jamdict.lookup)", w50, b50, "ms", "≤ 5 ms", w50 <= 5),
        row(f"lookup_at p95, {n} article words, warm (vs jamdict.lookup)", w95, b95, "ms", "≤ 5 ms", w95 <= 5),
        row("lookup_at p50, no prefetch (vs jamdict.lookup)", c50, b50, "ms", "≤ 10 ms", c50 <= 10),
        row("lookup_at p95, no prefetch (vs jamdict.lookup)", c95, b95, "ms", "≤ 10 ms", c95 <= 10),
        row("first lookup after start (fresh thread, empty caches)", first, b50, "ms", "≤ 100 ms", first <= 100),
        row(f"prefetch of the article's {len(set(words))} words (worker thread)", prefetch_ms,
            b50 * len(set(words)), "ms", "< jamdict per word", prefetch_ms < b50 * len(set(words))),
        row(f"ruby agreement, Rashomon ({n_bases} bases), refined vs raw analyser", shiori_pct, raw_pct, "%",
            "≥ raw", shiori_pct >= raw_pct),
    ] + ([] if novel is None else [
        row(f"refine_readings, a novel ({novel['paragraphs']} paragraphs), fresh service (vs tagging)",
            novel["refine"] * 1000, novel["tagging"] * 1000, "ms CPU", "≤ 0.3x",
            novel["refine"] <= 0.3 * novel["tagging"]),
        row("refine_readings, the same novel again (decisions kept)", novel["refine again"] * 1000,
            novel["tagging"] * 1000, "ms CPU", "≤ 0.3x", novel["refine again"] <= 0.3 * novel["tagging"]),
        row("resolve_words, the same novel by batches, warm caches (vs tagging + refining)",
            novel["resolve"] * 1000, (novel["tagging"] + novel["refine"]) * 1000, "ms CPU", "≤ 0.15x",
            novel["resolve"] <= 0.15 * (novel["tagging"] + novel["refine"])),
    ])


def main() -> int:
    from . import print_table

    table = rows()
    print_table(table, sys.stdout)
    if "-v" in sys.argv[1:]:
        for base, author, raw, refined in ruby_disagreements():
            print(f"{base}\tauthor={author}\traw={raw}\trefined={refined}")
    return 0 if all(r.get("ok", True) for r in table) else 1


if __name__ == "__main__":
    sys.exit(main())
