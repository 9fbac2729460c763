"""`shiori annotate FILE...`: documents with readings and furigana, to stdout, a file or a folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import error, progress_printer

# the file name a document gets in an output folder
SUFFIXES = {"json": ".json", "html": ".html", "aozora": ".aozora.txt", "text": ".txt"}


def cmd_annotate(args) -> int:
    from ..core import documents
    from ..core.annotate import annotate
    from ..core.paths import default_document

    files = list(args.files) or [str(default_document())]
    out_dir = _output_folder(args.output, len(files))
    if isinstance(out_dir, int):
        return out_dir
    dictionary = None if args.raw_readings else _dictionary()
    status = 0
    for name in files:
        try:
            doc = documents.load(name)
        except documents.DocumentError as e:
            status = error(str(e))
            continue
        label = f"analysing {Path(name).name}" if len(files) > 1 else "analysing"
        # several documents on standard output: compact JSON, one object per line
        lines = len(files) > 1 and out_dir is None and args.format == "json"
        text = annotate(doc, args.format, progress=progress_printer(label), dictionary=dictionary,
                        indent=None if lines else args.indent)
        if out_dir is not None:
            target = out_dir / (Path(name).stem + SUFFIXES[args.format])
        elif args.output:
            target = Path(args.output)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
            continue
        if not write_atomically(target, text):
            status = 1
    return status


def _dictionary():
    """The dictionary for reading checks, or None (with a note) when it cannot be used."""
    from ..core.context import create_context

    service = create_context().dictionary
    problem = service.status()
    if problem:
        print(f"shiori: {problem} Readings are the analyser's own.", file=sys.stderr)
        return None
    return service


def _output_folder(output: str | None, count: int) -> Path | None | int:
    """The folder documents go to: -o DIR with several files (made if missing), or an existing folder."""
    if not output:
        return None
    path = Path(output)
    if path.is_dir():
        return path
    if count > 1:
        if path.exists():
            return error(f"{output} is a file: with several documents, -o must name a folder")
        try:
            path.mkdir(parents=True)
        except OSError as e:
            return error(f"cannot make the folder {output}: {e.strerror or e}")
        return path
    return None


def write_atomically(out: Path, text: str) -> bool:
    """Write through a temporary file and a rename, so OUT is never half-written."""
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out)
    except OSError as e:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass  # there was nowhere to write it in the first place
        error(f"cannot write {out}: {e.strerror or e}")
        return False
    return True
