"""Shiori's note type, and the two files Anki imports: a deck package (.apkg) and a notes text file.

The note type and the deck keep fixed ids (the deck's from its name), and
each note's GUID comes from its word, so importing a newer export updates
the notes already in Anki instead of adding them again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import time
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import genanki

from ..paths import resources_dir
from .formats import DEFAULT_DECK
from .notes import FIELD_NAMES, NoteFields

__all__ = ["MODEL_ID", "MODEL_NAME", "DEFAULT_DECK", "CARD_NAME", "templates", "shiori_model", "deck_id",
           "write_apkg", "tsv_text"]

MODEL_NAME = "Shiori"
MODEL_ID = 1_607_392_319  # never change: Anki knows the note type by it
CARD_NAME = "Recognition"


@lru_cache(maxsize=1)
def templates() -> tuple[str, str, str]:
    """Front, back and CSS of the card, from resources/anki (edit them there)."""
    folder = Path(resources_dir()) / "anki"
    return tuple((folder / name).read_text(encoding="utf-8") for name in ("front.html", "back.html", "card.css"))


def shiori_model() -> genanki.Model:
    front, back, css = templates()
    return genanki.Model(
        MODEL_ID, MODEL_NAME,
        fields=[{"name": name} for name in FIELD_NAMES],
        templates=[{"name": CARD_NAME, "qfmt": front, "afmt": back}],
        css=css,
    )


def clean_deck_name(name: str | None) -> str:
    """A deck name Anki accepts: one line, no empty parts around its "::" separators."""
    parts = [p.strip() for p in " ".join((name or "").split()).split("::")]
    return "::".join(p for p in parts if p) or DEFAULT_DECK


def deck_id(name: str) -> int:
    """A stable id for the deck of this name (Anki needs one; a random one would make a new deck each time)."""
    digest = hashlib.sha256(("shiori-deck:" + name).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def write_apkg(notes: Sequence[NoteFields], path: str | Path, deck: str = DEFAULT_DECK,
               timestamp: float | None = None) -> None:
    """Write an Anki package of *notes* into *deck* at *path* (the caller makes it atomic)."""
    deck = clean_deck_name(deck)
    model = shiori_model()
    package_deck = genanki.Deck(deck_id(deck), deck)
    for n in notes:
        package_deck.add_note(genanki.Note(model=model, fields=n.values, tags=list(n.tags), guid=n.guid))
    stamp = timestamp if timestamp is not None else time.time()
    genanki.Package(package_deck).write_to_file(str(path), timestamp=stamp)


TSV_COLUMNS = (*FIELD_NAMES, "Tags", "GUID")


def tsv_text(notes: Iterable[NoteFields], deck: str = DEFAULT_DECK) -> str:
    """Anki's notes-in-plain-text format: header lines, then one tab-separated line per note.

    The headers tell Anki's importer the separator, that fields are HTML,
    the note type and deck, which columns hold the tags and the GUID, and
    the field name of every column (so it maps them by name). A field with a
    tab, a quote or a line break is quoted as CSV quotes it.
    """
    deck = clean_deck_name(deck)
    out = io.StringIO()
    out.write("#separator:tab\n#html:true\n")
    out.write(f"#notetype:{MODEL_NAME}\n#deck:{deck}\n")
    out.write(f"#tags column:{TSV_COLUMNS.index('Tags') + 1}\n#guid column:{TSV_COLUMNS.index('GUID') + 1}\n")
    out.write("#columns:" + "\t".join(TSV_COLUMNS) + "\n")
    writer = csv.writer(out, delimiter="\t", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    for n in notes:
        row = [*n.values, " ".join(n.tags), n.guid]
        if row[0].startswith("#"):  # would read as a header or comment line
            row[0] = '"' + row[0].replace('"', '""') + '"'
            out.write(row[0] + "\t")
            writer.writerow(row[1:])
        else:
            writer.writerow(row)
    return out.getvalue()
