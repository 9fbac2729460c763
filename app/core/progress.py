"""Reading progress: where the reader is in each text, how long and how fast they read, what they know of it.

Characters are counted as reading trackers count them (kanji and kana, not
punctuation or spaces: `chars.readable_count`). Time is *active* reading
time: the clock runs while the window is active and something happened in
the last minute, the way ttu-ebook-reader and jpdb count it.
"""

from __future__ import annotations

import json
import time
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from typing import Callable, Iterable, Mapping, Sequence

from .chars import readable_count
from .store import Store, local_day, utc_now
from .words import Status, WordKey

__all__ = ["DocumentRecord", "Progress", "Coverage", "ReadingClock", "ReadingSession", "Library", "READING_RATE",
           "Overview",
           "CharCounter", "coverage", "word_counts", "IDLE_SECONDS", "FLUSH_SECONDS"]

IDLE_SECONDS = 60.0  # no input for this long: the reader stepped away, the clock stops
# Characters are credited as read at most this fast: faster than people read
# (a native reader manages about 8 a second), slower than a jump to the end.
READING_RATE = 12.0
CREDIT_SECONDS = 600.0  # reading time not yet spent on characters is kept this long at most
FLUSH_SECONDS = 10.0  # reading time is written at least this often (a crash loses less)


@dataclass(frozen=True)
class DocumentRecord:
    id: str
    title: str
    user_title: str | None
    author: str
    path: str | None
    char_count: int
    paragraph_count: int
    first_opened: str
    last_opened: str
    view: Mapping = field(default_factory=dict)

    @property
    def display_title(self) -> str:
        return self.user_title or self.title or "Untitled"


@dataclass(frozen=True)
class Progress:
    document_id: str
    paragraph: int = 0
    offset: int = 0
    furthest_paragraph: int = 0
    furthest_offset: int = 0
    seconds: float = 0.0
    chars_read: int = 0
    finished: str | None = None
    char_count: int = 0

    @property
    def percent(self) -> float:
        """Share of the text read, 0-100 (100 once the reader has marked it finished)."""
        if self.finished:
            return 100.0
        return 100.0 * min(self.chars_read, self.char_count) / self.char_count if self.char_count else 0.0

    @property
    def speed(self) -> float | None:
        """Characters per hour of active reading (None until there is enough to say)."""
        if self.seconds < 30 or self.chars_read <= 0:
            return None
        return self.chars_read * 3600.0 / self.seconds

    @property
    def seconds_left(self) -> float | None:
        speed = self.speed
        if speed is None:
            return None
        return max(self.char_count - self.chars_read, 0) * 3600.0 / speed


class CharCounter:
    """Readable characters before any (paragraph, offset) of a document, from prefix sums."""

    def __init__(self, paragraphs: Sequence[str]) -> None:
        self._paragraphs = paragraphs
        self._before = [0, *accumulate(readable_count(p) for p in paragraphs)]

    @property
    def total(self) -> int:
        return self._before[-1]

    def before(self, paragraph: int, offset: int) -> int:
        if not self._paragraphs:
            return 0
        paragraph = min(max(paragraph, 0), len(self._paragraphs) - 1)
        return self._before[paragraph] + readable_count(self._paragraphs[paragraph][:max(offset, 0)])

    def position_of(self, chars: int) -> tuple[int, int]:
        """The paragraph and offset where the reader has read *chars* characters (the inverse of before)."""
        p = min(max(bisect_right(self._before, chars) - 1, 0), max(len(self._paragraphs) - 1, 0))
        if not self._paragraphs:
            return 0, 0
        need = chars - self._before[p]
        text = self._paragraphs[p]
        for i in range(len(text) + 1):
            if readable_count(text[:i]) >= need:
                return p, i
        return p, len(text)


