"""Readings in context: which of a word's readings the sentence around it means.

The analyser reads every word the way its model of modern text prefers, and
for most words that is right. Where the sentence or the dictionary says
otherwise, the other reading wins; where that means another word (a name
or a common noun, a plain or a voiced form), only if the analyser itself
has it close behind (the margin MeCab's own costs give, see lattice.py):

* **何** is なん before a syllable of the t-, d- and n-rows and before a
  counter (何だ, 何の, 何遍), なに before anything else (何を, 何が); where 何
  and the word after it are one JMdict headword (何か なにか, 何ら なんら,
  何より なにより), JMdict's reading decides. The analyser reads 何 なん
  everywhere.
* **Dates**: 一日 is ついたち, the first of a month, only after a month
  (四月一日); elsewhere it is a day, いちにち (その一日, 一日に三回).
* **Spelling**: the analyser's reading of a spelling JMdict lists for that
  reading only as an irregular one (傍 for かたわら, properly 傍ら), when a
  close reading has the spelling as a proper form (傍 そば).
* **A word, not a name**: a token read as a place or person (大分 おおいた)
  where a close reading is a common word in JMdict (大分 だいぶ); a name read
  in a form JMdict has for the same word but does not mark common, where it
  marks another (日本 にっぽん: にほん, as in 日本語 にほんご).
* **The word before**: grammar decides a few words the analyser reads one
  way everywhere (外 ほか or そと, 頃 ごろ or ころ, 得る うる or える: see
  grammar.py).
* **Compound voicing**: the second noun of a compound the analyser split
  takes the voiced form unidic records for that place (下女部屋 げじょべや,
  思い通り おもいどおり), when MeCab's cost for it is close.

Most words are settled by what they are (a verdict kept per word); the
rest depend on the word and its neighbours, and each such case is decided
once and kept in the service's caches. The dictionary is asked about all
new words and cases of a batch at once, and MeCab's lattice only for the
few cases left.
"""

from __future__ import annotations

from itertools import compress
from operator import itemgetter
from typing import TYPE_CHECKING, Sequence

from ..analysis import no_gc, word_fields
from ..chars import has_kanji, to_hiragana
from ..furigana import align
from ..lattice import lattice
from .cache import per_word
from .grammar import READ_INFLECTED, Around, rule_for
from .model import COMMON_TAGS, readings_for

if TYPE_CHECKING:
    from .cache import Reads

__all__ = ["choose_many"]

# How much more MeCab's path may cost with the other reading (its word costs run
# in the thousands; a common word's readings are often a few hundred apart).
MARGIN_SPELLING = 4000
MARGIN_NAME = 2000
MARGIN_VOICING = 2000

_IRREGULAR = frozenset({"irregular okurigana usage", "word containing irregular kanji usage",
                        "word containing irregular kana usage", "word containing out-dated kanji"})
_AUTHOR = frozenset({"author", "author-earlier"})
# the rows of the kana chart 何 is read なん before (だ, で, と, の, に ...)
_NAN_BEFORE = frozenset("たちつてとだぢづでどなにぬねの")
_VOICEABLE = frozenset("かきくけこさしすせそたちつてとはひふへほ")
_MONTH_TOKENS = 3  # how far back a month makes 一日 a date

_BITS = itemgetter(-1)  # a per_word record's last field: what the word may need

# what a word may need (bits, worked out once per word)
_NANI, _DAY, _SPELL, _NAME, _VOICE, _NOUN, _BEFORE = 1, 2, 4, 8, 16, 32, 64


