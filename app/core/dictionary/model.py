"""What a lookup finds: entries, matches, kanji, names, pitch, and their one JSON form.

The objects are frozen so that the service can cache each once and share it
between threads (and pickle it to the reader from the analysis process).
Their JSON form is written by one function, :func:`to_json`, that walks the
dataclass fields; the few places where the JSON is not simply the fields
(a field left out, a field omitted when empty, a match's deinflection put
on each entry) are said next to the field or in one hook.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Callable

from ..chars import to_full_width, to_hiragana
from ..words import WordKey

__all__ = [
    "COMMON_TAGS", "Form", "Sense", "Entry", "Match", "KanjiInfo", "NameTranslation", "NameEntry",
    "Pitch", "LookupResult", "EMPTY", "to_json", "readings_for",
]

COMMON_TAGS = frozenset({"news1", "ichi1", "spec1", "spec2", "gai1"})

# field metadata for to_json
_SKIP = {"json": "skip"}  # internal: not part of the JSON form
_IF_SET = {"json": "if-set"}  # written only when true / non-empty


class _Json:
    __slots__ = ()

    def to_json(self) -> dict[str, Any]:
        return to_json(self)


@dataclass(frozen=True, slots=True)
class Form(_Json):
    """A kanji or kana spelling of an entry with its JMdict tags."""

    text: str
    priority: tuple[str, ...] = ()  # news1, ichi1, nf12 ...
    info: tuple[str, ...] = ()  # "ateji (phonetic) reading", ...
    # kana only: the kanji forms it reads (empty: all), or none of them
    applies_to: tuple[str, ...] = field(default=(), metadata=_IF_SET)
    no_kanji: bool = field(default=False, metadata=_IF_SET)

    @property
    def common(self) -> bool:
        return any(p in COMMON_TAGS for p in self.priority)


@dataclass(frozen=True, slots=True)
class Sense(_Json):
    pos: tuple[str, ...]
    glosses: tuple[str, ...]
    misc: tuple[str, ...] = ()
    field: tuple[str, ...] = ()
    dialect: tuple[str, ...] = ()
    info: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    antonyms: tuple[str, ...] = ()
    only_kanji: tuple[str, ...] = ()  # stagk: sense applies only to these spellings
    only_kana: tuple[str, ...] = ()  # stagr


def readings_for(kana: tuple[Form, ...], kanji_text: str | None) -> list[str]:
    """The kana forms that read ``kanji_text`` (all of them when it is None)."""
    out = []
    for k in kana:
        if kanji_text is None or (not k.no_kanji and (not k.applies_to or kanji_text in k.applies_to)):
            out.append(k.text)
    return out


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


@dataclass(frozen=True, slots=True)
class Entry(_Json):
    id: int
    kanji: tuple[Form, ...]
    kana: tuple[Form, ...]
    senses: tuple[Sense, ...]
    common: bool
    freq_band: int | None  # from nfXX: 1 = the 500 most frequent words, 48 = rarest band
    word_types: int = field(default=0, compare=False, repr=False, metadata=_SKIP)  # deinflect.* bits

    def readings_for(self, kanji_text: str | None) -> list[str]:
        """Kana forms that read ``kanji_text`` (all kana forms when it is None)."""
        return readings_for(self.kana, kanji_text)

    def headword(self, prefer: str | None = None) -> str:
        texts = [f.text for f in self.kanji] + [f.text for f in self.kana]
        if prefer and prefer in texts:
            return prefer
        if self.kanji and not self.usually_kana:
            return self.kanji[0].text
        return self.kana[0].text if self.kana else (self.kanji[0].text if self.kanji else "")

    @property
    def usually_kana(self) -> bool:
        return bool(self.senses) and "word usually written using kana alone" in self.senses[0].misc

    def key(self, text: str, reading: str = "") -> WordKey:
        """The word saving this entry keeps, for a match of ``text`` read ``reading``.

        The spelling is the one the text is written in: the text itself when
        it is a form of the entry (取締役会, する), else the form the inflected
        text starts like (陥った: 陥る, not 落ち入る; 解った: 解る, not 分かる).
        The reading is that spelling's kana closest to how the text was read
        (今日 read こんにち keeps こんにち). So the vocabulary keys a word the
        same whether it was saved from the popup or resolved in the text.
        """
        forms = [f.text for f in self.kanji] + [f.text for f in self.kana]
        wide = to_full_width(text)
        if wide in forms:
            head = wide
        else:
            plain = to_hiragana(wide)
            best = max(forms, key=lambda f: _shared_prefix(to_hiragana(f), plain), default="")
            head = best if best and _shared_prefix(to_hiragana(best), plain) else self.headword(None)
        if not self.kanji or head not in {f.text for f in self.kanji}:
            return WordKey(head, to_hiragana(head))
        options = [to_hiragana(r) for r in self.readings_for(head)] or [to_hiragana(k.text) for k in self.kana]
        want = to_hiragana(reading)
        best_reading = max(options, key=lambda r: _shared_prefix(r, want)) if options else ""
        return WordKey(head, best_reading)


@dataclass(frozen=True, slots=True)
class Match(_Json):
    """Tokens ``start``..``end`` (exclusive) of the clicked paragraph read as one word.

    ``reasons`` gives, per entry id, the deinflection that led there (empty
    when the text or the analyser's dictionary form was a headword as is);
    in JSON it is each entry's ``deinflection``.
    """

    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]
    reasons: tuple[tuple[int, tuple[str, ...]], ...] = field(default=(), metadata=_SKIP)

    def reasons_for(self, entry_id: int) -> tuple[str, ...]:
        for eid, r in self.reasons:
            if eid == entry_id:
                return r
        return ()


# KANJIDIC2 grades past the six years of primary school
_GRADES = {7: "secondary school (jōyō)", 8: "secondary school (jōyō)", 9: "jinmeiyō", 10: "jinmeiyō"}


@dataclass(frozen=True, slots=True)
class KanjiInfo(_Json):
    literal: str
    meanings: tuple[str, ...]
    on: tuple[str, ...]
    kun: tuple[str, ...]
    nanori: tuple[str, ...]
    strokes: int | None
    grade: int | None  # 1-6 kyouiku, 8 other jouyou, 9-10 jinmeiyou
    jlpt: int | None  # KANJIDIC2's *former* JLPT level, 1 (hardest) to 4
    freq: int | None  # rank among the 2,500 most used kanji in newspapers

    def facts(self) -> list[str]:
        """Strokes, school grade, JLPT level and frequency, as a learner reads them."""
        facts = []
        if self.strokes:
            facts.append(f"{self.strokes} strokes")
        if self.grade:
            facts.append(f"grade {self.grade}" if self.grade <= 6 else _GRADES.get(self.grade, f"grade {self.grade}"))
        if self.jlpt:
            facts.append(f"old JLPT {self.jlpt}")
        if self.freq:
            facts.append(f"frequency #{self.freq}")
        return facts


@dataclass(frozen=True, slots=True)
class NameTranslation(_Json):
    types: tuple[str, ...]  # surname, given, place, company, ...
    glosses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NameEntry(_Json):
    id: int
    text: str = ""  # the text it was found under
    kanji: tuple[str, ...] = ()
    kana: tuple[str, ...] = ()
    translations: tuple[NameTranslation, ...] = ()


@dataclass(frozen=True, slots=True)
class Pitch(_Json):
    """One accent of a reading: the mora after which the pitch falls (0: none)."""

    reading: str
    downstep: int
    pattern: str  # "L"/"H" per mora of the word (a following particle is not shown)
    kind: str  # heiban, atamadaka, nakadaka, odaka


@dataclass(frozen=True, slots=True)
class LookupResult(_Json):
    matches: tuple[Match, ...] = ()
    kanji: tuple[KanjiInfo, ...] = ()
    names: tuple[NameEntry, ...] = ()
    inflection: str | None = None
    pitch: tuple[Pitch, ...] = ()

    @property
    def found(self) -> bool:
        return bool(self.matches or self.names)

    @property
    def best(self) -> Entry | None:
        return self.matches[0].entries[0] if self.matches and self.matches[0].entries else None


EMPTY = LookupResult()


# ---------------------------------------------------------------------------
# The JSON form
# ---------------------------------------------------------------------------


def _match_json(m: Match, d: dict[str, Any]) -> dict[str, Any]:
    for e, data in zip(m.entries, d["entries"]):
        data["deinflection"] = list(m.reasons_for(e.id))
    return d


# What a type's JSON adds to its fields.
_HOOKS: dict[type, Callable[[Any, dict[str, Any]], dict[str, Any]]] = {Match: _match_json}
_PLAN: dict[type, tuple[tuple[str, bool], ...]] = {}  # type -> (field name, only if set) per JSON field


def _plan(cls: type) -> tuple[tuple[str, bool], ...]:
    plan = _PLAN.get(cls)
    if plan is None:
        plan = _PLAN[cls] = tuple((f.name, f.metadata.get("json") == "if-set")
                                  for f in fields(cls) if f.metadata.get("json") != "skip")
    return plan


def to_json(value: Any) -> Any:
    """Plain data for ``json.dumps``: dataclasses as dicts of their fields, tuples as lists."""
    if isinstance(value, (tuple, list)):
        return [to_json(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        d: dict[str, Any] = {}
        for name, only_if_set in _plan(type(value)):
            v = getattr(value, name)
            if only_if_set and not v:
                continue
            d[name] = to_json(v)
        hook = _HOOKS.get(type(value))
        return hook(value, d) if hook is not None else d
    return value
