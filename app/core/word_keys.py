"""Which vocabulary word a piece of typed text stands for: 陥った and 陥る are both 陥る【おちいる】.

The reader's "add", `shiori mark` and the known-word import must give a word
the same key, or one word would be saved twice under two spellings; the
rule lives here, once, and asks the dictionary service it is handed.
"""

from __future__ import annotations

from typing import NamedTuple

from .chars import is_kana_text, to_hiragana
from .words import WordKey

__all__ = ["Resolved", "key_for", "resolve", "saved_key", "gloss_of", "context_at"]


class Resolved(NamedTuple):
    """A word found in the dictionary: its key, the JMdict entry and that entry's first sense as a gloss."""

    key: WordKey
    entry_id: int
    gloss: str
    whole: bool  # the entry covers all of the text (not just its first word)


def saved_key(tokens, index, match, entry) -> WordKey:
    """The key a word gets when saved from a lookup, the one word resolution gives it in the text.

    The token's own when it is this entry (its reading is the one the text
    was read with: 宅 the author reads うち is 宅【うち】, though JMdict has
    only たく), else the entry's spelling and reading closest to the text.
    """
    from .dictionary.resolve import word_key

    return word_key(tokens, (match.start, match.end), entry)


def _typed_key(tokens, index, match, entry) -> WordKey:
    """The key of a word typed as a word (a word list, an Anki note): its headword when it is not the token's.

    がっこう in a list of known words is 学校【がっこう】; in a text written in
    kana it stays the kana the text has (saved_key).
    """
    tok = tokens[index]
    if tok.key is not None and match.start == index and match.end == index + 1:
        forms = {f.text for f in entry.kanji} | {f.text for f in entry.kana}
        if tok.lemma in forms:
            return tok.key
    kanji = {f.text for f in entry.kanji}
    head = entry.headword(match.text if match.text in kanji else None)
    readings = entry.readings_for(head) if head in kanji else [head]
    return WordKey(head, to_hiragana(readings[0] if readings else head))


def gloss_of(entry) -> str:
    """The gloss a saved word starts with: the entry's first sense."""
    return "; ".join(entry.senses[0].glosses) if entry.senses else ""


def context_at(analysed, p: int, t: int):
    """The sentence around token *t* of paragraph *p*, and where it is: what a word saved there keeps."""
    from .vocabulary import Context

    pos = analysed.position(p, t)
    return Context(analysed.sentence_at(p, t), pos.document, pos.paragraph, pos.offset)


def resolve(word: str, dictionary, reading: str | None = None) -> Resolved | None:
    """The dictionary form of *word* (an inflected form is fine), or None when no entry has it.

    *reading*, when the text came with one (a Lute term's pronunciation, an
    Anki note's Reading field), picks between homographs: 辛い read つらい is
    not 辛い read からい.
    """
    from .analysis import analyze

    text = word.strip()
    # read as the reader reads it: the word the reader saved from the text has this key
    tokens = dictionary.refine_readings(analyze(text))
    index = next((i for i, t in enumerate(tokens) if t.is_word), None)
    if index is None:
        return None
    if reading is None or not reading.strip():
        found = _resolved(tokens, index, dictionary)
        if found is not None:
            if any(ch.isspace() for ch in text):  # two pieces, not one word
                found = found._replace(whole=False)
            return found
    result = dictionary.lookup_at(tokens, index)
    if not result.matches or not result.matches[0].entries:  # only a name, or nothing
        return None
    match = result.matches[0]
    entry = match.entries[0]
    wanted = to_hiragana(reading.strip()) if reading and reading.strip() else None
    if wanted:
        entry = next((e for e in match.entries if wanted in {to_hiragana(k.text) for k in e.kana}), entry)
    key = _typed_key(tokens, index, match, entry)
    if wanted and key.reading != wanted and wanted in {to_hiragana(r) for r in entry.readings_for(
            key.lemma if key.lemma in {f.text for f in entry.kanji} else None)}:
        key = WordKey(key.lemma, wanted)
    gloss = gloss_of(entry)
    rest = tokens[match.end:] if match.start == index else tokens[index:]
    whole = match.start == index and not any(t.is_word for t in tokens[:index]) and not any(t.is_word for t in rest)
    return Resolved(key, entry.id, gloss, whole)


def _inflects(tok) -> bool:
    """An auxiliary or a conjunctive particle: part of the word before it as typed (陥った, 食べて)."""
    return tok.pos == "助動詞" or (tok.pos == "助詞" and tok.pos_fine.startswith("接続助詞"))


def _resolved(tokens, index: int, dictionary) -> Resolved | None:
    """The word at *index* as the reader resolves it in a text: the key it is coloured by, and its entry."""
    spans = dictionary.resolve_words(tokens)
    span = next((w for w in spans if w.first <= index < w.end), None)
    if span is None or span.entry_id is None:
        return None
    result = dictionary.lookup_at(tokens, span.first)
    entry = next((e for m in result.matches for e in m.entries if e.id == span.entry_id), None)
    key = span.key
    typed = "".join(t.surface for t in tokens[span.first:span.end])
    if entry is not None and is_kana_text(typed) and entry.kanji and not entry.usually_kana:
        # がっこう typed means the word texts write 学校: key it as the reader keys 学校
        head = entry.headword(None)
        key = entry.key(head, to_hiragana(typed))
    whole = span is spans[0] and all(w is span or all(_inflects(tokens[i]) for i in range(w.first, w.end))
                                     for w in spans)
    return Resolved(key, span.entry_id, gloss_of(entry) if entry is not None else "", whole)


def key_for(word: str, dictionary) -> WordKey | None:
    """The vocabulary key a word typed by the reader stands for, or None without a dictionary entry."""
    found = resolve(word, dictionary)
    return found.key if found is not None else None
