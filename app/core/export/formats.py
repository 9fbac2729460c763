"""The export formats and defaults, in a module light enough for the command line's parser to import."""

from __future__ import annotations

__all__ = ["FORMATS", "FORMAT_LABELS", "DEFAULT_DECK", "default_suffix"]

FORMATS = ("apkg", "tsv", "csv", "json")
FORMAT_LABELS = {
    "apkg": "Anki deck (.apkg)",
    "tsv": "Anki notes, text (.txt)",
    "csv": "Lute terms (.csv)",
    "json": "Shiori backup (.json)",
}
DEFAULT_DECK = "Shiori"
_SUFFIXES = {"apkg": ".apkg", "tsv": ".txt", "csv": ".csv", "json": ".json"}


def default_suffix(fmt: str) -> str:
    return _SUFFIXES[fmt]
