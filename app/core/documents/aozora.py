"""Aozora Bunko notation, read and written.

Reading: ruby (漢字《かんじ》, ｜base《reading》), gaiji notes (※［＃…］) turned
into the characters they describe, headings, accent decomposition (〔cafe'〕),
the title/author header with its legend, and the colophon (底本：…).
Writing: ``to_aozora`` lays out an analysed document so that Shiori, or any
Aozora reader, loads it back as it was; both directions live here so that
what the writer escapes is what the reader understands.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..chars import FULL_WIDTH_ALNUM, HIRAGANA, KANJI, KATAKANA, PROLONGED, is_kanji
from .model import Heading, Parsed, Progress, RubySpan
from .normalise import lazy_re, short_line_title, trim_blank_ends

if TYPE_CHECKING:
    from ..analysis import Token

# ---------------------------------------------------------------------------
# Shared by reading and writing

# Aozora's own markup characters, and the gaiji notes that stand for them in
# running text.  The writer escapes with this table and the reader resolves
# these notes through it before anything else, so that what one writes the
# other reads back.
ESCAPES = {
    "《": "※［＃始め二重山括弧、1-1-52］",
    "》": "※［＃終わり二重山括弧、1-1-53］",
    "｜": "※［＃縦線、1-1-35］",
    "［": "※［＃始め角括弧、1-1-46］",
}
_UNESCAPES = {note[len("※［＃") : -len("］")]: char for char, note in ESCAPES.items()}

# The header of the notation's legend: a complete Aozora file has it between
# two dashed lines after the title and author, and readers skip that block.
LEGEND_HEADING = "【テキスト中に現れる記号について】"
LEGEND = f"""-------------------------------------------------------
{LEGEND_HEADING}

《》：ルビ
（例）漢字《かんじ》

｜：ルビの付く文字列の始まりを特定する記号
（例）羅生門｜の下《もと》

［＃］：入力者注　主に外字の説明や、傍点の位置の指定
-------------------------------------------------------"""


def escape(text: str) -> str:
    """*text* with Aozora's markup characters written as gaiji notes, so they read back as text."""
    if not any(c in text for c in ESCAPES):
        return text
    return "".join(ESCAPES.get(c, c) for c in text)


# ---------------------------------------------------------------------------
# Reading

# What a ruby base without ｜ reaches back over: kanji and the marks that
# read like kanji (々〆ヶ〇, Aozora's rule), and also 〓, which stands for a
# gaiji that has no code, a kanji too.
_RUBY_BASE = KANJI + "〓"
_KANJI_TAIL = lazy_re(f"[{_RUBY_BASE}]+$")
# Without ｜, a ruby after non-kanji covers the run of the same kind of script.
_OTHER_TAIL = lazy_re(
    f"(?:[{KATAKANA}{PROLONGED}]+|[A-Za-z0-9{FULL_WIDTH_ALNUM}]+|[{HIRAGANA}]+)$"
)

# A note may nest one bracket pair, e.g. ［＃「※［＃「てへん＋丑」…］」に傍点］.
_NOTE_BODY = r"(?:[^［］\n]|［[^［］\n]*］)*"
_AOZORA_TOKEN = lazy_re(
    rf"(?P<gaiji>※［＃(?P<gbody>{_NOTE_BODY})］)"
    rf"|(?P<note>［＃(?P<nbody>{_NOTE_BODY})］)"
    r"|(?P<mark>｜(?=[^｜|《》\n]{1,100}《[^《》\n]+》)|\|(?=[^｜|《》\s]{1,50}《[^《》\n]+》))"
    r"|(?P<ruby>《(?P<rtext>[^《》\n]*)》)"
    r"|(?P<accent>〔(?P<abody>[^〔〕\n]*)〕)"
    r"|(?P<kunoji>／″?＼)"
)
_ANY_NOTE = lazy_re(rf"※?［＃{_NOTE_BODY}］")

_AOZORA_MARKERS = lazy_re(
    rf"(?:[{_RUBY_BASE}]|[｜|][^｜|《》\n]{{1,100}})《[^《》\n]+》|［＃|^底本：|{re.escape(LEGEND_HEADING)}"
    r"|〔[\x20-\x7e]*[A-Za-z!?][`'^~:&,_/@][\x20-\x7e]*〕",
    re.M,
)
_DASH_LINE = lazy_re(r"-{10,}\s*")
_COLOPHON_START = lazy_re(r"^底本：", re.M)

