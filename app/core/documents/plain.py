"""Plain text: one paragraph per line, blank lines kept, the first short line as the title."""

from __future__ import annotations

from .model import Parsed, Progress
from .normalise import short_line_title, trim_blank_ends


def parse(text: str, progress: Progress | None = None) -> Parsed:
    """*text* must be normalised: "\n" is its only line break."""
    lines = [line.rstrip() for line in text.split("\n")]
    if progress is not None:
        progress(len(lines), len(lines))  # one quick step: nothing to report in between
    start, end = trim_blank_ends(lines)
    paragraphs = lines[start:end]
    return Parsed("text", paragraphs, title=short_line_title(paragraphs))
