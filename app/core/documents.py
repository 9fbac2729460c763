"""Turn whatever a learner opens into paragraphs, headings and the author's ruby.

Everything downstream (analysis, the reader view, progress) works on
``Document.paragraphs`` and trusts that ruby offsets point into those strings,
so every format is reduced here to the same shape: one string per paragraph,
markup removed, and readings kept as ``RubySpan`` offsets into the *final*
text.  Bad input never escapes as a traceback: it becomes a ``DocumentError``
whose message is shown to the learner as-is.

Standard library only, and no Qt: this module runs in tests and the CLI.
"""

from __future__ import annotations

import io
import itertools
import logging
import os
import posixpath
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

logger = logging.getLogger(__name__)

__all__ = [
    "MAX_EPUB_ENTRY_BYTES",
    "MAX_EPUB_TOTAL_BYTES",
    "MAX_FILE_BYTES",
    "Document",
    "DocumentError",
    "Heading",
    "RubySpan",
    "decode",
    "from_text",
    "load",
]

MAX_FILE_BYTES = 50 * 1024 * 1024
# A ZIP entry can claim any size; these keep a hostile EPUB (a "zip bomb")
# from exhausting memory before we notice.
MAX_EPUB_ENTRY_BYTES = 50 * 1024 * 1024
MAX_EPUB_TOTAL_BYTES = 200 * 1024 * 1024

_SNIFF_BYTES = 8192
_TITLE_MAX_CHARS = 80
_UNTITLED = "Untitled"


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


# ---------------------------------------------------------------------------
# Text normalisation shared by every format

# Everything str.splitlines() would split on becomes "\n", so a paragraph
# never secretly contains a line break that another module would split again.

