"""Open what the learner chose: read the file, tell the formats apart, hand over to a parser.

``load`` and ``from_text`` are the only ways in, and they raise DocumentError
and nothing else: a bug in a parser reaches the learner as a sentence and the
log gets the traceback.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path
from typing import Callable

from . import aozora, epub, html, plain
from .encoding import decode
from .model import Document, DocumentError, Parsed, Progress, build, describe_size, logger
from .normalise import normalise

MAX_FILE_BYTES = 50 * 1024 * 1024
_UNTITLED = "Untitled"


def _stem(path: str) -> str:
    return Path(path).stem or Path(path).name or path


def _read_file(path: str, name: str) -> bytes:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DocumentError(f"{name}: this file does not exist.") from None
    except NotADirectoryError:
        raise DocumentError(f"{name}: this file does not exist.") from None
    except PermissionError:
        raise DocumentError(f"{name}: Shiori is not allowed to read this file.") from None
    except (OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or "the system refused"
        raise DocumentError(f"{name}: this file could not be read ({reason}).") from None
    if stat.S_ISDIR(st.st_mode):
        raise DocumentError(f"{name}: this is a folder, not a file.")
    if not stat.S_ISREG(st.st_mode):
        raise DocumentError(f"{name}: this is not an ordinary file.")
    if st.st_size > MAX_FILE_BYTES:
        raise DocumentError(
            f"{name}: this file is {describe_size(st.st_size)}, "
            f"more than the {describe_size(MAX_FILE_BYTES)} Shiori opens."
        )
    if st.st_size == 0:
        raise DocumentError(f"{name}: this file is empty.")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise DocumentError(f"{name}: Shiori is not allowed to read this file.") from None
    except IsADirectoryError:
        raise DocumentError(f"{name}: this is a folder, not a file.") from None
    except OSError as e:
        reason = e.strerror or "the system refused"
        raise DocumentError(f"{name}: this file could not be read ({reason}).") from None
    if len(data) > MAX_FILE_BYTES:  # it grew between stat and read
        raise DocumentError(
            f"{name}: this file grew past the {describe_size(MAX_FILE_BYTES)} Shiori opens "
            "while it was being read."
        )
    if not data:
        raise DocumentError(f"{name}: this file is empty.")
    return data


def _parse_text(
    text: str, progress: Progress, *, html_hint: bool = False, name: str = "text"
) -> Parsed:
    """Decoded text to its parse: HTML when the caller says so, Aozora when it has the notation."""
    text = normalise(text)
    if html_hint:
        return html.parse(text, name)
    if aozora.looks_aozora(text):
        return aozora.parse(text, progress)
    return plain.parse(text, progress)


_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xht"})
_PLAIN_SUFFIXES = frozenset({".txt", ".text"})


def _load(path: str, progress: Progress) -> Document:
    name = path  # messages name the file as the learner gave it, folders and all
    progress.check()
    data = _read_file(path, name)
    suffix = Path(path).suffix.lower()

    if data.startswith(b"PK") or suffix == ".epub":
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except Exception:  # zipfile raises many kinds of error for garbage
            if suffix == ".epub":
                raise DocumentError(
                    f"{name}: this EPUB book is damaged and cannot be opened "
                    "(it is not a valid ZIP archive)."
                ) from None
            zf = None
        if zf is not None:
            with zf:
                if suffix != ".epub" and not epub.is_epub(zf):
                    raise DocumentError(
                        f"{name}: this file is not text; it looks like a ZIP archive."
                    )
                book = epub.parse(zf, name, progress)
            if not book.has_text():
                raise DocumentError(
                    f"{name}: this EPUB book has no text Shiori can show "
                    "(it may contain only images)."
                )
            return build(book, fallback_title=_stem(path), source=path)

    text, encoding = decode(data, name)
    html_hint = suffix in _HTML_SUFFIXES or (
        suffix not in _PLAIN_SUFFIXES and html.looks_like_html(text)
    )
    progress.check()
    parsed = _parse_text(text, progress, html_hint=html_hint, name=name)
    if not parsed.has_text():
        raise DocumentError(f"{name}: this file contains no text.")
    return build(parsed, fallback_title=_stem(path), encoding=encoding, source=path)


def load(
    path: str | os.PathLike[str],
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Document:
    """Open a file the learner chose, whatever its format or encoding.

    Raises DocumentError (and only that) for anything that is not a readable
    document, with a message meant for the learner.

    A long book takes seconds, so a caller on another thread may pass
    *progress(done, total)*, called with the chapters of an EPUB or the lines
    of a text read so far (only the ratio means anything; the last call has
    ``done == total``), and *should_stop()*, asked as often, which ends the
    load with LoadCancelled (a DocumentError) when it returns True.
    """
    try:
        path_str = os.fspath(path)
    except TypeError:
        raise DocumentError("This is not a file name Shiori understands.") from None
    if isinstance(path_str, bytes):
        path_str = os.fsdecode(path_str)
    steps = Progress(progress, should_stop, path_str)
    try:
        document = _load(path_str, steps)
        steps.finish()
    except DocumentError:
        raise
    except (MemoryError, RecursionError):
        logger.exception("loading %s ran out of resources", path_str)
        raise DocumentError(
            f"{path_str}: this file is too complex for Shiori to open."
        ) from None
    except Exception:
        # A bug in a parser must not reach the learner as a traceback.
        logger.exception("unexpected failure loading %s", path_str)
        raise DocumentError(
            f"{path_str}: Shiori could not read this file (an internal error)."
        ) from None
    logger.info(
        "loaded %s: %s, %s, %d paragraphs, %d ruby",
        path_str,
        document.format,
        document.encoding,
        len(document.paragraphs),
        len(document.ruby),
    )
    return document


def from_text(
    text: str,
    title: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Document:
    """Build a document from pasted text; Aozora markup is recognised there too.

    An explicit ``title`` wins over anything found in the text.  *progress*
    and *should_stop* work as for ``load``.
    """
    steps = Progress(progress, should_stop)
    try:
        steps.check()
        document = build(_parse_text(text, steps), title=title, fallback_title=_UNTITLED)
        steps.finish()
        return document
    except DocumentError:
        raise
    except (MemoryError, RecursionError):
        logger.exception("pasted text ran out of resources")
        raise DocumentError("This text is too complex for Shiori to open.") from None
    except Exception:
        logger.exception("unexpected failure reading pasted text")
        raise DocumentError("Shiori could not read this text (an internal error).") from None
