"""Command line: the GUI by default, and the headless subcommands.

Qt is imported only when a GUI command runs, so that `annotate`, `lookup` and
the rest work on a machine without a display or Qt's system libraries.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Sequence

from ..core.annotate import FORMATS

log = logging.getLogger("shiori")

COMMANDS = ("annotate", "lookup", "bench")


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", metavar="DIR", help="where the SQLite store lives (default: SHIORI_DATA_DIR or the platform's data folder)")
    p.add_argument("-v", "--verbose", action="store_true", help="log what happens to stderr")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="shiori",
        description="Shiori, a reading assistant for learners of Japanese. "
        "With no command it opens FILE (or the bundled article) in the reader.",
        epilog="Commands: " + ", ".join(COMMANDS) + " (shiori COMMAND --help for each).",
    )
    p.add_argument("file", nargs="?", help="a text, Aozora Bunko, HTML or EPUB file")
    p.add_argument("--screenshot", metavar="OUT.png", help="render the window offscreen, save it and exit")
    p.add_argument("--size", default="1200x800", metavar="WxH", help="window size for --screenshot")
    p.add_argument("--lookup", type=int, metavar="N", help="with --screenshot: open the lookup of token N")
    _add_common(p)
    return p


def build_command_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="shiori")
    sub = p.add_subparsers(dest="command", required=True)

    a = sub.add_parser("annotate", help="print a document with readings and furigana")
    a.add_argument("file", nargs="?", help="no FILE: the bundled article")
    a.add_argument("--format", default="json", choices=FORMATS)
    a.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    a.add_argument("--raw-readings", action="store_true",
                   help="keep the analyser's readings (no dictionary cross-check)")
    _add_common(a)

    lk = sub.add_parser("lookup", help="look words up in the dictionary")
    lk.add_argument("words", nargs="*", metavar="WORD", help="no WORD: one per line on standard input")
    lk.add_argument("--json", action="store_true", help="one JSON object per word")
    _add_common(lk)

    b = sub.add_parser("bench", help="print the benchmark table")
    b.add_argument("--only", metavar="AREA", help="run one area: analysis, dictionary or ui")
    _add_common(b)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            args = build_command_parser().parse_args(argv)
            _logging(args.verbose)
            return {"annotate": cmd_annotate, "lookup": cmd_lookup, "bench": cmd_bench}[args.command](args)
        args = build_parser().parse_args(argv)
        _logging(args.verbose)
        return cmd_gui(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `shiori annotate x | head`: the reader went away; not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(name)s: %(message)s")


def _error(message: str) -> int:
    print(f"shiori: {message}", file=sys.stderr)
    return 1


def _progress_printer(label: str):
    """Progress on stderr for long work, only when someone is watching a terminal."""
    if not sys.stderr.isatty():
        return None
    state = {"last": -1}

    def progress(done: int, total: int) -> None:
        pct = done * 100 // max(total, 1)
        if pct != state["last"]:
            state["last"] = pct
            end = "\n" if done >= total else ""
            print(f"\r{label}: {pct}%", end=end, file=sys.stderr, flush=True)

    return progress


def cmd_annotate(args) -> int:
    from ..core import documents
    from ..core.annotate import annotate
    from ..core.dictionary import DictionaryService
    from ..core.paths import default_document

    try:
        doc = documents.load(args.file or default_document())
    except documents.DocumentError as e:
        return _error(str(e))
    dictionary = None if args.raw_readings else DictionaryService()
    text = annotate(doc, args.format, progress=_progress_printer("analysing"), dictionary=dictionary)
    if args.output:
        out = Path(args.output)
        tmp = out.with_name(out.name + ".part")
        try:
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, out)  # never a half-written OUT
        except OSError as e:
            tmp.unlink(missing_ok=True)
            return _error(f"cannot write {out}: {e.strerror or e}")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0


def cmd_lookup(args) -> int:
    from ..core.dictionary import DictionaryService
    from .lookup import run_lookup

    words = args.words
    if not words:
        words = [line.strip() for line in sys.stdin if line.strip()]
    return run_lookup(words, args.json, sys.stdout, DictionaryService(), sentence=getattr(args, "sentence", None))


def cmd_bench(args) -> int:
    from ..bench import run

    return run(only=args.only)


def cmd_gui(args) -> int:
    from ..ui.app import run_gui

    return run_gui(args)
