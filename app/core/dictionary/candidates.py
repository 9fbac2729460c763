"""Which strings a click may mean, and which entry of a span comes first.

A popup dictionary looks up the longest run of tokens that is a headword
and undoes inflections; the analyser knows the dictionary form and the part
of speech. Neither alone finds the word: 取締役会 is one word although MeCab
splits it in three, and 泳げなかった is 泳ぐ although unidic's dictionary form
is 泳げる. So every span from the click gets candidates of each kind, and the
entries they find are ranked with what the analyser says.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from ..chars import has_kanji, is_kanji, to_full_width, to_hiragana, unvoiced
from . import deinflect
from .model import Entry

MAX_SPAN_CHARS = 12  # a popup dictionary's scan length; longer runs are never one word
BACK_TOKENS = 6  # how far back a compound clicked in its middle may start


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    text: str
    readings: frozenset[str]  # hiragana readings that would mean "this is the word read here"
    source: int  # 0 surface as written, 1 analyser's dictionary form, 2 deinflected
    types: int = 0  # deinflect word-type constraint (0: none)
    reasons: tuple[str, ...] = ()


def lexeme(t) -> str:
    """unidic's lexeme without its sense tag (差す-他動詞 -> 差す)."""
    lex = getattr(t, "lexeme", "")
    return lex.partition("-")[0] if "-" in lex[1:] else lex


def token_reading(t) -> str:
    if t.reading:
        return t.reading
    if all(not is_kanji(ch) for ch in t.surface):
        return to_hiragana(t.surface)
    return ""


def span_chars(tokens: Sequence, span: tuple[int, int]) -> int:
    return sum(len(t.surface) for t in tokens[span[0]:span[1]])


# Tokens that continue an inflected word: auxiliaries, the te/ba particles,
# and the helper verbs of -te iru, -te shimau ... (unidic: 非自立可能).
CHAIN_PARTICLES = frozenset({"て", "で", "ば", "ちゃ", "じゃ", "たり", "だり", "ながら", "つつ"})


def is_chain(t, prev) -> bool:
    if t.pos == "助動詞":
        return True
    if t.pos == "助詞" and t.surface in CHAIN_PARTICLES and "接続助詞" in t.pos_fine:
        return True
    if t.pos in ("動詞", "形容詞") and "非自立可能" in t.pos_fine and prev is not None and (
            prev.surface in ("て", "で") or prev.pos in ("助動詞",) or prev.conj_form.startswith("連用形")):
        return True
    if t.pos == "接尾辞" and t.conj_type:  # がる, める ...
        return True
    if t.pos == "形状詞" and "助動詞語幹" in t.pos_fine:  # 降りそう
        return True
    return False


def chain_end(tokens: Sequence, index: int) -> int:
    """Where the inflection chain of ``tokens[index]`` ends (exclusive): 泳げ|なかっ|た -> after た."""
    end = index + 1
    while end < len(tokens) and tokens[end].is_word and is_chain(tokens[end], tokens[end - 1]):
        end += 1
    return end


def forward_spans(tokens: Sequence, index: int) -> list[int]:
    """Exclusive ends j of runs index..j of word tokens within MAX_SPAN_CHARS."""
    ends = []
    n = 0
    for j in range(index, len(tokens)):
        t = tokens[j]
        if not t.is_word:
            break
        n += len(t.surface)
        if n > MAX_SPAN_CHARS and j > index:
            break
        ends.append(j + 1)
    return ends


NOUNISH = frozenset({"名詞", "接頭辞", "接尾辞"})
_INFLECTING = frozenset({"動詞", "形容詞", "助動詞"})


def phrase_spans(tokens: Sequence, index: int) -> set[int]:
    """Ends of forward spans in which a particle or auxiliary follows an inflected word.

    The analyser is confident about such boundaries; a JMdict noun that
    happens to be spelt like the run (なると, 鳴門) is not what was clicked.
    """
    out: set[int] = set()
    seen_break = False
    for j in forward_spans(tokens, index):
        if j - index >= 2:
            prev, t = tokens[j - 2], tokens[j - 1]
            if (t.pos in ("助詞", "助動詞") or "助動詞語幹" in t.pos_fine) and prev.pos in _INFLECTING:
                seen_break = True
        if seen_break:
            out.add(j)
    return out