_HEADING_LEVELS = {"大": 1, "中": 2, "小": 3}
_HEADING_INLINE = lazy_re(r"「.+」は(?:同行|窓)?([大中小])見出し")
_HEADING_OPEN = lazy_re(r"(?:ここから)?(?:同行|窓)?([大中小])見出し")
_HEADING_CLOSE = lazy_re(r"(?:ここで)?(?:同行|窓)?([大中小])見出し終わり")
# A block heading whose closing note is missing must not swallow the book.
_MAX_BLOCK_HEADING_LINES = 5

_GAIJI_UNICODE = lazy_re(r"(?:U\+|unicode)([0-9A-Fa-f]{4,6})(?![0-9A-Fa-f])", re.I)
_GAIJI_JIS = lazy_re(r"(?<![\d-])([12])-(\d{1,2})-(\d{1,2})(?![\d-])")

# Aozora's accent decomposition (https://www.aozora.gr.jp/accent_separation.html).
_ACCENT_SPECIAL = {
    "ae&": "æ", "AE&": "Æ", "oe&": "œ", "OE&": "Œ", "s&": "ß",
    "o/": "ø", "O/": "Ø", "d/": "đ", "D/": "Đ", "l/": "ł", "L/": "Ł",
    "!@": "¡", "?@": "¿",
}  # fmt: skip
_COMBINING = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    ":": "\u0308", "&": "\u030a", ",": "\u0327", "_": "\u0304",
}  # fmt: skip
# The marks double as punctuation, so only read them as accents where that is
# plausible: an apostrophe after a consonant is an elision (l'été, c'est), a
# comma is a cedilla only inside a word, a colon followed by a space is a colon.
_ACCENT_SEQ = lazy_re(
    r"(?:ae|AE|oe|OE)&|s&|[!?]@|[oOdDlL]/"
    r"|[AEIOUYaeiouy]'|[A-Za-z][`^~&_]|[A-Za-z],(?=[A-Za-z])|[A-Za-z]:(?! )"
)
_ACCENT_BODY = lazy_re(r"[\x20-\x7e]*[A-Za-z][\x20-\x7e]*")


@lru_cache(maxsize=4096)
def resolve_gaiji(description: str) -> str:
    """The character an Aozora gaiji note describes, or 〓 when it gives no code."""
    if description in _UNESCAPES:
        return _UNESCAPES[description]
    m = _GAIJI_UNICODE.search(description)
    if m:
        code = int(m.group(1), 16)
        if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            char = chr(code)
            if not unicodedata.category(char).startswith("C"):
                return char
    m = _GAIJI_JIS.search(description)
    if m:
        plane, row, cell = (int(g) for g in m.groups())
        if 1 <= row <= 94 and 1 <= cell <= 94:
            raw = bytes((0xA0 + row, 0xA0 + cell))
            if plane == 2:
                raw = b"\x8f" + raw
            try:
                char = raw.decode("euc_jisx0213")
            except UnicodeDecodeError:
                char = ""
            if char and not any(unicodedata.category(c).startswith("C") for c in char):
                return char
    return "〓"


def _recompose_accent(match: re.Match[str]) -> str:
    seq = match.group()
    if seq in _ACCENT_SPECIAL:
        return _ACCENT_SPECIAL[seq]
    composed = unicodedata.normalize("NFC", seq[0] + _COMBINING[seq[1]])
    return composed if len(composed) == 1 else seq


def clean_note_text(text: str) -> str:
    """Ruby text and header lines may carry notes too; resolve or drop them."""
    return _ANY_NOTE.sub(
        lambda m: resolve_gaiji(m.group()[3:-1]) if m.group().startswith("※") else "", text
    )


@dataclass(slots=True)
class _AozoraLine:
    text: str
    spans: list[tuple[int, int, str]]
    heading_events: list[tuple[str, int]]
    had_note: bool


