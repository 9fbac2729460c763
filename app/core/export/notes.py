"""A saved word as an Anki note: the fields of Shiori's note type, its tags and its GUID.

The .apkg, the TSV and AnkiConnect all send these same fields, so a card
looks the same however it reached Anki. Fields are HTML (Anki's fields are):
the reader's own text is escaped, and Anki's furigana notation is written
so that ``{{furigana:Furigana}}`` renders ruby.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from typing import Sequence

import genanki

from ..chars import has_kanji, to_hiragana
from ..furigana import align
from ..vocabulary import Context, SavedWord
from ..words import Status, WordKey

log = logging.getLogger("app.core.export")

__all__ = ["FIELD_NAMES", "NoteFields", "NoteBuilder", "status_tags", "note_guid", "furigana_notation",
           "TAG", "STATUS_TAG_PREFIX", "ALL_STATUS_TAGS"]

FIELD_NAMES = ("Expression", "Reading", "Furigana", "Meaning", "Sentence", "SentenceFurigana", "PitchAccent",
               "PartOfSpeech", "Source", "Notes")

# Tags: every note has `shiori`; its status is the hierarchical tag
# shiori::status::1 .. ::5, ::known, ::ignored (Anki 2.1.45+ shows it as a tree
# under "shiori"; searching tag:shiori::status::3 finds the words at 3).
TAG = "shiori"
STATUS_TAG_PREFIX = "shiori::status::"
ALL_STATUS_TAGS = tuple(STATUS_TAG_PREFIX + s.code for s in Status if s.is_saved)


def status_tags(status: Status) -> tuple[str, str]:
    return TAG, STATUS_TAG_PREFIX + Status.parse(status).code


def note_guid(key: WordKey) -> str:
    """The note's GUID, from the word key alone: the same word exported again updates its note in Anki."""
    return genanki.guid_for("shiori", key.lemma, key.reading)


@dataclass(frozen=True)
class NoteFields:
    """One word's note. Each field is HTML; *plain_* values are for formats that are not HTML."""

    key: WordKey
    status: Status
    expression: str
    reading: str
    furigana: str
    meaning: str
    sentence: str
    sentence_furigana: str
    pitch_accent: str
    part_of_speech: str
    source: str
    notes: str

    @property
    def values(self) -> list[str]:
        """The fields in the note type's order (FIELD_NAMES)."""
        return [self.expression, self.reading, self.furigana, self.meaning, self.sentence, self.sentence_furigana,
                self.pitch_accent, self.part_of_speech, self.source, self.notes]

    def as_dict(self) -> dict[str, str]:
        return dict(zip(FIELD_NAMES, self.values))

    @property
    def tags(self) -> tuple[str, str]:
        return status_tags(self.status)

    @property
    def guid(self) -> str:
        return note_guid(self.key)


# ---------------------------------------------------------------------------
# HTML and Anki's furigana notation
# ---------------------------------------------------------------------------


def escape(text: str) -> str:
    """The reader's text as HTML that shows it unchanged: special characters escaped, line breaks kept."""
    return html.escape(text or "", quote=False).replace("\r\n", "\n").replace("\n", "<br>")


def _escape_plain(text: str) -> str:
    # Brackets outside a reading would be taken for furigana by Anki's filter.
    return escape(text).replace("[", "&#91;").replace("]", "&#93;")


def furigana_notation(segments: Sequence[tuple[str, str | None]], out: list[str] | None = None) -> str:
    """Segments as Anki writes furigana: 事故[じこ]に 陥[おちい]った.

    Anki's filter takes everything before a bracket back to a space (or a
    tag) as the base, so each base with a reading is preceded by a space
    (which the filter removes) unless it starts the field or follows a tag.
    """
    parts = out if out is not None else []
    for text, ruby in segments:
        if ruby and has_kanji(text):
            if parts and not parts[-1].endswith(">"):
                parts.append(" ")
            parts.append(f"{_escape_plain(text)}[{_escape_plain(ruby)}]")
        else:
            parts.append(_escape_plain(text))
    return "".join(parts)


def word_furigana(key: WordKey) -> str:
    return furigana_notation(align(key.lemma, key.reading))


