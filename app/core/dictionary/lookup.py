"""The lookup of a click: matches, names, kanji, inflection and pitch for ``tokens[index]``."""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from ..chars import KANJI_MARKS, is_kanji, to_hiragana
from .cache import Reads
from .candidates import BACK_TOKENS, candidates, forward_spans, lexeme, rank_spans, token_reading
from .inflection import explain_inflection
from .model import EMPTY, LookupResult, Match, NameEntry
from .pitch import pitch_patterns

__all__ = ["lookup_at"]

MAX_ENTRIES_PER_MATCH = 12
MAX_NAMES = 10
_FORWARD_TOKENS = 14


def _token_key(t) -> tuple:
    return (t.surface, t.lemma, t.reading, t.lemma_reading, t.pos, t.pos_fine, t.conj_type,
            t.conj_form, t.accent, t.is_word, getattr(t, "lexeme", ""))


def lookup_at(reads: Reads, tokens: Sequence, index: int) -> LookupResult:
    """Everything the lookup panel shows for a click on ``tokens[index]``.

    A click's result depends only on the tokens around it, so it is cached
    under those (the paragraph's other words do not matter) and shifted to
    the paragraph's token indices on the way out.
    """
    if not (0 <= index < len(tokens)):
        return EMPTY
    if not tokens[index].is_word:
        return EMPTY
    lo = max(0, index - BACK_TOKENS)
    hi = min(len(tokens), index + _FORWARD_TOKENS)
    key = (tuple(_token_key(t) for t in tokens[lo:hi]), index - lo)
    caches = reads.caches
    result = caches.result(key)
    if result is None:
        result = _lookup(reads, tokens[lo:hi], index - lo)
        caches.keep_result(key, result)
    if lo == 0:
        return result
    return replace(result, matches=tuple(replace(m, start=m.start + lo, end=m.end + lo) for m in result.matches))


def own_reading(t) -> bool:
    """Is the token read as the analyser read it, so that its accent belongs to what is shown?

    Not when the author's ruby or the dictionary (refine_readings) gave another
    reading (今日 with ruby こんにち must not show きょう's accent).  Author ruby
    that is the analyser's dictionary-form reading of an uninflected word agrees.
    """
    if t.ruby_source in ("author", "author-earlier"):
        return t.surface == t.lemma and bool(t.reading) and t.reading == t.lemma_reading
    return True


def _same_word(m: Match, tok, index: int) -> bool:
    """Is a match of several tokens the clicked word itself, inflected (食べ+て+いる: 食べる)?"""
    if m.start != index or not m.entries:
        return False
    forms = {f.text for f in m.entries[0].kanji + m.entries[0].kana}
    return tok.lemma in forms or lexeme(tok) in forms


def _lookup(reads: Reads, tokens: Sequence, index: int) -> LookupResult:
    tok = tokens[index]
    pitch = tuple(pitch_patterns(tok.lemma_reading or tok.reading, tok.accent)) if own_reading(tok) else ()
    cands = candidates(tokens, index)
    reads.ids_for(c.text for c in cands)
    kc, rc = reads.caches.kanji_ids, reads.caches.kana_ids

    def ids_of(text: str) -> tuple[int, ...]:
        return kc.get(text, ()) + rc.get(text, ())

    entries = reads.entries(i for cand in cands for i in ids_of(cand.text))
    spans, per_span = rank_spans(tokens, index, cands, ids_of, entries)
    seen: set[int] = set()
    matches: list[Match] = []
    for s in spans:
        ranked = sorted((v[0], eid, v[1]) for eid, v in per_span[s].items() if eid not in seen)
        if not ranked:
            continue
        ranked = ranked[:MAX_ENTRIES_PER_MATCH]
        seen.update(eid for _, eid, _ in ranked)
        text = "".join(t.surface for t in tokens[s[0]:s[1]])
        matches.append(Match(s[0], s[1], text, tuple(entries[eid] for _, eid, _ in ranked),
                             tuple((eid, cand.reasons) for _, eid, cand in ranked if cand.reasons)))

    if pitch and matches and matches[0].end - matches[0].start > 1 and not _same_word(matches[0], tok, index):
        pitch = ()  # the analyser's accent is one token's, not the matched word's (一 of 一生涯)

    # names: for proper nouns, or where the dictionary has nothing as long
    name_spans = {"".join(t.surface for t in tokens[index:j]):
                  "".join(token_reading(t) for t in tokens[index:j]) for j in forward_spans(tokens, index)}
    best_len = len(matches[0].text) if matches else 0
    proper = tok.pos_fine.startswith("固有名詞")
    wanted = [text for text in name_spans if proper or len(text) > best_len or not matches]
    names: list[NameEntry] = []
    if wanted:
        found = reads.names_for(wanted)
        for text in sorted(wanted, key=len, reverse=True):
            reading = name_spans[text]
            # the reading the text was read with first (山田: やまだ before おおした)
            ranked_names = sorted(found.get(text, ()),
                                  key=lambda n: not any(to_hiragana(k) == reading for k in n.kana))
            for n in ranked_names:
                if len(names) < MAX_NAMES:
                    names.append(replace(n, text=text))
    kanji_src = matches[0].text if matches else tok.surface
    kanji = tuple(reads.kanji_info(ch for ch in kanji_src if is_kanji(ch) and ch not in KANJI_MARKS))
    return LookupResult(tuple(matches), kanji, tuple(names),
                        explain_inflection(tokens, index, matches[0] if matches else None), pitch)