def _kinds(t, irregular: frozenset[str] = frozenset()) -> int:
    w = t[3]
    if not w[8] or w[10] in _AUTHOR or not has_kanji(t[0]):
        return 0
    fine = t.pos_fine
    noun = t.pos in ("名詞", "接頭辞") and "副詞可能" not in fine and "数詞" not in fine and "助数詞" not in fine
    bits = _NOUN if noun and (t.pos == "接頭辞" or fine.startswith("普通名詞")) else 0
    if t.surface == "何" and t.pos == "代名詞":
        return bits | _NANI
    if t.surface == "一日":
        return bits | _DAY
    rule = rule_for(t)
    if rule is not None and rule[0] == t.pos:
        return bits | _BEFORE
    if "固有名詞" in fine:
        return bits | _NAME
    if t.surface in irregular and t.surface == t.lemma and not t.conj_type and t.pos == "名詞":
        bits |= _SPELL
    if ((t.pos == "名詞" and fine.startswith("普通名詞") and "副詞可能" not in fine)
            or t.pos == "接尾辞") and t.reading[:1] in _VOICEABLE:
        bits |= _VOICE
    return bits


def word_kinds(reads: Reads):
    """What each word may need (a function of a token, for per_word records: their last field)."""
    irregular = reads.tagged_kanji_forms(_IRREGULAR)
    return lambda t: _kinds(t, irregular)


def choose_many(reads: Reads, paragraphs: Sequence[list], records: list[list[tuple]] | None = None) -> list[list]:
    """Each paragraph's tokens with the readings the context chooses; untouched paragraphs come back as they are.

    Most words are settled by what they are, whatever their neighbours (a
    spelling JMdict knows as a proper one, a noun without a voiced form):
    that verdict is reached once per word, for all new words of the batch at
    once; only the rest are decided in their context.
    """
    caches = reads.caches
    decisions, verdicts, voicing = caches.choices, caches.choice_verdicts, caches.voicing
    fixed = caches.choice_fixed
    irregular = reads.tagged_kanji_forms(_IRREGULAR)
    kinds = word_kinds(reads)

    def make(t) -> tuple:
        return (word_fields(t), caches.word_id(word_fields(t)), kinds(t))

    with no_gc():
        if records is None:  # (word fields, word number, ..., what the word may need)
            records = [per_word(caches.choice_words, tokens, make) for tokens in paragraphs]
        # the tokens that may need anything, per paragraph (most need nothing)
        wanted = [list(compress(range(len(recs)), map(_BITS, recs))) for recs in records]
        new: dict[int, tuple] = {}
        new_voicing: dict[int, tuple] = {}
        for tokens, recs, hits in zip(paragraphs, records, wanted):
            for i in hits:
                rec = recs[i]
                wid = rec[1]
                if wid not in verdicts and wid not in new:
                    new[wid] = (tokens, i)
                if (rec[-1] & _VOICE and i and recs[i - 1][-1] & _NOUN and wid not in voicing
                        and wid not in new_voicing):
                    new_voicing[wid] = (tokens, i)  # voicing is looked at only after a noun
        if new:
            _verdicts(reads, new, irregular)
        if new_voicing:
            lat = lattice()
            for wid, (tokens, i) in new_voicing.items():
                voicing[wid] = _voicing(lat, tokens[i])
        found: list[list[tuple[int, tuple | None, tuple | None]]] = []  # (token, key to decide, or its new fields)
        todo: dict[tuple, tuple[Sequence, int]] = {}
        for tokens, recs, hits in zip(paragraphs, records, wanted):
            here: list[tuple[int, tuple | None, tuple | None]] = []
            found.append(here)
            around = None  # what the grammar reads of the paragraph, made when first asked
            for i in hits:
                rec = recs[i]
                bits, voiced = verdicts[rec[1]], fixed.get(rec[1])
                if voiced is None and rec[-1] & _VOICE and i and recs[i - 1][-1] & _NOUN:  # after a noun only
                    in_context, voiced = voicing[rec[1]]
                    if in_context:
                        bits |= _VOICE
                if voiced is not None:
                    here.append((i, None, voiced))  # settled by the word alone, once it follows a noun
                    continue
                if not bits:
                    continue
                if bits & _BEFORE and around is None:
                    around = Around(tokens)
                key = _key(tokens, recs, i, bits, around)
                here.append((i, key, None))
                if key not in decisions and key not in todo:
                    todo[key] = (tokens, i)
        if todo:
            _decide_all(reads, todo)
        out = []
        for tokens, here in zip(paragraphs, found):
            if not here:
                out.append(tokens)
                continue
            changes = [(i, decisions[key] if key is not None else word) for i, key, word in here]
            changes = [(i, w) for i, w in changes if w is not None]
            if not changes:
                out.append(tokens)
                continue
            tokens = list(tokens)
            for i, word in changes:
                t = tokens[i]
                tokens[i] = tuple.__new__(type(t), (t[0], t[1], t[2], word))
            out.append(tokens)
    return out


