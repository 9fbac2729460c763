"""The background analysis of the document shown, as the window sees it.

Wraps the worker thread of `workers` for one document at a time: a new
document stops the old analysis, and whatever the old one still sends is
dropped by its generation, so the window only hears of the document it
shows. The worker itself starts on request (the window waits for its first
paint, since a worker's share of the interpreter would delay it).
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QObject, Signal

from .workers import AnalysisWorker, WorkerThread

__all__ = ["AnalysisRunner"]


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
