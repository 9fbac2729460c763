"""Paragraph text to tokens with readings, dictionary forms and furigana.

fugashi with unidic-lite does the segmentation. What unidic says about a given
(surface, feature) pair never changes, so everything derived from it (cleaned
lemma, hiragana reading, furigana split) is computed once and shared by every
later occurrence: a novel repeats its words, and this keeps the full pipeline
close to the cost of the bare tagger.
"""

from __future__ import annotations

import csv
import gc
import logging
import threading
from contextlib import contextmanager
from operator import itemgetter
from typing import Iterable, Sequence

from .author_ruby import EarlierRuby, apply_author_ruby
from .chars import to_hiragana
from .furigana import Segment, align
from .words import WordKey

log = logging.getLogger(__name__)

__all__ = ["Token", "analyze", "analyze_document", "Analyzer", "EarlierRuby", "apply_author_ruby", "to_hiragana",
           "word_fields", "no_gc"]

# unidic pos1 values that are not words a learner would look up.
_NON_WORD_POS = frozenset({"補助記号", "空白", "記号"})


_WORD_FIELDS = ("lemma", "reading", "lemma_reading", "pos", "pos_fine", "conj_type", "conj_form",
                "accent", "is_word", "furigana", "ruby_source", "lexeme")


def _token_from_tuple(data: tuple) -> "Token":
    return tuple.__new__(Token, data)


class Token(tuple):
    """One token of a paragraph: where it is, and what the analyser says of the word.

    Immutable: use `tok._replace(reading=...)`. Built like a NamedTuple
    (`Token(surface, start, end, lemma, reading, ...)`) and read by name.

    Stored as (surface, start, end, word): `word` holds the fields that are
    the same for every occurrence of that word, one tuple shared by them all.
    A novel has hundreds of thousands of tokens; building each from its
    offsets and a shared tuple costs a third of copying fifteen fields, and
    pickling them (to and from the analysis process) sends each word once.

    Fields after the offsets: lemma (dictionary form, unidic orthBase),
    reading (hiragana of the surface), lemma_reading, pos (coarse), pos_fine
    (the finer levels, comma-joined), conj_type, conj_form, accent (unidic
    aType), is_word (False for punctuation, symbols, spaces), furigana
    (segments that concatenate to the surface), ruby_source ("author",
    "author-earlier": the author's ruby of the same word earlier in the
    text, "generated" or None) and lexeme (unidic's lemma without its English
    gloss: 泳げ -> 泳ぐ where orthBase says 泳げる; lookups try it too).
    """

    __slots__ = ()
    _fields = ("surface", "start", "end", *_WORD_FIELDS)

    def __new__(cls, surface: str, start: int, end: int, lemma: str, reading: str, lemma_reading: str,
                pos: str, pos_fine: str, conj_type: str, conj_form: str, accent: str, is_word: bool,
                furigana: Sequence[Segment], ruby_source: str | None, lexeme: str = "") -> "Token":
        word = (lemma, reading, lemma_reading, pos, pos_fine, conj_type, conj_form, accent, is_word,
                tuple(furigana), ruby_source, lexeme)
        return tuple.__new__(cls, (surface, start, end, word))

    surface = property(itemgetter(0))
    start = property(itemgetter(1))
    end = property(itemgetter(2))
    lemma = property(lambda self: self[3][0])
    reading = property(lambda self: self[3][1])
    lemma_reading = property(lambda self: self[3][2])
    pos = property(lambda self: self[3][3])
    pos_fine = property(lambda self: self[3][4])
    conj_type = property(lambda self: self[3][5])
    conj_form = property(lambda self: self[3][6])
    accent = property(lambda self: self[3][7])
    is_word = property(lambda self: self[3][8])
    furigana = property(lambda self: self[3][9])
    ruby_source = property(lambda self: self[3][10])
    lexeme = property(lambda self: self[3][11])

    @property
    def key(self) -> WordKey | None:
        """The word this token is an occurrence of (dictionary form, reading); None for punctuation."""
        w = self[3]
        return WordKey(w[0], w[2] or w[1]) if w[8] else None

    def _asdict(self) -> dict:
        return {"surface": self[0], "start": self[1], "end": self[2], **dict(zip(_WORD_FIELDS, self[3]))}

    def _replace(self, **changes) -> "Token":
        fields = self._asdict()
        unknown = set(changes) - set(fields)
        if unknown:
            raise ValueError(f"Token has no field {', '.join(sorted(unknown))}")
        fields.update(changes)
        return Token(**fields)

    def __reduce__(self):
        return (_token_from_tuple, (tuple(self),))

    def __repr__(self) -> str:
        return "Token(" + ", ".join(f"{k}={v!r}" for k, v in self._asdict().items()) + ")"

    def to_json(self) -> dict:
        return {
            "surface": self[0],
            "start": self[1],
            "end": self[2],
            "lemma": self.lemma,
            "reading": self.reading,
            "pos": self.pos,
            "furigana": [[text, ruby] for text, ruby in self.furigana],
            "ruby_source": self.ruby_source,
        }