def _verdicts(reads: Reads, new: dict[int, tuple[Sequence, int]], irregular: frozenset[str]) -> None:
    """What each new word may still need in its context (bits), as far as the word alone settles it."""
    texts = {tokens[i].surface for tokens, i in new.values() if _kinds(tokens[i], irregular) & (_SPELL | _NAME)}
    reads.ids_for(texts)
    c = reads.caches
    spellings = reads.spellings({x for text in texts for x in c.kanji_ids.get(text, ())})
    for wid, (tokens, i) in new.items():
        t = tokens[i]
        bits = _kinds(t, irregular)
        keep = bits & (_NANI | _DAY | _BEFORE)
        if bits & (_SPELL | _NAME):
            found = _readings(spellings, c.kanji_ids.get(t.surface, ()), t.surface)
            if bits & _NAME:
                usual = _usual_reading(spellings, c.kanji_ids.get(t.surface, ()), t.surface, t.reading)
                if usual is not None:  # 日本 にっぽん is the same word as にほん, which JMdict marks common
                    node = lattice().readings(t.surface).get(usual)
                    c.choice_fixed[wid] = _replace(node.word, t) if node is not None else _read_as(t, usual)
                elif _common(found) - {t.reading}:
                    keep |= _NAME
            if bits & _SPELL and _regular(found, t.reading) is False:
                keep |= _SPELL
        c.choice_verdicts[wid] = keep


def _usual_reading(spellings: dict, ids, text: str, current: str) -> str | None:
    """The reading JMdict marks common for the entry the analyser's reading belongs to, if that one is not."""
    for eid in ids:
        forms = spellings.get(eid)
        if forms is None or not any(k.text == text for k in forms[0]):
            continue
        kana = [k for k in forms[1] if k.text in readings_for(forms[1], text)]
        mine = next((k for k in kana if to_hiragana(k.text) == current), None)
        if mine is None:
            continue
        if mine.priority:
            return None
        return next((to_hiragana(k.text) for k in kana if k.priority), None)
    return None


def _read_as(t, reading: str) -> tuple:
    """The token's own fields, read otherwise (a reading the analyser has no candidate for)."""
    w = t[3]
    furigana = tuple(align(t.surface, reading))
    lemma_reading = reading if t.surface == w[0] and not w[5] else w[2]
    return (w[0], reading, lemma_reading, *w[3:7], "", w[8], furigana, "generated", w[11])


def _voicing(lat, t) -> tuple[bool, tuple | None]:
    """(decided in context?, the voiced fields) for a noun after a noun.

    unidic records the voiced form a word takes as the second part of a
    compound (部屋: べや); when it has the plain form's context ids, MeCab's
    neighbours cost both alike and the word costs alone decide.
    """
    own, close = _voiced_nodes(lat, t)
    if not close:
        return False, None
    same = [n for n in close if (n.left, n.right) == (own.left, own.right)]
    if not same:
        return True, None
    best = min(same, key=lambda n: n.cost)
    return False, (_replace(best.word, t) if best.cost - own.cost <= MARGIN_VOICING else None)


