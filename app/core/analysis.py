"""Paragraph text to tokens with readings, dictionary forms and furigana.

fugashi with unidic-lite does the segmentation. What unidic says about a given
(surface, feature) pair never changes, so everything derived from it (cleaned
lemma, hiragana reading, furigana split) is computed once and shared by every
later occurrence: a novel repeats its words, and this keeps the full pipeline
close to the cost of the bare tagger.
"""

from __future__ import annotations

import gc
import logging
import threading
from contextlib import contextmanager
from typing import Iterable, NamedTuple, Sequence

from .furigana import Segment, align, has_kanji, is_kanji, to_hiragana

log = logging.getLogger(__name__)

__all__ = ["Token", "analyze", "Analyzer", "to_hiragana", "token_reading_text"]

# unidic pos1 values that are not words a learner would look up.
_NON_WORD_POS = frozenset({"補助記号", "空白", "記号"})


class Token(NamedTuple):
    """One token of a paragraph. Immutable: use `tok._replace(reading=...)`.

    A NamedTuple because a novel has hundreds of thousands of them: it is the
    cheapest object to build and to keep, and its fields read at C speed.
    """

    surface: str
    start: int
    end: int
    lemma: str
    reading: str
    lemma_reading: str
    pos: str
    pos_fine: str
    conj_type: str
    conj_form: str
    accent: str
    is_word: bool
    furigana: Sequence[Segment]
    ruby_source: str | None
    # unidic's lexeme (lemma field without its English gloss): 泳げ -> 泳ぐ where
    # orthBase says 泳げる. Dictionary lookup tries it after `lemma`.
    lexeme: str = ""

    def to_json(self) -> dict:
        return {
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
            "lemma": self.lemma,
            "reading": self.reading,
            "pos": self.pos,
            "furigana": [[text, ruby] for text, ruby in self.furigana],
            "ruby_source": self.ruby_source,
        }


# What the tagger says about one (surface, feature) pair, minus the offsets.
_Template = tuple  # (lemma, reading, lemma_reading, pos, pos_fine, ctype, cform, accent, is_word, furigana, ruby_source, lexeme)


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


def _make_template(surface: str, node) -> _Template:
    f = node.feature
    pos = _field(f.pos1)
    pos_fine = ",".join(p for p in (_field(f.pos2), _field(f.pos3), _field(f.pos4)) if p)
    unknown = node.is_unk or getattr(f, "kana", None) is None
    if unknown:
        is_word = pos not in _NON_WORD_POS and any(c.isalnum() for c in surface)
        return (surface, "", "", pos, pos_fine, "", "", "", is_word, ((surface, None),), None, surface)
    is_word = pos not in _NON_WORD_POS
    reading = to_hiragana(_field(f.kana)) if is_word else ""
    lemma = _field(f.orthBase) or surface
    lemma_reading = to_hiragana(_field(f.kanaBase))
    furigana = tuple(align(surface, reading)) if is_word else ((surface, None),)
    ruby_source = "generated" if any(r for _, r in furigana) else None
    return (
        lemma,
        reading,
        lemma_reading,
        pos,
        pos_fine,
        _field(f.cType),
        _field(f.cForm),
        _field(f.aType),
        is_word,
        furigana,
        ruby_source,
        _clean_lexeme(f.lemma) or lemma,
    )


_GAP_TEMPLATE: _Template = ("", "", "", "空白", "", "", "", "", False, (), None, "")


