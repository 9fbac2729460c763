"""The texts the benchmarks read: the bundled article and Rashomon, repeated to a novel's length."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..core import documents
from ..core.paths import default_document

_RASHOMON = "rashomon_aozora_sjis.txt"
_NOVEL = "kokoro_aozora_sjis.txt"  # Natsume Sōseki's Kokoro, a whole novel


def rashomon_path() -> Path | None:
    """The Aozora test text: in tests/data of a checkout, or beside the project in shared/corpus."""
    here = Path(__file__).resolve().parents[2]
    for candidate in (here / "tests" / "data" / _RASHOMON, here.parent / "shared" / "corpus" / _RASHOMON):
        if candidate.is_file():
            return candidate
    return None


def novel_path() -> Path | None:
    """A whole novel in Aozora notation, from a shared/corpus folder beside the project (or above it)."""
    for parent in Path(__file__).resolve().parents[2:5]:
        candidate = parent / "shared" / "corpus" / _NOVEL
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=1)
def long_paragraphs(target_chars: int = 300_000) -> tuple[str, ...]:
    """About *target_chars* characters of real Japanese, as paragraphs."""
    source: list[str] = list(documents.load(default_document()).paragraphs)
    path = rashomon_path()
    if path is not None:
        source += documents.load(path).paragraphs
    source = [p for p in source if p.strip()]
    out: list[str] = []
    total = 0
    while total < target_chars:
        for p in source:
            out.append(p)
            total += len(p)
            if total >= target_chars:
                break
    return tuple(out)