def _key(tokens: Sequence, recs: list[tuple], i: int, bits: int, around: Around | None = None) -> tuple:
    """What the decision for tokens[i] depends on: the word, its neighbours, and for 一日 the months before."""
    prev = recs[i - 1][1] if i > 0 else -1
    nxt = recs[i + 1][1] if i + 1 < len(recs) else -1
    if bits & _DAY:
        return ("day", recs[i][1], _after_month(tokens, i))
    if bits & _NANI:
        return ("nani", recs[i][1], nxt, tokens[i + 1].surface if i + 1 < len(tokens) else "")
    if bits & _BEFORE:
        return ("before", recs[i][1], (around or Around(tokens)).reads_otherwise(i))
    return ("word", prev, recs[i][1], nxt, bits)


def _after_month(tokens: Sequence, i: int) -> bool:
    seen = 0
    for k in range(i - 1, -1, -1):
        t = tokens[k]
        if not t.is_word:
            continue
        if t.surface.endswith("月"):
            return True
        seen += 1
        if seen >= _MONTH_TOKENS:
            break
    return False


# ---------------------------------------------------------------------------
# Deciding
# ---------------------------------------------------------------------------


def _decide_all(reads: Reads, todo: dict[tuple, tuple[Sequence, int]]) -> None:
    """Decide every new case of a batch, with one round of dictionary queries for all of them."""
    lat = lattice()
    texts: set[str] = set()
    for key, (tokens, i) in todo.items():
        t = tokens[i]
        if key[0] == "nani":
            if i + 1 < len(tokens) and tokens[i + 1].is_word:
                texts.add(t.surface + tokens[i + 1].surface)
        elif key[0] == "word":
            texts.add(t.surface)
    reads.ids_for(texts)
    c = reads.caches
    ids = {x for text in texts for x in c.kanji_ids.get(text, ())}
    spellings = reads.spellings(ids)
    decisions = c.choices
    for key, (tokens, i) in todo.items():
        if key[0] == "nani":
            decisions[key] = _nani(lat, c, spellings, tokens, i)
        elif key[0] == "day":
            decisions[key] = _day(lat, tokens[i], key[2])
        elif key[0] == "before":
            decisions[key] = _reading_after(lat, tokens[i]) if key[2] else None
        else:
            decisions[key] = _word(lat, c, spellings, tokens, i, key[4])


def _readings(spellings: dict, ids, text: str) -> list[tuple[str, tuple, tuple]]:
    """(reading, kanji form's tags, kana form's tags) of every entry spelt ``text``."""
    out = []
    for eid in ids:
        forms = spellings.get(eid)
        if forms is None:
            continue
        kanji, kana = forms
        kform = next((k for k in kanji if k.text == text), None)
        if kform is None:
            continue
        for r in readings_for(kana, text):
            kf = next(k for k in kana if k.text == r)
            out.append((to_hiragana(r), kform.info + kform.priority, kf.priority))
    return out


def _replace(node_word: tuple, t) -> tuple:
    """A candidate's word fields as the token's, with furigana for its reading."""
    furigana = tuple(align(t.surface, node_word[1]))
    return node_word[:9] + (furigana, "generated" if any(r for _, r in furigana) else None, node_word[11])


def _nani(lat, c, spellings: dict, tokens: Sequence, i: int) -> tuple | None:
    t = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    want = None
    if nxt is not None and nxt.is_word:
        joined = t.surface + nxt.surface
        found = _readings(spellings, c.kanji_ids.get(joined, ()), joined)
        tail = nxt.reading or to_hiragana(nxt.surface)
        heads = {r[: len(r) - len(tail)] for r, _, _ in found if r.endswith(tail)}
        if len(heads) == 1:
            want = heads.pop()  # 何か: なにか; 何ら: なんら
    if want is None:
        following = (nxt.reading or to_hiragana(nxt.surface))[:1] if nxt is not None and nxt.is_word else ""
        counter = nxt is not None and (nxt.pos == "接尾辞" or "助数詞" in nxt.pos_fine)
        want = "なん" if counter or following in _NAN_BEFORE else "なに"
    if want == t.reading:
        return None
    node = lat.readings(t.surface).get(want)
    same = node is not None and node.word[3] == t.pos
    return _replace(node.word, t) if same else None


