"""A whole document with its furigana, as JSON, a printable HTML page, Aozora notation or text.

This is what `shiori annotate` writes: a learner prints or shares an article
with furigana, and the JSON form is the contract tests and benchmarks read.
"""

from __future__ import annotations

import html
import json
from typing import Callable, Sequence

from .analysis import Token, analyze_document
from .documents.aozora import to_aozora

FORMATS = ("json", "html", "aozora", "text")


def annotate(doc, fmt: str = "json", progress: Callable[[int, int], None] | None = None,
             refine: bool = True) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "text":
        return "\n".join(doc.paragraphs) + "\n"
    paragraphs = analyze_document(doc, progress)
    if refine:
        paragraphs = _refined(paragraphs, doc.paragraphs)
    if fmt == "json":
        return to_json(doc, paragraphs)
    if fmt == "html":
        return to_html(doc, paragraphs)
    return to_aozora(doc, paragraphs)


def _refined(paragraphs: list[list[Token]], texts: Sequence[str]) -> list[list[Token]]:
    """Let the dictionary correct readings of compounds, when it is installed."""
    from . import dictionary

    if dictionary.dictionary_status():
        return paragraphs
    return [dictionary.refine_readings(tokens, text) for tokens, text in zip(paragraphs, texts)]


def to_json(doc, paragraphs: list[list[Token]]) -> str:
    data = {
        "title": doc.title,
        "author": doc.author,
        "encoding": doc.encoding,
        "format": doc.format,
        "paragraphs": [
            {"text": text, "tokens": [t.to_json() for t in tokens]}
            for text, tokens in zip(doc.paragraphs, paragraphs)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


_PAGE = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "Noto Serif CJK JP", "Hiragino Mincho ProN", "Yu Mincho", serif;
       font-size: 18px; line-height: 2.2; max-width: 42em; margin: 2em auto; padding: 0 1em; }}
rt {{ font-size: 0.5em; }}
p {{ margin: 0; }}
p.blank {{ height: 1em; }}
header {{ margin-bottom: 2em; }}
header .author {{ text-align: right; }}
@media print {{ body {{ max-width: none; }} }}
</style>
</head>
<body>
<header><h1>{title}</h1>{author}</header>
{body}
</body>
</html>
"""


def _ruby_html(tokens: Sequence[Token]) -> str:
    parts: list[str] = []
    for t in tokens:
        for text, ruby in t.furigana:
            if ruby:
                parts.append(
                    f"<ruby>{html.escape(text)}<rp>(</rp><rt>{html.escape(ruby)}</rt><rp>)</rp></ruby>"
                )
            else:
                parts.append(html.escape(text))
    return "".join(parts)


def to_html(doc, paragraphs: list[list[Token]]) -> str:
    body: list[str] = []
    for i, tokens in enumerate(paragraphs):
        level = doc.heading_level(i)
        if not doc.paragraphs[i].strip():
            body.append('<p class="blank"></p>')
        elif level:
            tag = f"h{min(level + 1, 6)}"
            body.append(f"<{tag}>{_ruby_html(tokens)}</{tag}>")
        else:
            body.append(f"<p>{_ruby_html(tokens)}</p>")
    author = f'<p class="author">{html.escape(doc.author)}</p>' if doc.author else ""
    return _PAGE.format(title=html.escape(doc.title or ""), author=author, body="\n".join(body))
