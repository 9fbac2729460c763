"""Work that must not block the reader: analysing a long document, warming the dictionary.

Following the rule that widgets are touched only from the GUI thread, workers
hand their results back by queued signals. Each worker thread gets its own
MeCab tagger and its own dictionary connection (both are per-thread in core).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Sequence

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

BATCH_CHARS = 2000
# A pause between batches hands the interpreter to the GUI thread, so that
# scrolling stays smooth while a novel is analysed.
YIELD_SECONDS = 0.002


class AnalysisWorker(QObject):
    """Analyses paragraphs from the first one on and emits them in batches.

    `generation` tells the window which document a late batch belongs to, so
    that a document replaced mid-analysis cannot mix into the next one.
    """

    batch_ready = Signal(int, int, object)  # generation, first paragraph, [tokens, ...]
    progress = Signal(int, int, int)  # generation, paragraphs done, total
    finished = Signal(int)
    failed = Signal(int, str)

    def __init__(self, generation: int, paragraphs: Sequence[str], rubies: Sequence, refine: bool = True) -> None:
        super().__init__()
        self.generation = generation
        self.paragraphs = paragraphs
        self.rubies = rubies
        self.refine = refine
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    @Slot()
    def run(self) -> None:
        try:
            self._run()
        except Exception as e:  # a worker must report, never die silently
            log.exception("analysis failed")
            self.failed.emit(self.generation, str(e))
        self.finished.emit(self.generation)

    def _run(self) -> None:
        from ..core import analysis

        refine = None
        if self.refine:
            try:
                from ..core import dictionary

                if dictionary.dictionary_status() is None:
                    refine = dictionary.refine_readings
            except Exception:  # the reader works without a dictionary
                log.info("dictionary unavailable: readings are not cross-checked", exc_info=True)
        analyzer = analysis.analyzer()
        total = len(self.paragraphs)
        i = 0
        lemmas: set[str] = set()
        while i < total and not self._stop.is_set():
            start = i
            chars = 0
            texts = []
            while i < total and (chars < BATCH_CHARS or not texts):
                texts.append(self.paragraphs[i])
                chars += len(self.paragraphs[i]) + 1
                i += 1
            batch = analyzer.analyze_many(texts, self.rubies[start:i])
            if refine is not None:
                batch = [refine(tokens, text) for tokens, text in zip(batch, texts)]
            for tokens in batch:
                lemmas.update(t.lemma for t in tokens if t.is_word)
            self.batch_ready.emit(self.generation, start, batch)
            self.progress.emit(self.generation, i, total)
            time.sleep(YIELD_SECONDS)
        if refine is not None and not self._stop.is_set():
            self._prefetch(lemmas)

    def _prefetch(self, lemmas: set[str]) -> None:
        """Warm the dictionary caches so the reader's first clicks answer at once."""
        try:
            from ..core import dictionary

            words = sorted(lemmas)
            d = dictionary.Dictionary.for_thread()
            for i in range(0, len(words), 200):
                if self._stop.is_set():
                    return
                d.prefetch(words[i:i + 200])
        except Exception:
            log.info("prefetch failed", exc_info=True)


class WorkerThread:
    """A QThread running one worker object, stopped and joined on request."""

    def __init__(self, worker: QObject) -> None:
        self.worker = worker
        self.thread = QThread()
        self.thread.setObjectName(type(worker).__name__)
        worker.moveToThread(self.thread)
        self.thread.started.connect(worker.run)
        worker.finished.connect(self.thread.quit)
        self.started = False

    def start(self) -> None:
        if not self.started:
            self.started = True
            self.thread.start(QThread.LowPriority)

    def stop(self, wait_ms: int = 5000) -> None:
        stop = getattr(self.worker, "stop", None)
        if stop is not None:
            stop()
        self.thread.quit()
        self.thread.wait(wait_ms)

    def is_running(self) -> bool:
        return self.thread.isRunning()
