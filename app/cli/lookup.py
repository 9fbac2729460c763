"""`shiori lookup`: dictionary entries in a terminal, or as JSON lines for scripts."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from ..core.dictionary import DictionaryService, DictionaryUnavailable, Entry, LookupResult

__all__ = ["run_lookup", "format_text", "lookup_in_sentence"]


def _entry_text(e: Entry, match_text: str, reasons: tuple[str, ...]) -> list[str]:
    head = e.headword(match_text if match_text in {f.text for f in e.kanji} else None)
    readings = [k.text for k in e.kana if not head or head in (k.applies_to or (head,)) or not e.kanji]
    first = head if head in {k.text for k in e.kana} else f"{head}【{'・'.join(readings[:3])}】"
    if e.common:
        first += " ★ (common)"
    others = [f.text for f in e.kanji if f.text != head]
    if others:
        first += f"  also {'、'.join(others[:4])}"
    lines = [first]
    if reasons:
        lines.append(f"  ← {', '.join(reasons)}")
    last_pos: tuple[str, ...] = ()
    for i, s in enumerate(e.senses, 1):
        tags = []
        if s.pos and s.pos != last_pos:
            tags.append("; ".join(s.pos))
        last_pos = s.pos
        extra = list(s.misc) + list(s.field) + list(s.dialect)
        line = f"  {i}. "
        if tags:
            line += f"({tags[0]}) "
        line += "; ".join(s.glosses)
        if extra:
            line += f" [{', '.join(extra)}]"
        if s.info:
            line += f" — {'; '.join(s.info)}"
        if s.xrefs:
            line += f" (see {', '.join(s.xrefs)})"
        lines.append(line)
    return lines


def format_text(result: LookupResult) -> str:
    """The lookup as a learner reads it in a terminal."""
    lines: list[str] = []
    for m in result.matches:
        for e in m.entries:
            lines.extend(_entry_text(e, m.text, m.reasons_for(e.id)))
    if result.inflection:
        lines.append(f"Inflection: {result.inflection}")
    if result.pitch:
        lines.append("Pitch: " + "; ".join(f"{p.reading} [{p.downstep}] {p.pattern}" for p in result.pitch))
    for k in result.kanji:
        lines.append(f"Kanji {k.literal}: {', '.join(k.meanings)} | on: {'、'.join(k.on) or '-'} | "
                     f"kun: {'、'.join(k.kun) or '-'} | {', '.join(k.facts())}")
    for n in result.names:
        trans = "; ".join(
            f"{', '.join(t.glosses)}" + (f" ({', '.join(t.types)})" if t.types else "") for t in n.translations)
        forms = "・".join(n.kanji + n.kana)
        lines.append(f"Name {forms}: {trans}")
    return "\n".join(lines)


def lookup_in_sentence(dictionary: DictionaryService, word: str, sentence: str) -> LookupResult:
    """What a click on the first occurrence of *word* in *sentence* shows (ValueError if it is not there)."""
    from ..core.analysis import analyze

    word = word.strip()
    offset = sentence.find(word) if word else -1
    if offset < 0:
        raise ValueError(f"「{word}」 is not in the sentence.")
    tokens = dictionary.refine_readings(analyze(sentence))  # as the reader reads the sentence
    # the word token the occurrence starts in (or the first one after, past punctuation)
    index = next((i for i, t in enumerate(tokens) if t.end > offset and t.is_word), None)
    if index is None or tokens[index].start >= offset + len(word):
        raise ValueError(f"「{word}」 is not a word of the sentence.")
    return dictionary.lookup_at(tokens, index)


def run_lookup(words: list[str], as_json: bool, out: TextIO, dictionary: DictionaryService,
               sentence: str | None = None, err: TextIO | None = None) -> int:
    """Text blocks, or one JSON object per line with ``--json``; 1 when no word has an entry."""
    err = err if err is not None else sys.stderr
    if not words:
        print("No word to look up: give words as arguments, or one per line on standard input.", file=err)
        return 1
    found = 0
    first = True
    try:
        for word in words:
            if sentence is None:
                result = dictionary.lookup_word(word)
            else:
                try:
                    result = lookup_in_sentence(dictionary, word, sentence)
                except ValueError as e:
                    print(e, file=err)
                    result = LookupResult()
            found += result.found
            if as_json:
                data = {"word": word, "found": result.found}
                data.update(result.to_json())
                out.write(json.dumps(data, ensure_ascii=False) + "\n")
                continue
            if not first:
                out.write("\n")
            first = False
            if not result.found:
                out.write(f"{word}: no entry\n")
            else:
                out.write(f"== {word}\n{format_text(result)}\n")
    except DictionaryUnavailable as e:
        print(e, file=err)
        return 1
    out.flush()
    if not found:
        print("No dictionary entry for " + ("「" + words[0] + "」." if len(words) == 1 else "any of these words."),
              file=err)
        return 1
    return 0