# What the tagger says about one (surface, feature) pair, minus the offsets.
# (lemma, reading, lemma_reading, pos, pos_fine, ctype, cform, accent, is_word, furigana, ruby_source, lexeme)
_Template = tuple


def _clean_lexeme(lemma: str | None) -> str:
    """unidic's lemma field is 'ゼファー-zephyr' for loanwords: keep the Japanese."""
    if not lemma:
        return ""
    head, sep, tail = lemma.partition("-")
    if sep and head and tail and tail.isascii():
        return head
    return lemma


def _field(value: str | None) -> str:
    return "" if value is None or value == "*" else value


# MeCab writes one line per token: the surface and unidic's raw feature string.
# Copying the raw string is the cheapest output MeCab has (picking fields out
# of it costs more than the decoding of the longer line saves), and a line
# seen before is a dictionary hit; a new one is parsed once.
_NODE_FORMAT = r"%m\t%H\n"

# unidic feature fields used (unidic-lite's 26-field layout)
_POS1, _POS2, _POS3, _POS4, _CTYPE, _CFORM = 0, 1, 2, 3, 4, 5
_LEMMA, _ORTH_BASE, _KANA, _KANA_BASE, _ATYPE = 7, 10, 17, 18, 23


def _tagger_args() -> str:
    import unidic_lite

    return (f'-d "{unidic_lite.DICDIR}" -r /dev/null -O "" '
            f"-F '{_NODE_FORMAT}' -U '{_NODE_FORMAT}' -E ''")


def _make_template(line: str) -> tuple[str, _Template]:
    """(surface, word fields) from one line of the tagger's output."""
    surface, _, raw = line.partition("\t")
    f = next(csv.reader([raw]))
    pos = _field(f[_POS1])
    pos_fine = ",".join(p for p in (_field(x) for x in f[_POS2:_POS4 + 1]) if p)
    if len(f) <= _ATYPE:  # unknown to unidic: Latin words, digits, rare symbols
        is_word = pos not in _NON_WORD_POS and any(c.isalnum() for c in surface)
        return surface, (surface, "", "", pos, pos_fine, "", "", "", is_word, ((surface, None),), None, surface)
    is_word = pos not in _NON_WORD_POS
    reading = to_hiragana(_field(f[_KANA])) if is_word else ""
    lemma = _field(f[_ORTH_BASE]) or surface
    furigana = tuple(align(surface, reading)) if is_word else ((surface, None),)
    return surface, (
        lemma,
        reading,
        to_hiragana(_field(f[_KANA_BASE])),
        pos,
        pos_fine,
        _field(f[_CTYPE]),
        _field(f[_CFORM]),
        _field(f[_ATYPE]),
        is_word,
        furigana,
        "generated" if any(r for _, r in furigana) else None,
        _clean_lexeme(_field(f[_LEMMA])) or lemma,
    )


# The tuple of a token's word fields, shared by its occurrences: what depends
# on the word and not on where it occurs can be cached under it (the
# furigana in it spell the surface, so it names the surface too).
word_fields = itemgetter(3)

_GAP_TEMPLATE: _Template = ("", "", "", "空白", "", "", "", "", False, (), None, "")


