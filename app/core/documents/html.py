"""HTML pages and EPUB chapters: block text as paragraphs, <ruby> as offsets, h1-h6 as headings.

The standard library's tolerant parser reads what browsers read; whitespace
collapses as it does on screen, except that a line break between two
Japanese characters disappears instead of becoming a space.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..chars import CJK_SYMBOLS, HALF_AND_FULL_WIDTH_FORMS, IDEOGRAPHS, KANA_BLOCKS
from .aozora import resolve_gaiji
from .model import DocumentError, Heading, Parsed, RubySpan, logger
from .normalise import ANY_LINE_BREAK, CONTROL_CHARS, lazy_re, normalise

_BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption center dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend
    li main nav ol p pre section summary table tbody td tfoot th thead tr ul""".split()
)
_SKIP_TAGS = frozenset(
    {"script", "style", "head", "template", "noscript", "svg", "math", "iframe", "object"}
)
_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 3, "h5": 3, "h6": 3}
# Aozora's own XHTML marks 大/中/小見出し with classes on h3/h4/h5.
_HEADING_CLASSES = {"o-midashi": 1, "naka-midashi": 2, "ko-midashi": 3}
# Line and block breaks inside <ruby> are layout noise (a reading wrapped in
# its <rt>); they must not split base and reading.  But a <ruby> left open
# must not swallow the rest of the page, so past this size it is abandoned.
_MAX_RUBY_CHARS = 50
_HTML_SPACE = " \t\n\r\f"
# A line break in the source between two of these is not a space: Japanese
# has none between words (CJK punctuation, kana, kanji, full/half-width forms).
_CJK_CHAR = lazy_re(f"[{CJK_SYMBOLS}{KANA_BLOCKS}{IDEOGRAPHS}{HALF_AND_FULL_WIDTH_FORMS}]")


