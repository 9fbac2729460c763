"""`shiori export`, `shiori import-known` and `shiori send-to-anki`: the vocabulary out to Anki and files, and in."""

from __future__ import annotations

from pathlib import Path

from . import error
from .vocab import _context, _statuses


def cmd_export(args) -> int:
    from ..core.export import ExportError, ExportRequest, OutputExists, export_vocabulary, resolve_document

    try:
        statuses = _statuses(args.status)
    except ValueError as e:
        return error(str(e))
    if statuses is not None and any(not s.is_saved for s in statuses):
        return error("“none” is not a status a saved word has: use 1-5, known or ignored.")
    context = _context(args)
    if isinstance(context, int):
        return context
    try:
        document = resolve_document(context.library, args.document) if args.document else None
        request = ExportRequest(args.format, Path(args.output), statuses, document, args.since_last, args.force,
                                args.deck)
        result = export_vocabulary(context, request)
    except OutputExists as e:
        return error(f"{e.path} already exists: give --force to replace it.")
    except ExportError as e:
        return error(str(e))
    print(result.message())
    return 0


def cmd_import_known(args) -> int:
    from ..core.export import ExportError, ImportFileError, import_known
    from ..core.words import Status

    status = None
    if args.status is not None:
        try:
            status = Status.parse(args.status)
        except ValueError as e:
            return error(str(e))
    context = _context(args)
    if isinstance(context, int):
        return context
    try:
        summary = import_known(context, args.file, status, args.not_found)
    except (ImportFileError, ExportError) as e:
        return error(str(e))
    print(summary.message())
    if summary.not_found:
        print("Not found: " + ", ".join(summary.not_found))
        if args.not_found:
            print(f"(written to {args.not_found})")
    return 0


def cmd_send_to_anki(args) -> int:
    from ..core.anki_connect import AnkiConnect, AnkiConnectError, send_to_anki
    from ..core.word_keys import key_for

    context = _context(args)
    if isinstance(context, int):
        return context
    vocab = context.vocabulary
    keys, missing = [], []
    for text in args.words:
        word = text.strip()
        found = [k for k in vocab.statuses() if word in (k.lemma, k.label())]
        if not found and not context.dictionary.status():
            key = key_for(word, context.dictionary)
            found = [key] if key is not None and key in vocab else []
        if found:
            keys.extend(found)
        else:
            missing.append(word)
    if missing:
        return error(f"Not in the vocabulary: {', '.join(missing)} (save {'it' if len(missing) == 1 else 'them'} "
                     f"first, with shiori mark).")
    try:
        results = send_to_anki(context, keys, deck=args.deck, client=AnkiConnect(port=args.port))
    except AnkiConnectError as e:
        return error(str(e))
    for r in results:
        print(f"{r.key.label()}: {'added to' if r.added else 'updated in'} Anki (note {r.note_id})")
    return 0


def add_parsers(sub, common) -> None:
    """The three commands' options (called by build_parser)."""
    from ..core.export.formats import DEFAULT_DECK, FORMATS
    from . import COMMANDS

    e = sub.add_parser("export", parents=[common], help=COMMANDS["export"][0],
                       description="Export saved words to an Anki deck, Anki's text import, Lute's CSV or a JSON "
                                   "backup. With no --status, every saved word but the ignored ones.")
    e.add_argument("--format", required=True, choices=FORMATS,
                   help="apkg: Anki deck; tsv: Anki notes as text; csv: Lute terms; json: everything, for backups")
    e.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write")
    e.add_argument("--status", action="append", metavar="S",
                   help="only words with this status (1-5, known, ignored); repeat or separate with commas")
    e.add_argument("--document", metavar="ID_OR_TITLE", help="only words with a sentence from this text")
    e.add_argument("--since-last", action="store_true",
                   help="only words added or changed since the last export in this format")
    e.add_argument("--force", action="store_true", help="replace OUT if it exists")
    e.add_argument("--deck", default=DEFAULT_DECK, metavar="NAME",
                   help=f"the Anki deck (apkg, tsv; default {DEFAULT_DECK!r}; A::B for a subdeck)")

    i = sub.add_parser("import-known", parents=[common], help=COMMANDS["import-known"][0],
                       description="Add the words of a file to the vocabulary: one word per line, Lute's CSV "
                                   "(a term column), Anki's notes as text (first field), or Shiori's JSON "
                                   "(restored as it was). Words already saved are left as they are.")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--status", metavar="S",
                   help="the status new words get (default: known; a Lute CSV keeps its own unless given)")
    i.add_argument("--not-found", metavar="OUT", help="write the words the dictionary does not know to OUT")

    s = sub.add_parser("send-to-anki", parents=[common], help=COMMANDS["send-to-anki"][0],
                       description="Add saved words to the running Anki through its AnkiConnect add-on "
                                   "(updating the notes already there).")
    s.add_argument("words", nargs="+", metavar="WORD")
    s.add_argument("--deck", default=DEFAULT_DECK, metavar="NAME", help=f"the deck (default {DEFAULT_DECK!r})")
    s.add_argument("--port", type=int, default=8765, help="AnkiConnect's port on this computer (default 8765)")