def candidates(tokens: Sequence, index: int, ends: Iterable[int] | None = None,
               back: bool = True) -> list[Candidate]:
    """What to look up for a click on ``tokens[index]``.

    *ends*: the spans index..end to try (default: every forward span);
    *back*: also the compounds the click is in the middle of.
    """
    out: list[Candidate] = []
    reach = chain_end(tokens, index)
    for j in (forward_spans(tokens, index) if ends is None else ends):
        _span_candidates(tokens, index, j, reach, out)
    # Compounds the analyser split, clicked in their middle (役 of 取締/役/会): a
    # run of nouns up to the click, then as far as the forward spans go (幾/つ/か
    # clicked on つ is 幾つか), written exactly as in the text.
    if back and tokens[index].pos in NOUNISH:
        ahead = forward_spans(tokens, index)
        for k in range(index - 1, max(-1, index - BACK_TOKENS), -1):
            t = tokens[k]
            if not t.is_word or t.pos not in NOUNISH:
                break
            n = span_chars(tokens, (k, index))
            for end in ahead:
                n_end = n + span_chars(tokens, (index, end))
                if n_end > MAX_SPAN_CHARS:
                    break
                span = tokens[k:end]
                if end - 1 > index and not all(x.pos in NOUNISH for x in tokens[index:end - 1]):
                    continue  # past the click, only the last token may be other than a noun
                readings = [token_reading(x) for x in span]
                reading = "".join(readings) if all(readings) else ""
                out.append(Candidate(k, end, "".join(x.surface for x in span),
                                     frozenset({reading}) if reading else frozenset(), 0))
    # JMdict spells Latin letters, digits and katakana full-width (ＣＥＯ, ７００, カタカナ)
    for cand in list(out):
        wide = to_full_width(cand.text)
        if wide != cand.text:
            readings = frozenset(to_hiragana(to_full_width(r)) for r in cand.readings)
            out.append(replace(cand, text=wide, readings=readings))
    return out


def _span_candidates(tokens: Sequence, index: int, j: int, reach: int, out: list[Candidate]) -> None:
    span = tokens[index:j]
    surf = "".join(t.surface for t in span)
    readings = [token_reading(t) for t in span]
    reading = "".join(readings) if all(readings) else ""
    out.append(Candidate(index, j, surf, frozenset({reading}) if reading else frozenset(), 0))
    last = span[-1]
    prefix = surf[: len(surf) - len(last.surface)]
    prefix_reading = reading[: len(reading) - len(readings[-1])] if reading else ""
    if last.lemma and last.lemma != last.surface:
        r = prefix_reading + last.lemma_reading if reading and last.lemma_reading else ""
        out.append(Candidate(index, j, prefix + last.lemma, frozenset({r}) if r else frozenset(), 1))
    lex = lexeme(last)
    if lex and lex not in (last.lemma, last.surface):
        rs = set()
        if reading and last.lemma_reading:
            rs.add(prefix_reading + last.lemma_reading)  # 悪るい read わるい: 悪い
        if reading and not has_kanji(lex) and unvoiced(to_hiragana(lex)) == unvoiced(readings[-1]):
            rs.add(prefix_reading + to_hiragana(lex))  # the te-form で is the word て, voiced
        out.append(Candidate(index, j, prefix + lex, frozenset(rs), 1))
    if j <= reach:
        by_reasons: dict[tuple[str, ...], set[str]] = {}
        if reading:
            for d in deinflect.deinflect(reading):
                if d.reasons:
                    by_reasons.setdefault(d.reasons, set()).add(d.term)
        for d in deinflect.deinflect(surf):
            if not d.reasons or not (d.types & deinflect.ANY_TYPE):
                continue
            out.append(Candidate(index, j, d.term, frozenset(by_reasons.get(d.reasons, ())), 2,
                                 d.types & deinflect.ANY_TYPE, d.reasons))


# ---------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------

_PHRASE_POS = ("expressions", "adverb", "conjunction", "interjection", "particle", "auxiliary",
               "pre-noun adjectival")


def fits_phrase(e: Entry) -> bool:
    """Can this entry be a run of tokens with a particle after an inflected word (にとって, 少なくとも)?"""
    return bool(e.word_types) or any(p.startswith(_PHRASE_POS) for s in e.senses for p in s.pos)


def _token_types(t) -> int:
    if t.pos == "動詞":
        return deinflect.VERB
    if t.pos == "形容詞":
        return deinflect.ADJ
    return 0


# What JMdict calls the parts of speech unidic gives to words that do not
# inflect (or, for auxiliaries, that are not verbs in JMdict's sense).
_POS_EXPECT: dict[str, tuple[str, ...]] = {
    "助詞": ("particle", "conjunction", "expressions", "suffix", "auxiliary"),
    "助動詞": ("auxiliary", "copula", "expressions", "suffix", "adjective (keiyoushi)", "Ichidan verb"),
    "代名詞": ("pronoun",),
    "副詞": ("adverb",),
    "連体詞": ("pre-noun adjectival",),
    "接続詞": ("conjunction",),
    "感動詞": ("interjection",),
    "接尾辞": ("suffix", "counter", "noun, used as a suffix"),
    "接頭辞": ("prefix", "noun, used as a prefix"),
}


