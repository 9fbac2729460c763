"""Plain text: one paragraph per line, blank lines kept, the first short line as the title."""

from __future__ import annotations

from .model import Parsed
from .normalise import short_line_title, trim_blank_ends


def parse(text: str) -> Parsed:
    """*text* must be normalised: "\n" is its only line break."""
    lines = [line.rstrip() for line in text.split("\n")]
    start, end = trim_blank_ends(lines)
    paragraphs = lines[start:end]
    return Parsed("text", paragraphs, title=short_line_title(paragraphs))
