"""A document with its analysis: tokens and words per paragraph, filled in as they arrive.

The reader paints from it, the vocabulary's colouring asks it which word a
token belongs to, coverage counts over it and export takes sentences from it.
A long novel is analysed in the background, so every paragraph may still be
missing (None) and the object says how far it has got.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from typing import Iterator, Sequence

from .text import sentence_at, sentence_bounds
from .words import Position, WordKey, WordSpan

__all__ = ["AnalysedDocument", "document_id", "token_key", "default_words"]


def token_key(tok) -> WordKey | None:
    """The key of a single token: unidic's dictionary form and its reading; None for punctuation."""
    return None if tok is None else tok.key


def default_words(tokens: Sequence) -> tuple[WordSpan, ...]:
    """One word per word token, keyed by the analyser (before the dictionary has resolved anything)."""
    return tuple(WordSpan(i, i + 1, t.key) for i, t in enumerate(tokens) if t.is_word)


def document_id(document) -> str:
    """A name for *document* that stays the same from one run to the next.

    The document's own ``id`` when it has one; otherwise a digest of its
    text, so that a reading position saved for a file still finds it after
    the file was moved or renamed, and a pasted text is found again when
    the same text is pasted.
    """
    own = getattr(document, "id", None)
    if own:
        return str(own)
    digest = hashlib.blake2b(digest_size=12)
    for paragraph in document.paragraphs:
        digest.update(paragraph.encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return "text:" + digest.hexdigest()


class AnalysedDocument:
    """Tokens and word spans of every paragraph of *document* (None until analysed).

    *doc_id* names the document in positions and the store; by default
    :func:`document_id`.
    """

    def __init__(self, document, doc_id: str | None = None) -> None:
        self.document = document
        self._id = doc_id
        n = len(document.paragraphs)
        self._tokens: list[Sequence | None] = [None] * n
        self._words: list[tuple[WordSpan, ...] | None] = [None] * n
        self._span_of: list[list[int] | None] = [None] * n  # token index -> index into words, -1: none
        self._starts: list[list[int] | None] = [None] * n
        self._index: dict[WordKey, list[tuple[int, int]]] | None = None
        self._indexed: set[int] = set()
        self.analysed_count = 0
        self.version = 0  # bumped on every change, for caches that depend on the tokens

    # -- the document --------------------------------------------------------

    @property
    def id(self) -> str:
        if self._id is None:  # computed on first use: hashing a novel is not free
            self._id = document_id(self.document)
        return self._id

    @property
    def paragraphs(self) -> Sequence[str]:
        return self.document.paragraphs

    def __len__(self) -> int:
        return len(self._tokens)

    @property
    def complete(self) -> bool:
        return self.analysed_count == len(self._tokens)

    # -- filling in ------------------------------------------------------------

    def set_tokens(self, p: int, tokens: Sequence, words: Sequence[WordSpan] | None = None) -> None:
        """Paragraph *p* was analysed (again): its tokens, and its words if the dictionary resolved them."""
        if self._tokens[p] is None:
            self.analysed_count += 1
        self._tokens[p] = tokens
        self._words[p] = tuple(words) if words is not None else default_words(tokens)
        self._span_of[p] = None
        self._starts[p] = None
        if self._index is not None and p in self._indexed:
            self._index = None  # the words of an indexed paragraph changed: rebuild on demand
            self._indexed.clear()
        self.version += 1

    # -- reading -----------------------------------------------------------------

    def tokens(self, p: int) -> Sequence | None:
        return self._tokens[p] if 0 <= p < len(self._tokens) else None

    def token(self, p: int, t: int):
        toks = self.tokens(p)
        return toks[t] if toks is not None and 0 <= t < len(toks) else None

    def words(self, p: int) -> tuple[WordSpan, ...]:
        w = self._words[p] if 0 <= p < len(self._words) else None
        return w or ()

    def _spans(self, p: int) -> list[int]:
        s = self._span_of[p]
        if s is None:
            toks = self._tokens[p] or ()
            s = [-1] * len(toks)
            for i, w in enumerate(self.words(p)):
                for t in range(w.first, min(w.end, len(toks))):
                    s[t] = i
            self._span_of[p] = s
        return s

    def span_at(self, p: int, t: int) -> WordSpan | None:
        """The word token *t* of paragraph *p* belongs to (a compound spans several tokens)."""
        if self.tokens(p) is None:
            return None
        spans = self._spans(p)
        if not 0 <= t < len(spans) or spans[t] < 0:
            return None
        return self.words(p)[spans[t]]

    def key_at(self, p: int, t: int) -> WordKey | None:
        span = self.span_at(p, t)
        return span.key if span is not None else None

    def token_at_offset(self, p: int, offset: int) -> int | None:
        """Index of the token covering character *offset* of paragraph *p* (the token starting there, or before)."""
        toks = self.tokens(p)
        if not toks:
            return None
        starts = self._starts[p]
        if starts is None:
            starts = self._starts[p] = [tok.start for tok in toks]
        i = bisect_right(starts, offset) - 1
        return max(i, 0)

    def position(self, p: int, t: int) -> Position:
        tok = self.token(p, t)
        return Position(self.id, p, tok.start if tok is not None else 0)

    def sentence_at(self, p: int, t: int) -> str:
        """The sentence around token *t* of paragraph *p*: what a saved word keeps as context."""
        text = self.paragraphs[p]
        span = self.span_at(p, t)
        toks = self.tokens(p)
        if toks is None or not 0 <= t < len(toks):
            return text.strip("\u3000 ")
        first, end = (span.first, span.end) if span is not None else (t, t + 1)
        return sentence_at(text, toks[first].start, toks[end - 1].end)

    def sentence_bounds(self, p: int, offset: int) -> tuple[int, int]:
        return sentence_bounds(self.paragraphs[p], offset)

    # -- every occurrence of a word -------------------------------------------------

    def occurrences(self, key: WordKey) -> list[tuple[int, int]]:
        """(paragraph, first token) of every analysed occurrence of *key*, in reading order."""
        index = self._ensure_index()
        return index.get(key, [])

    def _ensure_index(self) -> dict[WordKey, list[tuple[int, int]]]:
        if self._index is None:
            self._index = {}
            self._indexed = set()
        missing = [p for p, toks in enumerate(self._tokens) if toks is not None and p not in self._indexed]
        if missing:
            index = self._index
            out_of_order = missing[0] < max(self._indexed, default=-1)
            for p in missing:
                for w in self.words(p):
                    index.setdefault(w.key, []).append((p, w.first))
                self._indexed.add(p)
            if out_of_order:  # a paragraph before ones already indexed arrived late
                for occ in index.values():
                    occ.sort()
        return self._index

    def iter_words(self) -> Iterator[tuple[int, WordSpan]]:
        """(paragraph, word) for every word analysed so far, in reading order."""
        for p in range(len(self._tokens)):
            for w in self.words(p):
                yield p, w
