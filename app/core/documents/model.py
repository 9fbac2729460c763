"""What every format is reduced to: a Document with its headings and the author's ruby.

Everything downstream (analysis, the reader view, progress) works on
``Document.paragraphs`` and trusts that ruby offsets point into those strings.
Bad input never escapes as a traceback: it becomes a ``DocumentError`` whose
message is shown to the learner as-is.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable

from ..chars import readable_count

# One logger for the whole area: every format's warnings read as "documents".
logger = logging.getLogger("app.core.documents")


class DocumentError(Exception):
    """A loading problem explained in one sentence a learner understands.

    ``str(e)`` is shown to the user as-is, so it must never be a traceback
    or a Python exception name.
    """


class LoadCancelled(DocumentError):
    """The caller's should_stop() asked the load to give up; nothing is wrong with the file."""


@dataclass(frozen=True, slots=True)
class RubySpan:
    paragraph: int  # index into Document.paragraphs
    start: int  # char offset in that paragraph's text
    end: int  # exclusive
    ruby: str  # the author's reading as written (kana)


@dataclass(frozen=True, slots=True)
class Heading:
    paragraph: int
    level: int  # 1 = 大見出し, 2 = 中見出し, 3 = 小見出し


def text_id(paragraphs: Iterable[str]) -> str:
    """The first 32 hex digits of SHA-256 over the paragraphs joined by "\\n" (UTF-8).

    Only the text counts, not its title, path or format, so that the same
    article opened from another folder, or pasted again, is the same document
    and finds its reading position and words again.
    """
    digest = hashlib.sha256()
    separator = b""
    for paragraph in paragraphs:  # a novel is hashed without joining it into one string
        digest.update(separator)
        digest.update(paragraph.encode("utf-8", "surrogatepass"))
        separator = b"\n"
    return digest.hexdigest()[:32]


def _reading_order(span: RubySpan) -> tuple[int, int]:
    return span.paragraph, span.start


@dataclass(frozen=True)
class Document:
    """A loaded text, reduced to what the reader and the analyser need.

    Immutable, so that a worker can analyse it while the reader paints it and
    whatever is keyed by it stays true.  ``ruby`` is sorted by ``(paragraph,
    start)`` so views can bisect it; the per-paragraph indexes are built on
    first use, since the reader asks for them on every repaint.  ``id``
    depends on the paragraphs alone (see ``text_id``).
    """

    title: str
    author: str | None
    format: str  # "text" | "aozora" | "html" | "epub"
    encoding: str | None
    paragraphs: tuple[str, ...]
    headings: tuple[Heading, ...]
    ruby: tuple[RubySpan, ...]
    colophon: str | None = None
    source: str | None = None  # the path as the learner gave it; None for pasted text
    id: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        # Lists are welcome and frozen here: no one changes the text under the reader.
        set_field = object.__setattr__
        set_field(self, "paragraphs", tuple(self.paragraphs))
        set_field(self, "headings", tuple(self.headings))
        set_field(self, "ruby", tuple(sorted(self.ruby, key=_reading_order)))
        set_field(self, "id", text_id(self.paragraphs))

    def __hash__(self) -> int:
        # Equal documents have equal paragraphs, hence equal ids; hashing a
        # novel's paragraphs on every dictionary lookup would be wasted work.
        return hash(self.id)

    @cached_property
    def char_count(self) -> int:
        """How many characters a reader reads (kanji, kana, full-width letters; not punctuation)."""
        return sum(readable_count(p) for p in self.paragraphs)

    @cached_property
    def _ruby_by_paragraph(self) -> dict[int, tuple[RubySpan, ...]]:
        index: dict[int, list[RubySpan]] = {}
        for span in self.ruby:
            index.setdefault(span.paragraph, []).append(span)
        return {paragraph: tuple(spans) for paragraph, spans in index.items()}

    @cached_property
    def _heading_levels(self) -> dict[int, int]:
        return {h.paragraph: h.level for h in self.headings}

    def ruby_for(self, paragraph: int) -> tuple[RubySpan, ...]:
        """Spans of one paragraph, in order; cheap enough to call per repaint."""
        return self._ruby_by_paragraph.get(paragraph, ())

    def heading_level(self, paragraph: int) -> int | None:
        """1-3 if the paragraph is a heading, else None."""
        return self._heading_levels.get(paragraph)


