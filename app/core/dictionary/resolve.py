"""Word resolution: which word of the vocabulary each token of a paragraph is an occurrence of.

The reader colours every word by its status, so every token needs the key
the vocabulary stores it under, and that key must be the one saving the
popup's first entry gives (:meth:`Entry.key`), or a word saved from the
popup would not colour its other occurrences. The rules:

* a token is looked up as a click on it would be, over the spans of its
  inflection chain (泳げ|なかっ|た), and keyed by the first entry found
  there: 陥った is 陥る【おちいる】, the analyser's own key, and 泳げなかった is
  泳ぐ【およぐ】 although unidic's dictionary form is 泳げる;
* a run of nouns, prefixes and suffixes (and pronouns and na-adjective
  stems before a suffix: 彼+ら, 可能+性) the analyser split but JMdict lists
  as one headword (取締+役+会) is one span with one key, found the way the
  lookup's longest match finds it; a run whose every entry contradicts the
  analyser is not one word (set phrases such as という stay words apart:
  only these runs are clearly one word);
* a token JMdict has nothing for keeps the analyser's key and no entry id;
  punctuation gets no span.

A novel repeats its words, so each decision is kept in the service's caches
under the tokens it depends on, and the dictionary is asked about all new
words of a batch of paragraphs at once.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Sequence

from ..analysis import no_gc, word_fields
from ..words import WordKey, WordSpan
from .cache import Reads, per_word
from .candidates import (
    CHAIN_PARTICLES, NOUNISH, Candidate, candidates, doubtful, forward_spans, rank_spans, token_reading,
)

__all__ = ["resolve_many", "word_key"]


# What grouping needs to know of a token, as bits (computed once per word).
_WORD = 1
_NOUN = 2  # may be part of a compound (see _COMPOUND_POS)
_CHAIN = 4  # continues the inflection chain of the word before it (candidates.is_chain) ...
_CHAIN_AFTER_STEM = 8  # ... if that one is a stem, a te-form or an auxiliary (helper verbs)
_STEM = 16
_UNKNOWN = object()
# What a compound the analyser split is made of: nouns, prefixes and suffixes,
# and pronouns and na-adjective stems before a suffix (彼+ら, 可能+性).
_COMPOUND_POS = NOUNISH | {"代名詞", "形状詞"}


def _bits(t) -> int:
    if not t.is_word:
        return 0
    pos, fine = t.pos, t.pos_fine
    bits = _WORD | (_NOUN if pos in _COMPOUND_POS else 0)
    if (pos == "助動詞" or (pos == "助詞" and t.surface in CHAIN_PARTICLES and "接続助詞" in fine)
            or (pos == "接尾辞" and t.conj_type) or (pos == "形状詞" and "助動詞語幹" in fine)):
        bits |= _CHAIN
    elif pos in ("動詞", "形容詞") and "非自立可能" in fine:
        bits |= _CHAIN_AFTER_STEM
    if t.surface in ("て", "で") or pos == "助動詞" or t.conj_form.startswith("連用形"):
        bits |= _STEM
    return bits


def resolve_many(reads: Reads, paragraphs: Sequence[Sequence]) -> list[tuple[WordSpan, ...]]:
    """The word spans of each paragraph; the caches decide most, the rest are asked about together.

    A paragraph goes through in one pass when everything it needs is known;
    one that needs a new word or run waits until all new ones of the batch
    are decided, and goes through again (a run's nouns that turn out to be
    words of their own need a second round).
    """
    caches = reads.caches
    out: list[tuple[WordSpan, ...] | None] = [None] * len(paragraphs)
    pending = list(range(len(paragraphs)))
    with no_gc():
        for _round in range(4):
            todo: dict = {}
            later = []
            for p in pending:
                spans = _spans(caches, paragraphs[p], todo)
                if spans is None:
                    later.append(p)
                else:
                    out[p] = spans
            if not later:
                break
            _decide_all(reads, todo)
            pending = later
        else:
            raise RuntimeError("word resolution made no progress")  # cannot happen: each round decides
    return out  # type: ignore[return-value]


_WID, _BITS = itemgetter(1), itemgetter(2)


def _words_of(caches, tokens: Sequence) -> tuple[list[int], list[int]]:
    """The word number and bits of each token."""

    def make(t) -> tuple:
        fields = word_fields(t)
        return (fields, caches.word_id(fields), _bits(t))

    recs = per_word(caches.resolve_words, tokens, make)
    return list(map(_WID, recs)), list(map(_BITS, recs))


def _spans(caches, tokens: Sequence, todo: dict) -> tuple[WordSpan, ...] | None:
    """The paragraph's spans from the caches; None (and what is missing in *todo*) when they lack something."""
    get = caches.words.get
    wids, bits = _words_of(caches, tokens)
    bits.append(0)  # after the last token: nothing follows
    n = len(tokens)
    spans: list[WordSpan] = []
    add = spans.append
    new = tuple.__new__
    complete = True

    def single(k: int) -> bool:
        """Add token k's own word, decided with the tokens of its inflection chain; False if not decided yet."""
        j = k + 1
        while bits[j] & _WORD and (bits[j] & _CHAIN or (bits[j] & _CHAIN_AFTER_STEM and bits[j - 1] & _STEM)):
            j += 1
        key = wids[k] if j == k + 1 else tuple(wids[k:j])
        word = get(key, _UNKNOWN)
        if word is _UNKNOWN:
            todo.setdefault(key, ("one", tokens[k:j]))
            return False
        add(new(WordSpan, (k, k + 1, tokens[k].key, None) if word is None else (k, k + 1) + word))
        return True

    skip = 0
    for i in range(n):
        if i < skip:
            continue
        b = bits[i]
        if not b & _WORD:
            continue
        after = bits[i + 1]
        if b & _NOUN and after & _NOUN:  # a run of nouns: a compound, or words of their own
            a, skip = i, i + 2
            while bits[skip] & _NOUN:
                skip += 1
            key = ("run", tuple(wids[a:skip]))
            found = get(key, _UNKNOWN)
            if found is _UNKNOWN:
                todo.setdefault(key, ("run", tokens[a:skip]))
                complete = False
                continue
            k = a
            for first, end, wkey, eid in found:
                while k < a + first:
                    complete &= single(k)
                    k += 1
                add(new(WordSpan, (a + first, a + end, wkey, eid)))
                k = a + end
            while k < skip:
                complete &= single(k)
                k += 1
        elif after & _WORD and (after & _CHAIN or (after & _CHAIN_AFTER_STEM and b & _STEM)):
            complete &= single(i)  # an inflected word: what follows may say which
        else:  # the common case, inline: a word decided by itself
            word = get(wids[i], _UNKNOWN)
            if word is _UNKNOWN:
                todo.setdefault(wids[i], ("one", tokens[i:i + 1]))
                complete = False
            else:
                add(new(WordSpan, (i, i + 1, tokens[i].key, None) if word is None else (i, i + 1) + word))
    return tuple(spans) if complete else None