def _parse_aozora_line(line: str) -> _AozoraLine:
    """Strip the markup of one line, keeping ruby as offsets into the result.

    One left-to-right pass over the markup tokens: plain text between tokens
    is appended as a whole, so the cost is per token, not per character.
    """
    pieces: list[str] = []
    cur = 0  # length of the output so far
    run_start: int | None = None  # start of the kanji run ending at `cur`
    tail: tuple[str, int] | None = None  # last plain piece and its offset
    mark: int | None = None  # where a ｜ put the start of the next ruby base
    spans: list[tuple[int, int, str]] = []
    events: list[tuple[str, int]] = []
    had_note = False

    def append_text(s: str) -> None:
        nonlocal cur, run_start, tail
        if not s:
            return
        m = _KANJI_TAIL.search(s)
        if m is None:
            run_start = None
        elif not (m.start() == 0 and run_start is not None):
            run_start = cur + m.start()
        pieces.append(s)
        tail = (s, cur)
        cur += len(s)

    pos = 0
    for m in _AOZORA_TOKEN.finditer(line):
        if m.start() > pos:
            append_text(line[pos : m.start()])
        pos = m.end()
        if m.group("gaiji") is not None:
            char = resolve_gaiji(m.group("gbody"))
            if run_start is None:
                run_start = cur  # a gaiji counts as a kanji for the ruby base
            pieces.append(char)
            cur += len(char)
            tail = None
        elif m.group("note") is not None:
            had_note = True
            body = m.group("nbody")
            if h := _HEADING_INLINE.fullmatch(body):
                events.append(("inline", _HEADING_LEVELS[h.group(1)]))
            elif h := _HEADING_CLOSE.fullmatch(body):
                events.append(("close", _HEADING_LEVELS[h.group(1)]))
            elif h := _HEADING_OPEN.fullmatch(body):
                events.append(("open", _HEADING_LEVELS[h.group(1)]))
        elif m.group("mark") is not None:
            mark = cur
        elif m.group("ruby") is not None:
            reading = clean_note_text(m.group("rtext")).strip()
            start: int | None
            if mark is not None:
                start = mark
            elif run_start is not None:
                start = run_start
            elif tail is not None and tail[1] + len(tail[0]) == cur:
                t = _OTHER_TAIL.search(tail[0])
                start = tail[1] + t.start() if t else None
            else:
                start = None
            mark = None
            if start is None or start >= cur or not reading:
                append_text(m.group())  # not ruby after all: keep it as text
            else:
                spans.append((start, cur, reading))
                run_start = None
                tail = None
        elif m.group("accent") is not None:
            body = m.group("abody")
            if _ACCENT_BODY.fullmatch(body):
                append_text(_ACCENT_SEQ.sub(_recompose_accent, body))
            else:
                append_text(m.group())
        else:  # ／＼ and ／″＼ stand for the vertical repetition marks 〳〵 / 〴〵
            append_text("〴〵" if "″" in m.group() else "〳〵")
    if pos < len(line):
        append_text(line[pos:])

    text = "".join(pieces).rstrip()
    if len(text) < cur:
        spans = [s for s in spans if s[1] <= len(text)]
    return _AozoraLine(text, spans, events, had_note)


def looks_aozora(text: str) -> bool:
    return _AOZORA_MARKERS.search(text) is not None


def _split_header(lines: list[str], has_colophon: bool) -> tuple[list[str] | None, int]:
    """Find the title/author block and where the body starts.

    A complete Aozora file has "title, author, blank" and then the symbol
    legend between two dashed lines; pasted fragments have neither.
    """
    dashes = [i for i, line in enumerate(lines[:80]) if _DASH_LINE.fullmatch(line)]
    for first, second in itertools.pairwise(dashes):
        # Looser than LEGEND_HEADING: files word and bracket it in more than one way.
        if any("記号について" in line for line in lines[first + 1 : second]):
            header = [line for line in lines[:first] if line.strip()]
            return (header if len(header) <= 6 else None), second + 1
    if has_colophon:
        # No legend (a text without ruby): a short block of short lines
        # followed by a blank line is still the header.
        head: list[str] = []
        for i, line in enumerate(lines[:8]):
            if not line.strip():
                if 1 <= len(head) <= 4:
                    return head, i + 1
                break
            if len(line) > 40 or line.startswith(("\u3000", "「", " ")):
                break
            head.append(line)
    return None, 0


def _title_author_from_header(header: list[str]) -> tuple[str | None, str | None]:
    cleaned = []
    for line in header:
        text = _parse_aozora_line(line).text.strip()
        if text:
            cleaned.append(text)
    if not cleaned:
        return None, None
    if len(cleaned) == 1:
        return cleaned[0], None
    author_index = len(cleaned) - 1
    # "…訳" / "…編" is the translator or editor; the author is just above.
    if len(cleaned) >= 3 and re.search(r"(?:訳|編|編訳|校訂|校注|訳注)$", cleaned[-1]):
        author_index -= 1
    title = " ".join(cleaned[:author_index]) if author_index >= 1 else cleaned[0]
    return title, cleaned[author_index]


