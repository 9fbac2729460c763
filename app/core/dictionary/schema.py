"""jamdict's SQLite schema: the one module that names its tables and columns.

Why not ``jamdict.Jamdict().lookup``: it takes 25-110 ms a word (it runs a
LIKE query and builds every object of every entry). A reader needs the
entry at once, so this module issues its own indexed SQL against
jamdict-data's file (read-only), batching every table of every entry into a
handful of queries. If jamdict changes its schema, this is what changes.

A :class:`JamdictFile` wraps one connection and belongs to the thread that
opened it: sqlite3's ``check_same_thread`` makes any other use an error.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Iterable, Sequence

from ..chars import has_ideograph, to_hiragana
from . import deinflect
from .model import COMMON_TAGS, Entry, Form, KanjiInfo, NameEntry, NameTranslation, Sense

log = logging.getLogger(__name__)

__all__ = ["JamdictFile", "problem", "damaged"]

_SQL_CHUNK = 900  # stay far below SQLite's bound-parameter limit
HEADWORD_CHUNK = _SQL_CHUNK // 2  # texts per headword query (each is bound twice)
ENTRY_CHUNK = 300  # entries per batch of entry queries


def connect(path: Path) -> sqlite3.Connection:
    # mode=ro: the file lives in site-packages and must never be written;
    # check_same_thread (the default) turns sharing a connection into an error.
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.execute("PRAGMA query_only = 1")
    return conn


def problem(path: Path | None) -> str | None:
    """None when the file at *path* has jamdict's tables; else one sentence for the reader."""
    if path is None:
        return "The dictionary is not installed: run `pip install jamdict-data` and restart Shiori."
    if not path.is_file():
        return (f"The dictionary is not installed: run `pip install jamdict-data` and restart Shiori "
                f"(looked for {path}).")
    try:
        conn = connect(path)
        try:
            conn.execute("SELECT idseq FROM Entry LIMIT 1").fetchall()
            conn.execute("SELECT text FROM Kanji LIMIT 1").fetchall()
            conn.execute("SELECT literal FROM character LIMIT 1").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as e:
        log.warning("dictionary %s unreadable: %s", path, e)
        return damaged(path)
    return None


def damaged(path: Path | None) -> str:
    return (f"The dictionary at {path} cannot be read (it may be damaged): reinstall it with "
            f"`pip install --force-reinstall jamdict-data`.")


def _chunks(seq: Sequence, n: int) -> Iterable[Sequence]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _id_condition(column: str, ids: Sequence[int]) -> tuple[str, list[int]]:
    """A condition selecting rows whose ``column`` is one of ``ids``, and its parameters.

    The rows of one entry's forms and senses are consecutive, so where the
    ids come in runs (an entry's senses) ``BETWEEN`` ranges are index range
    scans and about twice as fast as an ``IN`` list; scattered ids (one
    kanji form each of many entries) are faster as the list.
    """
    runs: list[list[int]] = []
    for x in sorted(set(ids)):
        if runs and runs[-1][1] == x - 1:
            runs[-1][1] = x
        else:
            runs.append([x, x])
    if 3 * len(runs) > 2 * len(ids):
        return f"{column} IN ({_marks(len(ids))})", list(ids)
    cond = " OR ".join(f"{column} BETWEEN ? AND ?" for _ in runs)
    return f"({cond})", [v for r in runs for v in r]


def _int_or_none(v) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


