"""What a saved word is made of: its key, its gloss and its sentence, from a click and a lookup.

The reader, the popup's Add button, `shiori mark` and the importer all save
words; they must agree on the key, or the same word would be saved twice
under two spellings and coloured only in some places.
"""

from __future__ import annotations

from typing import Sequence

from .chars import to_hiragana
from .vocabulary import Context
from .words import WordKey

__all__ = ["key_for_entry", "gloss_of", "context_at", "key_for_text"]


def key_for_entry(tokens: Sequence, index: int, match, entry) -> WordKey:
    """The key a word gets when saved from a lookup of tokens[index] with *entry* chosen.

    The analyser's key when the entry is the word the token is (so that the
    word is coloured wherever the analyser finds it); otherwise the entry's
    headword as matched in the text, with its reading.
    """
    tok = tokens[index]
    kanji = {f.text for f in entry.kanji}
    if tok.key is not None and match.start == index and match.end == index + 1:
        if tok.lemma in kanji or tok.lemma in {f.text for f in entry.kana}:
            return tok.key
    head = entry.headword(match.text if match.text in kanji else None)
    readings = entry.readings_for(head) if head in kanji else [head]
    return WordKey(head, to_hiragana(readings[0] if readings else head))


def gloss_of(entry) -> str:
    """The gloss a saved word starts with: the entry's first sense."""
    return "; ".join(entry.senses[0].glosses) if entry.senses else ""


def context_at(analysed, p: int, t: int) -> Context:
    """The sentence around token *t* of paragraph *p*, and where it is."""
    pos = analysed.position(p, t)
    return Context(analysed.sentence_at(p, t), pos.document, pos.paragraph, pos.offset)


def key_for_text(text: str, dictionary, analyse=None):
    """(key, entry id, gloss) for a word typed by the reader (陥った -> 陥る), or None without an entry."""
    if analyse is None:
        from .analysis import analyze as analyse

    tokens = analyse(text.strip())
    index = next((i for i, t in enumerate(tokens) if t.is_word), None)
    if index is None:
        return None
    result = dictionary.lookup_at(tokens, index)
    if not result.found:
        return None
    match = result.matches[0]
    entry = match.entries[0]
    return key_for_entry(tokens, index, match, entry), entry.id, gloss_of(entry)