# ---------------------------------------------------------------------------
# Building the notes
# ---------------------------------------------------------------------------


class NoteBuilder:
    """Builds the notes of saved words, looking each up in the dictionary service when it is there.

    Without a dictionary (missing or damaged), the meaning is the saved
    gloss and pitch and part of speech stay empty: the export still works.
    *document_id*: prefer the sentence from that text.
    """

    def __init__(self, dictionary=None, document_id: str | None = None) -> None:
        self.dictionary = dictionary
        self.document_id = document_id
        self._usable = dictionary is not None and _dictionary_ok(dictionary)

    def build(self, word: SavedWord) -> NoteFields:
        entry, pitch = self._lookup(word)
        context = self.context_for(word)
        sentence = sentence_html = ""
        if context is not None:
            sentence, sentence_html = self._sentence_fields(context.sentence, word.key)
        return NoteFields(
            key=word.key, status=word.status,
            expression=escape(word.key.lemma),
            reading=escape(word.key.reading),
            furigana=word_furigana(word.key),
            meaning=meaning_html(word.gloss, entry),
            sentence=sentence,
            sentence_furigana=sentence_html,
            pitch_accent=pitch_html(pitch),
            part_of_speech=escape(", ".join(entry.senses[0].pos)) if entry is not None and entry.senses else "",
            source=escape(context.document_title) if context is not None else "",
            notes=escape(word.notes),
        )

    def context_for(self, word: SavedWord) -> Context | None:
        """The sentence the card shows: the first one saved (from the chosen text, when there is one)."""
        if not word.contexts:
            return None
        if self.document_id is not None:
            for c in word.contexts:
                if c.document_id == self.document_id:
                    return c
        return word.contexts[0]

    # -- dictionary ---------------------------------------------------------------

    def _lookup(self, word: SavedWord):
        """The JMdict entry the word was saved with (or one with its spelling and reading), and its pitch."""
        if not self._usable:
            return None, ()
        try:
            result = self.dictionary.lookup_word(word.key.lemma)
        except Exception:  # a lookup that fails must not stop an export: the saved gloss is still there
            log.exception("lookup of %s failed during export", word.key.label())
            return None, ()
        entries = [e for m in result.matches for e in m.entries]
        entry = next((e for e in entries if word.entry_id is not None and e.id == word.entry_id), None)
        if entry is None:
            entry = next((e for e in entries if _has_forms(e, word.key)), None)
        pitch = tuple(p for p in getattr(result, "pitch", ()) if to_hiragana(p.reading) == word.key.reading)
        return entry, pitch

    def _sentence_fields(self, sentence: str, key: WordKey) -> tuple[str, str]:
        from ..analysis import analyze

        try:
            tokens = analyze(sentence)
            refine = getattr(self.dictionary, "refine_readings", None) if self._usable else None
            if refine is not None:
                tokens = refine(tokens, sentence)
        except Exception:
            log.exception("analysis of a sentence failed during export")
            return escape(sentence), _escape_plain(sentence)
        return sentence_html(sentence, tokens, key)


def _dictionary_ok(dictionary) -> bool:
    status = getattr(dictionary, "status", None)
    try:
        return status is None or not status()
    except Exception:
        return False


def _has_forms(entry, key: WordKey) -> bool:
    forms = {f.text for f in entry.kanji} | {f.text for f in entry.kana}
    return key.lemma in forms and key.reading in {to_hiragana(k.text) for k in entry.kana}


def meaning_html(gloss: str, entry) -> str:
    """The chosen gloss first, then the entry's other senses, numbered as the lookup panel numbers them."""
    chosen = gloss.strip()
    senses = ["; ".join(s.glosses) for s in entry.senses] if entry is not None else []
    if not chosen and senses:
        chosen = senses[0]
    others = [s for s in senses if s and s != chosen]
    out = f'<div class="gloss">{escape(chosen)}</div>' if chosen else ""
    if others:
        out += '<ol class="senses">' + "".join(f"<li>{escape(s)}</li>" for s in others) + "</ol>"
    return out


_SMALL = frozenset("ゃゅょぁぃぅぇぉゎ")