def _day(lat, t, after_month: bool) -> tuple | None:
    want = "ついたち" if after_month else "いちにち"
    if t.reading == want:
        return None
    node = lat.readings(t.surface).get(want)
    if node is not None:
        return _replace(node.word, t)
    return _read_as(t, want)  # the analyser reads the day as 一 + 日, never as one word


def _reading_after(lat, t) -> tuple | None:
    want = rule_for(t)[1]
    node = lat.readings(t.surface).get(want)
    if node is None or node.word[3] != t.pos:
        word = _read_as(t, want)
    else:
        word = _replace(node.word, t)
    if t.conj_type and word[0] == t.lemma:
        own = t[3]
        # a word that inflects keeps its conjugation; read otherwise it is the same word (得る, 良い) unless
        # its lemma is read otherwise too (開く ひらく: あく)
        inflected = READ_INFLECTED.get((t.lemma, own[2]))
        lemma_reading = inflected[1] if inflected else own[2]
        word = (word[0], word[1], lemma_reading, word[3], word[4], own[5], own[6], *word[7:])
    return word


def _word(lat, c, spellings: dict, tokens: Sequence, i: int, bits: int) -> tuple | None:
    """The checks a word's verdict left to its context, each asking MeCab's lattice for the margins."""
    t = tokens[i]
    found = _readings(spellings, c.kanji_ids.get(t.surface, ()), t.surface) if bits & (_NAME | _SPELL) else []
    if bits & _NAME:
        # a close reading of a name's spelling that JMdict has as a common word (大分 だいぶ, not おおいた)
        common = _common(found)
        word = _closest(lat.alternatives(tokens, i), MARGIN_NAME,
                        lambda n: "固有名詞" not in n.word[4] and n.word[1] in common and n.word[1] != t.reading)
        return _replace(word, t) if word else None
    if bits & _SPELL:
        # a close reading for which the spelling is a proper one (傍 そば, where 傍 かたわら is irregular)
        word = _closest(lat.alternatives(tokens, i), MARGIN_SPELLING,
                        lambda n: n.word[3] == t.pos and bool(_regular(found, n.word[1])))
        if word:
            return _replace(word, t)
    if bits & _VOICE:
        # the voiced form of a compound's second noun, its context ids not the plain form's
        _, close = _voiced_nodes(lat, t)
        word = _closest(lat.alternatives(tokens, i), MARGIN_VOICING, lambda n: n in close)
        if word:
            return _replace(word, t)
    return None


def _closest(alternatives, margin: int, fits) -> tuple | None:
    best = None
    for n, m in alternatives or ():
        if m <= margin and fits(n) and (best is None or m < best[1]):
            best = (n, m)
    return best[0].word if best else None


def _common(found: list[tuple[str, tuple, tuple]]) -> set[str]:
    """The readings of a spelling JMdict marks as common on both forms."""
    return {r for r, ktags, rtags in found if any(p in COMMON_TAGS for p in ktags) and rtags}


def _regular(found: list[tuple[str, tuple, tuple]], reading: str) -> bool | None:
    """Is the spelling a proper one for this reading (False: only an irregular one; None: JMdict does not know)?"""
    tags = [k for r, k, _ in found if r == reading]
    if not tags:
        return None
    return any(not (set(k) & _IRREGULAR) for k in tags)


def _voiced_nodes(lat, t) -> tuple:
    """(the token's own candidate, the voiced forms unidic has of the same word)."""
    own = lat.node_of(t)
    if own is None or own.initial == "濁音形":
        return own, []
    return own, [n for n in lat.nodes(t.surface)
                 if n.initial == "濁音形" and n.word[11] == t[3][11] and n.word[3] == t.pos]