class ReadingClock:
    """Active reading time: counts while the window is active and the reader did something in the last minute."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, idle: float = IDLE_SECONDS) -> None:
        self._clock = clock
        self._idle = idle
        self._active = False
        self._last_input = -float("inf")
        self._mark = clock()
        self._pending = 0.0

    def _advance(self) -> None:
        now = self._clock()
        if self._active:
            counted_until = min(now, self._last_input + self._idle)
            if counted_until > self._mark:
                self._pending += counted_until - self._mark
        self._mark = now

    def set_active(self, active: bool) -> None:
        self._advance()
        self._active = active
        if active:
            self._last_input = self._clock()

    def touch(self) -> None:
        """The reader did something (a key, a click, a scroll)."""
        self._advance()
        self._last_input = self._clock()

    def take(self) -> float:
        """Seconds of active reading since the last take."""
        self._advance()
        taken, self._pending = self._pending, 0.0
        return taken

    def take_peek(self) -> float:
        """What take() would return, without taking it."""
        self._advance()
        return self._pending

    @property
    def running(self) -> bool:
        return self._active and self._clock() < self._last_input + self._idle


class ReadingSession:
    """One text being read: the clock, the position, and what is written when.

    Reading time is written at least every FLUSH_SECONDS of it (and on
    :meth:`flush`), so a crash loses at most that much; a position is written
    when :meth:`tick` finds it changed, so that holding an arrow key down does
    not turn into a commit per word.
    """

    def __init__(self, library: "Library", doc_id: str, clock: Callable[[], float] = time.monotonic,
                 flush_seconds: float = FLUSH_SECONDS) -> None:
        self.library = library
        self.doc_id = doc_id
        self.clock = ReadingClock(clock)
        self._flush_seconds = flush_seconds
        self._unsaved_seconds = 0.0
        self._position: tuple[int, int, int] | None = None  # paragraph, offset, chars before
        self._saved_position: tuple[int, int, int] | None = None
        self._credit = 0.0  # seconds of reading not yet turned into characters read
        self._owed = 0  # characters before the saved position not credited yet

    def set_active(self, active: bool) -> None:
        self.clock.set_active(active)

    def touch(self) -> None:
        self.clock.touch()

    def move_to(self, paragraph: int, offset: int, chars_before: int) -> None:
        self._position = (paragraph, offset, chars_before)

    @property
    def unsaved_seconds(self) -> float:
        return self._unsaved_seconds + self.clock.take_peek()

    def tick(self) -> None:
        """Called about once a second: writes the position if it moved, the time every FLUSH_SECONDS."""
        self._take()
        if self._unsaved_seconds >= self._flush_seconds:
            self._write_time()
        self._write_position()

    def flush(self) -> None:
        """Write everything now (closing the text or the window)."""
        self._take()
        self._write_time()
        self._write_position()

    def _take(self) -> None:
        seconds = self.clock.take()
        self._unsaved_seconds += seconds
        self._credit = min(self._credit + seconds, CREDIT_SECONDS)

    def _write_position(self) -> None:
        """The position; as characters read, only what the reading time since could have covered."""
        if self._position is None:
            return
        if self._position == self._saved_position and not (self._owed and self._credit):
            return  # nothing moved, and nothing read is waiting for time to be credited
        gained = self.library.save_position(self.doc_id, *self._position, max_gain=self._credit * READING_RATE)
        self._credit = max(self._credit - gained / READING_RATE, 0.0)
        if self._position != self._saved_position:
            self._owed = max(self._position[2] - self.library.progress(self.doc_id).chars_read, 0)
        else:
            self._owed = max(self._owed - gained, 0)
        self._saved_position = self._position

    def _write_time(self) -> None:
        if self._unsaved_seconds > 0:
            self.library.add_time(self.doc_id, self._unsaved_seconds)
            self._unsaved_seconds = 0.0


@dataclass(frozen=True)
class Coverage:
    """What a text is made of, counted over its word tokens (punctuation is not a word)."""

    known: int  # known and ignored
    learning: int  # statuses 1-5
    new: int  # never saved
    new_words: int  # distinct words never saved

    @property
    def total(self) -> int:
        return self.known + self.learning + self.new

    def share(self, part: int) -> float:
        return 100.0 * part / self.total if self.total else 0.0

    def summary(self) -> str:
        """"92% known, 310 new words", as jpdb users expect before they start a text."""
        return (f"{self.share(self.known):.0f}% known, {self.share(self.learning):.0f}% learning, "
                f"{self.new_words:,} new word{'s' if self.new_words != 1 else ''}")


def word_counts(words: Iterable[WordKey]) -> Counter:
    """How often each word occurs: computed once per text (in the analysis process for a novel)."""
    return Counter(words)


def coverage(counts: Mapping[WordKey, int], status: Callable[[WordKey], Status]) -> Coverage:
    """Coverage from word counts and the vocabulary's statuses: cheap enough to redo on every status change."""
    known = learning = new = new_words = 0
    for key, n in counts.items():
        s = status(key)
        if s is Status.NONE:
            new += n
            new_words += 1
        elif s.is_learning:
            learning += n
        else:
            known += n
    return Coverage(known, learning, new, new_words)


@dataclass(frozen=True)
class Overview:
    """The figures of the progress tab and `shiori stats`, over every text."""

    by_status: Mapping[Status, int]
    added_today: int
    added_this_week: int
    daily: Sequence[tuple[str, int, float]]  # (day, characters, seconds), oldest first, every day present
    streak: int
    seconds: float
    chars: int
    documents: int
    finished: int


