"""Vocabulary out to Anki (.apkg, notes text), Lute (CSV) and Shiori's own JSON; known words in.

The command line and the window use these names; the modules behind them
are an implementation detail:

* ``notes``: a saved word as Shiori's Anki note (fields, tags, GUID);
* ``anki_deck``: the note type, the .apkg and the notes text file;
* ``files``: atomic writing, Lute's CSV and the JSON backup;
* ``exporting``: which words, in which format, and the log of exports;
* ``known``: importing word lists, Lute CSV, Anki notes and the JSON backup.
"""

from .anki_deck import DEFAULT_DECK, MODEL_ID, MODEL_NAME, shiori_model, templates
from .exporting import (DEFAULT_STATUSES, FORMAT_LABELS, FORMATS, ExportRequest, ExportResult, default_suffix,
                        export_vocabulary, last_export, resolve_document, select_words)
from .files import ExportError, OutputExists, word_json
from .known import ImportFileError, ImportSummary, import_known, normalise_word
from .notes import ALL_STATUS_TAGS, FIELD_NAMES, TAG, NoteBuilder, NoteFields, status_tags

__all__ = [
    "ALL_STATUS_TAGS", "DEFAULT_DECK", "DEFAULT_STATUSES", "ExportError", "ExportRequest", "ExportResult",
    "FIELD_NAMES", "FORMATS", "FORMAT_LABELS", "ImportFileError", "ImportSummary", "MODEL_ID", "MODEL_NAME",
    "NoteBuilder", "NoteFields", "OutputExists", "TAG", "default_suffix", "export_vocabulary", "import_known",
    "last_export", "normalise_word", "resolve_document", "select_words", "shiori_model", "status_tags",
    "templates", "word_json",
]