class JamdictFile:
    """One read-only connection to jamdict's file; use it only on the thread that made it.

    *bounds* is where the first and last rows of the KANJIDIC2 tables are
    remembered (the service shares one dict between its threads).
    """

    def __init__(self, path: Path, bounds: dict | None = None) -> None:
        self._conn = connect(path)
        self._bounds = bounds if bounds is not None else {}

    def close(self) -> None:
        self._conn.close()

    def _q(self, sql: str, params: Sequence = ()) -> list[tuple]:
        return self._conn.execute(sql, params).fetchall()

    # -- JMdict headwords --------------------------------------------------------

    def headword_ids(self, texts: Sequence[str]) -> dict[str, tuple[tuple[int, ...], tuple[int, ...]]]:
        """For each text: the entries with it as a kanji form, and those with it as a kana form."""
        out: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        for chunk in _chunks(list(texts), HEADWORD_CHUNK):
            found_k: dict[str, list[int]] = {}
            found_r: dict[str, list[int]] = {}
            kana = [t for t in chunk if not has_ideograph(t)]  # JMdict's readings have no kanji (only ヶ, once)
            rows = self._q(
                f"SELECT 0, text, idseq FROM Kanji WHERE text IN ({_marks(len(chunk))}) "
                f"UNION ALL SELECT 1, text, idseq FROM Kana WHERE text IN ({_marks(len(kana))})",
                list(chunk) + kana,
            )
            for kind, text, idseq in rows:
                d = found_r if kind else found_k
                lst = d.setdefault(text, [])
                if idseq not in lst:
                    lst.append(idseq)
            for t in chunk:
                out[t] = (tuple(found_k.get(t, ())), tuple(found_r.get(t, ())))
        return out

    def kanji_readings(self, texts: Sequence[str]) -> dict[str, tuple[tuple[int, tuple[str, ...]], ...]]:
        """For each text: the entries with it as a kanji form, each with the kana that read that form.

        Checking a compound's reading against JMdict needs no more than this,
        which one join reads for thousands of texts at once. The readings are
        hiragana, in the file's order; entries come as headword_ids() gives them.
        """
        out: dict[str, tuple[tuple[int, tuple[str, ...]], ...]] = {}
        for chunk in _chunks(list(texts), _SQL_CHUNK):
            rows = self._q(
                f"SELECT k.text, k.idseq, n.ID, n.text, n.nokanji FROM Kanji k LEFT JOIN Kana n ON n.idseq = k.idseq "
                f"WHERE k.text IN ({_marks(len(chunk))}) ORDER BY k.ID, n.ID", chunk)
            rids = sorted({r[2] for r in rows if r[2] is not None})
            only: dict[int, list[str]] = {}  # kana form -> the kanji forms it is restricted to
            for part in _chunks(rids, _SQL_CHUNK):
                for rid, text in self._q(f"SELECT kid, text FROM KNR WHERE kid IN ({_marks(len(part))})", part):
                    only.setdefault(rid, []).append(text)
            found: dict[str, dict[int, list[str]]] = {}
            for text, idseq, rid, kana, nokanji in rows:
                readings = found.setdefault(text, {}).setdefault(idseq, [])
                if rid is not None and not nokanji and (rid not in only or text in only[rid]):
                    readings.append(to_hiragana(kana))
            for t in chunk:
                out[t] = tuple((idseq, tuple(r)) for idseq, r in found.get(t, {}).items())
        return out

    def tagged_kanji_forms(self, tags: Sequence[str]) -> frozenset[str]:
        """Every kanji form with one of these tags (JMdict's irregular spellings: a few thousand)."""
        # the few tagged rows first: joining from Kanji's side scans every spelling
        rows = self._q(f"SELECT DISTINCT text FROM Kanji WHERE ID IN "
                       f"(SELECT kid FROM KJI WHERE text IN ({_marks(len(tags))}))", list(tags))
        return frozenset(r[0] for r in rows)

    # -- JMdict entries -----------------------------------------------------------

    def _forms(self, ids: Sequence[int]) -> tuple[dict[int, list[Form]], dict[int, list[Form]]]:
        """The kanji and kana forms of these entries, with their tags, in the file's order."""
        m = _marks(len(ids))
        kanji_rows = self._q(f"SELECT ID, idseq, text FROM Kanji WHERE idseq IN ({m}) ORDER BY ID", ids)
        kana_rows = self._q(f"SELECT ID, idseq, text, nokanji FROM Kana WHERE idseq IN ({m}) ORDER BY ID", ids)
        form_tags: dict[tuple[str, int], list[str]] = {}
        kids = [r[0] for r in kanji_rows]
        rids = [r[0] for r in kana_rows]
        parts: list[str] = []
        params: list[int] = []
        if kids:
            cond, p = _id_condition("kid", kids)
            parts += [f"SELECT 'KJI', kid, text FROM KJI WHERE {cond}",
                      f"SELECT 'KJP', kid, text FROM KJP WHERE {cond}"]
            params += p * 2
        if rids:
            cond, p = _id_condition("kid", rids)
            parts += [f"SELECT '{t}', kid, text FROM {t} WHERE {cond}" for t in ("KNI", "KNP", "KNR")]
            params += p * 3
        if parts:
            for name, kid, text in self._q(" UNION ALL ".join(parts), params):
                form_tags.setdefault((name, kid), []).append(text)
        kanji_by: dict[int, list[Form]] = {}
        for kid, idseq, text in kanji_rows:
            kanji_by.setdefault(idseq, []).append(Form(
                text, tuple(form_tags.get(("KJP", kid), ())), tuple(form_tags.get(("KJI", kid), ()))))
        kana_by: dict[int, list[Form]] = {}
        for rid, idseq, text, nokanji in kana_rows:
            kana_by.setdefault(idseq, []).append(Form(
                text, tuple(form_tags.get(("KNP", rid), ())), tuple(form_tags.get(("KNI", rid), ())),
                tuple(form_tags.get(("KNR", rid), ())), bool(nokanji)))
        return kanji_by, kana_by

    def spellings(self, ids: Sequence[int]) -> dict[int, tuple[tuple[Form, ...], tuple[Form, ...]]]:
        """(kanji forms, kana forms) of each entry: all that choosing a reading needs, without the senses."""
        out: dict[int, tuple[tuple[Form, ...], tuple[Form, ...]]] = {}
        for chunk in _chunks(list(ids), ENTRY_CHUNK):
            kanji_by, kana_by = self._forms(chunk)
            for idseq in chunk:
                kf, rf = tuple(kanji_by.get(idseq, ())), tuple(kana_by.get(idseq, ()))
                if kf or rf:
                    out[idseq] = (kf, rf)
        return out

    def entries(self, ids: Sequence[int]) -> list[Entry]:
        out: list[Entry] = []
        for chunk in _chunks(list(ids), ENTRY_CHUNK):
            out += self._entries(chunk)
        return out

    def _entries(self, ids: Sequence[int]) -> list[Entry]:
        kanji_by, kana_by = self._forms(ids)
        m = _marks(len(ids))
        sense_rows = self._q(f"SELECT ID, idseq FROM Sense WHERE idseq IN ({m}) ORDER BY ID", ids)
        sids = [r[0] for r in sense_rows]
        sense_tags: dict[tuple[str, int], list[str]] = {}
        tables = ("pos", "misc", "field", "dialect", "SenseInfo", "xref", "antonym", "stagk", "stagr")
        if sids:
            cond, p = _id_condition("sid", sids)
            sql = " UNION ALL ".join(f"SELECT '{t}', sid, text FROM {t} WHERE {cond}" for t in tables)
            sql += f" UNION ALL SELECT 'gloss', sid, text FROM SenseGloss WHERE {cond}"
            for name, sid, text in self._q(sql, p * (len(tables) + 1)):
                sense_tags.setdefault((name, sid), []).append(text)
        senses_by: dict[int, list[Sense]] = {}
        last_pos: dict[int, tuple[str, ...]] = {}
        for sid, idseq in sense_rows:
            g = lambda name, sid=sid: tuple(sense_tags.get((name, sid), ()))  # noqa: E731
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
            types = deinflect.types_from_pos([p for s in senses for p in s.pos])
            out.append(Entry(idseq, kf, rf, senses, any(p in COMMON_TAGS for p in prio),
                             min(bands) if bands else None, types))
        return out

    # -- JMnedict names ----------------------------------------------------------------

    def name_ids(self, texts: Sequence[str]) -> dict[str, tuple[int, ...]]:
        out: dict[str, tuple[int, ...]] = {}
        for chunk in _chunks(list(texts), HEADWORD_CHUNK):
            m = _marks(len(chunk))
            found: dict[str, list[int]] = {}
            for text, idseq in self._q(
                    f"SELECT text, idseq FROM NEKanji WHERE text IN ({m}) "
                    f"UNION ALL SELECT text, idseq FROM NEKana WHERE text IN ({m})", list(chunk) * 2):
                lst = found.setdefault(text, [])
                if idseq not in lst:
                    lst.append(idseq)
            for t in chunk:
                out[t] = tuple(found.get(t, ()))
        return out

    def names(self, ids: Sequence[int]) -> list[NameEntry]:
        out: list[NameEntry] = []
        for chunk in _chunks(list(ids), ENTRY_CHUNK):
            out += self._names(chunk)
        return out

    def _names(self, ids: Sequence[int]) -> list[NameEntry]:
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
        return [NameEntry(i, kanji=tuple(kanji.get(i, ())), kana=tuple(kana.get(i, ())),
                          translations=tuple(tr_by.get(i, ()))) for i in ids]

    # -- KANJIDIC2 ------------------------------------------------------------------------

    def kanji(self, ch: str) -> KanjiInfo | None:
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

    def _rows_for(self, table: str, column: str, value: int, cols: str) -> list[tuple]:
        """Rows with ``column = value`` from a KANJIDIC2 table that has no index on it.

        The reading/meaning/nanori tables are not indexed by their group
        column, so a plain query scans up to 86,000 rows (10-20 ms a kanji).
        jamdict writes each character's rows together, so the column rises
        with the rowid: an interpolation search on the rowid b-tree (a few
        probes) finds where the run starts and one more query reads it.
        """
        bounds = self._bounds.get(table)
        if bounds is None:
            lo_row = self._q(f"SELECT rowid, {column} FROM {table} ORDER BY rowid LIMIT 1")
            hi_row = self._q(f"SELECT rowid, {column} FROM {table} ORDER BY rowid DESC LIMIT 1")
            if not lo_row:
                return []
            bounds = self._bounds[table] = (lo_row[0][0], lo_row[0][1], hi_row[0][0], hi_row[0][1])
        lo, glo, hi, ghi = bounds
        if value < glo or value > ghi:
            return []
        probe = f"SELECT rowid, {column} FROM {table} WHERE rowid >= ? ORDER BY rowid LIMIT 1"
        # Narrow [lo, hi] until the run starts within a short stretch after lo:
        # column(lo) < value <= column(hi).
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
