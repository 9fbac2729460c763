"""The author's ruby on the tokens, and what it says about the rest of the text.

An Aozora or HTML text gives a reading where its author thought one was
needed, usually at a word's first occurrence only. Where the ruby is, it
wins over the analyser (:func:`apply_author_ruby`). Where it is not, the
same word later in the text is read as the author read it before
(:class:`EarlierRuby`, ``ruby_source == "author-earlier"``): 宅《うち》 once
means 宅 is うち in the chapters that follow, not the analyser's たく.

"The same word" is the same spelling analysed as the same word: same
dictionary form and part of speech, the same prefix before it (お宅 is
another word than 宅), and, among several earlier readings, one given where
the word also stood alone or also in a compound of kanji. A later 後 the
analyser takes for another word (the suffix of 其後 where the author's was
the noun のち) is the same spelling in another sense, and keeps the
analyser's reading. Inflected verbs and adjectives carry the reading of
their kanji to their other forms (解《わか》る, then 解らない), when the
analyser knows the word with that reading (好《い》い does not make 好かった
いかった).
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import compress
from typing import TYPE_CHECKING, Iterable, Sequence

from .chars import has_kanji, is_kanji, to_hiragana
from .furigana import Segment, align, match_parts

if TYPE_CHECKING:
    from .analysis import Token

__all__ = ["apply_author_ruby", "EarlierRuby"]

AUTHOR, EARLIER = "author", "author-earlier"
_MAX_GROUP_TOKENS = 8  # a multi-token base later found again over at most this many tokens


def _span_tuple(span) -> tuple[int, int, str]:
    if isinstance(span, tuple):
        return span
    return (span.start, span.end, span.ruby)


def apply_author_ruby(tokens: list[Token], text: str, ruby: Iterable | None,
                      earlier: EarlierRuby | None = None) -> list[Token]:
    """Put the author's ruby on the tokens it covers; with *earlier*, also what earlier ruby said.

    A ruby base inside one token replaces the generated reading for those
    characters only. A base spread over several tokens (the analyser split a
    word the author treats as one, often a name) merges them into one token,
    since the author's reading cannot be divided between them. *earlier*
    learns from this paragraph's ruby and reads its later tokens (and later
    paragraphs') by it.
    """
    spans = []
    for s in sorted(_span_tuple(s) for s in ruby or ()):
        # a span overlapping the one before would put its characters in twice
        if 0 <= s[0] < s[1] <= len(text) and s[2] and (not spans or s[0] >= spans[-1][1]):
            spans.append(s)
    if not spans and not earlier:
        return tokens
    # the groups of tokens under a chain of overlapping spans: (first, end, first span, end span)
    ends = [t[2] for t in tokens]
    n = len(tokens)
    groups = []
    si = 0
    while si < len(spans):
        i = bisect_right(ends, spans[si][0])
        if i >= n:
            break
        if groups and i < groups[-1][1]:
            i = groups[-1][1]
        j = i
        group_end = spans[si][1]
        sj = si
        while sj < len(spans) and spans[sj][0] < group_end:
            group_end = max(group_end, spans[sj][1])
            while j < n and tokens[j][1] < group_end:
                group_end = max(group_end, tokens[j][2])
                j += 1
            sj += 1
        if j > i:
            groups.append((i, j, si, sj))
        si = sj
    out: list[Token] = []
    done = 0
    for i, j, si, sj in groups:
        _carry(tokens, done, i, spans[si][0], earlier, out)
        made = _ruby_token(tokens[i:j], text, spans[si:sj])
        if earlier is not None:
            earlier.learn(tokens, i, j, made)
        out.append(made)
        done = j
    _carry(tokens, done, n, len(text), earlier, out)
    return out


def _carry(tokens: list, a: int, b: int, limit: int, earlier: EarlierRuby | None, out: list) -> None:
    """Tokens a..b-1 into *out*, read as the author read them earlier where *earlier* knows them."""
    if earlier is None or not earlier:
        out.extend(tokens[a:b])
        return
    part = tokens[a:b]
    hits = list(compress(range(a, b), map(earlier.may_match, part)))
    if not hits:
        out.extend(part)  # the common case: nothing here the author has read
        return
    k = a
    for h in hits:
        if h < k:
            continue  # inside a word found over several tokens
        out.extend(tokens[k:h])
        found = earlier.match(tokens, h, limit)
        if found is None:
            out.append(tokens[h])
            k = h + 1
        else:
            out.append(found[1])
            k = found[0]
    out.extend(tokens[k:b])


def _ruby_token(group: list[Token], text: str, spans: list[tuple[int, int, str]]) -> Token:
    from .analysis import Token

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
    whole = all(r or not has_kanji(t) for t, r in furigana)
    if whole:
        reading = "".join(r if r else to_hiragana(t) for t, r in furigana)
    else:  # some kanji are left without ruby: the analyser's reading is the best whole
        reading = generated
    if len(group) == 1:
        base = group[0]
        lemma_reading = base.lemma_reading
        if whole and reading != base.reading:
            lemma_reading = _dictionary_reading(base, furigana) or lemma_reading
        return Token(
            surface, start, end, base.lemma, reading, lemma_reading, base.pos,
            base.pos_fine, base.conj_type, base.conj_form, base.accent, True,
            tuple(furigana), AUTHOR, base.lexeme,
        )
    last = group[-1]
    prefix = "".join(t.surface for t in group[:-1])
    word_pos = next((t for t in group if t.pos == "名詞"), group[0])
    return Token(
        surface, start, end, prefix + last.lemma, reading,
        reading[: len(reading) - len(last.reading)] + last.lemma_reading if last.reading else reading,
        word_pos.pos, word_pos.pos_fine, last.conj_type, last.conj_form, "", True,
        tuple(furigana), AUTHOR, prefix + (last.lexeme or last.lemma),
    )


def _dictionary_reading(tok: Token, furigana: list[Segment]) -> str | None:
    """The reading of the dictionary form when the author reads the word otherwise than the analyser.

    The word the author means is keyed by it (家 read うち is 家【うち】, not
    家【いえ】): a word that does not inflect is its own dictionary form, an
    inflected one keeps the author's reading of its kanji (解《わか》っ: 解る
    わかる). None when the dictionary form is not spelt with the same kanji.
    """
    if tok.surface == tok.lemma and not tok.conj_type:
        return "".join(r if r else to_hiragana(t) for t, r in furigana)
    lead, reading = furigana[0]
    if not reading or not tok.lemma.startswith(lead) or not all(is_kanji(ch) for ch in lead):
        return None
    rest = tok.lemma[len(lead):]
    return reading + to_hiragana(rest) if rest and not any(is_kanji(ch) for ch in rest) else None


def _align_with_fixed(pieces: list[tuple[str, str | None]], reading: str) -> list[Segment]:
    """Like furigana.align, with some pieces' ruby already fixed by the author.

    The generated reading is used only to find the readings of kanji outside
    the author's bases; when it cannot be lined up they get no ruby rather
    than a guess.
    """
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
    groups = None
    if needs_match and reading:
        # The author's ruby is matched as written: where the analyser read
        # those characters differently, the kanji around them get no ruby
        # rather than a share of a reading that is not theirs.
        parts = [None if kind == "kanji" else to_hiragana(fixed if kind == "fixed" else t)
                 for kind, t, fixed in units]
        groups = match_parts(parts, to_hiragana(reading))
    out: list[Segment] = []
    for idx, (kind, t, fixed) in enumerate(units):
        if kind == "fixed":
            out.append((t, fixed))
        elif kind == "kana":
            out.append((t, None))
        else:
            out.append((t, groups[idx] if groups else None))
    # merge adjacent segments without ruby so the output stays compact
    merged: list[Segment] = []
    for t, r in out:
        if merged and r is None and merged[-1][1] is None:
            merged[-1] = (merged[-1][0] + t, None)
        else:
            merged.append((t, r))
    return merged


# --- the author's readings, carried forward ------------------------------------------------


def _is_kanji_word(t) -> bool:
    return t[3][8] and has_kanji(t[0])


def _context(tokens: Sequence, i: int, j: int) -> tuple[str, bool]:
    """(the prefix before tokens[i:j], whether they stand next to other kanji words)."""
    prev = tokens[i - 1] if i > 0 else None
    nxt = tokens[j] if j < len(tokens) else None
    prefix = prev[0] if prev is not None and prev[3][3] == "接頭辞" else ""
    return prefix, bool((prev is not None and _is_kanji_word(prev)) or (nxt is not None and _is_kanji_word(nxt)))


def _lead(surface: str) -> str:
    """The kanji a word starts with: 解 of 解らない."""
    k = 0
    while k < len(surface) and is_kanji(surface[k]):
        k += 1
    return surface[:k]


class _Readings:
    """The readings the author gave one word, counted where it stood alone and where in a compound."""

    __slots__ = ("counts", "usual")

    def __init__(self) -> None:
        self.counts: dict[bool | None, dict[str, list]] = {}  # bound (None: anywhere) -> reading -> [n, word]
        self.usual: dict[bool | None, tuple] = {}  # what choose() said, until the next add()

    def add(self, bound: bool, word: tuple) -> None:
        for where in (bound, None):
            counts = self.counts.setdefault(where, {})
            slot = counts.get(word[1])
            if slot is None:
                counts[word[1]] = [1, word]
            else:
                slot[0] += 1
        self.usual.clear()

    def choose(self, bound: bool) -> tuple:
        """The author's usual reading where the word stands as here (alone, or in a compound), else anywhere:
        the most frequent, the first of equals (dicts keep the order readings came in)."""
        word = self.usual.get(bound)
        if word is None:
            counts = self.counts.get(bound) or self.counts[None]
            best = max(n for n, _ in counts.values())
            word = self.usual[bound] = next(w for n, w in counts.values() if n == best)
        return word


class EarlierRuby:
    """The readings the author's ruby has given so far in one document, for the words that follow.

    A document is analysed in order, paragraph after paragraph (or batch
    after batch); the same object is handed from one to the next, so what
    chapter one said still holds in chapter nine.
    """

    def __init__(self) -> None:
        # (surface, lemma, pos, prefix) -> the word fields read as the author did, by how often
        self._words: dict[tuple, _Readings] = {}
        # (lead kanji, lemma, pos, prefix) -> the lead's reading, for other forms of a verb or adjective
        self._stems: dict[tuple, str] = {}
        # a base over several tokens: first token's surface -> {whole surface: word fields}
        self._groups: dict[str, dict[str, tuple]] = {}
        self._stem_words: dict[tuple, tuple | None] = {}  # (key, surface) -> the word fields found
        self._surfaces: set[str] = set()  # every surface a word or group starts with
        self._leads: set[str] = set()  # the first kanji of every stem

    def may_match(self, tok) -> bool:
        """Could :meth:`match` find anything at this token? (cheap: asked of every token of a novel)"""
        surface = tok[0]
        return surface in self._surfaces or (surface[:1] in self._leads and bool(tok[3][5]))

    def __bool__(self) -> bool:
        return bool(self._words or self._groups)

    def __len__(self) -> int:
        return len(self._words) + sum(len(v) for v in self._groups.values())

    def learn(self, tokens: Sequence, i: int, j: int, made: Token) -> None:
        """Remember the author's reading of tokens[i:j] (now the single token *made*)."""
        if not made.is_word or not any(r for _, r in made.furigana):
            return
        word = made[3][:10] + (EARLIER,) + made[3][11:]
        prefix, bound = _context(tokens, i, j)
        self._surfaces.add(tokens[i].surface)
        if j - i > 1:
            self._groups.setdefault(tokens[i].surface, {}).setdefault(made.surface, word)
            return
        tok = tokens[i]
        key = (tok.surface, tok.lemma, tok.pos, prefix)
        known = self._words.get(key)
        if known is None:
            known = self._words[key] = _Readings()
        known.add(bound, word)
        lead = _lead(made.surface)
        if tok.pos in ("動詞", "形容詞") and tok.conj_type and lead and made.furigana[0][0] == lead:
            self._stems.setdefault((lead, tok.pos, prefix), made.furigana[0][1])
            self._leads.add(lead[0])

    def match(self, tokens: Sequence, i: int, limit: int) -> tuple[int, Token] | None:
        """(the index after, the token read as the author read it before) for tokens[i], or None.

        *limit*: the offset where the paragraph's next ruby begins; a
        multi-token word is not looked for across it.
        """
        tok = tokens[i]
        token_type = type(tok)
        if not tok.is_word or not has_kanji(tok.surface):
            return None
        groups = self._groups.get(tok.surface)
        if groups:
            joined = tok.surface
            for j in range(i + 1, min(len(tokens), i + _MAX_GROUP_TOKENS)):
                t = tokens[j]
                if not (t.is_word or has_kanji(t.surface)) or t.end > limit:
                    break  # (a kanji the analyser does not know is no word of its own, but part of one)
                joined += t.surface
                word = groups.get(joined)
                if word is not None:
                    return j + 1, tuple.__new__(token_type, (joined, tok.start, t.end, word))
        prefix, bound = _context(tokens, i, i + 1)
        known = self._words.get((tok.surface, tok.lemma, tok.pos, prefix))
        if known:
            return i + 1, tuple.__new__(token_type, (tok.surface, tok.start, tok.end, known.choose(bound)))
        if tok.conj_type and tok.pos in ("動詞", "形容詞"):
            word = self._stem_word(tok, prefix)
            if word is not None:
                return i + 1, tuple.__new__(token_type, (tok.surface, tok.start, tok.end, word))
        return None

    def _stem_word(self, tok: Token, prefix: str) -> tuple | None:
        lead = _lead(tok.surface)
        stem = self._stems.get((lead, tok.pos, prefix)) if lead else None
        if stem is None:
            return None
        memo = (lead, tok.lemma, tok.pos, prefix, tok.surface)
        if memo in self._stem_words:
            return self._stem_words[memo]
        from .lattice import lattice

        reading = stem + to_hiragana(tok.surface[len(lead):])
        node = lattice().readings(tok.surface).get(reading)
        word = None
        if node is not None and node.word[3] == tok.pos:
            furigana = tuple(align(tok.surface, reading))
            word = node.word[:9] + (furigana, EARLIER, node.word[11])
        self._stem_words[memo] = word
        return word
