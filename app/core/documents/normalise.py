"""Text clean-up every format shares, and regular expressions compiled on first use."""

from __future__ import annotations

import re

_TITLE_MAX_CHARS = 80


class lazy_re:  # noqa: N801 - used like re.compile
    """A regular expression compiled on first use.

    Compiling the documents' patterns (large Unicode classes among them) took
    tens of milliseconds at every start of the reader, for formats the
    document at hand may never need.
    """

    _METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "finditer", "findall")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str):
        compiled = re.compile(*self._args)
        for method in self._METHODS:  # later calls find them without coming here
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


# Everything str.splitlines() would split on becomes "\n", so a paragraph
# never secretly contains a line break that another module would split again.
LINE_BREAKS = lazy_re("\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
ANY_LINE_BREAK = lazy_re("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# C0/C1 controls (except tab and newline) and DEL only confuse layout.
CONTROL_CHARS = lazy_re("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


def normalise(text: str) -> str:
    """One line break, no BOM, no controls: what a file and the same text pasted both become."""
    text = text.lstrip("\ufeff")  # a doubled BOM is as meaningless as one
    text = LINE_BREAKS.sub("\n", text)
    return CONTROL_CHARS.sub("", text)


def short_line_title(paragraphs: list[str], skip_indented: bool = False) -> str | None:
    """The first line, when it is short enough to be a title rather than the text itself."""
    for paragraph in paragraphs:
        candidate = paragraph.strip()
        if candidate:
            if skip_indented and paragraph.startswith(("\u3000", "「", "『")):
                return None  # an indented line is the first paragraph, not a title
            return candidate if len(candidate) <= _TITLE_MAX_CHARS else None
    return None


def trim_blank_ends(paragraphs: list[str]) -> tuple[int, int]:
    """Bounds that drop blank paragraphs at both ends (they carry no meaning)."""
    start, end = 0, len(paragraphs)
    while start < end and not paragraphs[start].strip():
        start += 1
    while end > start and not paragraphs[end - 1].strip():
        end -= 1
    return start, end
