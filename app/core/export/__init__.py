"""Vocabulary out to Anki (.apkg, notes text), Lute (CSV) and Shiori's own JSON; known words in.

The command line and the window use these names; the modules behind them
are an implementation detail:

* ``notes``: a saved word as Shiori's Anki note (fields, tags, GUID);
* ``anki_deck``: the note type, the .apkg and the notes text file;
* ``files``: atomic writing, Lute's CSV and the JSON backup;
* ``exporting``: which words, in which format, and the log of exports;
* ``known``: importing word lists, Lute CSV, Anki notes and the JSON backup.
"""

from importlib import import_module

# Loaded on first use: the command line builds its parser from `formats`
# without paying for genanki on every start.
_WHERE = {
    "DEFAULT_DECK": "formats", "FORMATS": "formats", "FORMAT_LABELS": "formats", "default_suffix": "formats",
    "MODEL_ID": "anki_deck", "MODEL_NAME": "anki_deck", "shiori_model": "anki_deck", "templates": "anki_deck",
    "DEFAULT_STATUSES": "exporting", "ExportRequest": "exporting", "ExportResult": "exporting",
    "export_vocabulary": "exporting", "last_export": "exporting", "resolve_document": "exporting",
    "select_words": "exporting",
    "ExportError": "files", "OutputExists": "files", "word_json": "files",
    "ImportFileError": "known", "ImportSummary": "known", "import_known": "known", "normalise_word": "known",
    "ALL_STATUS_TAGS": "notes", "FIELD_NAMES": "notes", "TAG": "notes", "NoteBuilder": "notes",
    "NoteFields": "notes", "status_tags": "notes",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