# A run of tokens that starts at a particle, an auxiliary or a suffix is one
# word only as a set phrase (という, にとって, ではない): は+あり is not 羽蟻.
_HELPER_POS = frozenset({"助詞", "助動詞", "接尾辞"})
_SPAN_EXPECT = ("expressions", "particle", "auxiliary", "conjunction", "copula")


def _pos_clash(e: Entry, cand: Candidate, clicked, index: int | None = None,
               tokens: Sequence | None = None) -> bool:
    """Does the analyser's part of speech rule this entry out for the clicked word?

    ``index`` is the clicked token's: a compound that merely ends with a
    suffix (共同創設者 clicked on 者) is not a run starting at it; nor is a
    run of suffixes and nouns (業+界) a phrase.
    """
    wanted_types = _token_types(clicked)
    if wanted_types:
        # the analyser's dictionary form of a verb is a verb (ふる read as the verb ふ is not 負, a noun)
        return cand.source < 2 and cand.start == cand.end - 1 and not (e.word_types & wanted_types) or (
            cand.source == 0 and not (e.word_types & wanted_types))
    if (clicked.pos in _HELPER_POS and cand.end - cand.start > 1
            and (index is None or cand.start == index)
            and not (clicked.pos == "接尾辞" and tokens is not None
                     and all(t.pos in NOUNISH for t in tokens[cand.start:cand.end]))):
        if not any(p.startswith(_SPAN_EXPECT) for s in e.senses for p in s.pos):
            return True
        # one particle or auxiliary the analyser cut in two would be one token
        # (unidic has だの): the past た+の of 追い込んだのは is not だの
        if (clicked.pos in ("助詞", "助動詞") and cand.start == index
                and all(p.startswith(("particle", "auxiliary")) for s in e.senses for p in s.pos)):
            return True
        # た+よう undone to たる: a phrase reached by deinflection must end in a
        # word the analyser saw (で+あっ+た: である; では+なかっ+た: ではない)
        if cand.source != 2:
            return False
        forms = {f.text for f in e.kanji + e.kana}
        if clicked.lemma in forms:
            return False
        if tokens is None:
            return True
        prefix = ""
        for t in tokens[cand.start:cand.end]:
            if prefix + t.lemma in forms or (lexeme(t) and prefix + lexeme(t) in forms):
                return False
            prefix += t.surface
        return True
    expect = _POS_EXPECT.get(clicked.pos)
    if not expect:
        return False
    if clicked.pos != "助動詞" and (cand.end - cand.start != 1 or cand.source == 2):
        return False
    return not any(p.startswith(expect) for s in e.senses for p in s.pos)


def kana_of(spelling: str) -> str:
    """The okurigana of a spelling: 棲む -> む, 言える -> える."""
    return "".join(ch for ch in spelling if not is_kanji(ch))


def rank(e: Entry, cand: Candidate, clicked, index: int | None = None,
         tokens: Sequence | None = None) -> tuple:
    """Sort key for the entries of one span.

    The analyser has already said what kind of word was clicked and how it
    was read, so an entry that contradicts it (なく as 泣く when unidic says
    it is ない; おり as 折, a noun, when it is the verb おる) goes after one
    that agrees; then the entry read as the text was read (行った read いった
    is 行く, おこなった is 行う), the one with the analyser's dictionary form,
    common before rare, as written before deinflected.
    """
    kana = {to_hiragana(k.text) for k in e.kana}
    reading_match = bool(cand.readings and kana & cand.readings)
    pos_clash = _pos_clash(e, cand, clicked, index, tokens)
    forms = {f.text for f in e.kanji} | {f.text for f in e.kana}
    # unidic's lexeme names the word even when it is written in kana (なる: 成る,
    # not 生る), misspelt (悪るい: 悪い) or potential (言える: 言う); but where it
    # is only another kanji for the same word, the spelling as written wins
    # (棲む, not 住む; 帰る, not 返る)
    lex = lexeme(clicked)
    written = ""
    if has_kanji(clicked.lemma) and lex and kana_of(clicked.lemma) == kana_of(lex):
        written = clicked.lemma
    lemma_agree = (0 if written and written in forms else 1 if lex and lex in forms
                   else 2 if clicked.lemma in forms else 3)
    kana_pref = 0
    # kana as written that is an entry's main kana form (て, the te-form) before
    # an entry that merely lists it (って, "you said"), however common that one is
    kana_head = 0
    if cand.text and not has_kanji(cand.text):
        kana_pref = 0 if e.usually_kana or not e.kanji else 1
        kana_head = 0 if e.kana and to_hiragana(e.kana[0].text) == to_hiragana(cand.text) else 1
    # an auxiliary is first the auxiliary (させよう: the causative させる, not 為せる "to make do")
    aux_pref = 0
    if clicked.pos == "助動詞":
        aux_pref = 0 if any(p.startswith(("auxiliary", "copula")) for s in e.senses for p in s.pos) else 1
    # a function word as the function word it is before a suffix of the same sound: べき is 可き
    # (auxiliary, "should"), not べし (the classical suffix its dictionary form names)
    function_pref = 0
    if clicked.pos in ("助詞", "助動詞") and cand.end - cand.start == 1:
        function_pref = 0 if any(p.startswith(_FUNCTION_POS) for s in e.senses for p in s.pos) else 1
    # kana over several tokens, taken as written, is first a word written in kana (そう+し: そうする,
    # not 創始); what the kana inflect from is ranked by what the analyser says (いって: 言う)
    spelt = kana_pref if cand.source == 0 and cand.end - cand.start > 1 and not has_kanji(cand.text) else 0
    return (pos_clash, not reading_match, function_pref, spelt, lemma_agree, aux_pref, kana_head, not e.common,
            cand.source, kana_pref, e.freq_band if e.freq_band is not None else 99, e.id)