def pitch_html(pitches) -> str:
    """Each accent as its morae, high ones overlined by the card's CSS, and the downstep number."""
    out = []
    for p in pitches:
        morae: list[str] = []
        for ch in p.reading:
            if ch in _SMALL and morae:
                morae[-1] += ch
            else:
                morae.append(ch)
        if len(morae) != len(p.pattern):
            continue
        spans, i = [], 0
        while i < len(morae):
            level = p.pattern[i]
            j = i
            while j < len(morae) and p.pattern[j] == level:
                j += 1
            kind = "high" if level == "H" else "low"
            spans.append(f'<span class="pitch-{kind}">{escape("".join(morae[i:j]))}</span>')
            i = j
        out.append(f'<span class="pitch" title="{p.kind}">{"".join(spans)}<span class="downstep">[{p.downstep}]'
                   f"</span></span>")
    return " ".join(out)


# ---------------------------------------------------------------------------
# The sentence, with the word in bold
# ---------------------------------------------------------------------------


def word_spans(sentence: str, tokens, key: WordKey) -> list[tuple[int, int]]:
    """Where the word occurs in its sentence, as (start, end) offsets on token boundaries.

    The analyser's key finds inflected forms (陥った for 陥る); failing that,
    the spelling itself, then its stem (難し of 難しい in 難しかった).
    """
    words = [t for t in tokens if t.is_word]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        t = words[i]
        if t.key == key or (t.lemma == key.lemma and to_hiragana(t.lemma_reading or t.reading) == key.reading):
            end = t.end
            if t.pos in ("動詞", "形容詞", "助動詞"):  # 陥っ|た: the inflection goes with the word
                j = i + 1
                while j < len(words) and words[j].pos == "助動詞" and words[j].start == end:
                    end = words[j].end
                    j += 1
                i = j - 1
            spans.append((t.start, end))
        i += 1
    if spans:
        return spans
    for text in _stems(key.lemma):
        start = sentence.find(text)
        if start >= 0:
            end = start + len(text)
            while start >= 0:
                spans.append(_to_tokens(tokens, start, start + len(text)))
                start = sentence.find(text, start + len(text))
            return spans
    return []


def _stems(lemma: str) -> list[str]:
    """The spelling, then shorter prefixes down to two characters fewer (kana-only ones of two or more)."""
    out = [lemma]
    for n in range(len(lemma) - 1, max(len(lemma) - 3, 0), -1):
        stem = lemma[:n]
        if has_kanji(stem) or len(stem) >= 2:
            out.append(stem)
    return out


def _to_tokens(tokens, start: int, end: int) -> tuple[int, int]:
    for t in tokens:
        if t.start <= start < t.end:
            start = t.start
        if t.start < end <= t.end:
            end = t.end
    return start, end


def sentence_html(sentence: str, tokens, key: WordKey) -> tuple[str, str]:
    """The Sentence field (escaped, the word in <b>) and SentenceFurigana (the same with readings)."""
    spans = word_spans(sentence, tokens, key)
    plain: list[str] = []
    ruby: list[str] = []
    pos = 0
    inside = False

    def bold_at(offset: int) -> bool:
        return any(s <= offset < e for s, e in spans)

    ordered = sorted((t for t in tokens if t.end > t.start), key=lambda t: t.start)
    pieces: list[tuple[int, int, Sequence]] = []
    for t in ordered:
        if t.start < pos:
            continue
        if t.start > pos:  # text the analyser left between tokens
            pieces.append((pos, t.start, ((sentence[pos:t.start], None),)))
        segs = t.furigana if "".join(s for s, _ in t.furigana) == sentence[t.start:t.end] else (
            (sentence[t.start:t.end], None),)
        pieces.append((t.start, t.end, segs))
        pos = t.end
    if pos < len(sentence):
        pieces.append((pos, len(sentence), ((sentence[pos:], None),)))
    for start, end, segs in pieces:
        bold = bold_at(start)
        if bold and not inside:
            plain.append("<b>")
            ruby.append("<b>")
        elif not bold and inside:
            plain.append("</b>")
            ruby.append("</b>")
        inside = bold
        plain.append(escape(sentence[start:end]))
        furigana_notation(segs, ruby)
    if inside:
        plain.append("</b>")
        ruby.append("</b>")
    return "".join(plain), "".join(ruby)
