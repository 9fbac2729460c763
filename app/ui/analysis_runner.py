"""The background analysis of the document shown, as the window sees it.

Wraps the worker thread of `workers` for one document at a time: a new
document stops the old analysis, and whatever the old one still sends is
dropped by its generation, so the window only hears of the document it
shows. The worker itself starts on request (the window waits for its first
paint, since a worker's share of the interpreter would delay it).
"""

from __future__ import annotations

import logging
from typing import Sequence

from PySide6.QtCore import QObject, Signal

from .workers import AnalysisWorker, WorkerThread

__all__ = ["AnalysisRunner", "first_screen", "resolve_first_screen", "FIRST_SCREEN_CHARS"]

log = logging.getLogger(__name__)

FIRST_SCREEN_CHARS = 1500  # at most: what a large screen shows, analysed before the first paint


def first_screen_chars(window) -> int:
    """About as many characters as the reader shows at its size: each one analysed here costs start-up time
    and the analyser's dictionary pages in this process; the analysis process does the rest."""
    m = window.reader.metrics
    width, height = window.reader.viewport().width(), window.reader.viewport().height()
    if width < 200 or height < 200:  # not laid out yet (before the window shows): judge by the window
        width, height = window.width() * 0.7, window.height() - 120
    per_line = max(width / max(m.em(), 1.0), 10.0)
    lines = max(height / max(m.line_height(), 1.0), 5.0)
    return min(FIRST_SCREEN_CHARS, int(per_line * lines * 1.25) + 100)


def first_screen(window, paragraphs: Sequence[str], rubies: Sequence) -> list:
    """Tokens of the paragraphs the window shows first, made here, now (their words: resolve_first_screen)."""
    from ..core.analysis import analyzer
    from ..core.background import batches

    from ..core.mapped_pages import DictionaryPages

    _, n = next(batches(paragraphs, first_screen_chars(window)), (0, 0))
    tokens = analyzer().analyze_many(paragraphs[:n], rubies[:n])
    DictionaryPages().release()  # the analysis process reads the dictionary from here on, not this one
    return tokens


def resolve_first_screen(reader, tokens: Sequence, dictionary) -> int:
    """Resolve the words of the first screen, right after the first paint; returns the paragraphs done.

    A word saved before the analysis process sends its first batch must get
    the key the text will keep (マイクロソフト, not マイクロ). Done once the
    text is on screen, so the first paint does not wait for the dictionary;
    keys pressed meanwhile wait for it. Paragraphs the analysis has already
    sent are left as they are.
    """
    from ..core.dictionary import DictionaryUnavailable

    analysed = reader.analysed
    if analysed is None or dictionary is None or not dictionary.available:
        return 0
    todo = [p for p, toks in enumerate(tokens) if analysed.tokens(p) is toks]
    if not todo:
        return 0
    try:
        words = dictionary.resolve_many([tokens[p] for p in todo])
    except DictionaryUnavailable as e:
        log.info("first screen without resolved words: %s", e)
        return 0
    for p, w in zip(todo, words):
        reader.set_tokens_batch(p, [tokens[p]], [w])
    return len(todo)


class AnalysisRunner(QObject):
    batch_ready = Signal(int, object, object)  # first paragraph, [tokens, ...], [word spans, ...] or None
    progress = Signal(int, int)  # paragraphs done, total
    counts_ready = Signal(object)  # {WordKey: occurrences}: every word of the document, once analysed
    failed = Signal(str)
    finished = Signal()

    def __init__(self, dictionary=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dictionary = dictionary  # the window's service: the analysis warms its caches
        self._generation = 0
        self._thread: WorkerThread | None = None

    def prepare(self, paragraphs: Sequence[str], rubies: Sequence) -> None:
        """Stop any analysis under way and get one ready for *paragraphs* (start() runs it)."""
        self.stop()
        self._generation += 1
        worker = AnalysisWorker(self._generation, paragraphs, rubies, self.dictionary)
        worker.batch_ready.connect(self._on_batch)  # bound methods: delivered in the GUI thread
        worker.progress.connect(self._on_progress)
        worker.counts_ready.connect(self._on_counts)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        self._thread = WorkerThread(worker)

    def start(self) -> None:
        if self._thread is not None and not self._thread.started:
            self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.stop()
            self._thread = None

    def running(self) -> bool:
        """True while the document is still being analysed (or about to be)."""
        t = self._thread
        return t is not None and (not t.started or t.is_running())

    def process_pid(self) -> int | None:
        """The process id of the analysis when it runs in a child process, else None."""
        proc = getattr(self._worker(), "_process", None)
        return proc.pid if proc is not None else None

    def stats(self) -> dict:
        """What the analysis process reported when it was done (its peak memory)."""
        return dict(getattr(self._worker(), "stats", {}) or {})

    def _worker(self):
        return self._thread.worker if self._thread is not None else None

    def _on_batch(self, generation: int, start: int, batch: Sequence, words: Sequence | None = None) -> None:
        if generation == self._generation:
            self.batch_ready.emit(start, batch, words)

    def _on_counts(self, generation: int, counts) -> None:
        if generation == self._generation:
            self.counts_ready.emit(counts)

    def _on_progress(self, generation: int, done: int, total: int) -> None:
        if generation == self._generation:
            self.progress.emit(done, total)

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.failed.emit(message)

    def _on_finished(self, generation: int) -> None:
        if generation == self._generation:
            self.finished.emit()