class Analyzer:
    """One tagger and its template cache. Not thread-safe: one per thread."""

    def __init__(self) -> None:
        import fugashi  # imported here so that importing the module stays cheap
        import unidic_lite

        from .mapped_pages import page_by_page

        with page_by_page(unidic_lite.DICDIR):
            self._tagger = fugashi.GenericTagger(_tagger_args())
        # tagger output line -> (surface, the token's word fields)
        self._templates: dict[str, tuple[str, _Template]] = {}

    def analyze(self, text: str, ruby: Iterable | None = None, earlier: EarlierRuby | None = None) -> list[Token]:
        """Tokens covering *text* from end to end, gaps (spaces) included.

        *ruby* is the author's ruby for this paragraph: objects with `start`,
        `end` and `ruby` (documents.RubySpan) or (start, end, ruby) tuples. The
        author's reading wins over the generated one for the characters it covers.
        *earlier* is what the author's ruby said before this paragraph (see
        author_ruby.EarlierRuby); it learns from this one's.
        """
        with no_gc():
            return self._analyze(text, ruby, earlier)

    def analyze_many(self, texts: Iterable[str], rubies: Iterable | None = None,
                     progress=None, should_stop=None, earlier: EarlierRuby | None = None) -> list[list[Token]]:
        """Many paragraphs at once, in the order they are read: the bulk path for whole documents.

        *progress(done, total)* is called about a hundred times over the run;
        *should_stop()* is asked as often and ends the run early when true.
        The author's ruby of one paragraph reads the same words in the ones
        after it; *earlier* carries that from a previous call (a document
        analysed in batches), else the run starts afresh.
        """
        if earlier is None:
            earlier = EarlierRuby()
        texts = list(texts)
        total = len(texts)
        rubies = list(rubies) if rubies is not None else [None] * len(texts)
        step = max(1, total // 100)
        out: list[list[Token]] = []
        with no_gc():
            for i, (text, ruby) in enumerate(zip(texts, rubies)):
                if i % step == 0:
                    if should_stop is not None and should_stop():
                        break
                    if progress is not None:
                        progress(i, total)
                out.append(self._analyze(text, ruby, earlier))
        if progress is not None and len(out) == total:
            progress(total, total)
        return out

    def _analyze(self, text: str, ruby: Iterable | None, earlier: EarlierRuby | None = None) -> list[Token]:
        if not text:
            return []
        tokens = self._tokens(text)
        if ruby or earlier:
            tokens = apply_author_ruby(tokens, text, ruby, earlier)
        return tokens

    def _tokens(self, text: str) -> list[Token]:
        # MeCab's own one-line-per-token output costs less than a Python node
        # object per token; each distinct line becomes token fields once.
        lines = self._tagger.parse(text).split("\n")
        if lines and not lines[-1]:
            lines.pop()
        templates = self._templates
        get = templates.get
        tokens: list[Token] = []
        new = tuple.__new__
        pos = 0
        find = text.find
        append = tokens.append
        for line in lines:
            t = get(line)
            if t is None:
                t = templates[line] = _make_template(line)
            surface, word = t
            start = find(surface, pos)
            if start != pos:
                if start < 0:  # MeCab never changes the text, but never lose any
                    log.warning("token %r not found in paragraph after %d", surface, pos)
                    continue
                append(_gap(text, pos, start))
            pos = start + len(surface)
            append(new(Token, (surface, start, pos, word)))
        if pos < len(text):
            append(_gap(text, pos, len(text)))
        return tokens


def _gap(text: str, start: int, end: int) -> Token:
    gap = text[start:end]
    t = _GAP_TEMPLATE
    return Token(gap, start, end, gap, *t[1:9], ((gap, None),), None, gap)


@contextmanager
def no_gc():
    """Pause the cyclic collector while tokens (or what is made of them) are made.

    Tokens hold no reference cycles; the collector would only walk the growing
    heap of a novel's tokens again and again while they are created.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_local = threading.local()


def analyzer() -> Analyzer:
    """The calling thread's Analyzer (MeCab taggers must not be shared)."""
    a = getattr(_local, "analyzer", None)
    if a is None:
        a = _local.analyzer = Analyzer()
    return a


def analyze(text: str, ruby: Iterable | None = None, earlier: EarlierRuby | None = None) -> list[Token]:
    return analyzer().analyze(text, ruby, earlier)


# --- author ruby: see author_ruby.py ----------------------------------------------


def analyze_document(doc, progress=None, should_stop=None, earlier: EarlierRuby | None = None) -> list[list[Token]]:
    """Every paragraph of a documents.Document, with the author's ruby applied, here and later on.

    *progress(done, total)* lets a caller show how far a long novel has got;
    *should_stop()* lets a worker give up early.
    """
    return analyzer().analyze_many(
        doc.paragraphs, (doc.ruby_for(i) for i in range(len(doc.paragraphs))),
        progress=progress, should_stop=should_stop, earlier=earlier,
    )