def _decide_all(reads: Reads, todo: dict[tuple, tuple[str, Sequence]]) -> None:
    """Decide every new word and noun run of a batch, with one round of queries for all of them."""
    cache = reads.caches.words
    asks: dict[tuple, list[list[Candidate]]] = {}
    for key, (kind, toks) in todo.items():
        if kind == "one":
            asks[key] = [candidates(toks, 0, ends=forward_spans(toks, 0), back=False)]
        else:
            asks[key] = [candidates(toks, a, ends=[b for b in forward_spans(toks, a) if b - a >= 2], back=False)
                         for a in range(len(toks) - 1)]
    texts = {c.text for lists in asks.values() for cands in lists for c in cands}
    reads.ids_for(texts)
    kc, rc = reads.caches.kanji_ids, reads.caches.kana_ids

    def ids_of(text: str) -> tuple[int, ...]:
        return kc.get(text, ()) + rc.get(text, ())

    entries = reads.entries(i for text in texts for i in ids_of(text))
    for key, (kind, toks) in todo.items():
        if kind == "one":
            cache[key] = _best(toks, 0, asks[key][0], ids_of, entries)
            continue
        compounds = []
        a = 0
        while a < len(toks) - 1:
            found = _compound(toks, a, asks[key][a], ids_of, entries)
            if found is None:
                a += 1
            else:
                compounds.append(found)
                a = found[1]
        cache[key] = tuple(compounds)


def _best(toks: Sequence, index: int, cands: list[Candidate], ids_of, entries) -> tuple[WordKey, int] | None:
    """The key and entry of the first entry a click on ``toks[index]`` shows, over its own spans."""
    spans, per_span = rank_spans(toks, index, cands, ids_of, entries)
    if not spans:
        return None
    s = spans[0]
    _, eid = min((v[0], eid) for eid, v in per_span[s].items())
    return _key(toks, s, entries[eid]), eid


def _compound(toks: Sequence, a: int, cands: list[Candidate], ids_of,
              entries) -> tuple[int, int, WordKey, int] | None:
    """The longest run of nouns from ``toks[a]`` that is one JMdict word, as the lookup finds it."""
    spans, per_span = rank_spans(toks, a, cands, ids_of, entries)
    if not spans or doubtful(toks, spans[0], per_span[spans[0]], entries):
        return None  # the doubtful go last: if the first is, all are
    s = spans[0]
    _, eid = min((v[0], eid) for eid, v in per_span[s].items())
    return s[0], s[1], _key(toks, s, entries[eid]), eid


def word_key(toks: Sequence, span: tuple[int, int], entry) -> WordKey:
    """The vocabulary's key for tokens span[0]..span[1]-1 read as ``entry`` (also what saving it gives).

    A single token that is a form of the entry keeps its own key, read as
    the text reads it (宅 the author reads うち is 宅【うち】, though JMdict
    has only たく); otherwise the entry's spelling and reading closest to the text.
    """
    part = toks[span[0]:span[1]]
    tok = part[0]
    if len(part) == 1 and tok.key is not None:
        if tok.lemma in {f.text for f in entry.kanji} or tok.lemma in {f.text for f in entry.kana}:
            return tok.key
    return entry.key("".join(t.surface for t in part), "".join(token_reading(t) for t in part))


_key = word_key
