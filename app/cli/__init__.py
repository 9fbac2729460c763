"""Command line: the GUI by default, and the headless subcommands.

One parser with subcommands. The options every command shares (--data-dir,
-v) and the window's options (--screenshot ...) are accepted before or after
the command name, so `shiori --data-dir D annotate F` and `shiori annotate F
--data-dir D` mean the same. A first word that is not a command is the file
to open in the reader.

Qt is imported only when a GUI command runs, so that `annotate`, `lookup` and
the rest work on a machine without a display or Qt's system libraries.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Callable, Sequence

from ..core.annotate import FORMATS

log = logging.getLogger("shiori")

# name -> (one line of help, module in app.cli, function)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "open": ("open FILE in the reader (the default: `shiori FILE`)", "gui", "cmd_gui"),
    "annotate": ("print documents with readings and furigana (json, html, aozora, text)", "annotate",
                 "cmd_annotate"),
    "lookup": ("look words up in the dictionary", "__init__", "cmd_lookup"),
    "vocab": ("list the saved words (with their sentences in JSON)", "vocab", "cmd_vocab"),
    "mark": ("set words' status: 1-5, known, ignored, none (= remove); inflected forms mark their dictionary form",
             "vocab", "cmd_mark"),
    "stats": ("reading progress and vocabulary figures; with FILE, that text's coverage", "vocab", "cmd_stats"),
    "export": ("export saved words: Anki deck (apkg), Anki text (tsv), Lute CSV or a JSON backup", "export",
               "cmd_export"),
    "import-known": ("add the words of a list, Lute CSV, Anki notes export or Shiori JSON to the vocabulary",
                     "export", "cmd_import_known"),
    "send-to-anki": ("add saved words to the running Anki through AnkiConnect", "export", "cmd_send_to_anki"),
    "bench": ("print the benchmark table (ratios against baselines measured in the same run)", "__init__",
              "cmd_bench"),
}


def _data_dir_help() -> str:
    from ..core.paths import data_dir

    return (f"where Shiori keeps the reader's data: the settings (settings.ini) and the store of "
            f"vocabulary and reading progress (default: $SHIORI_DATA_DIR, else {data_dir()})")


def _common_options(defaults: bool) -> argparse.ArgumentParser:
    """--data-dir and -v; on subcommands without defaults, so they never undo a value given before the command."""
    p = argparse.ArgumentParser(add_help=False)
    kw = {} if defaults else {"default": argparse.SUPPRESS}
    p.add_argument("--data-dir", metavar="DIR", help=_data_dir_help(), **kw)
    p.add_argument("-v", "--verbose", action="store_true", help="log what happens to standard error", **kw)
    return p


def _gui_options(defaults: bool) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    kw = {} if defaults else {"default": argparse.SUPPRESS}
    p.add_argument("--screenshot", metavar="OUT.png", help="render the window offscreen, save it and exit", **kw)
    p.add_argument("--size", metavar="WxH", help="window size for --screenshot (default 1200x800)", **kw)
    p.add_argument("--lookup", type=int, metavar="N", help="with --screenshot: open the lookup of token N", **kw)
    p.add_argument("--layout", metavar="OUT.json",
                   help="with --screenshot: also write the characters and ruby shown, with their boxes, as JSON",
                   **kw)
    p.add_argument("--vertical", action="store_true", default=False if defaults else argparse.SUPPRESS,
                   help="set the text vertically (columns from right to left)")
    return p


def build_parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="shiori",
        usage="shiori [options] [FILE]\n       shiori [options] COMMAND [command options]",
        parents=[_common_options(True), _gui_options(True)],
        description="Shiori, a reading assistant for learners of Japanese. "
        "With no command it opens FILE (or the bundled article) in the reader.",
        epilog="`shiori COMMAND --help` describes each command.",
    )
    top.set_defaults(size="1200x800")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    common, gui = _common_options(False), _gui_options(False)

    o = sub.add_parser("open", parents=[common, gui], help=COMMANDS["open"][0],
                       description="Open a text in the reader.")
    o.add_argument("file", nargs="?", help="a text, Aozora Bunko, HTML or EPUB file (default: the bundled article)")

    a = sub.add_parser("annotate", parents=[common], help=COMMANDS["annotate"][0],
                       description="Write documents with readings and furigana.")
    a.add_argument("files", nargs="*", metavar="FILE", help="no FILE: the bundled article")
    a.add_argument("--format", default="json", choices=FORMATS)
    a.add_argument("-o", "--output", metavar="OUT",
                   help="write here instead of standard output; with several files, a folder that gets one "
                        "file per document")
    a.add_argument("--indent", type=int, metavar="N", help="indent JSON by N spaces (default: compact)")
    a.add_argument("--raw-readings", action="store_true",
                   help="keep the analyser's readings (no dictionary cross-check)")

    lk = sub.add_parser("lookup", parents=[common], help=COMMANDS["lookup"][0],
                        description="Look words up in the dictionary.")
    lk.add_argument("words", nargs="*", metavar="WORD", help="no WORD: one per line on standard input")
    lk.add_argument("--json", action="store_true", help="one JSON object per word")
    lk.add_argument("--sentence", metavar="TEXT",
                    help="look each WORD up as a click on its first occurrence in TEXT would")

    v = sub.add_parser("vocab", parents=[common], help=COMMANDS["vocab"][0], description="The saved words.")
    v.add_argument("--status", action="append", metavar="S",
                   help="only words with this status (1-5, known, ignored); repeat or separate with commas")
    v.add_argument("--json", action="store_true", help="every field and every sentence, as JSON")

    m = sub.add_parser("mark", parents=[common], help=COMMANDS["mark"][0],
                       description="Set the status of words, as the reader's A, 1-5, W, I and Delete keys do.")
    m.add_argument("status", metavar="STATUS", help="1-5, known, ignored, or none to remove")
    m.add_argument("words", nargs="+", metavar="WORD", help="a dictionary form or an inflected form")

    st = sub.add_parser("stats", parents=[common], help=COMMANDS["stats"][0],
                        description="Reading progress and vocabulary; with FILE, how much of it you know.")
    st.add_argument("file", nargs="?", metavar="FILE", help="a text to measure against your vocabulary")
    st.add_argument("--json", action="store_true", help="the figures as one JSON object")

    from .export import add_parsers

    add_parsers(sub, common)

    b = sub.add_parser("bench", parents=[common], help=COMMANDS["bench"][0],
                       description="Measure Shiori against baselines taken in the same run.")
    b.add_argument("--only", metavar="AREA", help="run one area: analysis, dictionary, annotate or ui")
    return top


def _value_options(parser: argparse.ArgumentParser) -> set[str]:
    """The top-level options that take a value (so that value is not mistaken for a command)."""
    return {s for a in parser._actions if a.option_strings and a.nargs != 0 for s in a.option_strings}


def _with_command(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """`shiori FILE` and `shiori` mean `shiori open FILE` and `shiori open`."""
    takes_value = _value_options(parser)
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            return argv[:i] + ["open"] + argv[i:]
        if arg.startswith("-") and arg != "-":
            i += 2 if arg in takes_value else 1
            continue
        return argv if arg in COMMANDS else argv[:i] + ["open"] + argv[i:]
    if any(a in ("-h", "--help") for a in argv):
        return argv
    return argv + ["open"]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(_with_command(parser, argv))
        _logging(getattr(args, "verbose", False))
        try:
            return _command(args.command)(args)
        finally:
            _close_context(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `shiori annotate x | head`: the reader went away; not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _close_context(args) -> None:
    """Close the store a command opened, now rather than whenever the garbage collector runs.

    SQLite checkpoints the WAL into the store file when the last connection
    closes; left to the collector, that can happen long after the command
    (in the tests, after the next command has already looked at the file).
    """
    context = getattr(args, "opened_context", None)
    if context is not None:
        context.close()


def _command(name: str) -> Callable:
    import importlib

    _, module, function = COMMANDS[name]
    mod = sys.modules[__name__] if module == "__init__" else importlib.import_module(f"{__name__}.{module}")
    return getattr(mod, function)


def _logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(name)s: %(message)s")


def error(message: str) -> int:
    """One sentence on standard error, exit status 1."""
    print(f"shiori: {message}", file=sys.stderr)
    return 1


def progress_printer(label: str):
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


def cmd_lookup(args) -> int:
    from ..core.dictionary import DictionaryService
    from .lookup import run_lookup

    words = args.words
    if not words:
        words = [line.strip() for line in sys.stdin if line.strip()]
    return run_lookup(words, args.json, sys.stdout, DictionaryService(), sentence=args.sentence)


def cmd_bench(args) -> int:
    from ..bench import run

    return run(only=args.only)