class _lazy_re:  # noqa: N801 - used like re.compile
    """A regular expression compiled on first use.

    Compiling this module's patterns (large Unicode classes among them) took
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


_LINE_BREAKS = _lazy_re("\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ANY_LINE_BREAK = _lazy_re("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# C0/C1 controls (except tab and newline) and DEL only confuse layout.
_CONTROL_CHARS = _lazy_re("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


def _normalise(text: str) -> str:
    text = text.lstrip("\ufeff")  # a doubled BOM is as meaningless as one
    text = _LINE_BREAKS.sub("\n", text)
    return _CONTROL_CHARS.sub("", text)


def _short_line_title(paragraphs: list[str], skip_indented: bool = False) -> str | None:
    for paragraph in paragraphs:
        candidate = paragraph.strip()
        if candidate:
            if skip_indented and paragraph.startswith(("\u3000", "「", "『")):
                return None  # an indented line is the first paragraph, not a title
            return candidate if len(candidate) <= _TITLE_MAX_CHARS else None
    return None


def _trim_blank_ends(paragraphs: list[str]) -> tuple[int, int]:
    """Bounds that drop blank paragraphs at both ends (they carry no meaning)."""
    start, end = 0, len(paragraphs)
    while start < end and not paragraphs[start].strip():
        start += 1
    while end > start and not paragraphs[end - 1].strip():
        end -= 1
    return start, end


# ---------------------------------------------------------------------------
# Decoding

_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"PK\x07\x08", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\x7fELF", "a program (an ELF executable)"),
    (b"\xfd7zXZ\x00", "an XZ-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"OggS", "an Ogg audio file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\xcf\xfa\xed\xfe", "a program (a Mach-O executable)"),
    (b"\xca\xfe\xba\xbe", "a program (a Java class or Mach-O file)"),
    (b"\x00asm", "a WebAssembly program"),
)

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")

# Full-width Japanese script: CJK punctuation, kana, kanji, full-width forms,
# and the JIS X 0208 symbols Japanese prose is full of (―…“”※×○■→①…).
_JAPANESE_CHARS = _lazy_re(
    "[\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e"
    "\u2010-\u2027\u2030-\u203b\u2190-\u22ff\u2460-\u24ff\u2500-\u257f\u25a0-\u26ff"
    "\u00a7\u00a8\u00b0\u00b1\u00b4\u00b6\u00d7\u00f7]"
)
_KANJI_CHARS = _lazy_re("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Half-width katakana and punctuation (｡｢｣､･ｦ…ﾟ), in runs.
_HALFWIDTH_RUN = _lazy_re("[\uff61-\uff9f]+")
_NON_ASCII = _lazy_re("[^\x00-\x7f]")
_SCORE_SAMPLE_CHARS = 200_000


def _binary_kind(data: bytes) -> str | None:
    """What a non-text file looks like, for the error message; None if it may be text."""
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            return kind
    if data[4:8] == b"ftyp":
        return "a video or audio file (MP4)"
    if data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}[
            data[8:12]
        ]
    return None


def _japanese_score(text: str) -> float:
    """Share of non-ASCII characters that are ordinary Japanese script.

    Text decoded with the wrong Japanese codec still "succeeds" but turns into
    half-width katakana and rare symbols; the right codec gives kana and kanji.
    Half-width katakana count only as whole runs set off by ASCII (ｶﾀｶﾅ ﾃﾞｽ),
    never when glued to other non-ASCII characters: EUC-JP read as Shift_JIS
    interleaves them with stray kanji.  Conversely half-width text read as
    EUC-JP turns into nothing but kanji, which real Japanese never is, so a
    kanji-only reading is marked down a little.
    """
    sample = text[:_SCORE_SAMPLE_CHARS]
    non_ascii = len(_NON_ASCII.findall(sample))
    if not non_ascii:
        return 1.0
    japanese = len(_JAPANESE_CHARS.findall(sample))
    for run in _HALFWIDTH_RUN.finditer(sample):
        start, end = run.span()
        before = sample[start - 1] if start else ""
        after = sample[end] if end < len(sample) else ""
        if before < "\x80" and after < "\x80":
            japanese += end - start
    score = japanese / non_ascii
    kanji = len(_KANJI_CHARS.findall(sample))
    if kanji >= 6 and (japanese - kanji) * 5 < japanese:
        score *= 0.9
    return score


def _fullwidth_share(text: str) -> float:
    """Tie-breaker between codecs: real Japanese is mostly full-width."""
    sample = text[:_SCORE_SAMPLE_CHARS]
    non_ascii = len(_NON_ASCII.findall(sample))
    return len(_JAPANESE_CHARS.findall(sample)) / non_ascii if non_ascii else 1.0


# What text in UTF-16 may contain: everything a Japanese text plausibly uses.
# Binary data read as UTF-16 turns into controls, NULs, private-use characters
# and scripts from all over the map, so almost none of it passes.
_UTF16_PLAUSIBLE = _lazy_re(
    "[\t\n\r\x0c\x20-\x7e\u00a0-\u024f\u0370-\u04ff\u2000-\u2027\u2030-\u205e"
    "\u2100-\u27bf\u3000-\u30ff\u31f0-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
    "\uff01-\uffef\U0001f000-\U0001faff\U00020000-\U0003134f]"
)
# ...and what nearly every text has plenty of: ASCII, kana, punctuation.
# UTF-16 read in the wrong byte order has almost none (kana become kanji).
_UTF16_COMMON = _lazy_re("[\t\n\r\x20-\x7e\u3000-\u30ff\uff01-\uff9f]")


def _utf16_without_bom(data: bytes, name: str) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark, or None if *data* is not that.

    ASCII characters (newlines, spaces) put a NUL in the high byte of their
    code unit: at even offsets in big-endian, odd ones in little-endian.  The
    byte order whose decoding is plausible text, with NULs on its high-byte
    side or enough kana/ASCII to be sure, wins.
    """
    body = data[: len(data) - len(data) % 2]  # a last odd byte is a cut-off unit
    sample = body[:_SNIFF_BYTES]
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    best: tuple[float, int, str, str] | None = None
    for codec, high_nuls, low_nuls in (
        ("utf-16-be", even_nuls, odd_nuls),
        ("utf-16-le", odd_nuls, even_nuls),
    ):
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            continue
        head = text[: len(sample) // 2]
        if not head or len(_UTF16_PLAUSIBLE.findall(head)) < 0.95 * len(head):
            continue
        common = len(_UTF16_COMMON.findall(head)) / len(head)
        nuls_agree = high_nuls >= 2 and low_nuls * 4 <= high_nuls
        if common < 0.3 and not nuls_agree:
            continue
        candidate = (common, high_nuls - low_nuls, text, codec)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    if best is None:
        return None
    if len(body) < len(data):
        logger.warning("%s: UTF-16 text with an odd byte at the end; dropped it", name)
    return best[2], best[3]


# A stray invalid byte in an otherwise fine UTF-8 file should not make it
# unreadable.  More damage than this share of the characters means it is not
# UTF-8 at all; and every bad sequence must be outweighed by well-formed
# multi-byte characters, which other encodings produce only by accident.
_UTF8_MAX_DAMAGE = 0.001
_UTF8_GOOD_PER_BAD = 10
_NON_ASCII_VALID = _lazy_re("[^\x00-\x7f\ufffd]")


def _damaged_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few bad bytes replaced by U+FFFD, if it is plausibly that."""
    # Shift_JIS and EUC-JP files fail within the first few kilobytes already;
    # no need to run the whole file through the decoder to see it (+1: the
    # cut may split a character).
    replacement = "\ufffd".encode()  # a real U+FFFD in the file is not damage
    head = data[:_SNIFF_BYTES]
    head_bad = head.decode("utf-8", errors="replace").count("\ufffd") - head.count(replacement)
    if head_bad > max(1, int(len(data) * _UTF8_MAX_DAMAGE)) + 1:
        return None
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(replacement)
    if bad > max(1, int(len(text) * _UTF8_MAX_DAMAGE)):
        return None
    good = len(_NON_ASCII_VALID.findall(text, 0, _SCORE_SAMPLE_CHARS))
    if good < _UTF8_GOOD_PER_BAD * bad:
        return None
    return text, bad


def _undecodable(name: str) -> DocumentError:
    return DocumentError(
        f"{name}: this file is not in an encoding Shiori can read "
        "(tried UTF-8, UTF-16, Shift_JIS, EUC-JP)."
    )


def _decodings(
    data: bytes, codecs: tuple[str, ...]
) -> list[tuple[float, float, int, str, str]]:
    """(Japanese score, full-width share, -rank, text, codec) per codec that decodes strictly."""
    out = []
    for rank, codec in enumerate(codecs):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        out.append((_japanese_score(text), _fullwidth_share(text), -rank, text, codec))
    return out


def decode(data: bytes, name: str = "file") -> tuple[str, str]:
    """Guess the encoding the way a learner would expect: without asking.

    Returns ``(text, encoding)``.  The text is exactly what the codec gave
    (line endings untouched); callers normalise.  Raises DocumentError for
    binary data or bytes that none of the Japanese encodings accept.  UTF-16
    without a byte-order mark comes back as "utf-16-be"/"utf-16-le"; UTF-8
    with a stray bad byte or two comes back with U+FFFD in their place.
    """
    if not data:
        return "", "utf-8"
    kind = _binary_kind(data)
    if kind is not None:
        raise DocumentError(f"{name}: this file is not text; it looks like {kind}.")

    # A byte-order mark is the strongest evidence there is.
    if data.startswith(_UTF32_BOMS) and len(data) % 4 == 0:
        try:
            return data.decode("utf-32"), "utf-32"
        except UnicodeDecodeError:
            pass  # FF FE 00 00 may also be UTF-16 LE text starting with U+0000
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            logger.warning("%s: damaged UTF-16, replacing bad units", name)
            return data.decode("utf-16", errors="replace"), "utf-16"
    if data.startswith(_UTF8_BOM):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            logger.warning("%s: damaged UTF-8 after a BOM, replacing bad bytes", name)
            return data.decode("utf-8-sig", errors="replace"), "utf-8-sig"

    if b"\x00" in data[:_SNIFF_BYTES]:
        utf16 = _utf16_without_bom(data, name)
        if utf16 is not None:
            return utf16
        raise DocumentError(f"{name}: this file is not text; it looks like binary data.")

    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        # A file cut off in the middle of its last character is still UTF-8.
        if e.reason == "unexpected end of data" and e.start >= len(data) - 3:
            try:
                return data[: e.start].decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                pass

    # JIS X 0213 supersets second, for texts that use its extra kanji directly.
    candidates = _decodings(data, ("cp932", "euc_jp")) or _decodings(
        data, ("shift_jis_2004", "euc_jis_2004")
    )
    damaged = _damaged_utf8(data)
    if damaged is not None:
        text, bad = damaged
        score = _japanese_score(text.replace("\ufffd", ""))
        if not any(c[0] > score for c in candidates):
            logger.warning("%s: damaged UTF-8, replaced %d bad byte sequence(s)", name, bad)
            return text, "utf-8"
    if not candidates:
        # Last chance: UTF-16 without a byte-order mark and without a single
        # ASCII character (so no NUL byte gave it away above).
        utf16 = _utf16_without_bom(data, name)
        if utf16 is not None:
            return utf16
        raise _undecodable(name)
    score, _, _, text, codec = max(candidates, key=lambda c: c[:3])
    logger.debug("%s: decoded as %s (Japanese score %.2f)", name, codec, score)
    return text, codec


# ---------------------------------------------------------------------------
# Plain text


def _parse_plain(text: str) -> tuple[list[str], str | None]:
    lines = [line.rstrip() for line in text.split("\n")]
    start, end = _trim_blank_ends(lines)
    paragraphs = lines[start:end]
    return paragraphs, _short_line_title(paragraphs)


# ---------------------------------------------------------------------------
# Aozora Bunko

# 々〆ヶ〇 belong to a ruby base like kanji do (Aozora's rule); 〓 stands for
# an unknown gaiji, which is a kanji too.
_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f々〆ヶ〇〓"
_KANJI_TAIL = _lazy_re(f"[{_KANJI}]+$")
# Without ｜, a ruby after non-kanji covers the run of the same kind of script.
_OTHER_TAIL = _lazy_re(
    "(?:[\u30a1-\u30fa\u30fc\u30fd\u30fe]+|[A-Za-z\uff21-\uff3a\uff41-\uff5a0-9\uff10-\uff19]+"
    "|[\u3041-\u3096\u309d\u309e]+)$"
)

# A note may nest one bracket pair, e.g. ［＃「※［＃「てへん＋丑」…］」に傍点］.
_NOTE_BODY = r"(?:[^［］\n]|［[^［］\n]*］)*"
_AOZORA_TOKEN = _lazy_re(
    rf"(?P<gaiji>※［＃(?P<gbody>{_NOTE_BODY})］)"
    rf"|(?P<note>［＃(?P<nbody>{_NOTE_BODY})］)"
    r"|(?P<mark>｜(?=[^｜|《》\n]{1,100}《[^《》\n]+》)|\|(?=[^｜|《》\s]{1,50}《[^《》\n]+》))"
    r"|(?P<ruby>《(?P<rtext>[^《》\n]*)》)"
    r"|(?P<accent>〔(?P<abody>[^〔〕\n]*)〕)"
    r"|(?P<kunoji>／″?＼)"
)
_ANY_NOTE = _lazy_re(rf"※?［＃{_NOTE_BODY}］")

_AOZORA_MARKERS = _lazy_re(
    rf"(?:[{_KANJI}]|[｜|][^｜|《》\n]{{1,100}})《[^《》\n]+》|［＃|^底本：|【テキスト中に現れる記号について】"
    r"|〔[\x20-\x7e]*[A-Za-z!?][`'^~:&,_/@][\x20-\x7e]*〕",
    re.M,
)
_DASH_LINE = _lazy_re(r"-{10,}\s*")
_COLOPHON_START = _lazy_re(r"^底本：", re.M)

_HEADING_LEVELS = {"大": 1, "中": 2, "小": 3}
_HEADING_INLINE = _lazy_re(r"「.+」は(?:同行|窓)?([大中小])見出し")
_HEADING_OPEN = _lazy_re(r"(?:ここから)?(?:同行|窓)?([大中小])見出し")
_HEADING_CLOSE = _lazy_re(r"(?:ここで)?(?:同行|窓)?([大中小])見出し終わり")
# A block heading whose closing note is missing must not swallow the book.
_MAX_BLOCK_HEADING_LINES = 5

_GAIJI_UNICODE = _lazy_re(r"(?:U\+|unicode)([0-9A-Fa-f]{4,6})(?![0-9A-Fa-f])", re.I)
_GAIJI_JIS = _lazy_re(r"(?<![\d-])([12])-(\d{1,2})-(\d{1,2})(?![\d-])")

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
_ACCENT_SEQ = _lazy_re(
    r"(?:ae|AE|oe|OE)&|s&|[!?]@|[oOdDlL]/"
    r"|[AEIOUYaeiouy]'|[A-Za-z][`^~&_]|[A-Za-z],(?=[A-Za-z])|[A-Za-z]:(?! )"
)
_ACCENT_BODY = _lazy_re(r"[\x20-\x7e]*[A-Za-z][\x20-\x7e]*")


@lru_cache(maxsize=4096)
def _resolve_gaiji(description: str) -> str:
    """The character an Aozora gaiji note describes, or 〓 when it gives no code."""
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


def _clean_note_text(text: str) -> str:
    """Ruby text and header lines may carry notes too; resolve or drop them."""
    return _ANY_NOTE.sub(
        lambda m: _resolve_gaiji(m.group()[3:-1]) if m.group().startswith("※") else "", text
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
            char = _resolve_gaiji(m.group("gbody"))
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
            reading = _clean_note_text(m.group("rtext")).strip()
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


def _looks_aozora(text: str) -> bool:
    return _AOZORA_MARKERS.search(text) is not None


def _split_header(lines: list[str], has_colophon: bool) -> tuple[list[str] | None, int]:
    """Find the title/author block and where the body starts.

    A complete Aozora file has "title, author, blank" and then the symbol
    legend between two dashed lines; pasted fragments have neither.
    """
    dashes = [i for i, line in enumerate(lines[:80]) if _DASH_LINE.fullmatch(line)]
    for first, second in itertools.pairwise(dashes):
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


def _parse_aozora(
    text: str,
) -> tuple[list[str], list[Heading], list[RubySpan], str | None, str | None, str | None]:
    """Returns paragraphs, headings, ruby, title, author, colophon."""
    colophon: str | None = None
    m = _COLOPHON_START.search(text)
    if m:
        colophon_lines = [_clean_note_text(line).rstrip() for line in text[m.start() :].split("\n")]
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
    for line in lines[body_start:]:
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

    start, end = _trim_blank_ends(paragraphs)
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
        title = _short_line_title(paragraphs, skip_indented=True)
    return paragraphs, headings, ruby, title, author, colophon


# ---------------------------------------------------------------------------
# HTML

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
_CJK_CHAR = _lazy_re("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


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
        text = _CONTROL_CHARS.sub("", _ANY_LINE_BREAK.sub(" ", text))
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
        reading = _ANY_LINE_BREAK.sub(" ", "".join(self._rt))
        reading = re.sub(r"\s+", " ", _CONTROL_CHARS.sub("", reading)).strip()
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
                self._emit(_resolve_gaiji(alt))

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
            title = re.sub(r"\s+", " ", _CONTROL_CHARS.sub("", "".join(self._title_buf))).strip()
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
_BAD_MARKED_SECTION = _lazy_re(
    r"<!\[(?!(?i:cdata|temp|ignore|include|rcdata|if|else|endif)(?![-_.a-zA-Z0-9]))"
)


def _parse_html(text: str, name: str) -> _HtmlExtractor:
    parser = _HtmlExtractor()
    try:
        parser.feed(_BAD_MARKED_SECTION.sub("&lt;![", _normalise(text)))
        parser.close()
    except AssertionError as e:  # the stdlib parser's way of giving up
        logger.warning("%s: html.parser gave up: %s", name, e)
        raise DocumentError(f"{name}: this page is damaged HTML that Shiori cannot read.") from None
    return parser


def _looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip("\ufeff \t\r\n").lower()
    if head.startswith("<?xml"):
        return "<html" in head
    return head.startswith(("<!doctype html", "<html"))


# ---------------------------------------------------------------------------
# EPUB

_XHTML_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/xml", "text/xml"})


def _epub_read(zf: zipfile.ZipFile, member: str, name: str) -> bytes:
    try:
        info = zf.getinfo(member)
    except KeyError:
        raise DocumentError(f"{name}: this EPUB book is damaged: {member} is missing.") from None
    if info.file_size > MAX_EPUB_ENTRY_BYTES:
        raise DocumentError(
            f"{name}: this EPUB book is too large to open safely "
            f"({member} unpacks to more than 50 MB)."
        )
    try:
        with zf.open(info) as handle:
            data = handle.read(MAX_EPUB_ENTRY_BYTES + 1)
    except RuntimeError as e:  # zipfile's way of saying "encrypted"
        raise DocumentError(
            f"{name}: this EPUB book is password-protected, so Shiori cannot read it."
        ) from e
    except Exception as e:  # BadZipFile, zlib.error, EOFError, struct.error…
        raise DocumentError(
            f"{name}: this EPUB book is damaged: {member} cannot be unpacked."
        ) from e
    if len(data) > MAX_EPUB_ENTRY_BYTES:
        raise DocumentError(
            f"{name}: this EPUB book is too large to open safely "
            f"({member} unpacks to more than 50 MB)."
        )
    return data


def _epub_xml(data: bytes, member: str, name: str) -> ET.Element:
    # Entity declarations are how "billion laughs" XML bombs work; EPUB
    # metadata never needs them.
    if b"<!ENTITY" in data:
        raise DocumentError(f"{name}: this EPUB book is damaged: {member} is not valid XML.")
    try:
        return ET.fromstring(data)
    except (ET.ParseError, ValueError, LookupError) as e:  # bad syntax or bad encoding name
        raise DocumentError(f"{name}: this EPUB book is damaged: {member} is not valid XML.") from e


def _local(tag: object) -> str:
    """Element name without its namespace: real-world OPFs get namespaces wrong."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _epub_text(elem: ET.Element | None) -> str | None:
    if elem is None:
        return None
    text = re.sub(r"\s+", " ", "".join(elem.itertext())).strip()
    return text or None


def _parse_epub(
    zf: zipfile.ZipFile, name: str
) -> tuple[list[str], list[Heading], list[RubySpan], str | None, str | None]:
    infos = zf.infolist()
    if sum(i.file_size for i in infos) > MAX_EPUB_TOTAL_BYTES:
        raise DocumentError(
            f"{name}: this EPUB book is too large to open safely (it unpacks to more than 200 MB)."
        )
    names = {i.filename for i in infos}
    if "META-INF/container.xml" not in names:
        raise DocumentError(
            f"{name}: this EPUB book is damaged: META-INF/container.xml, "
            "which says where the book's contents are, is missing."
        )
    container = _epub_xml(_epub_read(zf, "META-INF/container.xml", name), "container.xml", name)
    rootfile = next((e for e in container.iter() if _local(e.tag) == "rootfile"), None)
    opf_path = rootfile.get("full-path") if rootfile is not None else None
    if not opf_path:
        raise DocumentError(
            f"{name}: this EPUB book is damaged: its container.xml does not name a package file."
        )
    opf_path = posixpath.normpath(unquote(opf_path).lstrip("/"))
    if opf_path not in names:
        raise DocumentError(
            f"{name}: this EPUB book is damaged: its package file {opf_path} is missing."
        )
    opf = _epub_xml(_epub_read(zf, opf_path, name), opf_path, name)
    opf_dir = posixpath.dirname(opf_path)

    metadata = next((e for e in opf.iter() if _local(e.tag) == "metadata"), opf)
    title = _epub_text(next((e for e in metadata.iter() if _local(e.tag) == "title"), None))
    author = _epub_text(next((e for e in metadata.iter() if _local(e.tag) == "creator"), None))

    manifest: dict[str, tuple[str, str, bool]] = {}
    for item in (e for e in opf.iter() if _local(e.tag) == "item"):
        item_id, href = item.get("id"), item.get("href")
        if item_id and href:
            path = _epub_href(opf_dir, href, names)
            is_nav = "nav" in (item.get("properties") or "").split()
            manifest[item_id] = (path, (item.get("media-type") or "").lower(), is_nav)

    # The table of contents and other non-linear pages (notes, pop-ups) are
    # in the spine for navigation, not for reading straight through; they are
    # read only if the book has nothing else.
    spine = [e for e in opf.iter() if _local(e.tag) == "itemref"]
    main = [e for e in spine if not _epub_aside(e, manifest)]
    encrypted = _epub_encrypted(zf, names, name)
    paragraphs, headings, ruby = _epub_chapters(zf, main, manifest, names, encrypted, name)
    if len(main) < len(spine) and not any(p.strip() for p in paragraphs):
        paragraphs, headings, ruby = _epub_chapters(
            zf, spine, manifest, names, encrypted, name
        )
    return paragraphs, headings, ruby, title, author


def _epub_href(opf_dir: str, href: str, names: set[str]) -> str:
    """The archive path a manifest href points to."""
    href = unquote(href.split("#", 1)[0])
    if href.startswith("/"):
        # Meant from the archive root; some tools mean the package folder.
        rooted = posixpath.normpath(href.lstrip("/"))
        relative = posixpath.normpath(posixpath.join(opf_dir, href.lstrip("/")))
        return relative if rooted not in names and relative in names else rooted
    return posixpath.normpath(posixpath.join(opf_dir, href))


def _epub_aside(itemref: ET.Element, manifest: dict[str, tuple[str, str, bool]]) -> bool:
    """True for a spine entry that is not part of the reading order proper."""
    if (itemref.get("linear") or "").strip().lower() == "no":
        return True
    item = manifest.get(itemref.get("idref") or "")
    return item is not None and item[2]


def _epub_chapters(
    zf: zipfile.ZipFile,
    itemrefs: list[ET.Element],
    manifest: dict[str, tuple[str, str, bool]],
    names: set[str],
    encrypted: set[str],
    name: str,
) -> tuple[list[str], list[Heading], list[RubySpan]]:
    paragraphs: list[str] = []
    headings: list[Heading] = []
    ruby: list[RubySpan] = []
    for itemref in itemrefs:
        idref = itemref.get("idref") or ""
        if idref not in manifest:
            raise DocumentError(
                f"{name}: this EPUB book is damaged: the chapter “{idref}” "
                "listed in its reading order is missing."
            )
        path, media_type, _ = manifest[idref]
        if media_type and media_type not in _XHTML_TYPES:
            continue  # an image page or similar: nothing to read
        if path not in names:
            raise DocumentError(
                f"{name}: this EPUB book is damaged: the chapter {path} "
                "listed in its reading order is missing."
            )
        if path in encrypted:
            raise DocumentError(
                f"{name}: this EPUB book is protected by DRM (copy protection), "
                "so Shiori cannot read its text."
            )
        text, _ = decode(_epub_read(zf, path, name), f"{name} ({path})")
        chapter = _parse_html(text, name)
        offset = len(paragraphs)
        paragraphs.extend(chapter.paragraphs)
        headings.extend(Heading(h.paragraph + offset, h.level) for h in chapter.headings)
        ruby.extend(RubySpan(r.paragraph + offset, r.start, r.end, r.ruby) for r in chapter.ruby)
    return paragraphs, headings, ruby


def _epub_encrypted(zf: zipfile.ZipFile, names: set[str], name: str) -> set[str]:
    """Paths the book encrypts; fonts are often obfuscated, text only under DRM."""
    if "META-INF/encryption.xml" not in names:
        return set()
    try:
        root = _epub_xml(_epub_read(zf, "META-INF/encryption.xml", name), "encryption.xml", name)
    except DocumentError:
        return set()
    paths = set()
    for elem in root.iter():
        if _local(elem.tag) == "CipherReference" and elem.get("URI"):
            paths.add(posixpath.normpath(unquote(elem.get("URI", "")).lstrip("/")))
    return paths


def _is_epub(zf: zipfile.ZipFile) -> bool:
    names = set(zf.namelist())
    if "META-INF/container.xml" in names:
        return True
    if "mimetype" in names:
        try:
            info = zf.getinfo("mimetype")
            if info.file_size < 100:
                return zf.read("mimetype").strip() == b"application/epub+zip"
        except Exception:
            return False
    return False


# ---------------------------------------------------------------------------
# Public entry points


def _stem(path: str) -> str:
    return Path(path).stem or Path(path).name or path


def _display_name(path: str) -> str:
    return Path(path).name or path


def _read_file(path: str, name: str) -> bytes:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DocumentError(f"{name}: this file does not exist.") from None
    except NotADirectoryError:
        raise DocumentError(f"{name}: this file does not exist.") from None
    except PermissionError:
        raise DocumentError(f"{name}: Shiori is not allowed to read this file.") from None
    except (OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or "the system refused"
        raise DocumentError(f"{name}: this file could not be read ({reason}).") from None
    if stat.S_ISDIR(st.st_mode):
        raise DocumentError(f"{name}: this is a folder, not a file.")
    if not stat.S_ISREG(st.st_mode):
        raise DocumentError(f"{name}: this is not an ordinary file.")
    if st.st_size > MAX_FILE_BYTES:
        raise DocumentError(
            f"{name}: this file is too large ({st.st_size / 1024 / 1024:.0f} MB); "
            "Shiori opens files up to 50 MB."
        )
    if st.st_size == 0:
        raise DocumentError(f"{name}: this file is empty.")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise DocumentError(f"{name}: Shiori is not allowed to read this file.") from None
    except IsADirectoryError:
        raise DocumentError(f"{name}: this is a folder, not a file.") from None
    except OSError as e:
        reason = e.strerror or "the system refused"
        raise DocumentError(f"{name}: this file could not be read ({reason}).") from None
    if len(data) > MAX_FILE_BYTES:  # it grew between stat and read
        raise DocumentError(f"{name}: this file is too large; Shiori opens files up to 50 MB.")
    if not data:
        raise DocumentError(f"{name}: this file is empty.")
    return data


def _document_from_text(
    text: str,
    *,
    title: str | None,
    fallback_title: str,
    encoding: str | None,
    source: str | None,
    html_hint: bool = False,
    name: str = "text",
) -> Document:
    text = _normalise(text)
    if html_hint:
        parsed = _parse_html(text, name)
        return Document(
            title=title or parsed.meta_title or parsed.title or parsed.first_h1 or fallback_title,
            author=parsed.author,
            format="html",
            encoding=encoding,
            paragraphs=parsed.paragraphs,
            headings=parsed.headings,
            ruby=parsed.ruby,
            source=source,
        )
    if _looks_aozora(text):
        paragraphs, headings, ruby, found_title, author, colophon = _parse_aozora(text)
        return Document(
            title=title or found_title or fallback_title,
            author=author,
            format="aozora",
            encoding=encoding,
            paragraphs=paragraphs,
            headings=headings,
            ruby=ruby,
            colophon=colophon,
            source=source,
        )
    paragraphs, found_title = _parse_plain(text)
    return Document(
        title=title or found_title or fallback_title,
        author=None,
        format="text",
        encoding=encoding,
        paragraphs=paragraphs,
        headings=[],
        ruby=[],
        source=source,
    )


_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xht"})
_PLAIN_SUFFIXES = frozenset({".txt", ".text"})


def _load(path: str) -> Document:
    name = _display_name(path)
    data = _read_file(path, name)
    suffix = Path(path).suffix.lower()

    if data.startswith(b"PK") or suffix == ".epub":
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except Exception:  # zipfile raises many kinds of error for garbage
            if suffix == ".epub":
                raise DocumentError(
                    f"{name}: this EPUB book is damaged and cannot be opened "
                    "(it is not a valid ZIP archive)."
                ) from None
            zf = None
        if zf is not None:
            with zf:
                if suffix != ".epub" and not _is_epub(zf):
                    raise DocumentError(
                        f"{name}: this file is not text; it looks like a ZIP archive."
                    )
                paragraphs, headings, ruby, title, author = _parse_epub(zf, name)
            if not any(p.strip() for p in paragraphs):
                raise DocumentError(
                    f"{name}: this EPUB book has no text Shiori can show "
                    "(it may contain only images)."
                )
            return Document(
                title=title or _stem(path),
                author=author,
                format="epub",
                encoding=None,
                paragraphs=paragraphs,
                headings=headings,
                ruby=ruby,
                source=path,
            )

    text, encoding = decode(data, name)
    html_hint = suffix in _HTML_SUFFIXES or (
        suffix not in _PLAIN_SUFFIXES and _looks_like_html(text)
    )
    document = _document_from_text(
        text,
        title=None,
        fallback_title=_stem(path),
        encoding=encoding,
        source=path,
        html_hint=html_hint,
        name=name,
    )
    if not any(p.strip() for p in document.paragraphs):
        raise DocumentError(f"{name}: this file contains no text.")
    return document


def load(path: str | os.PathLike[str]) -> Document:
    """Open a file the learner chose, whatever its format or encoding.

    Raises DocumentError (and only that) for anything that is not a readable
    document, with a message meant for the learner.
    """
    try:
        path_str = os.fspath(path)
    except TypeError:
        raise DocumentError("This is not a file name Shiori understands.") from None
    if isinstance(path_str, bytes):
        path_str = os.fsdecode(path_str)
    try:
        document = _load(path_str)
    except DocumentError:
        raise
    except (MemoryError, RecursionError):
        logger.exception("loading %s ran out of resources", path_str)
        raise DocumentError(
            f"{_display_name(path_str)}: this file is too complex for Shiori to open."
        ) from None
    except Exception:
        # A bug in a parser must not reach the learner as a traceback.
        logger.exception("unexpected failure loading %s", path_str)
        raise DocumentError(
            f"{_display_name(path_str)}: Shiori could not read this file (an internal error)."
        ) from None
    logger.info(
        "loaded %s: %s, %s, %d paragraphs, %d ruby",
        path_str,
        document.format,
        document.encoding,
        len(document.paragraphs),
        len(document.ruby),
    )
    return document


def from_text(text: str, title: str | None = None) -> Document:
    """Build a document from pasted text; Aozora markup is recognised there too.

    An explicit ``title`` wins over anything found in the text.
    """
    try:
        return _document_from_text(
            text, title=title, fallback_title=_UNTITLED, encoding=None, source=None
        )
    except (MemoryError, RecursionError):
        logger.exception("pasted text ran out of resources")
        raise DocumentError("This text is too complex for Shiori to open.") from None
    except Exception:
        logger.exception("unexpected failure reading pasted text")
        raise DocumentError("Shiori could not read this text (an internal error).") from None
