"""Furigana against the author's ruby: how often Shiori reads a word as the author did.

An Aozora Bunko novel carries the ruby its author (or its editor) gave, and
that ruby sits on exactly the words a reader could misread: the fairest test
of the readings Shiori shows where a text has none. Two measures, each on a
whole novel, each read the way `shiori annotate` reads (the analysis, then
the dictionary's choices in context):

* **stripped**: every ruby removed, the text annotated, and Shiori's reading of
  each ruby base compared with the author's. What a text without ruby gets.
* **later occurrences**: only each word's first ruby kept (a word being a
  spelling with one reading, as the vocabulary counts words: 宅 read たく and
  宅 read うち are two), every later one removed and compared. What the
  author's ruby, given once, does for the rest of the text.

Run with `shiori bench --only readings`; `python -m app.bench.readings -v FILE`
also lists the bases Shiori reads differently, most frequent first.
"""

from __future__ import annotations

import dataclasses
import sys
from collections import Counter
from pathlib import Path
from typing import Iterable

from .corpus import novel_path, rashomon_path

__all__ = ["reading_of_span", "agreement", "first_ruby_only", "rows"]

TARGET_STRIPPED = 0.78  # こころ
TARGET_LATER = 0.93


def reading_of_span(tokens: list, start: int, end: int) -> str | None:
    """Shiori's reading of text[start:end]: the furigana segments covering exactly that span.

    None when no segment boundary falls where the base begins or ends (a
    reading that cannot be divided there is not the author's reading of it).
    """
    from ..core.chars import to_hiragana

    pieces: list[str] = []
    pos = None
    for t in tokens:
        if t.end <= start or t.start >= end:
            continue
        seg_start = t.start
        for text, ruby in t.furigana:
            seg_end = seg_start + len(text)
            if seg_end > start and seg_start < end:
                if seg_start < start or seg_end > end:
                    # a segment straddles the base: use whole tokens if they fit exactly
                    return _reading_by_tokens(tokens, start, end)
                if pos is None:
                    pos = seg_start
                pieces.append(to_hiragana(ruby) if ruby else to_hiragana(text))
            seg_start = seg_end
    if pos != start or not pieces:
        return None
    return "".join(pieces)


def _reading_by_tokens(tokens: list, start: int, end: int) -> str | None:
    from ..core.chars import to_hiragana

    inside = [t for t in tokens if t.start < end and t.end > start]
    if not inside or inside[0].start != start or inside[-1].end != end:
        return None
    return "".join(t.reading or to_hiragana(t.surface) for t in inside)


def first_ruby_only(doc, by_spelling: bool = False) -> tuple[object, list]:
    """The document with only each word's first ruby (spelling and reading), and the ruby taken away.

    *by_spelling*: each spelling's first ruby only, whatever its reading (a
    harder test: a later reading the author never gave cannot be carried).
    """
    seen: set = set()
    kept, removed = [], []
    for r in doc.ruby:
        base = doc.paragraphs[r.paragraph][r.start:r.end]
        word = base if by_spelling else (base, r.ruby)
        if word in seen:
            removed.append(r)
        else:
            seen.add(word)
            kept.append(r)
    return dataclasses.replace(doc, ruby=tuple(kept)), removed


def analyser_only(doc) -> list[list]:
    """The baseline: the analyser's readings, each paragraph's own ruby applied and nothing more."""
    from ..core.analysis import Analyzer

    a = Analyzer()
    return [a.analyze(text, doc.ruby_for(i)) for i, text in enumerate(doc.paragraphs)]


def agreement(doc, measured: Iterable, dictionary=None, baseline: bool = False) -> tuple[int, int, Counter]:
    """(bases read as the author did, bases, the others counted by (base, author, Shiori)).

    *doc* is what Shiori reads (its ruby already taken away where it should
    be); *measured* the author's ruby to compare with; *baseline*: the
    analyser's readings alone.
    """
    from ..core.annotate import read_document
    from ..core.chars import to_hiragana

    paragraphs = analyser_only(doc) if baseline else read_document(doc, dictionary)
    agree = total = 0
    misses: Counter = Counter()
    for r in measured:
        total += 1
        want = to_hiragana(r.ruby)
        got = reading_of_span(paragraphs[r.paragraph], r.start, r.end)
        if got == want:
            agree += 1
        else:
            misses[(doc.paragraphs[r.paragraph][r.start:r.end], want, got)] += 1
    return agree, total, misses


def measure(path: Path, dictionary=None) -> dict:
    """Both measures on one Aozora file, with the analyser's own readings as the baseline."""
    from ..core import documents

    doc = documents.load(path)
    stripped = dataclasses.replace(doc, ruby=())
    later_doc, removed = first_ruby_only(doc)
    spelling_doc, spelling_removed = first_ruby_only(doc, by_spelling=True)
    out = {"name": path.name, "bases": len(doc.ruby), "later_bases": len(removed),
           "spelling_bases": len(spelling_removed)}
    for label, source, measured in (("stripped", stripped, doc.ruby), ("later", later_doc, removed),
                                    ("spelling", spelling_doc, spelling_removed)):
        agree, total, misses = agreement(source, measured, dictionary)
        raw, _, _ = agreement(source, measured, baseline=True)
        out[label] = agree / total if total else float("nan")
        out[label + "_raw"] = raw / total if total else float("nan")
        out[label + "_misses"] = misses
    return out


def rows() -> list[dict]:
    from ..core.dictionary import DictionaryService

    dictionary = DictionaryService()
    if dictionary.status():
        return [{"measure": "readings: the dictionary is not installed", "ok": False}]
    out = []
    novel = novel_path()
    if novel is None:
        out.append({"measure": "readings: no novel to measure (shared/corpus)", "ok": True})
    for path, targets in ((novel, (TARGET_STRIPPED, TARGET_LATER)), (rashomon_path(), None)):
        if path is None:
            continue
        m = measure(path, dictionary)
        for label, what, n in (("stripped", "ruby stripped", m["bases"]),
                               ("later", "later occurrences, each word's first ruby kept", m["later_bases"]),
                               ("spelling", "later occurrences, each spelling's first ruby kept",
                                m["spelling_bases"])):
            shiori, raw = m[label], m[label + "_raw"]
            if label == "spelling":
                target, ok = "reported", True
            elif targets is None:
                target, ok = "≥ analyser", shiori >= raw
            else:
                goal = targets[0] if label == "stripped" else targets[1]
                target, ok = f"≥ {goal:.2f}", shiori >= goal
            out.append({"measure": f"readings as the author's, {m['name']} ({n} bases), {what} (vs analyser)",
                        "shiori": shiori, "baseline": raw, "unit": "share",
                        "ratio": shiori / raw if raw else float("nan"), "target": target, "ok": ok})
    return out


def main(argv: list[str]) -> int:
    from ..core.dictionary import DictionaryService
    from . import print_table

    verbose = "-v" in argv
    files = [Path(a) for a in argv if not a.startswith("-")]
    if not verbose or not files:
        table = rows()
        print_table(table, sys.stdout)
        return 0 if all(r.get("ok", True) for r in table) else 1
    dictionary = DictionaryService()
    for path in files:
        m = measure(path, dictionary)
        for label in ("stripped", "later", "spelling"):
            print(f"== {path.name} {label}: {m[label]:.4f} (analyser {m[label + '_raw']:.4f})")
            for (base, author, shiori), n in m[label + "_misses"].most_common(60):
                print(f"{n}\t{base}\tauthor={author}\tshiori={shiori}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