_FUNCTION_POS = ("particle", "auxiliary", "copula", "conjunction", "expressions")


Ranked = dict[tuple[int, int], dict[int, tuple[tuple, Candidate]]]  # span -> entry id -> (rank, candidate)


def rank_spans(tokens: Sequence, index: int, cands: Sequence[Candidate],
               ids_of, entries: dict[int, Entry]) -> tuple[list[tuple[int, int]], Ranked]:
    """The spans that found entries, best first, with each entry's best (rank, candidate).

    *ids_of(text)* gives the entry ids of a headword. Spans go longest first
    (a popup dictionary's longest match), except that a run of tokens whose
    every entry contradicts the analyser goes after shorter matches.
    """
    tok = tokens[index]
    per_span: Ranked = {}
    phrases = phrase_spans(tokens, index)
    for cand in cands:
        for eid in ids_of(cand.text):
            e = entries.get(eid)
            if e is None:
                continue
            if cand.types and not (cand.types & e.word_types):
                continue
            if cand.source < 2 and cand.end in phrases and cand.start == index and not fits_phrase(e):
                continue  # なる+と is not 鳴門, とっ+て is not 取っ手
            r = rank(e, cand, tok, index, tokens)
            slot = per_span.setdefault((cand.start, cand.end), {})
            if eid not in slot or r < slot[eid][0]:
                slot[eid] = (r, cand)

    spans = sorted(per_span, key=lambda s: (doubtful(tokens, s, per_span[s], entries), -span_chars(tokens, s),
                                            s[0] != index, s[0]))
    return spans, per_span


def doubtful(tokens: Sequence, span: tuple[int, int], ranked: dict[int, tuple[tuple, Candidate]],
             entries: dict[int, Entry] | None = None) -> bool:
    """A run of tokens whose every entry contradicts the analyser goes after shorter matches.

    彼の (かの, "that well-known") is not かれ+の; a compound of kanji
    tokens is kept even so, since there the analyser's reading is
    what is doubtful (一生涯).
    """
    if span[1] - span[0] < 2:
        return False
    part = tokens[span[0]:span[1]]
    # a compound of kanji, or of kanji and the kana of its own word pieces (御/坊っ/ちゃん:
    # 御坊っちゃん), is kept even when the analyser reads its kanji otherwise
    kanji_word = has_kanji(part[0].surface) and all(
        has_kanji(t.surface) or t.pos in _WORD_PIECE_POS for t in part)
    kana_text = not any(has_kanji(t.surface) for t in part)
    for eid, (r, cand) in ranked.items():
        clash, no_reading = r[0], r[1]
        if clash or (no_reading and cand.readings and not kanji_word):
            continue
        if kana_text and entries is not None and _written_in_kanji(entries.get(eid)):
            continue  # そう+し read as 創始: kana that spell a word written in kanji are no sign of it
        return False
    return True


# what may follow a compound's kanji inside one word: suffixes, and the small っ of 坊っちゃん
_WORD_PIECE_POS = frozenset({"接尾辞", "名詞"})


def _written_in_kanji(e: Entry | None) -> bool:
    return e is not None and bool(e.kanji) and not e.usually_kana
