"""A whole document with its furigana, as JSON, a printable HTML page, Aozora notation or text.

This is what `shiori annotate` writes: a learner prints or shares an article
with furigana, and the JSON form is the contract tests and benchmarks read.
"""

from __future__ import annotations

import html
import json
import logging
from typing import TYPE_CHECKING, Callable, Sequence

from .analysis import Token, analyze_document
from .documents.aozora import to_aozora

if TYPE_CHECKING:
    from .dictionary import DictionaryService

log = logging.getLogger(__name__)

FORMATS = ("json", "html", "aozora", "text")


def annotate(doc, fmt: str = "json", progress: Callable[[int, int], None] | None = None,
             dictionary: DictionaryService | None = None, indent: int | None = None) -> str:
    """The document in *fmt*; with a *dictionary*, compounds' readings are cross-checked with JMdict."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "text":
        return "\n".join(doc.paragraphs) + "\n"
    paragraphs = read_document(doc, dictionary, progress)
    if fmt == "json":
        return to_json(doc, paragraphs, indent)
    if fmt == "html":
        return to_html(doc, paragraphs)
    return to_aozora(doc, paragraphs)


def read_document(doc, dictionary: DictionaryService | None = None,
                  progress: Callable[[int, int], None] | None = None) -> list[list[Token]]:
    """Every paragraph's tokens with the readings `annotate` writes (what the readings benchmark measures).

    The author's ruby, and its later occurrences, come from the analysis; the
    dictionary (when there is one) then chooses readings in context.
    """
    paragraphs = analyze_document(doc, progress)
    if dictionary is not None:
        paragraphs = _refined(paragraphs, dictionary)
    return paragraphs


def _refined(paragraphs: list[list[Token]], dictionary: DictionaryService) -> list[list[Token]]:
    """Let the dictionary correct readings of compounds; without it, the analyser's readings stand."""
    from .dictionary import DictionaryUnavailable

    try:
        return dictionary.refine_many(paragraphs)
    except DictionaryUnavailable as e:
        log.warning("readings not checked against the dictionary: %s", e)
        return paragraphs


def to_json(doc, paragraphs: list[list[Token]], indent: int | None = None) -> str:
    """The JSON contract of `annotate` (see the README); compact unless *indent* is given.

    Compact output is written by hand: a novel has a few hundred thousand
    tokens but only some thousands of distinct words, and each word's JSON
    (everything but the offsets) is encoded once and reused, which is many
    times faster than building a dict per token for json.dumps.
    """
    if indent is not None:
        return json.dumps(_json_data(doc, paragraphs), ensure_ascii=False, indent=indent) + "\n"
    dumps = json.dumps
    head = dumps({k: v for k, v in _json_data(doc, []).items() if k != "paragraphs"}, ensure_ascii=False)
    fragments: dict[tuple[str, int], tuple[str, str]] = {}
    out = [head[:-1], ', "paragraphs": [']
    for pi, (text, tokens) in enumerate(zip(doc.paragraphs, paragraphs)):
        parts = []
        for t in tokens:
            key = (t[0], id(t[3]))  # the word tuple is shared by every occurrence
            frag = fragments.get(key)
            if frag is None:
                d = t.to_json()
                frag = fragments[key] = (
                    '{"surface": ' + dumps(d["surface"], ensure_ascii=False) + ', "start": ',
                    ", " + dumps({k: d[k] for k in _WORD_KEYS}, ensure_ascii=False)[1:])
            parts.append(f"{frag[0]}{t[1]}, \"end\": {t[2]}{frag[1]}")
        out.append(("" if pi == 0 else ", ") + '{"text": ' + dumps(text, ensure_ascii=False)
                   + ', "tokens": [' + ", ".join(parts) + "]}")
    out.append("]}\n")
    return "".join(out)


_WORD_KEYS = ("lemma", "reading", "pos", "furigana", "ruby_source")


def _json_data(doc, paragraphs: list[list[Token]]) -> dict:
    return {
        "title": doc.title,
        "author": doc.author,
        "encoding": doc.encoding,
        "format": doc.format,
        "paragraphs": [
            {"text": text, "tokens": [t.to_json() for t in tokens]}
            for text, tokens in zip(doc.paragraphs, paragraphs)
        ],
    }


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
