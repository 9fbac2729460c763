"""Click lookup: JMdict entries, KANJIDIC2 kanji, JMnedict names, inflection, pitch.

Why not ``jamdict.Jamdict().lookup``: it takes 25-110 ms a word (it runs a
LIKE query and builds every object of every entry), and its connection may
only be used by the thread that opened it.  A reader needs the entry *at
once*, for the word as it was clicked, so this module:

* issues its own indexed SQL against jamdict-data's SQLite file (read-only),
  batching every table of every entry into a handful of queries;
* keeps what it has read in process-wide caches of immutable objects, so a
  worker thread's :func:`prefetch` warms lookups made on the GUI thread;
* keeps each SQLite connection on the thread that opened it
  (:meth:`Dictionary.for_thread`), as jamdict demands;
* finds the word the way a popup dictionary does (longest run of tokens that
  is a headword, deinflection) *and* the way the analyser does (unidic's
  dictionary form), which is what neither does alone: 取締役会 is one word
  although MeCab splits it in three, and 泳げなかった is 泳ぐ although unidic's
  dictionary form is 泳げる.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import sys
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence, TextIO

from . import deinflect as _de
from .furigana import align, has_kanji, is_kanji, to_hiragana

log = logging.getLogger(__name__)

__all__ = [
    "Form", "Sense", "Entry", "Match", "KanjiInfo", "NameTranslation", "NameEntry",
    "Pitch", "LookupResult", "Dictionary", "lookup_at", "lookup_word", "prefetch",
    "refine_readings", "dictionary_status", "format_text", "run_lookup", "reset",
    "pitch_patterns", "explain_inflection",
]

# Set by tests (or a future preference) to use another dictionary file;
# None means jamdict-data's bundled database.
DB_PATH: str | None = None

COMMON_TAGS = frozenset({"news1", "ichi1", "spec1", "spec2", "gai1"})
MAX_SPAN_CHARS = 12  # a popup dictionary's scan length; longer runs are never one word
MAX_ENTRIES_PER_MATCH = 12
MAX_NAMES = 10
_SQL_CHUNK = 900  # stay far below SQLite's bound-parameter limit


# ---------------------------------------------------------------------------
# Result types.  Frozen so they can be cached once and shared by all threads.
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Form:
    """A kanji or kana spelling of an entry with its JMdict tags."""

    text: str
    priority: tuple[str, ...] = ()  # news1, ichi1, nf12 ...
    info: tuple[str, ...] = ()  # "ateji (phonetic) reading", ...
    applies_to: tuple[str, ...] = ()  # kana only: the kanji forms it reads (empty: all)
    no_kanji: bool = False  # kana only: not a reading of the kanji forms

    @property
    def common(self) -> bool:
        return any(p in COMMON_TAGS for p in self.priority)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "priority": list(self.priority), "info": list(self.info)}
        if self.applies_to:
            d["applies_to"] = list(self.applies_to)
        if self.no_kanji:
            d["no_kanji"] = True
        return d


@dataclass(frozen=True, slots=True)
class Sense:
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

    def to_json(self) -> dict[str, Any]:
        return {
            "pos": list(self.pos), "glosses": list(self.glosses), "misc": list(self.misc),
            "field": list(self.field), "dialect": list(self.dialect), "info": list(self.info),
            "xrefs": list(self.xrefs), "antonyms": list(self.antonyms),
            "only_kanji": list(self.only_kanji), "only_kana": list(self.only_kana),
        }


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    kanji: tuple[Form, ...]
    kana: tuple[Form, ...]
    senses: tuple[Sense, ...]
    common: bool
    freq_band: int | None  # from nfXX: 1 = the 500 most frequent words, 48 = rarest band
    word_types: int = field(default=0, compare=False, repr=False)  # deinflect.* bits

    def readings_for(self, kanji_text: str | None) -> list[str]:
        """Kana forms that read ``kanji_text`` (all kana forms when it is None)."""
        out = []
        for k in self.kana:
            if kanji_text is None or (not k.no_kanji and (not k.applies_to or kanji_text in k.applies_to)):
                out.append(k.text)
        return out

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

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "kanji": [f.to_json() for f in self.kanji],
            "kana": [f.to_json() for f in self.kana], "senses": [s.to_json() for s in self.senses],
            "common": self.common, "freq_band": self.freq_band,
        }


@dataclass(frozen=True, slots=True)
class Match:
    """Tokens ``start``..``end`` (exclusive) of the clicked paragraph read as one word.

    ``reasons`` gives, per entry id, the deinflection that led there (empty
    when the text or the analyser's dictionary form was a headword as is).
    """

    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]
    reasons: tuple[tuple[int, tuple[str, ...]], ...] = ()

    def reasons_for(self, entry_id: int) -> tuple[str, ...]:
        for eid, r in self.reasons:
            if eid == entry_id:
                return r
        return ()

    def to_json(self) -> dict[str, Any]:
        entries = []
        for e in self.entries:
            d = e.to_json()
            d["deinflection"] = list(self.reasons_for(e.id))
            entries.append(d)
        return {"start": self.start, "end": self.end, "text": self.text, "entries": entries}


# KANJIDIC2 grades past the six years of primary school
_GRADES = {7: "secondary school (jōyō)", 8: "secondary school (jōyō)", 9: "jinmeiyō", 10: "jinmeiyō"}


@dataclass(frozen=True, slots=True)
class KanjiInfo:
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

    def to_json(self) -> dict[str, Any]:
        return {
            "literal": self.literal, "meanings": list(self.meanings), "on": list(self.on),
            "kun": list(self.kun), "nanori": list(self.nanori), "strokes": self.strokes,
            "grade": self.grade, "jlpt": self.jlpt, "freq": self.freq,
        }


@dataclass(frozen=True, slots=True)
class NameTranslation:
    types: tuple[str, ...]  # surname, given, place, company, ...
    glosses: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"types": list(self.types), "glosses": list(self.glosses)}


@dataclass(frozen=True, slots=True)
class NameEntry:
    id: int
    kanji: tuple[str, ...]
    kana: tuple[str, ...]
    translations: tuple[NameTranslation, ...]
    text: str = ""  # the text it was found under

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "kanji": list(self.kanji), "kana": list(self.kana),
                "translations": [t.to_json() for t in self.translations]}


@dataclass(frozen=True, slots=True)
class Pitch:
    """One accent of a reading: the mora after which the pitch falls (0: none)."""

    reading: str
    downstep: int
    pattern: str  # "L"/"H" per mora of the word (a following particle is not shown)
    kind: str  # heiban, atamadaka, nakadaka, odaka

    def to_json(self) -> dict[str, Any]:
        return {"reading": self.reading, "downstep": self.downstep, "pattern": self.pattern, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class LookupResult:
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

    def to_json(self) -> dict[str, Any]:
        return {
            "matches": [m.to_json() for m in self.matches],
            "kanji": [k.to_json() for k in self.kanji],
            "names": [n.to_json() for n in self.names],
            "inflection": self.inflection,
            "pitch": [p.to_json() for p in self.pitch],
        }


EMPTY = LookupResult()


# ---------------------------------------------------------------------------
# Database location and status
# ---------------------------------------------------------------------------


def _db_path() -> Path | None:
    if DB_PATH is not None:
        return Path(DB_PATH)
    try:
        import jamdict_data
    except ImportError:
        return None
    return Path(jamdict_data.JAMDICT_DB_PATH)


_status_cache: dict[str, str | None] = {}


def _connect(path: Path) -> sqlite3.Connection:
    # mode=ro: the file lives in site-packages and must never be written;
    # check_same_thread (the default) turns sharing a connection into an error.
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.execute("PRAGMA query_only = 1")
    return conn


def dictionary_status() -> str | None:
    """None when the dictionary can be used; otherwise one sentence for the reader."""
    path = _db_path()
    key = str(path)
    if key in _status_cache:
        return _status_cache[key]
    msg: str | None = None
    if path is None:
        msg = "The dictionary is not installed: run `pip install jamdict-data` and restart Shiori."
    elif not path.is_file():
        msg = (f"The dictionary is not installed: run `pip install jamdict-data` and restart Shiori "
               f"(looked for {path}).")
    else:
        try:
            conn = _connect(path)
            try:
                conn.execute("SELECT idseq FROM Entry LIMIT 1").fetchall()
                conn.execute("SELECT text FROM Kanji LIMIT 1").fetchall()
                conn.execute("SELECT literal FROM character LIMIT 1").fetchall()
            finally:
                conn.close()
        except sqlite3.Error as e:
            log.warning("dictionary %s unreadable: %s", path, e)
            msg = (f"The dictionary at {path} cannot be read (it may be damaged): reinstall it with "
                   f"`pip install --force-reinstall jamdict-data`.")
    _status_cache[key] = msg
    return msg


# ---------------------------------------------------------------------------
# Process-wide caches of immutable objects (shared by every thread's Dictionary)
# ---------------------------------------------------------------------------


class _Caches:
    def __init__(self) -> None:
        self.kanji_ids: dict[str, tuple[int, ...]] = {}  # JMdict kanji form -> entry ids
        self.kana_ids: dict[str, tuple[int, ...]] = {}  # JMdict kana form -> entry ids
        self.entries: dict[int, Entry] = {}
        self.name_ids: dict[str, tuple[int, ...]] = {}
        self.names: dict[int, NameEntry] = {}
        self.kanji: dict[str, KanjiInfo | None] = {}
        self.results: OrderedDict[tuple, LookupResult] = OrderedDict()
        self.results_lock = threading.Lock()
        self.table_bounds: dict[str, tuple[int, int]] = {}


_caches = _Caches()
_generation = 0
_local = threading.local()
_RESULTS_MAX = 4096


def reset() -> None:
    """Forget caches and per-thread connections (after DB_PATH changes; tests)."""
    global _caches, _generation
    _caches = _Caches()
    _generation += 1
    _status_cache.clear()


def _chunks(seq: Sequence, n: int = _SQL_CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _ranges(column: str, ids: Sequence[int]) -> tuple[str, list[int]]:
    """``col BETWEEN a AND b OR ...`` covering ``ids`` (sorted runs of consecutive ids)."""
    runs: list[list[int]] = []
    for x in sorted(set(ids)):
        if runs and runs[-1][1] == x - 1:
            runs[-1][1] = x
        else:
            runs.append([x, x])
    cond = " OR ".join(f"{column} BETWEEN ? AND ?" for _ in runs)
    return f"({cond})", [v for r in runs for v in r]


def _int_or_none(v) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------
# The per-thread reader
# ---------------------------------------------------------------------------


class Dictionary:
    """SQL access for one thread.  Use :meth:`for_thread`; never pass one to another thread."""

    def __init__(self, path: Path | None = None) -> None:
        self._thread = threading.get_ident()
        self._conn: sqlite3.Connection | None = None
        self.status = dictionary_status() if path is None else None
        self.path = path if path is not None else _db_path()
        if self.status is None and self.path is not None:
            try:
                self._conn = _connect(self.path)
            except sqlite3.Error as e:
                self.status = f"The dictionary at {self.path} cannot be opened: {e}."
        if self._conn is None and self.status is None:
            self.status = "The dictionary is not installed: run `pip install jamdict-data` and restart Shiori."

    @classmethod
    def for_thread(cls) -> "Dictionary":
        d = getattr(_local, "dictionary", None)
        if d is None or getattr(_local, "generation", -1) != _generation:
            if d is not None:
                d.close()
            d = cls()
            _local.dictionary = d
            _local.generation = _generation
        return d

    @property
    def available(self) -> bool:
        return self._conn is not None

    def close(self) -> None:
        if self._conn is not None and threading.get_ident() == self._thread:
            self._conn.close()
        self._conn = None

    def _q(self, sql: str, params: Sequence = ()) -> list[tuple]:
        assert self._conn is not None
        return self._conn.execute(sql, params).fetchall()

    # -- headword existence -------------------------------------------------

    def ids_for(self, texts: Iterable[str]) -> None:
        """Make sure kanji_ids/kana_ids know every text (one query for all unknown ones)."""
        c = _caches
        todo = sorted({t for t in texts if t and (t not in c.kanji_ids or t not in c.kana_ids)})
        if not todo or self._conn is None:
            return
        for chunk in _chunks(todo, _SQL_CHUNK // 2):
            found_k: dict[str, list[int]] = {}
            found_r: dict[str, list[int]] = {}
            m = _marks(len(chunk))
            rows = self._q(
                f"SELECT 0, text, idseq FROM Kanji WHERE text IN ({m}) "
                f"UNION ALL SELECT 1, text, idseq FROM Kana WHERE text IN ({m})",
                list(chunk) * 2,
            )
            for kind, text, idseq in rows:
                d = found_r if kind else found_k
                lst = d.setdefault(text, [])
                if idseq not in lst:
                    lst.append(idseq)
            for t in chunk:
                c.kanji_ids[t] = tuple(found_k.get(t, ()))
                c.kana_ids[t] = tuple(found_r.get(t, ()))

    def headword_ids(self, text: str) -> tuple[int, ...]:
        self.ids_for((text,))
        c = _caches
        ids = c.kanji_ids.get(text, ()) + c.kana_ids.get(text, ())
        return tuple(dict.fromkeys(ids))

    # -- entries ---------------------------------------------------------------

    def entries(self, ids: Iterable[int]) -> dict[int, Entry]:
        ids = list(dict.fromkeys(ids))
        c = _caches
        missing = [i for i in ids if i not in c.entries]
        if missing and self._conn is not None:
            for chunk in _chunks(missing, 300):
                for e in self._load_entries(chunk):
                    c.entries[e.id] = e
        return {i: c.entries[i] for i in ids if i in c.entries}

    def _load_entries(self, ids: Sequence[int]) -> list[Entry]:
        m = _marks(len(ids))
        kanji_rows = self._q(f"SELECT ID, idseq, text FROM Kanji WHERE idseq IN ({m}) ORDER BY ID", ids)
        kana_rows = self._q(f"SELECT ID, idseq, text, nokanji FROM Kana WHERE idseq IN ({m}) ORDER BY ID", ids)
        sense_rows = self._q(f"SELECT ID, idseq FROM Sense WHERE idseq IN ({m}) ORDER BY ID", ids)

        # Row ids of one entry's forms and senses are consecutive, so range
        # conditions (index range scans) are about twice as fast as IN lists.
        form_tags: dict[tuple[str, int], list[str]] = {}
        kids = [r[0] for r in kanji_rows]
        rids = [r[0] for r in kana_rows]
        parts: list[str] = []
        params: list[int] = []
        if kids:
            cond, p = _ranges("kid", kids)
            parts += [f"SELECT 'KJI', kid, text FROM KJI WHERE {cond}", f"SELECT 'KJP', kid, text FROM KJP WHERE {cond}"]
            params += p * 2
        if rids:
            cond, p = _ranges("kid", rids)
            parts += [f"SELECT '{t}', kid, text FROM {t} WHERE {cond}" for t in ("KNI", "KNP", "KNR")]
            params += p * 3
        if parts:
            for name, kid, text in self._q(" UNION ALL ".join(parts), params):
                form_tags.setdefault((name, kid), []).append(text)

        sids = [r[0] for r in sense_rows]
        sense_tags: dict[tuple[str, int], list[str]] = {}
        tables = ("pos", "misc", "field", "dialect", "SenseInfo", "xref", "antonym", "stagk", "stagr")
        if sids:
            cond, p = _ranges("sid", sids)
            sql = " UNION ALL ".join(f"SELECT '{t}', sid, text FROM {t} WHERE {cond}" for t in tables)
            sql += f" UNION ALL SELECT 'gloss', sid, text FROM SenseGloss WHERE {cond}"
            for name, sid, text in self._q(sql, p * (len(tables) + 1)):
                sense_tags.setdefault((name, sid), []).append(text)

        kanji_by: dict[int, list[Form]] = {}
        for kid, idseq, text in kanji_rows:
            kanji_by.setdefault(idseq, []).append(Form(
                text, tuple(form_tags.get(("KJP", kid), ())), tuple(form_tags.get(("KJI", kid), ()))))
        kana_by: dict[int, list[Form]] = {}
        for rid, idseq, text, nokanji in kana_rows:
            kana_by.setdefault(idseq, []).append(Form(
                text, tuple(form_tags.get(("KNP", rid), ())), tuple(form_tags.get(("KNI", rid), ())),
                tuple(form_tags.get(("KNR", rid), ())), bool(nokanji)))
        senses_by: dict[int, list[Sense]] = {}
        last_pos: dict[int, tuple[str, ...]] = {}
        for sid, idseq in sense_rows:
            g = lambda name: tuple(sense_tags.get((name, sid), ()))  # noqa: E731
            pos = g("pos") or last_pos.get(idseq, ())  # JMdict: pos carries over to later senses
            last_pos[idseq] = pos
            senses_by.setdefault(idseq, []).append(Sense(
                pos, g("gloss"), g("misc"), g("field"), g("dialect"), g("SenseInfo"),
                g("xref"), g("antonym"), g("stagk"), g("stagr")))
        out = []
        for idseq in ids:
            kf = tuple(kanji_by.get(idseq, ()))
            rf = tuple(kana_by.get(idseq, ()))
            senses = tuple(senses_by.get(idseq, ()))
            if not (kf or rf):
                continue
            prio = [p for f in kf + rf for p in f.priority]
            bands = [int(p[2:]) for p in prio if p.startswith("nf") and p[2:].isdigit()]
            types = _de.types_from_pos([p for s in senses for p in s.pos])
            out.append(Entry(idseq, kf, rf, senses, any(p in COMMON_TAGS for p in prio),
                             min(bands) if bands else None, types))
        return out

    # -- names -------------------------------------------------------------------

    def names_for(self, texts: Iterable[str]) -> dict[str, list[NameEntry]]:
        c = _caches
        texts = list(dict.fromkeys(t for t in texts if t))
        todo = [t for t in texts if t not in c.name_ids]
        if todo and self._conn is not None:
            for chunk in _chunks(todo, _SQL_CHUNK // 2):
                m = _marks(len(chunk))
                found: dict[str, list[int]] = {}
                for text, idseq in self._q(
                        f"SELECT text, idseq FROM NEKanji WHERE text IN ({m}) "
                        f"UNION ALL SELECT text, idseq FROM NEKana WHERE text IN ({m})", list(chunk) * 2):
                    lst = found.setdefault(text, [])
                    if idseq not in lst:
                        lst.append(idseq)
                for t in chunk:
                    c.name_ids[t] = tuple(found.get(t, ()))
        ids = [i for t in texts for i in c.name_ids.get(t, ())]
        missing = [i for i in dict.fromkeys(ids) if i not in c.names]
        if missing and self._conn is not None:
            for chunk in _chunks(missing, 300):
                for n in self._load_names(chunk):
                    c.names[n.id] = n
        return {t: [c.names[i] for i in c.name_ids.get(t, ()) if i in c.names] for t in texts}

    def _load_names(self, ids: Sequence[int]) -> list[NameEntry]:
        m = _marks(len(ids))
        kanji: dict[int, list[str]] = {}
        kana: dict[int, list[str]] = {}
        for kind, idseq, text in self._q(
                f"SELECT 0, idseq, text FROM NEKanji WHERE idseq IN ({m}) "
                f"UNION ALL SELECT 1, idseq, text FROM NEKana WHERE idseq IN ({m})", list(ids) * 2):
            (kana if kind else kanji).setdefault(idseq, []).append(text)
        trans = self._q(f"SELECT ID, idseq FROM NETranslation WHERE idseq IN ({m}) ORDER BY ID", ids)
        tids = [t[0] for t in trans]
        ttags: dict[tuple[int, int], list[str]] = {}
        for chunk in _chunks(tids, 400):
            mt = _marks(len(chunk))
            for kind, tid, text in self._q(
                    f"SELECT 0, tid, text FROM NETransType WHERE tid IN ({mt}) "
                    f"UNION ALL SELECT 1, tid, text FROM NETransGloss WHERE tid IN ({mt})", list(chunk) * 2):
                ttags.setdefault((kind, tid), []).append(text)
        tr_by: dict[int, list[NameTranslation]] = {}
        for tid, idseq in trans:
            tr_by.setdefault(idseq, []).append(NameTranslation(
                tuple(ttags.get((0, tid), ())), tuple(ttags.get((1, tid), ()))))
        return [NameEntry(i, tuple(kanji.get(i, ())), tuple(kana.get(i, ())), tuple(tr_by.get(i, ())))
                for i in ids]

    # -- kanji -----------------------------------------------------------------

    def kanji_info(self, chars: Iterable[str]) -> list[KanjiInfo]:
        c = _caches
        out = []
        for ch in dict.fromkeys(chars):
            if ch not in c.kanji and self._conn is not None:
                c.kanji[ch] = self._load_kanji(ch)
            info = c.kanji.get(ch)
            if info is not None:
                out.append(info)
        return out

    def _rows_for(self, table: str, column: str, value: int, cols: str) -> list[tuple]:
        """Rows with ``column = value`` from a KANJIDIC2 table that has no index on it.

        The reading/meaning/nanori tables are not indexed by their group
        column, so a plain query scans up to 86,000 rows (10-20 ms a kanji).
        jamdict writes each character's rows together, so the column rises
        with the rowid: an interpolation search on the rowid b-tree (a few
        probes) finds where the run starts and one more query reads it.
        """
        bounds = _caches.table_bounds.get(table)
        if bounds is None:
            lo_row = self._q(f"SELECT rowid, {column} FROM {table} ORDER BY rowid LIMIT 1")
            hi_row = self._q(f"SELECT rowid, {column} FROM {table} ORDER BY rowid DESC LIMIT 1")
            if not lo_row:
                return []
            bounds = _caches.table_bounds[table] = (lo_row[0][0], lo_row[0][1], hi_row[0][0], hi_row[0][1])
        lo, glo, hi, ghi = bounds
        if value < glo or value > ghi:
            return []
        probe = f"SELECT rowid, {column} FROM {table} WHERE rowid >= ? ORDER BY rowid LIMIT 1"
        # Narrow [lo, hi] until the run starts within a short stretch after lo:
        # column(lo) < value <= column(hi).  Interpolate first (the data are
        # close to linear), bisect if that stops paying.
        if glo >= value:
            pos = lo
        else:
            # secant steps through the two latest probes (the column grows
            # almost linearly with the rowid), kept inside the bracket
            # column(lo) < value <= column(hi); bisection if that stalls
            a, b = (lo, glo), (hi, ghi)
            for step in range(64):
                if hi - lo <= 160:
                    break
                guess = -1
                if step < 8 and b[1] != a[1]:
                    guess = int(b[0] + (value - b[1]) * (b[0] - a[0]) / (b[1] - a[1])) - 3
                if not lo < guess < hi:
                    guess = (lo + hi) // 2
                row = self._q(probe, (guess,))
                if not row or row[0][0] >= hi:
                    hi = guess
                    continue
                rid, g = row[0]
                if g < value:
                    lo, glo = rid, g
                else:
                    hi, ghi = rid, g
                a, b = b, (rid, g)
            pos = lo + 1
        out: list[tuple] = []
        batch = max(64, hi - pos + 48)
        while True:
            rows = self._q(f"SELECT rowid, {column}, {cols} FROM {table} WHERE rowid >= ? ORDER BY rowid LIMIT {batch}",
                           (pos,))
            for row in rows:
                if row[1] < value:
                    continue
                if row[1] != value:
                    return out
                out.append(row[2:])
            if len(rows) < batch:
                return out
            pos = rows[-1][0] + 1
            batch = 64

    def _load_kanji(self, ch: str) -> KanjiInfo | None:
        rows = self._q("SELECT ID, stroke_count, grade, freq, jlpt FROM character WHERE literal = ?", (ch,))
        if not rows:
            return None
        cid, strokes, grade, freq, jlpt = rows[0]
        on: list[str] = []
        kun: list[str] = []
        meanings: list[str] = []
        for (gid,) in self._q("SELECT ID FROM rm_group WHERE cid = ? ORDER BY ID", (cid,)):
            readings = self._rows_for("reading", "gid", gid, "r_type, value")
            if not readings:  # not in jamdict's row order after all: pay for the scan
                readings = self._q("SELECT r_type, value FROM reading WHERE gid = ? ORDER BY rowid", (gid,))
            for r_type, value in readings:
                if r_type == "ja_on":
                    on.append(value)
                elif r_type == "ja_kun":
                    kun.append(value)
            for value, lang in self._rows_for("meaning", "gid", gid, "value, m_lang"):
                if not lang or lang == "en":
                    meanings.append(value)
        nanori = [v for (v,) in self._rows_for("nanori", "cid", cid, "value")]
        return KanjiInfo(ch, tuple(meanings), tuple(on), tuple(kun), tuple(nanori),
                         _int_or_none(strokes), _int_or_none(grade), _int_or_none(jlpt), _int_or_none(freq))

    # -- prefetch ----------------------------------------------------------------

    def prefetch(self, lemmas: Iterable[str], progress: Callable[[int, int], None] | None = None) -> None:
        """Read the entries and kanji of many words in a few large queries."""
        if self._conn is None:
            return
        words = list(dict.fromkeys(w for w in lemmas if w))
        total = len(words)
        step = 400
        for i in range(0, total, step):
            chunk = words[i:i + step]
            self.ids_for(chunk)
            ids = [x for w in chunk for x in _caches.kanji_ids.get(w, ()) + _caches.kana_ids.get(w, ())]
            self.entries(ids)
            self.kanji_info(ch for w in chunk for ch in w if is_kanji(ch))
            if progress is not None:
                progress(min(i + step, total), total)

    # -- lookup --------------------------------------------------------------------

    def lookup_at(self, tokens: Sequence, index: int) -> LookupResult:
        if not (0 <= index < len(tokens)):
            return EMPTY
        tok = tokens[index]
        if not tok.is_word:
            return EMPTY
        lo = max(0, index - _BACK_TOKENS)
        hi = min(len(tokens), index + _FORWARD_TOKENS)
        key = (tuple(_token_key(t) for t in tokens[lo:hi]), index - lo, _generation)
        c = _caches
        with c.results_lock:
            cached = c.results.get(key)
            if cached is not None:
                c.results.move_to_end(key)
        if cached is None:
            cached = self._lookup(tokens[lo:hi], index - lo)
            with c.results_lock:
                c.results[key] = cached
                if len(c.results) > _RESULTS_MAX:
                    c.results.popitem(last=False)
        if lo == 0:
            return cached
        return replace(cached, matches=tuple(replace(m, start=m.start + lo, end=m.end + lo) for m in cached.matches))

    def _lookup(self, tokens: Sequence, index: int) -> LookupResult:
        tok = tokens[index]
        pitch = tuple(pitch_patterns(tok.lemma_reading or tok.reading, tok.accent)) if _own_reading(tok) else ()
        if self._conn is None:
            return LookupResult(inflection=explain_inflection(tokens, index), pitch=pitch)
        cands = _candidates(tokens, index)
        self.ids_for(c.text for c in cands)
        kc, rc = _caches.kanji_ids, _caches.kana_ids
        all_ids = [i for cand in cands for i in kc.get(cand.text, ()) + rc.get(cand.text, ())]
        entries = self.entries(all_ids)

        # best (rank key, candidate) per (span, entry)
        per_span: dict[tuple[int, int], dict[int, tuple[tuple, _Candidate]]] = {}
        phrase_spans = _phrase_spans(tokens, index)
        for cand in cands:
            ids = kc.get(cand.text, ()) + rc.get(cand.text, ())
            if not ids:
                continue
            for eid in ids:
                e = entries.get(eid)
                if e is None:
                    continue
                if cand.types and not (cand.types & e.word_types):
                    continue
                if cand.source < 2 and cand.end in phrase_spans and cand.start == index and not _fits_phrase(e):
                    continue  # なる+と is not 鳴門, とっ+て is not 取っ手
                rank = _rank(e, cand, tok, index, tokens)
                slot = per_span.setdefault((cand.start, cand.end), {})
                if eid not in slot or rank < slot[eid][0]:
                    slot[eid] = (rank, cand)
        def doubtful(span: tuple[int, int]) -> bool:
            """A run of tokens whose every entry contradicts the analyser goes after shorter matches.

            彼の (かの, "that well-known") is not かれ+の; a compound of kanji
            tokens is kept even so, since there the analyser's reading is
            what is doubtful (一生涯).
            """
            if span[1] - span[0] < 2:
                return False
            all_kanji = all(has_kanji(t.surface) for t in tokens[span[0]:span[1]])
            for rank, cand in per_span[span].values():
                clash, no_reading = rank[0], rank[1]
                if not clash and not (no_reading and cand.readings and not all_kanji):
                    return False
            return True

        spans = sorted(per_span, key=lambda s: (doubtful(s), -_span_chars(tokens, s), s[0] != index, s[0]))
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
                      "".join(_token_reading(t) for t in tokens[index:j]) for j in _forward_spans(tokens, index)}
        best_len = len(matches[0].text) if matches else 0
        proper = tok.pos_fine.startswith("固有名詞")
        wanted = [text for text in name_spans if proper or len(text) > best_len or not matches]
        names: list[NameEntry] = []
        if wanted:
            found = self.names_for(wanted)
            for text in sorted(wanted, key=len, reverse=True):
                reading = name_spans[text]
                # the reading the text was read with first (山田: やまだ before おおした)
                ranked = sorted(found.get(text, ()),
                                key=lambda n: not any(to_hiragana(k) == reading for k in n.kana))
                for n in ranked:
                    if len(names) < MAX_NAMES:
                        names.append(replace(n, text=text))
        kanji_src = matches[0].text if matches else tok.surface
        kanji = tuple(self.kanji_info(ch for ch in kanji_src if is_kanji(ch) and ch not in "々〆ヶヵ〇〻"))
        return LookupResult(tuple(matches), kanji, tuple(names),
                            explain_inflection(tokens, index, matches[0] if matches else None), pitch)


_BACK_TOKENS = 6
_FORWARD_TOKENS = 14


def _token_key(t) -> tuple:
    return (t.surface, t.lemma, t.reading, t.lemma_reading, t.pos, t.pos_fine, t.conj_type,
            t.conj_form, t.accent, t.is_word, getattr(t, "lexeme", ""))


def _own_reading(t) -> bool:
    """Is the token read as the analyser read it, so that its accent belongs to what is shown?

    Not when the author's ruby or the dictionary (refine_readings) gave another
    reading (今日 with ruby こんにち must not show きょう's accent).  Author ruby
    that is the analyser's dictionary-form reading of an uninflected word agrees.
    """
    if t.ruby_source == "author":
        return t.surface == t.lemma and bool(t.reading) and t.reading == t.lemma_reading
    return True


def _same_word(m: "Match", tok, index: int) -> bool:
    """Is a match of several tokens the clicked word itself, inflected (食べ+て+いる: 食べる)?"""
    if m.start != index or not m.entries:
        return False
    forms = {f.text for f in m.entries[0].kanji + m.entries[0].kana}
    return tok.lemma in forms or _lexeme(tok) in forms


def _span_chars(tokens: Sequence, span: tuple[int, int]) -> int:
    return sum(len(t.surface) for t in tokens[span[0]:span[1]])


# ---------------------------------------------------------------------------
# Candidates: which strings to look up for a click, and how to rank entries
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    text: str
    readings: frozenset[str]  # hiragana readings that would mean "this is the word read here"
    source: int  # 0 surface as written, 1 analyser's dictionary form, 2 deinflected
    types: int = 0  # deinflect word-type constraint (0: none)
    reasons: tuple[str, ...] = ()


def _lexeme(t) -> str:
    """unidic's lexeme without its sense tag (差す-他動詞 -> 差す)."""
    lexeme = getattr(t, "lexeme", "")
    return lexeme.partition("-")[0] if "-" in lexeme[1:] else lexeme


def _token_reading(t) -> str:
    if t.reading:
        return t.reading
    if all(not is_kanji(ch) for ch in t.surface):
        return to_hiragana(t.surface)
    return ""


# Tokens that continue an inflected word: auxiliaries, the te/ba particles,
# and the helper verbs of -te iru, -te shimau ... (unidic: 非自立可能).
_CHAIN_PARTICLES = frozenset({"て", "で", "ば", "ちゃ", "じゃ", "たり", "だり", "ながら", "つつ"})


def _is_chain(t, prev) -> bool:
    if t.pos == "助動詞":
        return True
    if t.pos == "助詞" and t.surface in _CHAIN_PARTICLES and "接続助詞" in t.pos_fine:
        return True
    if t.pos in ("動詞", "形容詞") and "非自立可能" in t.pos_fine and prev is not None and (
            prev.surface in ("て", "で") or prev.pos in ("助動詞",) or prev.conj_form.startswith("連用形")):
        return True
    if t.pos == "接尾辞" and t.conj_type:  # がる, める ...
        return True
    if t.pos == "形状詞" and "助動詞語幹" in t.pos_fine:  # 降りそう
        return True
    return False


def _forward_spans(tokens: Sequence, index: int) -> list[int]:
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


_NOUNISH = frozenset({"名詞", "接頭辞", "接尾辞"})
_INFLECTING = frozenset({"動詞", "形容詞", "助動詞"})


def _phrase_spans(tokens: Sequence, index: int) -> set[int]:
    """Ends of forward spans in which a particle or auxiliary follows an inflected word.

    The analyser is confident about such boundaries; a JMdict noun that
    happens to be spelt like the run (なると, 鳴門) is not what was clicked.
    """
    out: set[int] = set()
    seen_break = False
    for j in _forward_spans(tokens, index):
        if j - index >= 2:
            prev, t = tokens[j - 2], tokens[j - 1]
            if (t.pos in ("助詞", "助動詞") or "助動詞語幹" in t.pos_fine) and prev.pos in _INFLECTING:
                seen_break = True
        if seen_break:
            out.add(j)
    return out


def _candidates(tokens: Sequence, index: int) -> list[_Candidate]:
    out: list[_Candidate] = []
    ends = _forward_spans(tokens, index)
    # how far the clicked token's inflection chain reaches
    chain_end = index + 1
    while chain_end < len(tokens) and tokens[chain_end].is_word and _is_chain(tokens[chain_end], tokens[chain_end - 1]):
        chain_end += 1
    for j in ends:
        span = tokens[index:j]
        surf = "".join(t.surface for t in span)
        readings = [_token_reading(t) for t in span]
        reading = "".join(readings) if all(readings) else ""
        out.append(_Candidate(index, j, surf, frozenset({reading}) if reading else frozenset(), 0))
        last = span[-1]
        prefix = surf[: len(surf) - len(last.surface)]
        prefix_reading = reading[: len(reading) - len(readings[-1])] if reading else ""
        if last.lemma and last.lemma != last.surface:
            r = prefix_reading + last.lemma_reading if reading and last.lemma_reading else ""
            out.append(_Candidate(index, j, prefix + last.lemma, frozenset({r}) if r else frozenset(), 1))
        lexeme = _lexeme(last)
        if lexeme and lexeme not in (last.lemma, last.surface):
            rs = set()
            if reading and last.lemma_reading:
                rs.add(prefix_reading + last.lemma_reading)  # 悪るい read わるい: 悪い
            if reading and not has_kanji(lexeme) and _devoiced(to_hiragana(lexeme)) == _devoiced(readings[-1]):
                rs.add(prefix_reading + to_hiragana(lexeme))  # the te-form で is the word て, voiced
            out.append(_Candidate(index, j, prefix + lexeme, frozenset(rs), 1))
        if j <= chain_end:
            by_reasons: dict[tuple[str, ...], set[str]] = {}
            if reading:
                for d in _de.deinflect(reading):
                    if d.reasons:
                        by_reasons.setdefault(d.reasons, set()).add(d.term)
            for d in _de.deinflect(surf):
                if not d.reasons or not (d.types & _de.ANY_TYPE):
                    continue
                out.append(_Candidate(index, j, d.term, frozenset(by_reasons.get(d.reasons, ())), 2,
                                      d.types & _de.ANY_TYPE, d.reasons))
    # Compounds the analyser split, clicked in their middle (役 of 取締/役/会):
    # nouns only, written exactly as in the text.
    if tokens[index].pos in _NOUNISH:
        for k in range(index - 1, max(-1, index - _BACK_TOKENS), -1):
            t = tokens[k]
            if not t.is_word or t.pos not in _NOUNISH:
                break
            n = 0
            for j in range(k, len(tokens)):
                tj = tokens[j]
                if not tj.is_word or tj.pos not in _NOUNISH:
                    break
                n += len(tj.surface)
                if n > MAX_SPAN_CHARS:
                    break
                if j >= index and j - k >= 1:
                    span = tokens[k:j + 1]
                    readings = [_token_reading(x) for x in span]
                    reading = "".join(readings) if all(readings) else ""
                    out.append(_Candidate(k, j + 1, "".join(x.surface for x in span),
                                          frozenset({reading}) if reading else frozenset(), 0))
    # JMdict spells Latin letters, digits and katakana full-width (ＣＥＯ, ７００, カタカナ)
    for cand in list(out):
        wide = _full_width(cand.text)
        if wide != cand.text:
            readings = frozenset(to_hiragana(_full_width(r)) for r in cand.readings)
            out.append(replace(cand, text=wide, readings=readings))
    return out


_HALF_KATAKANA = re.compile("[\uff61-\uff9f]+")


def _full_width(text: str) -> str:
    """``text`` as JMdict writes it: ASCII letters and digits full-width, half-width katakana normalised."""
    if not any(("0" <= ch <= "z" and ch.isalnum()) or "\uff61" <= ch <= "\uff9f" for ch in text):
        return text
    text = "".join(chr(ord(ch) + 0xFEE0) if ch.isascii() and ch.isalnum() else ch for ch in text)
    return _HALF_KATAKANA.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


_PHRASE_POS = ("expressions", "adverb", "conjunction", "interjection", "particle", "auxiliary",
               "pre-noun adjectival")


def _fits_phrase(e: Entry) -> bool:
    """Can this entry be a run of tokens with a particle after an inflected word (にとって, 少なくとも)?"""
    return bool(e.word_types) or any(p.startswith(_PHRASE_POS) for s in e.senses for p in s.pos)


def _token_types(t) -> int:
    if t.pos == "動詞":
        return _de.VERB
    if t.pos == "形容詞":
        return _de.ADJ
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


def _pos_clash(e: Entry, cand: _Candidate, clicked, index: int | None = None,
               tokens: Sequence | None = None) -> bool:
    """Does the analyser's part of speech rule this entry out for the clicked word?

    ``index`` is the clicked token's: a compound that merely ends with a
    suffix (共同創設者 clicked on 者) is not a run starting at it; nor is a
    run of suffixes and nouns (業+界) a phrase.
    """
    wanted_types = _token_types(clicked)
    if wanted_types:
        return cand.source == 0 and not (e.word_types & wanted_types)
    if (clicked.pos in _HELPER_POS and cand.end - cand.start > 1
            and (index is None or cand.start == index)
            and not (clicked.pos == "接尾辞" and tokens is not None
                     and all(t.pos in _NOUNISH for t in tokens[cand.start:cand.end]))):
        if not any(p.startswith(_SPAN_EXPECT) for s in e.senses for p in s.pos):
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
            if prefix + t.lemma in forms or (_lexeme(t) and prefix + _lexeme(t) in forms):
                return False
            prefix += t.surface
        return True
    expect = _POS_EXPECT.get(clicked.pos)
    if not expect:
        return False
    if clicked.pos != "助動詞" and (cand.end - cand.start != 1 or cand.source == 2):
        return False
    return not any(p.startswith(expect) for s in e.senses for p in s.pos)


def _rank(e: Entry, cand: _Candidate, clicked, index: int | None = None,
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
    lexeme = _lexeme(clicked)
    written = ""
    if has_kanji(clicked.lemma) and lexeme and _kana_of(clicked.lemma) == _kana_of(lexeme):
        written = clicked.lemma
    lemma_agree = (0 if written and written in forms else 1 if lexeme and lexeme in forms
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
    return (pos_clash, not reading_match, lemma_agree, aux_pref, kana_head, not e.common, cand.source,
            kana_pref, e.freq_band if e.freq_band is not None else 99, e.id)


# ---------------------------------------------------------------------------
# Inflection in words a learner understands
# ---------------------------------------------------------------------------

_FORM_WORDS = {
    "連用形-促音便": "continuative (te/ta) form",
    "連用形-イ音便": "continuative (te/ta) form",
    "連用形-撥音便": "continuative (te/ta) form",
    "連用形-ウ音便": "continuative (te/ta) form",
    "連用形-一般": "continuative (masu stem)",
    "連用形-融合": "continuative (contracted)",
    "未然形-一般": "irrealis (nai) stem",
    "未然形-サ": "irrealis stem",
    "未然形-セ": "irrealis stem",
    "未然形-撥音便": "irrealis stem",
    "仮定形-一般": "conditional (ba) stem",
    "仮定形-融合": "conditional (contracted)",
    "命令形": "imperative",
    "意志推量形": "volitional",
    "語幹-一般": "stem",
}

_AUX_WORDS = {
    "た": "past", "だ": "past", "ない": "negative", "ぬ": "negative", "ず": "negative", "ん": "negative",
    "ます": "polite", "です": "polite", "れる": "passive", "られる": "passive or potential",
    "せる": "causative", "させる": "causative", "しめる": "causative (literary)",
    "たい": "want to (-tai)", "たがる": "wants to (-tagaru)", "う": "volitional", "よう": "volitional",
    "まい": "negative volitional", "らしい": "apparently (-rashii)", "べし": "should (-beki)",
    "そう": "looks like (-sou)", "ちゃう": "completely, or regrettably (-chau)",
    "じゃう": "completely, or regrettably (-chau)",
}

_AUX_BY_TYPE = {
    "助動詞-ナイ": "negative", "助動詞-ヌ": "negative", "助動詞-マス": "polite",
    "助動詞-レル": "passive", "助動詞-ラレル": "passive or potential", "助動詞-タイ": "want to (-tai)",
    "助動詞-マイ": "negative volitional", "助動詞-ラシイ": "apparently (-rashii)",
    "助動詞-ウ": "volitional", "助動詞-ヨウ": "volitional",
}


def _aux_word(t) -> str | None:
    """What one auxiliary token adds, in words (unidic's conjugation type says which auxiliary it is)."""
    ct, cf = t.conj_type, t.conj_form
    if ct == "助動詞-タ":
        return "conditional (-tara)" if cf.startswith("仮定形") else "past"
    if ct == "助動詞-ダ":  # the copula after a verb: だろう, だった
        return "probably (-darou)" if cf.startswith("意志推量形") else None
    if ct == "助動詞-デス":
        return "probably (polite, -deshou)" if cf.startswith("意志推量形") else "polite"
    if ct == "助動詞-マス" and cf.startswith("意志推量形"):
        return "polite volitional (let's)"
    return _AUX_BY_TYPE.get(ct) or _AUX_WORDS.get(t.lemma or t.surface)


_HELPER_WORDS = {
    "いる": "-te iru (ongoing action or resulting state)",
    "居る": "-te iru (ongoing action or resulting state)",
    "しまう": "-te shimau (completely, or regrettably)",
    "仕舞う": "-te shimau (completely, or regrettably)",
    "おく": "-te oku (in advance)", "置く": "-te oku (in advance)",
    "ある": "-te aru (left in a state)", "有る": "-te aru (left in a state)",
    "くる": "-te kuru (starting, or coming towards now)", "来る": "-te kuru (starting, or coming towards now)",
    "いく": "-te iku (going on, away from now)", "行く": "-te iku (going on, away from now)",
    "みる": "-te miru (try doing)", "見る": "-te miru (try doing)",
    "もらう": "-te morau (have it done for one)", "貰う": "-te morau (have it done for one)",
    "くれる": "-te kureru (someone does it for me)", "呉れる": "-te kureru (someone does it for me)",
    "あげる": "-te ageru (do it for someone)", "上げる": "-te ageru (do it for someone)",
    "くださる": "polite request (-te kudasai)", "下さる": "polite request (-te kudasai)",
    "ない": "negative", "無い": "negative", "すぎる": "too much (-sugiru)", "過ぎる": "too much (-sugiru)",
    "やすい": "easy to (-yasui)", "にくい": "hard to (-nikui)", "出す": "start to (-dasu)",
    "始める": "start to (-hajimeru)", "続ける": "keep doing (-tsuzukeru)", "できる": "potential",
    "出来る": "potential", "得る": "can (-uru)",
}

_PARTICLE_WORDS = {"て": "te-form", "で": "te-form", "ば": "conditional (-ba)", "たり": "-tari (listing)",
                   "だり": "-tari (listing)", "ながら": "while (-nagara)", "つつ": "while (-tsutsu)",
                   "ちゃ": "te-form + wa (contracted)", "じゃ": "te-form + wa (contracted)"}

_EUPHONIC = ("連用形-促音便", "連用形-イ音便", "連用形-撥音便", "連用形-ウ音便")


def explain_inflection(tokens: Sequence, index: int, match: Match | None = None) -> str | None:
    """'陥る, continuative (te/ta) form'; 'する, passive, past': the clicked form in plain words.

    Read from the clicked token's conjugation form and the auxiliaries that
    follow it (unidic splits された into さ/れ/た), falling back on the
    deinflector's reasons when the analyser's dictionary form is not a
    headword (泳げ -> 泳げる, which JMdict lacks: 泳ぐ, potential).
    """
    tok = tokens[index]
    inflecting = tok.pos in ("動詞", "形容詞", "助動詞") or bool(tok.conj_type)
    if not inflecting:
        return _copula_inflection(tokens, index) or _phrase_inflection(tokens, index, match)
    base = tok.lemma or tok.surface
    parts: list[str] = []
    lexeme = _lexeme(tok)
    if tok.pos == "動詞" and lexeme and lexeme != base and tok.conj_type.startswith("下一段"):
        for d in _de.deinflect(base):
            if d.term == lexeme and d.reasons == ("potential",):
                base = lexeme
                parts.append("potential")
                break
    if match is not None and match.entries and match.start == index and lexeme and base != lexeme:
        heads = {f.text for f in match.entries[0].kanji + match.entries[0].kana}
        if base not in heads and lexeme in heads:
            base = lexeme  # 悪るい is the word 悪い, as the entry shown says
    if match is not None and match.entries and match.end - match.start > 1 and not match.entries[0].word_types \
            and match.start <= index and not match.reasons_for(match.entries[0].id):
        return None  # a compound noun (やり方): the verb stem inside it is not the point
    if match is not None and match.entries and match.start == index:
        reasons = match.reasons_for(match.entries[0].id)
        heads = {f.text for f in match.entries[0].kanji + match.entries[0].kana}
        if reasons and base not in heads:
            top = match.entries[0]
            return f"{top.headword(None)}, {', '.join(reasons)}"
    chain: list[str] = []
    prev = tok
    j = index + 1
    while j < len(tokens) and tokens[j].is_word and _is_chain(tokens[j], prev):
        t = tokens[j]
        word = None
        if t.pos == "助動詞":
            word = _aux_word(t)
        elif t.pos == "形状詞":
            word = "looks like (-sou)" if t.surface == "そう" else None
        elif t.pos == "助詞":
            word = _PARTICLE_WORDS.get(t.surface)
            if word == "te-form" and prev is tok and tok.conj_form in _EUPHONIC:
                word = None  # already said by "continuative (te/ta) form"
        else:
            word = _HELPER_WORDS.get(t.lemma) or _HELPER_WORDS.get(_lexeme(t))
            if word is None:
                break
        if word and word not in chain[-1:]:
            chain.append(word)
        prev = t
        j += 1
    form = _FORM_WORDS.get(tok.conj_form)
    if tok.conj_type == "助動詞-タ" and tok.conj_form.startswith("意志推量形"):
        form = "presumptive (-tarou)"
    if tok.pos == "形容詞" and tok.conj_form == "連用形-一般":
        form = "adverbial (-ku) form"
    if tok.pos == "形容詞" and tok.conj_form in _EUPHONIC:
        form = None if chain else "continuative (past stem)"
    if tok.conj_form.startswith("語幹") and tok.pos == "形容詞":
        form = "stem"
    if form and chain and tok.conj_form not in _EUPHONIC:
        form = None  # a bare stem says nothing the auxiliaries do not
    if form:
        parts.append(form)
    parts.extend(chain)
    if not parts:
        return None
    return f"{base}, {', '.join(parts)}"


def _copula_inflection(tokens: Sequence, index: int) -> str | None:
    """'静か, past (だった)': a na-adjective inflects through the copula after it."""
    tok = tokens[index]
    na_adjective = tok.pos == "形状詞" or (tok.pos == "名詞" and "形状詞可能" in tok.pos_fine)
    if not na_adjective or "助動詞語幹" in tok.pos_fine:
        return None
    words: list[str] = []
    text = ""
    j = index + 1
    while j < len(tokens) and tokens[j].is_word and tokens[j].pos == "助動詞":
        t = tokens[j]
        if j == index + 1 and t.conj_type not in ("助動詞-ダ", "助動詞-デス"):
            return None
        word = _aux_word(t)
        if word and word not in words:
            words.append(word)
        text += t.surface
        j += 1
    if not words:
        return None  # 静かな, 静かに: the copula's plain attributive or adverbial form
    return f"{tok.lemma or tok.surface}, {', '.join(words)} ({text})"


def _phrase_inflection(tokens: Sequence, index: int, match: Match | None) -> str | None:
    """'ではない, past' for で of ではなかった: a set phrase that ends in an inflected word."""
    if match is None or match.start != index or match.end - match.start < 2 or not match.entries:
        return None
    k = match.end - 1
    last = tokens[k]
    if not (last.pos in ("動詞", "形容詞", "助動詞") or last.conj_type):
        return None
    if last.pos == "助動詞" and not (match.end < len(tokens) and tokens[match.end].is_word
                                    and _is_chain(tokens[match.end], last)):
        return None  # にもかかわらず ends in ず, a form of the phrase itself
    prefix = "".join(t.surface for t in tokens[index:k])
    forms = {f.text for f in match.entries[0].kanji + match.entries[0].kana}
    head = next((prefix + x for x in (last.lemma, _lexeme(last)) if x and prefix + x in forms), None)
    if head is None:
        return None
    said = explain_inflection(tokens, k)
    if not said:
        return None
    _, sep, rest = said.partition(", ")
    return f"{head}, {rest}" if sep else None


# ---------------------------------------------------------------------------
# Pitch accent
# ---------------------------------------------------------------------------

_SMALL = frozenset("ゃゅょぁぃぅぇぉゎャュョァィゥェォヮ")


def morae(reading: str) -> list[str]:
    """Split kana into morae: small ゃゅょ join the kana before them; っ, ん, ー count alone."""
    out: list[str] = []
    for ch in reading:
        if ch in _SMALL and out:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def pitch_patterns(reading: str, accent: str) -> list[Pitch]:
    """Every accent unidic lists (aType "0,4") as a downstep and an L/H pattern."""
    if not reading or not accent:
        return []
    m = morae(to_hiragana(reading))
    n = len(m)
    out: list[Pitch] = []
    seen: set[int] = set()
    for part in accent.split(","):
        part = part.strip()
        if not part.isdigit():
            continue
        k = int(part)
        if k > n or k in seen:
            continue
        seen.add(k)
        if k == 0:
            pattern = "L" + "H" * (n - 1) if n > 1 else "L"
            kind = "heiban"
        elif k == 1:
            pattern = "H" + "L" * (n - 1)
            kind = "atamadaka"
        else:
            pattern = "L" + "H" * (k - 1) + "L" * (n - k)
            kind = "odaka" if k == n else "nakadaka"
        out.append(Pitch(to_hiragana(reading), k, pattern, kind))
    return out


# ---------------------------------------------------------------------------
# Reading cross-check
# ---------------------------------------------------------------------------


def _edit_distance(a: str, b: str) -> int:
    if a == b:
        return 0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


# Kana that cannot begin a token's share of a reading: they end the sound before
# them (町村 is ちょう|そん, never ち|ょうそん; 御社 おん|しゃ, never お|んしゃ).
_NO_START = frozenset("ゃゅょぁぃぅぇぉゎゕゖっんー")
# rendaku voices the first kana of a compound's later part (死 し in 饑死 うえじに):
# voicing marks are no evidence against a split
_DEVOICE = {ord(ch): unicodedata.normalize("NFD", ch)[0] for ch in map(chr, range(0x3041, 0x3097))
            if unicodedata.normalize("NFD", ch)[1:] in ("\u3099", "\u309a")}


def _devoiced(kana: str) -> str:
    return kana.translate(_DEVOICE)


def _split_reading(group: Sequence, reading: str) -> tuple[list[str], bool] | None:
    """Divide a compound's dictionary reading among its tokens, closest to their own readings.

    Also says whether the division can be trusted: when every token but one
    keeps its own reading (up to voicing), the one left is what remains
    (心意気: こころ|いき); when several differ a lot, where one ends and the
    next begins is a guess, and the caller puts one ruby over the group.
    """
    n = len(group)
    L = len(reading)
    # best[i][p]: (cost, parts not the token's own reading) of giving reading[:p] to tokens[:i]
    best: list[list[tuple[int, int] | None]] = [[None] * (L + 1) for _ in range(n + 1)]
    back = [[-1] * (L + 1) for _ in range(n + 1)]
    best[0][0] = (0, 0)
    for i, t in enumerate(group):
        own = t.reading or to_hiragana(t.surface)
        own_plain = _devoiced(own)
        surface_kana = to_hiragana(t.surface)
        kana_only = not has_kanji(t.surface)
        for p in range(L):
            cur = best[i][p]
            if cur is None or (reading[p] in _NO_START and surface_kana[:1] != reading[p]):
                continue
            for q in range(p + 1, L + 1):
                part = reading[p:q]
                if kana_only and part != surface_kana:
                    continue
                if len(part) > 2 * len(own) + 3:
                    break
                d = _edit_distance(_devoiced(part), own_plain)
                cost = (cur[0] + d, cur[1] + (d > 0))
                slot = best[i + 1][q]
                if slot is None or cost < slot:
                    best[i + 1][q] = cost
                    back[i + 1][q] = p
    total = best[n][L]
    if total is None:
        return None
    parts = []
    q = L
    for i in range(n, 0, -1):
        p = back[i][q]
        parts.append(reading[p:q])
        q = p
    cost, differing = total
    return parts[::-1], differing <= 1 or cost <= L // 4


def _merged(group: Sequence, reading: str):
    """The tokens of a compound as one token under one ruby (as the author's ruby over a group is).

    None when the last token inflects: its dictionary form's reading could
    not be told apart from the rest, so the tokens cannot share one ruby.
    """
    last = group[-1]
    if last.conj_type or last.surface != last.lemma:
        return None
    surface = "".join(t.surface for t in group)
    prefix = surface[: len(surface) - len(last.surface)]
    word_pos = next((t for t in reversed(group) if t.pos == "名詞"), last)  # a compound's head is its end
    furigana = tuple(align(surface, reading))
    return group[0]._replace(
        surface=surface, end=last.end, lemma=surface, reading=reading, lemma_reading=reading,
        pos=word_pos.pos, pos_fine=word_pos.pos_fine, conj_type="", conj_form="", accent="",
        furigana=furigana, ruby_source="generated" if any(r for _, r in furigana) else None,
        lexeme=prefix + (getattr(last, "lexeme", "") or last.lemma))


def _with_reading(t, reading: str):
    furigana = tuple(align(t.surface, reading))
    # the analyser's accent was for its own reading: it does not describe this one
    return t._replace(reading=reading, furigana=furigana, accent="",
                      ruby_source="generated" if any(r for _, r in furigana) else None)


def _choose_reading(entries: Iterable[Entry], kanji_text: str, current: str) -> str | None:
    """The dictionary's reading of ``kanji_text``, or None when ``current`` is one of them."""
    options: list[tuple[tuple, str]] = []
    for e in entries:
        for idx, r in enumerate(e.readings_for(kanji_text)):
            r = to_hiragana(r)
            if r == current:
                return None
            kform = next((k for k in e.kanji if k.text == kanji_text), None)
            kana_form = next((k for k in e.kana if k.text == r or to_hiragana(k.text) == r), None)
            common = bool(kform and kform.common) + bool(kana_form and kana_form.common)
            options.append(((_edit_distance(r, current), -common, idx), r))
    if not options:
        return None
    return min(options)[1]


_SKIP_POS_FINE = ("数詞", "固有名詞")


def refine_readings(tokens: list, text: str) -> list:
    """Tokens whose generated readings agree with JMdict where the analyser's differ.

    MeCab reads a compound it splits piece by piece (一/生涯: いち + しょうがい)
    where the word is read いっしょうがい; when a run of kanji tokens is one
    JMdict headword and the joined reading is none of its kana forms, the
    dictionary's reading wins, divided among the tokens when that can be
    done without guessing, else over the tokens merged into one (饑死,
    うえじに), the way an author's ruby over several tokens is.  A numeral
    and its counter are left alone.  A lone kanji token is corrected only
    when no entry written with it (平 or 平ら, 行手 or 行く手) has the
    analyser's reading at all.  The author's ruby is never touched.  ``text`` is the paragraph the
    tokens' offsets point into (kept for callers that pass it; unused).
    """
    d = Dictionary.for_thread()
    if not d.available or not tokens:
        return tokens
    n = len(tokens)

    def compound_part(t) -> bool:
        return (t.is_word and t.ruby_source != "author" and bool(t.reading) and has_kanji(t.surface)
                and t.pos not in ("助詞", "助動詞"))

    def single_candidate(t) -> bool:
        return (t.surface == t.lemma and not t.conj_type
                and not any(p in t.pos_fine for p in _SKIP_POS_FINE))

    # every string we may need, so that one query answers them all
    wanted: list[str] = []
    runs: list[tuple[int, list[int]]] = []
    for i, t in enumerate(tokens):
        if not compound_part(t):
            continue
        if _counted(tokens, i):
            # a numeral and its counter are read by rules JMdict does not choose
            # between (一分: いっぷん, いちぶ, いちぶん; 六分の恐怖 is ろくぶ)
            continue
        ends = []
        chars = len(t.surface)
        for j in range(i + 1, n):
            u = tokens[j]
            if not compound_part(u):
                break
            chars += len(u.surface)
            if chars > MAX_SPAN_CHARS:
                break
            ends.append(j + 1)
            wanted.append("".join(x.surface for x in tokens[i:j + 1]))
        runs.append((i, ends))
        if single_candidate(t):
            wanted.append(t.surface)
            wanted.append(t.reading)
    if not runs:
        return tokens
    d.ids_for(wanted)
    kc, rc = _caches.kanji_ids, _caches.kana_ids
    # read every entry this paragraph may need in one batch of queries
    d.entries(i for w in wanted for i in kc.get(w, ()))
    out = list(tokens)
    merged: dict[int, tuple[int, Any]] = {}  # first token -> (end, the group as one token)
    covered_until = 0
    for i, ends in runs:
        if i < covered_until:
            continue
        t = tokens[i]
        done = False
        for j in reversed(ends):
            surf = "".join(x.surface for x in tokens[i:j])
            ids = kc.get(surf, ())
            if not ids:
                continue
            group = tokens[i:j]
            current = "".join(x.reading for x in group)
            covered_until = j
            done = True
            new = _choose_reading(d.entries(ids).values(), surf, current)
            if new is None:
                break
            split = _split_reading(group, new)
            if split is None:
                break
            parts, trusted = split
            if not trusted:
                # where one token's reading ends is a guess (饑死: うえ|じに or うえじ|に):
                # one ruby over the word, or the analyser's readings if it cannot be one token
                one = _merged(group, new)
                if one is not None:
                    merged[i] = (j, one)
                break
            for k, part in zip(range(i, j), parts):
                if part != tokens[k].reading:
                    out[k] = _with_reading(tokens[k], part)
            break
        if done or not single_candidate(t):
            continue
        ids = kc.get(t.surface, ())
        if not ids:
            continue
        new = _choose_reading(d.entries(ids).values(), t.surface, t.reading)
        if new is None or _edit_distance(new, t.reading) > max(1, len(t.reading) // 3):
            continue
        # the analyser's reading may belong to a spelling with okurigana,
        # at the end (平ら) or in the middle (行手 is 行く手, ゆくて)
        same_reading = d.entries(rc.get(t.reading, ())).values()
        bare = _skeleton(t.surface)
        if any(k.text.startswith(t.surface) or _skeleton(k.text) == bare for e in same_reading for k in e.kanji):
            continue
        out[i] = _with_reading(t, new)
    if not merged:
        return out
    result = []
    k = 0
    while k < n:
        if k in merged:
            end, one = merged[k]
            result.append(one)
            k = end
        else:
            result.append(out[k])
            k += 1
    return result


def _counted(tokens: Sequence, i: int) -> bool:
    """Does a numeral start at ``tokens[i]`` and a counter follow it (一/分, 六/分, 七/日)?

    一生涯 starts with a numeral too, but 生涯 counts nothing.
    """
    k = i
    while k < len(tokens) and "数詞" in tokens[k].pos_fine.split(","):  # not 助数詞
        k += 1
    return k > i and k < len(tokens) and ("助数詞" in tokens[k].pos_fine or tokens[k].pos == "接尾辞")


def _kana_of(spelling: str) -> str:
    """The okurigana of a spelling: 棲む -> む, 言える -> える."""
    return "".join(ch for ch in spelling if not is_kanji(ch))


def _skeleton(spelling: str) -> str:
    """The kanji of a spelling without its okurigana: 行く手 -> 行手."""
    return "".join(ch for ch in spelling if is_kanji(ch))


# ---------------------------------------------------------------------------
# Module-level API (the calling thread's Dictionary)
# ---------------------------------------------------------------------------


def lookup_at(tokens: Sequence, index: int) -> LookupResult:
    """Everything the lookup panel shows for a click on ``tokens[index]``."""
    try:
        return Dictionary.for_thread().lookup_at(tokens, index)
    except sqlite3.Error as e:  # a damaged file must not take the reader down
        log.error("dictionary lookup failed: %s", e)
        return EMPTY


def lookup_word(word: str) -> LookupResult:
    """Look up a word typed by the reader (``shiori lookup``), analysed first."""
    from .analysis import analyze

    word = word.strip()
    if not word:
        return EMPTY
    tokens = analyze(word)
    for i, t in enumerate(tokens):
        if t.is_word:
            return lookup_at(tokens, i)
    return EMPTY


def prefetch(lemmas: Iterable[str], progress: Callable[[int, int], None] | None = None) -> None:
    """Warm the shared caches for these words; call it from a worker thread."""
    try:
        Dictionary.for_thread().prefetch(lemmas, progress)
    except sqlite3.Error as e:
        log.error("dictionary prefetch failed: %s", e)


def cache_snapshot(words: Iterable[str]) -> dict:
    """What the caches hold for these words, to hand to another process's merge_cache().

    The reader analyses documents in a separate process; it warms the
    dictionary there and sends the results over, so that the reader's own
    interpreter never spends time on it.
    """
    c = _caches
    words = list(words)
    kanji_ids = {w: c.kanji_ids[w] for w in words if w in c.kanji_ids}
    kana_ids = {w: c.kana_ids[w] for w in words if w in c.kana_ids}
    ids = {i for group in (kanji_ids, kana_ids) for v in group.values() for i in v}
    chars = {ch for w in words for ch in w if is_kanji(ch)}
    return {
        "generation_key": str(DB_PATH),
        "kanji_ids": kanji_ids,
        "kana_ids": kana_ids,
        "entries": {i: c.entries[i] for i in ids if i in c.entries},
        "kanji": {ch: c.kanji[ch] for ch in chars if ch in c.kanji},
    }


def merge_cache(snapshot: dict) -> None:
    """Add another process's cache_snapshot() to this process's caches."""
    if snapshot.get("generation_key") != str(DB_PATH):
        return  # made from another database
    c = _caches
    for name in ("kanji_ids", "kana_ids", "entries", "kanji"):
        target = getattr(c, name)
        for key, value in snapshot.get(name, {}).items():
            target.setdefault(key, value)


# ---------------------------------------------------------------------------
# Text output
# ---------------------------------------------------------------------------


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


def run_lookup(words: list[str], as_json: bool, out: TextIO) -> int:
    """`shiori lookup`: text blocks, or one JSON object per line with ``--json``."""
    status = dictionary_status()
    if status:
        print(status, file=sys.stderr)
        return 1
    first = True
    for word in words:
        result = lookup_word(word)
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
    out.flush()
    return 0
