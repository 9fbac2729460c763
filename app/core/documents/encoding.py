"""Guess a file's encoding the way a learner expects: without asking.

Japanese files come in UTF-8, UTF-16 (with or without a byte-order mark),
Shift_JIS and EUC-JP, and several codecs accept the same bytes; each decoding
is scored by how much of it is ordinary Japanese script.  Files that are not
text at all (images, archives, programs) are named in the error message.
"""

from __future__ import annotations

from ..chars import (
    CJK_SYMBOLS,
    FULL_WIDTH_FORMS,
    HALF_WIDTH_KATAKANA,
    IDEOGRAPHS,
    KANA_BLOCKS,
)
from .model import DocumentError, logger
from .normalise import lazy_re

_SNIFF_BYTES = 8192

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

# Full-width Japanese script, broader than any letter class on purpose: what
# a right decoding is full of and a wrong one lacks.  CJK punctuation, the
# whole kana blocks, kanji, full-width forms, and the JIS X 0208 symbols
# Japanese prose uses (―…“”※×○■→①…).
_JAPANESE_CHARS = lazy_re(
    f"[{CJK_SYMBOLS}{KANA_BLOCKS}{IDEOGRAPHS}{FULL_WIDTH_FORMS}"
    "\u2010-\u2027\u2030-\u203b\u2190-\u22ff\u2460-\u24ff\u2500-\u257f\u25a0-\u26ff"
    "\u00a7\u00a8\u00b0\u00b1\u00b4\u00b6\u00d7\u00f7]"
)
_KANJI_CHARS = lazy_re(f"[{IDEOGRAPHS}]")
# Half-width katakana and punctuation (｡｢｣､･ｦ…ﾟ), in runs.
_HALFWIDTH_RUN = lazy_re(f"[{HALF_WIDTH_KATAKANA}]+")
_NON_ASCII = lazy_re("[^\x00-\x7f]")
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
# (Latin, Greek, Cyrillic, general punctuation and symbols; CJK symbols, kana,
# the CJK letter and compatibility blocks \u31f0-\u33ff, kanji; vertical and
# full-width forms; emoji.)
_UTF16_PLAUSIBLE = lazy_re(
    "[\t\n\r\x0c\x20-\x7e\u00a0-\u024f\u0370-\u04ff\u2000-\u2027\u2030-\u205e\u2100-\u27bf"
    f"{CJK_SYMBOLS}{KANA_BLOCKS}\u31f0-\u33ff{IDEOGRAPHS}"
    "\ufe30-\ufe4f\uff01-\uffef\U0001f000-\U0001faff]"
)
# ...and what nearly every text has plenty of: ASCII, kana, punctuation.
# UTF-16 read in the wrong byte order has almost none (kana become kanji).
_UTF16_COMMON = lazy_re(
    f"[\t\n\r\x20-\x7e{CJK_SYMBOLS}{KANA_BLOCKS}{FULL_WIDTH_FORMS}{HALF_WIDTH_KATAKANA}]"
)


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
_NON_ASCII_VALID = lazy_re("[^\x00-\x7f\ufffd]")


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