class Library:
    """Documents and their progress in the store, and the daily reading log."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- documents -------------------------------------------------------------------

    def open_document(self, doc_id: str, title: str, author: str = "", path: str | None = None,
                      char_count: int = 0, paragraph_count: int = 0) -> DocumentRecord:
        """Record that a text was opened (made known on first opening; last opened, path updated after)."""
        now = utc_now()
        with self.store.write() as conn:
            conn.execute(
                """INSERT INTO documents (id, title, author, path, char_count, paragraph_count, first_opened,
                                          last_opened)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET last_opened = excluded.last_opened,
                       path = COALESCE(excluded.path, documents.path), title = excluded.title,
                       author = excluded.author, char_count = excluded.char_count,
                       paragraph_count = excluded.paragraph_count""",
                (doc_id, title or "", author or "", path, char_count, paragraph_count, now, now))
            conn.execute("INSERT OR IGNORE INTO progress (document_id, updated) VALUES (?, ?)", (doc_id, now))
        return self.document(doc_id)  # type: ignore[return-value]

    def remember_document(self, doc_id: str, title: str, author: str = "", user_title: str | None = None,
                          first_opened: str | None = None) -> bool:
        """Know of a text without having opened it here (a restored backup's sentences name it).

        No progress row is made, so reading figures do not count it; a text
        already known is left as it is. True when it was new.
        """
        when = first_opened or utc_now()
        with self.store.write() as conn:
            cur = conn.execute(
                """INSERT OR IGNORE INTO documents (id, title, user_title, author, first_opened, last_opened)
                   VALUES (?, ?, ?, ?, ?, ?)""", (doc_id, title or "", user_title, author or "", when, when))
        return cur.rowcount > 0

    def find_documents(self, text: str) -> list[DocumentRecord]:
        """The texts whose id is *text*, or else whose title (the reader's own or the found one) is, ignoring case."""
        row = self.store.query_one("SELECT * FROM documents WHERE id = ?", (text,))
        if row is not None:
            return [_record(row)]
        wanted = text.strip().casefold()
        return [d for d in self.documents() if wanted and wanted in {d.display_title.casefold(), d.title.casefold()}]

    def document(self, doc_id: str) -> DocumentRecord | None:
        row = self.store.query_one("SELECT * FROM documents WHERE id = ?", (doc_id,))
        return _record(row) if row is not None else None

    def documents(self) -> list[DocumentRecord]:
        return [_record(r) for r in self.store.query("SELECT * FROM documents ORDER BY last_opened DESC")]

    def set_title(self, doc_id: str, title: str | None) -> None:
        """The reader's own title (None or blank: back to the one found in the text)."""
        with self.store.write() as conn:
            conn.execute("UPDATE documents SET user_title = ? WHERE id = ?", ((title or "").strip() or None, doc_id))

    def set_view(self, doc_id: str, **settings) -> None:
        """Per-document view settings (vertical writing, ...), merged into what is kept."""
        with self.store.write() as conn:
            row = conn.execute("SELECT view FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                return
            view = _json_object(row[0])
            view.update(settings)
            conn.execute("UPDATE documents SET view = ? WHERE id = ?", (json.dumps(view, ensure_ascii=False), doc_id))

    # -- progress ----------------------------------------------------------------------

    def progress(self, doc_id: str) -> Progress:
        row = self.store.query_one(
            """SELECT p.*, d.char_count FROM progress p JOIN documents d ON d.id = p.document_id
               WHERE p.document_id = ?""", (doc_id,))
        if row is None:
            return Progress(doc_id)
        return Progress(doc_id, row["paragraph"], row["offset"], row["furthest_paragraph"], row["furthest_offset"],
                        row["seconds"], row["chars_read"], row["finished"], row["char_count"])

    def save_position(self, doc_id: str, paragraph: int, offset: int, chars_before: int,
                      max_gain: float | None = None) -> int:
        """The reader is at (paragraph, offset), with *chars_before* characters before it.

        Moves the furthest point on when this is past it, and credits the
        text and today's log with the characters newly read, at most
        *max_gain* of them (a jump to the end is not reading). Returns them.
        """
        now = utc_now()
        with self.store.write() as conn:
            row = conn.execute("SELECT chars_read, furthest_paragraph, furthest_offset FROM progress "
                               "WHERE document_id = ?", (doc_id,)).fetchone()
            if row is None:
                return 0
            gained = max(chars_before - row[0], 0)
            if max_gain is not None:
                gained = min(gained, max(int(max_gain), 0))
            conn.execute('UPDATE progress SET paragraph = ?, "offset" = ?, updated = ? WHERE document_id = ?',
                         (paragraph, offset, now, doc_id))
            if (paragraph, offset) > (row[1], row[2]):
                conn.execute("UPDATE progress SET furthest_paragraph = ?, furthest_offset = ? WHERE document_id = ?",
                             (paragraph, offset, doc_id))
            if gained:
                conn.execute("UPDATE progress SET chars_read = chars_read + ? WHERE document_id = ?", (gained, doc_id))
                self._log(conn, chars=gained)
        return gained

    def add_time(self, doc_id: str, seconds: float) -> None:
        """Active reading seconds, added (never overwritten: another window may be adding too)."""
        if seconds <= 0:
            return
        with self.store.write() as conn:
            conn.execute("UPDATE progress SET seconds = seconds + ?, updated = ? WHERE document_id = ?",
                         (seconds, utc_now(), doc_id))
            self._log(conn, seconds=seconds)

    def set_finished(self, doc_id: str, finished: bool = True) -> str | None:
        """Mark a text read (or not); returns what it was before, for undo."""
        with self.store.write() as conn:
            row = conn.execute("SELECT finished FROM progress WHERE document_id = ?", (doc_id,)).fetchone()
            conn.execute("UPDATE progress SET finished = ? WHERE document_id = ?",
                         (utc_now() if finished else None, doc_id))
        return row[0] if row else None

    def restore_finished(self, doc_id: str, value: str | None) -> None:
        with self.store.write() as conn:
            conn.execute("UPDATE progress SET finished = ? WHERE document_id = ?", (value, doc_id))

    @staticmethod
    def _log(conn, chars: int = 0, seconds: float = 0.0) -> None:
        conn.execute(
            """INSERT INTO reading_log (day, chars, seconds) VALUES (?, ?, ?)
               ON CONFLICT (day) DO UPDATE SET chars = chars + excluded.chars, seconds = seconds + excluded.seconds""",
            (local_day(), chars, seconds))

    # -- overall -----------------------------------------------------------------------

    def daily(self, days: int = 30, today: date | None = None) -> list[tuple[str, int, float]]:
        """(day, characters, seconds) for each of the last *days* days, oldest first, zero where nothing was read."""
        today = today or date.today()
        first = today - timedelta(days=days - 1)
        rows = {r[0]: (r[1], r[2]) for r in self.store.query(
            "SELECT day, chars, seconds FROM reading_log WHERE day >= ? ORDER BY day", (first.isoformat(),))}
        out = []
        for i in range(days):
            day = (first + timedelta(days=i)).isoformat()
            chars, seconds = rows.get(day, (0, 0.0))
            out.append((day, chars, seconds))
        return out

    def streak(self, today: date | None = None) -> int:
        """Days read in a row, ending today (or yesterday, when today has no reading yet)."""
        today = today or date.today()
        days = {r[0] for r in self.store.query("SELECT day FROM reading_log WHERE chars > 0 OR seconds >= 60")}
        day = today if today.isoformat() in days else today - timedelta(days=1)
        n = 0
        while day.isoformat() in days:
            n += 1
            day -= timedelta(days=1)
        return n

    def overview(self, today: date | None = None) -> Overview:
        today = today or date.today()
        by_status = {Status(r[0]): r[1] for r in self.store.query("SELECT status, COUNT(*) FROM words GROUP BY status")}
        start_today = _utc_start(today)
        start_week = _utc_start(today - timedelta(days=today.weekday()))
        added_today = self.store.query_one("SELECT COUNT(*) FROM words WHERE created >= ?", (start_today,))[0]
        added_week = self.store.query_one("SELECT COUNT(*) FROM words WHERE created >= ?", (start_week,))[0]
        totals = self.store.query_one(
            "SELECT COALESCE(SUM(seconds), 0), COALESCE(SUM(chars_read), 0), COUNT(*), COUNT(finished) FROM progress")
        return Overview(by_status, added_today, added_week, self.daily(30, today), self.streak(today),
                        totals[0], totals[1], totals[2], totals[3])


def _utc_start(day: date) -> str:
    """The UTC timestamp of local midnight starting *day* (stored times are UTC)."""
    local_midnight = time.mktime(day.timetuple())
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(local_midnight))


def _json_object(text: str | None) -> dict:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _record(row) -> DocumentRecord:
    return DocumentRecord(row["id"], row["title"], row["user_title"], row["author"], row["path"], row["char_count"],
                          row["paragraph_count"], row["first_opened"], row["last_opened"], _json_object(row["view"]))
