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
from .chars import is_kanji

if TYPE_CHECKING:
    from .dictionary import DictionaryService

log = logging.getLogger(__name__)

FORMATS = ("json", "html", "aozora", "text")


def annotate(doc, fmt: str = "json", progress: Callable[[int, int], None] | None = None,
             dictionary: DictionaryService | None = None) -> str:
    """The document in *fmt*; with a *dictionary*, compounds' readings are cross-checked with JMdict."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "text":
        return "\n".join(doc.paragraphs) + "\n"
    paragraphs = analyze_document(doc, progress)
    if dictionary is not None:
        paragraphs = _refined(paragraphs, dictionary)
    if fmt == "json":
        return to_json(doc, paragraphs)
    if fmt == "html":
        return to_html(doc, paragraphs)
    return to_aozora(doc, paragraphs)


def _refined(paragraphs: list[list[Token]], dictionary: DictionaryService) -> list[list[Token]]:
    """Let the dictionary correct readings of compounds; without it, the analyser's readings stand."""
    from .dictionary import DictionaryUnavailable

    try:
        return dictionary.refine_many(paragraphs)
    except DictionaryUnavailable as e:
        log.warning("readings not checked against the dictionary: %s", e)
        return paragraphs


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


# Aozora writes these characters as gaiji notes, since they are its markup.
_AOZORA_ESCAPES = {
    "《": "※［＃始め二重山括弧、1-1-52］",
    "》": "※［＃終わり二重山括弧、1-1-53］",
    "｜": "※［＃縦線、1-1-35］",
    "［": "※［＃始め角括弧、1-1-46］",
}


def _aozora_escape(text: str) -> str:
    if not any(c in text for c in _AOZORA_ESCAPES):
        return text
    return "".join(_AOZORA_ESCAPES.get(c, c) for c in text)


_AOZORA_LEGEND = """-------------------------------------------------------
【テキスト中に現れる記号について】

《》：ルビ
（例）漢字《かんじ》

｜：ルビの付く文字列の始まりを特定する記号
（例）羅生門｜の下《もと》

［＃］：入力者注　主に外字の説明や、傍点の位置の指定
-------------------------------------------------------"""


def to_aozora(doc, paragraphs: list[list[Token]]) -> str:
    """The text in Aozora Bunko notation, laid out so that Shiori (or any Aozora reader) loads it back as it was.

    A title that is the text's own first line stays there; a title from
    elsewhere (an Aozora header, HTML, EPUB) gets an Aozora header: title,
    author and the legend of the notation, which readers know to skip.
    """
    lines: list[str] = []
    first = doc.paragraphs[0].strip() if doc.paragraphs else ""
    if doc.title and doc.title != first:
        lines += [doc.title, *([doc.author] if doc.author else []), "", *_AOZORA_LEGEND.split("\n"), ""]
    for i, tokens in enumerate(paragraphs):
        out: list[str] = []
        prev_kanji = False  # did the text so far end in a kanji?
        for t in tokens:
            for text, ruby in t.furigana:
                if ruby:
                    # A plain base《ruby》 takes the whole kanji run before 《: mark
                    # the start with ｜ whenever that run would be wrong.
                    if prev_kanji or not all(is_kanji(c) for c in text):
                        out.append("｜")
                    out.append(_aozora_escape(text) + "《" + ruby + "》")
                else:
                    out.append(_aozora_escape(text))
                prev_kanji = bool(text) and is_kanji(text[-1])
        line = "".join(out)
        level = doc.heading_level(i)
        if level and doc.paragraphs[i].strip():
            kind = {1: "大見出し", 2: "中見出し"}.get(level, "小見出し")
            line += f"［＃「{_aozora_escape(doc.paragraphs[i].strip())}」は{kind}］"
        lines.append(line)
    if getattr(doc, "colophon", None):
        lines += ["", "", doc.colophon]
    return "\n".join(lines) + "\n"
