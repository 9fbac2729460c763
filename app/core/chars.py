"""Character classes of Japanese text, defined once.

Regular-expression class bodies (``KANJI``, ``HIRAGANA`` ...) go inside
``[...]``; the functions answer for one character or a string. Everything
that asks "is this a kanji?" or "is this Japanese?" asks here, so that the
analyser, the documents, the dictionary and the reading statistics agree.
"""

from __future__ import annotations

import re
import unicodedata

# Ideographs: CJK Extension A, the Unified Ideographs, the Compatibility
# Ideographs, and Extensions B onward (supplementary planes).
IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
# Marks that behave like kanji in running text: 々 (repeat), 〆, ヶ/ヵ (三ヶ月),
# 〇 (zero), 〻 (vertical repeat). They carry a reading and take ruby.
KANJI_MARKS = "々〆ヶヵ〇〻"
KANJI = IDEOGRAPHS + KANJI_MARKS

HIRAGANA = "\u3041-\u3096\u309d\u309e"  # ぁ..ゖ, ゝ ゞ
KATAKANA = "\u30a1-\u30fa\u30fd\u30fe"  # ァ..ヺ, ヽ ヾ
PROLONGED = "ー"
SMALL_KANA = "ゃゅょぁぃぅぇぉゎゕゖャュョァィゥェォヮヵヶ"
# Small kana that join the kana before them into one mora (きょ, ファ); not ヵ/ヶ,
# which stand for a whole sound of their own (三ヶ月).
GLIDE_KANA = "ゃゅょぁぃぅぇぉゎャュョァィゥェォヮ"
HALF_WIDTH_KATAKANA = "\uff61-\uff9f"  # ｡｢｣､･ｦ..ﾝﾞﾟ, including the half-width punctuation
FULL_WIDTH_ALNUM = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"

# Whole Unicode blocks, for classes that ask "is this Japanese script at all?"
# rather than "which kind of letter is this?": they take in what the letter
# classes above leave out (voicing marks, ・, ゠, CJK punctuation).
CJK_SYMBOLS = "\u3000-\u303f"  # 　、。〃「」『』【】〒〓〔〕〜 and 々〆〇〻
KANA_BLOCKS = "\u3040-\u30ff"  # the Hiragana and Katakana blocks, ゛゜・ー included
FULL_WIDTH_FORMS = "\uff01-\uff5e"  # ！＂＃…ｚ｛｜｝～: ASCII in full width
HALF_AND_FULL_WIDTH_FORMS = "\uff00-\uffef"  # the whole block, half-width katakana included

# Characters a reading tracker counts as "read": kanji, kana, the long-vowel
# mark and full-width letters and digits; not punctuation, spaces or ASCII.
READABLE = KANJI + HIRAGANA + KATAKANA + PROLONGED + FULL_WIDTH_ALNUM + "\uff66-\uff9f"  # half-width ｦ..ﾟ

_KANJI_RE = re.compile(f"[{KANJI}]")
_IDEOGRAPH_RE = re.compile(f"[{IDEOGRAPHS}]")
_READABLE_RE = re.compile(f"[{READABLE}]")
_HALF_KATAKANA_RUN = re.compile(f"[{HALF_WIDTH_KATAKANA}]+")
_KATA_TO_HIRA = {cp: cp - 0x60 for cp in range(0x30A1, 0x30F7)}
_HIRA_TO_KATA = {cp: cp + 0x60 for cp in range(0x3041, 0x3097)}
_KANJI_MARK_SET = frozenset(KANJI_MARKS)
# voiced and half-voiced hiragana -> the plain kana (が -> か, ぱ -> は)
_UNVOICE = {ord(ch): unicodedata.normalize("NFD", ch)[0] for ch in map(chr, range(0x3041, 0x3097))
            if unicodedata.normalize("NFD", ch)[1:] in ("\u3099", "\u309a")}


def is_kanji(ch: str) -> bool:
    """True for an ideograph or a mark that reads like one (々, ヶ, 〇 ...)."""
    if ch in _KANJI_MARK_SET:
        return True
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF


def has_kanji(text: str) -> bool:
    return _KANJI_RE.search(text) is not None


def has_ideograph(text: str) -> bool:
    """A kanji proper, not only a mark like 々 or ヶ (which kana words may contain)."""
    return _IDEOGRAPH_RE.search(text) is not None


def is_kana(ch: str) -> bool:
    cp = ord(ch)
    return 0x3041 <= cp <= 0x3096 or 0x30A1 <= cp <= 0x30FA or ch in "ーゝゞヽヾ"


def is_kana_text(text: str) -> bool:
    return bool(text) and all(is_kana(c) for c in text)


def to_hiragana(text: str) -> str:
    """Katakana to hiragana; ー and everything else is left as it is."""
    return text.translate(_KATA_TO_HIRA)


def to_katakana(text: str) -> str:
    return text.translate(_HIRA_TO_KATA)


def has_half_width_katakana(text: str) -> bool:
    return _HALF_KATAKANA_RUN.search(text) is not None


def half_width_katakana_to_full(text: str) -> str:
    """ｶﾀｶﾅ to カタカナ (voicing marks joined), leaving every other character alone."""
    if not has_half_width_katakana(text):
        return text
    return _HALF_KATAKANA_RUN.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def to_full_width(text: str) -> str:
    """*text* as JMdict spells it: ASCII letters and digits full-width (ＣＥＯ, ７００), half-width katakana full."""
    if any(ch.isascii() and ch.isalnum() for ch in text):
        text = "".join(chr(ord(ch) + 0xFEE0) if ch.isascii() and ch.isalnum() else ch for ch in text)
    return half_width_katakana_to_full(text)


def unvoiced(kana: str) -> str:
    """Hiragana without voicing marks: rendaku (死 read じに in 饑死) is then no difference."""
    return kana.translate(_UNVOICE)


def readable_count(text: str) -> int:
    """How many characters of *text* a reader reads (see READABLE)."""
    return len(_READABLE_RE.findall(text))
