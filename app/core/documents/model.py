"""What every format is reduced to: a Document with its headings and the author's ruby.

Everything downstream (analysis, the reader view, progress) works on
``Document.paragraphs`` and trusts that ruby offsets point into those strings.
Bad input never escapes as a traceback: it becomes a ``DocumentError`` whose
message is shown to the learner as-is.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

# One logger for the whole area: every format's warnings read as "documents".
logger = logging.getLogger("app.core.documents")


class DocumentError(Exception):
    """A loading problem explained in one sentence a learner understands.

    ``str(e)`` is shown to the user as-is, so it must never be a traceback
    or a Python exception name.
    """


@dataclass(slots=True)
class RubySpan:
    paragraph: int  # index into Document.paragraphs
    start: int  # char offset in that paragraph's text
    end: int  # exclusive
    ruby: str  # the author's reading as written (kana)


@dataclass(slots=True)
class Heading:
    paragraph: int
    level: int  # 1 = 大見出し, 2 = 中見出し, 3 = 小見出し


@dataclass
class Document:
    """A loaded text, reduced to what the reader and the analyser need.

    ``ruby`` is kept sorted by ``(paragraph, start)`` so views can bisect it;
    the per-paragraph lookups are indexed lazily because the reader asks for
    them on every repaint.
    """

    title: str
    author: str | None
    format: str  # "text" | "aozora" | "html" | "epub"
    encoding: str | None
    paragraphs: list[str]
    headings: list[Heading]
    ruby: list[RubySpan]
    colophon: str | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        self.ruby.sort(key=lambda span: (span.paragraph, span.start))
        # Plain attributes, not fields: asdict()/replace()/== ignore the caches.
        self._ruby_index: dict[int, list[RubySpan]] | None = None
        self._ruby_key: tuple[int, int] | None = None
        self._heading_index: dict[int, int] | None = None
        self._heading_key: tuple[int, int] | None = None

    def ruby_for(self, paragraph: int) -> list[RubySpan]:
        """Spans of one paragraph, in order; cheap enough to call per repaint."""
        # The key notices a list that was replaced or grown after loading.
        key = (id(self.ruby), len(self.ruby))
        if self._ruby_index is None or self._ruby_key != key:
            index: dict[int, list[RubySpan]] = {}
            for span in self.ruby:
                index.setdefault(span.paragraph, []).append(span)
            self._ruby_index = index
            self._ruby_key = key
        return list(self._ruby_index.get(paragraph, ()))

    def heading_level(self, paragraph: int) -> int | None:
        """1-3 if the paragraph is a heading, else None."""
        key = (id(self.headings), len(self.headings))
        if self._heading_index is None or self._heading_key != key:
            self._heading_index = {h.paragraph: h.level for h in self.headings}
            self._heading_key = key
        return self._heading_index.get(paragraph)


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
    """The Document for what a parser found: an explicit *title* wins, then the text's own, then *fallback_title*."""
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
