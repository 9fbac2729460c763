"""`shiori lookup`: dictionary entries in a terminal, or as JSON lines for scripts."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from ..core.dictionary import DictionaryService, DictionaryUnavailable, Entry, LookupResult

__all__ = ["run_lookup", "format_text"]


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


def run_lookup(words: list[str], as_json: bool, out: TextIO, dictionary: DictionaryService,
               err: TextIO | None = None) -> int:
    """Text blocks, or one JSON object per line with ``--json``."""
    err = err if err is not None else sys.stderr
    first = True
    try:
        for word in words:
            result = dictionary.lookup_word(word)
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
    return 0