class _HtmlExtractor(HTMLParser):
    """Collects block-level text as paragraphs, ruby as offsets, h1-h6 as headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.headings: list[Heading] = []
        self.ruby: list[RubySpan] = []
        self.title: str | None = None
        self.meta_title: str | None = None
        self.author: str | None = None
        self.first_h1: str | None = None

        self._buf: list[str] = []
        self._len = 0
        self._last_char = ""
        self._pending_space = ""  # collapsed whitespace not yet emitted
        self._spans: list[tuple[int, int, str]] = []
        self._skip: list[str] = []
        self._pre = 0
        self._heading_level: int | None = None
        self._heading_tag: str | None = None
        self._h1_buf: list[str] | None = None
        self._title_buf: list[str] | None = None
        self._ruby_depth = 0
        self._base_start: int | None = None
        self._rt: list[str] | None = None
        self._rt_base_end = 0
        self._rp = 0
        self._rb_start: int | None = None  # an open <rb>
        self._rbs: list[tuple[int, int]] = []  # closed <rb>s waiting for their <rt>
        self._ruby_start = 0  # paragraph offset where the outermost <ruby> opened
        self._ruby_blocks: list[str] = []  # block tags opened inside it (ignored)

    # -- output ------------------------------------------------------------

    def _emit(self, text: str) -> None:
        # Character references can smuggle in breaks and controls (&#13;, &#x2028;).
        text = CONTROL_CHARS.sub("", ANY_LINE_BREAK.sub(" ", text))
        if not text:
            return
        if self._pending_space:
            if self._len and not (
                "\n" in self._pending_space
                and _CJK_CHAR.match(self._last_char)
                and _CJK_CHAR.match(text[0])
            ):
                self._buf.append(" ")
                self._len += 1
            self._pending_space = ""
        if self._ruby_depth and self._base_start is None:
            self._base_start = self._len
        self._buf.append(text)
        self._len += len(text)
        self._last_char = text[-1]
        if self._h1_buf is not None:
            self._h1_buf.append(text)

    def _emit_collapsed(self, data: str) -> None:
        """HTML whitespace rules: runs collapse to one space, none at the edges."""
        parts = re.split(r"([ \t\n\r\f]+)", data)
        for part in parts:
            if not part:
                continue
            if part[0] in _HTML_SPACE:
                self._pending_space += part
            else:
                self._emit(part)

    def _flush(self) -> None:
        self._close_rt()
        text = "".join(self._buf)
        if text.strip():
            index = len(self.paragraphs)
            self.paragraphs.append(text)
            if self._heading_level is not None:
                self.headings.append(Heading(index, self._heading_level))
            for start, end, reading in self._spans:
                if start < end <= len(text):
                    self.ruby.append(RubySpan(index, start, end, reading))
        self._buf = []
        self._len = 0
        self._last_char = ""
        self._pending_space = ""
        self._spans = []
        self._base_start = None
        self._ruby_start = 0

    def _close_rt(self) -> None:
        if self._rt is None:
            return
        reading = ANY_LINE_BREAK.sub(" ", "".join(self._rt))
        reading = re.sub(r"\s+", " ", CONTROL_CHARS.sub("", reading)).strip()
        if self._rbs:
            start, end = self._rbs.pop(0)
            if reading:
                self._spans.append((start, end, reading))
        elif reading and self._base_start is not None and self._base_start < self._rt_base_end:
            self._spans.append((self._base_start, self._rt_base_end, reading))
        self._rt = None
        self._base_start = None

    def _end_ruby(self) -> None:
        """Forget every open ruby element (closed, or abandoned as malformed)."""
        self._close_rt()
        self._ruby_depth = 0
        self._rp = 0
        self._rbs = []
        self._rb_start = None
        self._ruby_blocks = []

    def _inside_ruby(self) -> bool:
        """True while breaks should be ignored: inside a <ruby> of sane size."""
        if not self._ruby_depth:
            return False
        reading = sum(map(len, self._rt)) if self._rt is not None else 0
        if self._len - self._ruby_start > _MAX_RUBY_CHARS or reading > _MAX_RUBY_CHARS:
            self._end_ruby()  # never closed: treat what follows as ordinary text
            return False
        return True

    # -- parser callbacks --------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._skip = [t for t in self._skip if t != "head"]
            if self._title_buf is not None:
                self._end_title()
        if self._skip:
            if tag in _SKIP_TAGS:
                self._skip.append(tag)
            elif tag == "title" and self._skip == ["head"]:
                self._title_buf = []
            elif tag == "meta":
                self._meta(attrs)
            return
        if tag in _SKIP_TAGS:
            self._skip.append(tag)
            return
        attributes = {k: v or "" for k, v in attrs}
        if tag == "title":
            self._title_buf = []
        elif tag == "meta":
            self._meta(attrs)
        elif tag == "span" and "notes" in attributes.get("class", "").split():
            self._skip.append("span")  # Aozora XHTML: editor's notes, not text
        elif tag in ("br", "hr") and self._inside_ruby():
            pass
        elif tag in _BLOCK_TAGS and self._inside_ruby():
            self._ruby_blocks.append(tag)
        elif tag == "br":
            self._flush()
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag == "pre":
                self._pre += 1
            if tag in _HEADING_TAGS:
                classes = attributes.get("class", "").split()
                level = next((_HEADING_CLASSES[c] for c in classes if c in _HEADING_CLASSES), None)
                self._heading_level = level or _HEADING_TAGS[tag]
                self._heading_tag = tag
                if tag == "h1" and self.first_h1 is None:
                    self._h1_buf = []
        elif tag == "ruby":
            if not self._ruby_depth:
                self._ruby_start = self._len
            self._ruby_depth += 1
            self._base_start = None
        elif tag == "rt" and self._ruby_depth:
            self._close_rt()
            self._rt = []
            self._rt_base_end = self._len
        elif tag == "rtc":
            # a second level of annotation (often a translation): not text,
            # and not a reading Shiori can place
            self._close_rt()
            self._skip.append("rtc")
        elif tag == "rb" and self._ruby_depth:
            self._close_rt()
            self._rb_start = self._len
        elif tag == "rp" and self._ruby_depth:
            self._close_rt()
            self._rp += 1
        elif tag == "img":
            alt = attributes.get("alt", "")
            if "gaiji" in attributes.get("class", "").split() or alt.startswith("※"):
                self._emit(resolve_gaiji(alt))

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag in self._skip:
                while self._skip and self._skip.pop() != tag:
                    pass
            elif tag == "title" and self._title_buf is not None:
                self._end_title()
            return
        if tag == "title":
            self._end_title()
        elif tag == "hr" and self._ruby_depth:
            pass  # <hr/> inside ruby: its start tag was ignored too
        elif tag in _BLOCK_TAGS and tag in self._ruby_blocks and self._inside_ruby():
            while self._ruby_blocks.pop() != tag:
                pass
        elif tag in _BLOCK_TAGS:
            if self._ruby_depth:
                # closing a block opened before the <ruby> closes the ruby too,
                # as browsers do
                self._end_ruby()
            self._flush()
            if tag == "pre" and self._pre:
                self._pre -= 1
            if tag == self._heading_tag:
                self._heading_level = None
                self._heading_tag = None
                if self._h1_buf is not None:
                    self.first_h1 = "".join(self._h1_buf).strip() or None
                    self._h1_buf = None
        elif tag == "rt":
            self._close_rt()
        elif tag == "rb" and self._rb_start is not None:
            # <rb>東</rb><rb>京</rb><rt>とう</rt><rt>きょう</rt>: readings pair with bases in order
            if self._rb_start < self._len:
                self._rbs.append((self._rb_start, self._len))
            self._rb_start = None
        elif tag == "rp":
            self._rp = max(0, self._rp - 1)
        elif tag == "ruby" and self._ruby_depth:
            self._close_rt()
            self._ruby_depth -= 1
            self._rp = 0
            self._rbs = []
            self._rb_start = None
            if not self._ruby_depth:
                self._ruby_blocks = []

    def handle_data(self, data: str) -> None:
        if self._title_buf is not None:
            self._title_buf.append(data)
            return
        if self._skip or self._rp:
            return
        if self._rt is not None:
            self._rt.append(data)
            return
        if self._pre:
            lines = data.split("\n")
            for i, line in enumerate(lines):
                if i:
                    self._flush()
                self._emit(line.rstrip("\r"))
            return
        self._emit_collapsed(data)

    def _end_title(self) -> None:
        if self._title_buf is not None and self.title is None:
            title = re.sub(r"\s+", " ", CONTROL_CHARS.sub("", "".join(self._title_buf))).strip()
            self.title = title or None
        self._title_buf = None

    def _meta(self, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: (v or "") for k, v in attrs}
        name = attributes.get("name", "").lower()
        content = attributes.get("content", "").strip()
        if not content:
            return
        if name in ("author", "dc.creator") and self.author is None:
            self.author = content
        elif name == "dc.title" and self.meta_title is None:
            self.meta_title = content

    def close(self) -> None:
        super().close()
        self._flush()


# html.parser raises AssertionError on "<![" followed by anything but the
# marked-section keywords it knows; such text is literal "<![" on the web.
_BAD_MARKED_SECTION = lazy_re(
    r"<!\[(?!(?i:cdata|temp|ignore|include|rcdata|if|else|endif)(?![-_.a-zA-Z0-9]))"
)


def parse(text: str, name: str) -> Parsed:
    """A page's text; its title from <meta name="DC.Title">, else <title>, else its first <h1>."""
    parser = _HtmlExtractor()
    try:
        parser.feed(_BAD_MARKED_SECTION.sub("&lt;![", normalise(text)))
        parser.close()
    except AssertionError as e:  # the stdlib parser's way of giving up
        logger.warning("%s: html.parser gave up: %s", name, e)
        raise DocumentError(f"{name}: this page is damaged HTML that Shiori cannot read.") from None
    return Parsed(
        "html",
        parser.paragraphs,
        parser.headings,
        parser.ruby,
        title=parser.meta_title or parser.title or parser.first_h1,
        author=parser.author,
    )


def looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip("\ufeff \t\r\n").lower()
    if head.startswith("<?xml"):
        return "<html" in head
    return head.startswith(("<!doctype html", "<html"))
