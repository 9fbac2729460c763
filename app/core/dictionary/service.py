"""The dictionary service: one dictionary file, its caches, and a connection per thread.

The application context makes one and hands it to whatever looks words up
(the window, the analysis, the command line); tests make their own, pointing
at a missing or damaged file, or fresh for a cold cache.

Threads: jamdict's SQLite connection belongs to the thread that opened it,
so the service opens one per thread that uses it and never lends it to
another; the caches are the service's and shared by all its threads, so a
worker's prefetch warms the lookups made on the GUI thread.

Errors: :meth:`status` says in one sentence why the dictionary cannot be
used. Every method that reads the dictionary (lookups, prefetch, reading
refinement, word resolution) raises :class:`DictionaryUnavailable` with
that sentence instead of answering, also when the file turns out to be
damaged halfway; the caller shows the sentence, or goes on without the
dictionary (the text stays readable with the analyser's readings).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from .cache import Caches

if TYPE_CHECKING:
    from ..words import WordSpan
    from .cache import Reads
    from .model import LookupResult

log = logging.getLogger(__name__)

__all__ = ["DictionaryService", "DictionaryUnavailable"]

_UNKNOWN = object()
PREFETCH_STEP = 400


def installed_path() -> Path | None:
    """jamdict-data's database file, or None when the package is not installed."""
    try:
        import jamdict_data
    except ImportError:
        return None
    return Path(jamdict_data.JAMDICT_DB_PATH)


class DictionaryUnavailable(Exception):
    """The dictionary cannot be used; ``str()`` is the sentence to show the reader."""


class DictionaryService:
    """JMdict, JMnedict and KANJIDIC2 from jamdict's SQLite file at *path* (None: jamdict-data's).

    Making one is cheap and opens nothing (the window makes one before its
    first paint); the file is checked on first use.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        if path is None:
            path = installed_path()
        self._path = Path(path) if path is not None else None
        self._status = _UNKNOWN
        self._lock = threading.Lock()
        self._caches = Caches()
        self._local = threading.local()
        self._generation = 0  # bumped by close(): every thread opens a new connection

    def __repr__(self) -> str:
        return f"DictionaryService({str(self._path)!r})"

    # -- state ----------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The database file (None when jamdict-data is not installed)."""
        return self._path

    def status(self) -> str | None:
        """None when the dictionary can be used; otherwise one sentence for the reader."""
        if self._status is _UNKNOWN:
            from .schema import problem

            with self._lock:
                if self._status is _UNKNOWN:
                    self._status = problem(self._path)
        return self._status  # type: ignore[return-value]

    @property
    def available(self) -> bool:
        return self.status() is None

    def close(self) -> None:
        """Close this thread's connection; other threads' are dropped (and reopened if used again)."""
        db = getattr(self._local, "db", None)
        self._local.db = self._local.reads = None
        self._generation += 1
        if db is not None:
            db.close()

    # -- lookups ----------------------------------------------------------------------

    def lookup_at(self, tokens: Sequence, index: int) -> LookupResult:
        """Everything the lookup panel shows for a click on ``tokens[index]``."""
        from . import lookup

        return self._run(lambda reads: lookup.lookup_at(reads, tokens, index))

    def lookup_word(self, word: str) -> LookupResult:
        """A word typed by the reader (``shiori lookup``), analysed and read first: the lookup of its first word."""
        from ..analysis import analyze
        from .model import EMPTY

        word = word.strip()
        tokens = self.refine_readings(analyze(word)) if word else []  # read as the reader reads it
        index = next((i for i, t in enumerate(tokens) if t.is_word), None)
        if index is None:
            status = self.status()  # nothing to look up, but say when nothing could be
            if status is not None:
                raise DictionaryUnavailable(status)
            return EMPTY
        return self.lookup_at(tokens, index)

    def prefetch(self, words: Iterable[str], progress: Callable[[int, int], None] | None = None) -> None:
        """Read the entries and kanji of many words in a few large queries (from a worker thread)."""
        from ..chars import is_kanji

        words = list(dict.fromkeys(w for w in words if w))

        def work(reads: Reads) -> None:
            c = reads.caches
            total = len(words)
            for i in range(0, total, PREFETCH_STEP):
                chunk = words[i:i + PREFETCH_STEP]
                reads.ids_for(chunk)
                reads.entries(x for w in chunk for x in c.kanji_ids.get(w, ()) + c.kana_ids.get(w, ()))
                reads.kanji_info(ch for w in chunk for ch in w if is_kanji(ch))
                if progress is not None:
                    progress(min(i + PREFETCH_STEP, total), total)

        self._run(work)

    def refine_readings(self, tokens: list, text: str = "") -> list:
        """The tokens with the readings their context and JMdict choose (context.py, readings.py).

        ``text`` is unused, kept for callers.
        """
        return self.refine_many([tokens])[0]

    def refine_many(self, paragraphs: Sequence[list]) -> list[list]:
        """refine_readings() of many paragraphs, asking the dictionary about all of them at once."""
        from .readings import refine_many

        return self._run(lambda reads: refine_many(reads, paragraphs))

    def resolve_words(self, tokens: Sequence) -> tuple[WordSpan, ...]:
        """Every word of a paragraph as the vocabulary keys it, with its JMdict entry (see resolve.py)."""
        return self.resolve_many([tokens])[0]

    def resolve_many(self, paragraphs: Sequence[Sequence]) -> list[tuple[WordSpan, ...]]:
        """resolve_words() of many paragraphs, asking the dictionary about all of them at once."""
        from .resolve import resolve_many

        return self._run(lambda reads: resolve_many(reads, paragraphs))

    # -- between processes ----------------------------------------------------------------

    def cache_snapshot(self, words: Iterable[str]) -> dict:
        """What the caches hold for these words, to hand to another process's merge_cache()."""
        return self._caches.snapshot(words, str(self._path))

    def merge_cache(self, snapshot: dict) -> None:
        """Add another process's cache_snapshot(), if it was made from this service's file."""
        if not self._caches.merge(snapshot, str(self._path)):
            log.info("dictionary cache from %s not merged into %s", snapshot.get("database"), self._path)

    # -- internals ----------------------------------------------------------------------------

    def _reads(self) -> Reads:
        """This thread's view of the caches, opening its connection on first use."""
        reads = getattr(self._local, "reads", None)
        if reads is not None and self._local.generation == self._generation and self._status is None:
            return reads
        status = self.status()
        if status is not None:
            raise DictionaryUnavailable(status)
        from .cache import Reads
        from .schema import JamdictFile

        try:
            db = JamdictFile(self._path, self._caches.table_bounds)
        except sqlite3.Error as e:
            raise self._broken(e) from e
        self._local.db = db
        self._local.reads = Reads(self._caches, db)
        self._local.generation = self._generation
        return self._local.reads

    def _run(self, work):
        reads = self._reads()
        try:
            return work(reads)
        except sqlite3.ProgrammingError:
            raise  # a connection used from the wrong thread is a bug, not a damaged file
        except sqlite3.Error as e:
            raise self._broken(e) from e

    def _broken(self, error: Exception) -> DictionaryUnavailable:
        """The file passed the check but fails now: say so from now on."""
        from .schema import damaged

        log.error("dictionary %s failed: %s", self._path, error)
        with self._lock:
            self._status = damaged(self._path)
        return DictionaryUnavailable(self._status)
