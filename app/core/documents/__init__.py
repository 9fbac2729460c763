"""Turn whatever a learner opens into paragraphs, headings and the author's ruby.

Every format is reduced here to the same shape: one string per paragraph,
markup removed, and readings kept as ``RubySpan`` offsets into the *final*
text.  Standard library only, and no Qt: this package runs in tests and the CLI.

    model       Document, RubySpan, Heading, DocumentError; Parsed and build(); Progress
    normalise   line breaks, controls, titles; patterns compiled on first use
    encoding    decode(): BOMs, UTF-16 without one, damaged UTF-8, Shift_JIS, EUC-JP
    plain       plain text
    aozora      Aozora Bunko notation, read and written
    html        HTML pages and EPUB chapters
    epub        EPUB books
    loader      load() and from_text(): read the file and dispatch

The size limits are re-exported for reading; they are looked up where they
live (``loader.MAX_FILE_BYTES``, ``epub.MAX_EPUB_*``), so change them there.
"""

from __future__ import annotations

from .encoding import decode
from .epub import MAX_EPUB_ENTRY_BYTES, MAX_EPUB_TOTAL_BYTES
from .loader import MAX_FILE_BYTES, from_text, load
from .model import Document, DocumentError, Heading, LoadCancelled, RubySpan

__all__ = [
    "MAX_EPUB_ENTRY_BYTES",
    "MAX_EPUB_TOTAL_BYTES",
    "MAX_FILE_BYTES",
    "Document",
    "DocumentError",
    "Heading",
    "LoadCancelled",
    "RubySpan",
    "decode",
    "from_text",
    "load",
]