@dataclass(slots=True)
class Parsed:
    """What a format's parser found, before it becomes a Document.

    Every parser returns this one shape, so that the rules for the title and
    the building of the Document live in ``build`` and nowhere else.  The
    lists are the parser's to fill as it goes.
    """

    format: str  # "text" | "aozora" | "html" | "epub"
    paragraphs: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    ruby: list[RubySpan] = field(default_factory=list)
    title: str | None = None  # as the text itself gives it; None when it gives none
    author: str | None = None
    colophon: str | None = None

    def has_text(self) -> bool:
        return any(p.strip() for p in self.paragraphs)

    def extend(self, other: Parsed) -> None:
        """Append *other*'s paragraphs, its headings and ruby moved along with them."""
        offset = len(self.paragraphs)
        self.paragraphs.extend(other.paragraphs)
        self.headings.extend(Heading(h.paragraph + offset, h.level) for h in other.headings)
        self.ruby.extend(RubySpan(r.paragraph + offset, r.start, r.end, r.ruby) for r in other.ruby)


def build(
    parsed: Parsed,
    *,
    fallback_title: str,
    title: str | None = None,
    encoding: str | None = None,
    source: str | None = None,
) -> Document:
    """The Document for what a parser found.

    The title: an explicit *title* wins, then the text's own, then *fallback_title*.
    """
    return Document(
        title=title or parsed.title or fallback_title,
        author=parsed.author,
        format=parsed.format,
        encoding=encoding,
        paragraphs=parsed.paragraphs,
        headings=parsed.headings,
        ruby=parsed.ruby,
        colophon=parsed.colophon,
        source=source,
    )


# ---------------------------------------------------------------------------
# For the loader: progress and sizes in messages

class Progress:
    """How far a load has got, told to a caller that may be on another thread.

    ``report(done, total)`` counts in the loader's own units (chapters of a
    book, lines of a text): only the ratio means anything, ``done`` never goes
    back, and the last report has ``done == total``.  Calls are thinned to
    about one per half per cent, so a parser may call this on every line;
    ``should_stop()`` is asked at the same moments and ends the load with
    LoadCancelled.  Both run on the loading thread and must be cheap.
    """

    __slots__ = ("_report", "_should_stop", "_name", "_next", "_last")

    def __init__(
        self,
        report: Callable[[int, int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        name: str | None = None,
    ) -> None:
        self._report = report
        self._should_stop = should_stop
        self._name = name  # the path, for the message; None for pasted text
        self._next = 0  # the smallest `done` worth reporting
        self._last: tuple[int, int] | None = None

    def __call__(self, done: int, total: int) -> None:
        if done < self._next and done < total:
            return
        self._next = done + max(1, total // 200)
        self.check()
        if self._report is not None and self._last != (done, total):
            self._last = (done, total)
            self._report(done, total)

    def check(self) -> None:
        if self._should_stop is not None and self._should_stop():
            if self._name is None:
                raise LoadCancelled("Opening the pasted text was stopped.")
            raise LoadCancelled(f"{self._name}: opening this file was stopped.")

    def finish(self) -> None:
        """Report the end, whether or not the parser's last call got through."""
        done, total = self._last or (0, 1)
        self(max(done, total), max(done, total))


def describe_size(size: int) -> str:
    """A size as a learner reads it ("52.5 MB").

    Rounded up, so that a file over a limit never reads as within it.
    """
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            whole, tenth = divmod(-(-size * 10 // scale), 10)
            return f"{whole}.{tenth} {unit}" if tenth else f"{whole} {unit}"
    return "1 byte" if size == 1 else f"{size} bytes"