def parse(text: str, progress: Progress | None = None) -> Parsed:
    """An Aozora Bunko text (normalised: "\n" is its only line break) without its markup.

    *progress* hears of every line of the body: a novel takes seconds.
    """
    colophon: str | None = None
    m = _COLOPHON_START.search(text)
    if m:
        colophon_lines = [clean_note_text(line).rstrip() for line in text[m.start() :].split("\n")]
        colophon = "\n".join(colophon_lines).strip("\n") or None
        text = text[: m.start()]
    lines = text.split("\n")
    header, body_start = _split_header(lines, colophon is not None)
    title = author = None
    if header:
        title, author = _title_author_from_header(header)

    paragraphs: list[str] = []
    headings: list[Heading] = []
    ruby: list[RubySpan] = []
    block_level: int | None = None
    block_lines = 0
    total = len(lines)
    for number, line in enumerate(lines[body_start:], body_start):
        if progress is not None:
            progress(number, total)
        if not line.strip():
            block_level = None  # a blank line ends any unclosed block heading
            paragraphs.append("")
            continue
        parsed = _parse_aozora_line(line)
        level = block_level
        for kind, lvl in parsed.heading_events:
            if kind == "inline":
                level = lvl
            elif kind == "open":
                block_level = level = lvl
                block_lines = 0
            else:
                block_level = None
        if not parsed.text.strip():
            if parsed.had_note:
                continue  # only notes (改ページ, ここから字下げ…): not a blank line
            paragraphs.append("")
            continue
        index = len(paragraphs)
        paragraphs.append(parsed.text)
        if level is not None:
            headings.append(Heading(index, level))
            if block_level is not None:
                block_lines += 1
                if block_lines >= _MAX_BLOCK_HEADING_LINES:
                    block_level = None
        for start, end, reading in parsed.spans:
            ruby.append(RubySpan(index, start, end, reading))

    start, end = trim_blank_ends(paragraphs)
    if start or end != len(paragraphs):
        paragraphs = paragraphs[start:end]
        headings = [
            Heading(h.paragraph - start, h.level) for h in headings if start <= h.paragraph < end
        ]
        ruby = [
            RubySpan(r.paragraph - start, r.start, r.end, r.ruby)
            for r in ruby
            if start <= r.paragraph < end
        ]
    if title is None:
        title = short_line_title(paragraphs, skip_indented=True)
    if progress is not None:
        progress(total, total)
    return Parsed("aozora", paragraphs, headings, ruby, title, author, colophon)


# ---------------------------------------------------------------------------
# Writing


def _in_ruby_base(ch: str) -> bool:
    """Would the reader take *ch* into a ruby base that has no ｜ (``_RUBY_BASE``)?"""
    return ch == "〓" or is_kanji(ch)


def to_aozora(doc, paragraphs: list[list[Token]]) -> str:
    """The text in Aozora Bunko notation, laid out so that Shiori (or any Aozora reader) loads it back as it was.

    A title that is the text's own first line stays there; a title from
    elsewhere (an Aozora header, HTML, EPUB) gets an Aozora header: title,
    author and the legend of the notation, which readers know to skip.
    """
    lines: list[str] = []
    first = doc.paragraphs[0].strip() if doc.paragraphs else ""
    if doc.title and doc.title != first:
        lines += [doc.title, *([doc.author] if doc.author else []), "", *LEGEND.split("\n"), ""]
    for i, tokens in enumerate(paragraphs):
        out: list[str] = []
        prev_kanji = False  # did the text so far end in a kanji?
        for t in tokens:
            for text, ruby in t.furigana:
                if ruby:
                    # A plain base《ruby》 takes the whole kanji run before 《: mark
                    # the start with ｜ whenever that run would be wrong.
                    if prev_kanji or not all(_in_ruby_base(c) for c in text):
                        out.append("｜")
                    out.append(escape(text) + "《" + ruby + "》")
                else:
                    out.append(escape(text))
                prev_kanji = bool(text) and _in_ruby_base(text[-1])
        line = "".join(out)
        level = doc.heading_level(i)
        if level and doc.paragraphs[i].strip():
            kind = {1: "大見出し", 2: "中見出し"}.get(level, "小見出し")
            line += f"［＃「{escape(doc.paragraphs[i].strip())}」は{kind}］"
        lines.append(line)
    if getattr(doc, "colophon", None):
        lines += ["", "", doc.colophon]
    return "\n".join(lines) + "\n"
