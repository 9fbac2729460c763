"""Plain text: one paragraph per line, blank lines kept, the first short line as the title."""

from __future__ import annotations

from .normalise import short_line_title, trim_blank_ends


def parse(text: str) -> tuple[list[str], str | None]:
    lines = [line.rstrip() for line in text.split("\n")]
    start, end = trim_blank_ends(lines)
    paragraphs = lines[start:end]
    return paragraphs, short_line_title(paragraphs)