class Analyzer:
    """One tagger and its template cache. Not thread-safe: one per thread."""

    def __init__(self) -> None:
        import fugashi  # imported here so that importing the module stays cheap

        self._tagger = fugashi.Tagger()
        # tagger output line -> (surface, the token's fields after start/end)
        self._templates: dict[str, tuple[str, _Template]] = {}

    def analyze(self, text: str, ruby: Iterable | None = None) -> list[Token]:
        """Tokens covering *text* from end to end, gaps (spaces) included.

        *ruby* is the author's ruby for this paragraph: objects with `start`,
        `end` and `ruby` (documents.RubySpan) or (start, end, ruby) tuples. The
        author's reading wins over the generated one for the characters it covers.
        """
        with _no_gc():
            return self._analyze(text, ruby)

    def analyze_many(self, texts: Iterable[str], rubies: Iterable | None = None,
                     progress=None, should_stop=None, total: int | None = None) -> list[list[Token]]:
        """Many paragraphs at once: the bulk path for whole documents.

        *progress(done, total)* is called about a hundred times over the run;
        *should_stop()* is asked as often and ends the run early when true.
        """
        texts = list(texts)
        total = len(texts) if total is None else total
        rubies = list(rubies) if rubies is not None else [None] * len(texts)
        step = max(1, total // 100)
        out: list[list[Token]] = []
        with _no_gc():
            for i, (text, ruby) in enumerate(zip(texts, rubies)):
                if i % step == 0:
                    if should_stop is not None and should_stop():
                        break
                    if progress is not None:
                        progress(i, total)
                out.append(self._analyze(text, ruby))
        if progress is not None and len(out) == total:
            progress(total, total)
        return out

    def _analyze(self, text: str, ruby: Iterable | None) -> list[Token]:
        if not text:
            return []
        tokens = self._tokens(text)
        if ruby:
            tokens = apply_author_ruby(tokens, text, ruby)
        return tokens

    def _tokens(self, text: str) -> list[Token]:
        # MeCab's own one-line-per-token output costs less than a Python node
        # object per token; each distinct line is turned into token fields once,
        # from the full feature set of the node it came from.
        lines = self._tagger.parse(text).split("\n")
        if lines and lines[-1] == "EOS":
            lines.pop()
        templates = self._templates
        found = [templates.get(line) for line in lines]
        if None in found and not self._learn(text, lines, found):
            return self._tokens_from_nodes(text)
        tokens: list[Token] = []
        new = tuple.__new__
        pos = 0
        find = text.find
        append = tokens.append
        for surface, fields in found:
            start = find(surface, pos)
            if start != pos:
                if start < 0:  # MeCab never changes the text, but never lose any
                    log.warning("token %r not found in paragraph after %d", surface, pos)
                    continue
                append(_gap(text, pos, start))
            pos = start + len(surface)
            append(new(Token, (surface, start, pos) + fields))
        if pos < len(text):
            append(_gap(text, pos, len(text)))
        return tokens

    def _learn(self, text: str, lines: list[str], found: list) -> bool:
        """Fill the templates of lines not seen before from the tagger's nodes."""
        nodes = [n for n in self._tagger(text) if n.surface]
        if len(nodes) != len(lines):
            return False
        for i, (line, node) in enumerate(zip(lines, nodes)):
            if found[i] is None:
                surface = node.surface
                if line.partition("\t")[0] != surface:
                    return False
                found[i] = self._templates[line] = (surface, _make_template(surface, node))
        return True

    def _tokens_from_nodes(self, text: str) -> list[Token]:
        """The plain path, for text whose tagger output could not be matched to nodes."""
        tokens: list[Token] = []
        pos = 0
        for node in self._tagger(text):
            surface = node.surface
            start = text.find(surface, pos) if surface else -1
            if start < 0:
                continue
            if start > pos:
                tokens.append(_gap(text, pos, start))
            pos = start + len(surface)
            tokens.append(Token(surface, start, pos, *_make_template(surface, node)))
        if pos < len(text):
            tokens.append(_gap(text, pos, len(text)))
        return tokens


def _gap(text: str, start: int, end: int) -> Token:
    gap = text[start:end]
    t = _GAP_TEMPLATE
    return Token(gap, start, end, gap, *t[1:9], ((gap, None),), None, gap)


@contextmanager
def _no_gc():
    """Pause the cyclic collector while tokens are made.

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


def analyze(text: str, ruby: Iterable | None = None) -> list[Token]:
    return analyzer().analyze(text, ruby)


# --- author ruby -----------------------------------------------------------


def _span_tuple(span) -> tuple[int, int, str]:
    if isinstance(span, tuple):
        return span
    return (span.start, span.end, span.ruby)


def apply_author_ruby(tokens: list[Token], text: str, ruby: Iterable) -> list[Token]:
    """Put the author's ruby on the tokens it covers.

    A ruby base inside one token replaces the generated reading for those
    characters only. A base spread over several tokens (the analyser split a
    word the author treats as one, often a name) merges them into one token,
    since the author's reading cannot be divided between them.
    """
    spans = []
    for s in sorted(_span_tuple(s) for s in ruby):
        # a span overlapping the one before would put its characters in twice
        if 0 <= s[0] < s[1] <= len(text) and s[2] and (not spans or s[0] >= spans[-1][1]):
            spans.append(s)
    if not spans:
        return tokens
    out: list[Token] = []
    i = 0
    n = len(tokens)
    si = 0
    while i < n:
        tok = tokens[i]
        # skip spans that ended before this token
        while si < len(spans) and spans[si][1] <= tok.start:
            si += 1
        if si >= len(spans) or spans[si][0] >= tok.end:
            out.append(tok)
            i += 1
            continue
        # tokens i..j-1 are covered by a chain of spans overlapping this group
        j = i + 1
        group_end = tok.end
        sj = si
        while sj < len(spans) and spans[sj][0] < group_end:
            group_end = max(group_end, spans[sj][1])
            while j < n and tokens[j].start < group_end:
                group_end = max(group_end, tokens[j].end)
                j += 1
            sj += 1
        group = tokens[i:j]
        out.append(_ruby_token(group, text, spans[si:sj]))
        i = j
        si = sj
    return out


def _ruby_token(group: list[Token], text: str, spans: list[tuple[int, int, str]]) -> Token:
    start, end = group[0].start, group[-1].end
    surface = text[start:end]
    pieces: list[tuple[str, str | None]] = []
    pos = start
    for s, e, r in spans:
        s, e = max(s, start), min(e, end)
        if s > pos:
            pieces.append((text[pos:s], None))
        pieces.append((text[s:e], to_hiragana(r)))
        pos = e
    if pos < end:
        pieces.append((text[pos:end], None))
    generated = "".join(t.reading for t in group)
    furigana = _align_with_fixed(pieces, generated)
    if all(r or not has_kanji(t) for t, r in furigana):
        reading = "".join(r if r else to_hiragana(t) for t, r in furigana)
    else:  # some kanji are left without ruby: the analyser's reading is the best whole
        reading = generated
    if len(group) == 1:
        base = group[0]
        return Token(
            surface, start, end, base.lemma, reading, base.lemma_reading, base.pos,
            base.pos_fine, base.conj_type, base.conj_form, base.accent, True,
            tuple(furigana), "author", base.lexeme,
        )
    last = group[-1]
    prefix = "".join(t.surface for t in group[:-1])
    word_pos = next((t for t in group if t.pos == "名詞"), group[0])
    return Token(
        surface, start, end, prefix + last.lemma, reading,
        reading[: len(reading) - len(last.reading)] + last.lemma_reading if last.reading else reading,
        word_pos.pos, word_pos.pos_fine, last.conj_type, last.conj_form, "", True,
        tuple(furigana), "author", prefix + (last.lexeme or last.lemma),
    )


def _align_with_fixed(pieces: list[tuple[str, str | None]], reading: str) -> list[Segment]:
    """Like furigana.align, with some pieces' ruby already fixed by the author.

    The generated reading is used only to find the readings of kanji outside
    the author's bases; when it cannot be lined up they get no ruby rather
    than a guess.
    """
    import re

    units: list[tuple[str, str, str | None]] = []  # (kind, text, fixed) kind: fixed|kanji|kana
    for text, fixed in pieces:
        if fixed is not None:
            units.append(("fixed", text, fixed))
            continue
        run = ""
        kanji = None
        for ch in text:
            k = is_kanji(ch)
            if kanji is not None and k != kanji:
                units.append(("kanji" if kanji else "kana", run, None))
                run = ""
            kanji = k
            run += ch
        if run:
            units.append(("kanji" if kanji else "kana", run, None))
    needs_match = any(kind == "kanji" for kind, _, _ in units)
    m = None
    if needs_match and reading:
        # The author's ruby is matched as written: where the analyser read
        # those characters differently, the kanji around them get no ruby
        # rather than a share of a reading that is not theirs.
        pattern = "".join(
            "(.+?)" if kind == "kanji" else "(" + re.escape(to_hiragana(fixed if kind == "fixed" else t)) + ")"
            for kind, t, fixed in units
        )
        m = re.fullmatch(pattern, to_hiragana(reading))
    out: list[Segment] = []
    for idx, (kind, t, fixed) in enumerate(units):
        if kind == "fixed":
            out.append((t, fixed))
        elif kind == "kana":
            out.append((t, None))
        else:
            out.append((t, m.group(idx + 1) if m else None))
    # merge adjacent segments without ruby so the output stays compact
    merged: list[Segment] = []
    for t, r in out:
        if merged and r is None and merged[-1][1] is None:
            merged[-1] = (merged[-1][0] + t, None)
        else:
            merged.append((t, r))
    return merged


def token_reading_text(tokens: Iterable[Token]) -> str:
    """The hiragana reading of a run of tokens, kana written as they are."""
    return "".join(t.reading or to_hiragana(t.surface) for t in tokens)


def word_tokens(tokens: Iterable[Token]) -> list[Token]:
    return [t for t in tokens if t.is_word]


def kanji_tokens(tokens: Iterable[Token]) -> list[Token]:
    return [t for t in tokens if t.is_word and has_kanji(t.surface)]


def analyze_document(doc, progress=None, should_stop=None) -> list[list[Token]]:
    """Every paragraph of a documents.Document, with the author's ruby applied.

    *progress(done, total)* lets a caller show how far a long novel has got;
    *should_stop()* lets a worker give up early.
    """
    return analyzer().analyze_many(
        doc.paragraphs, (doc.ruby_for(i) for i in range(len(doc.paragraphs))),
        progress=progress, should_stop=should_stop,
    )
