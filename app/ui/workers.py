"""Work that must not block the reader: analysing a long document, warming the dictionary.

The analysis itself runs in a separate process (see core/background.py for
why); a QThread here waits on its pipe and turns what arrives into queued
signals, so that widgets are only ever touched from the GUI thread. Where a
process cannot be started, the same work runs in the thread instead.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Sequence

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..core import background

if TYPE_CHECKING:
    from ..core.dictionary import DictionaryService

log = logging.getLogger(__name__)

POLL_SECONDS = 0.05


class AnalysisWorker(QObject):
    """Analyses paragraphs from the first one on and emits them in batches.

    `generation` tells the window which document a late batch belongs to, so
    that a document replaced mid-analysis cannot mix into the next one.
    `dictionary` is the window's service: the analysis process makes its own
    of the same file, and what that one reads is merged into this one.
    """

    batch_ready = Signal(int, int, object, object)  # generation, first paragraph, [tokens, ...], [spans, ...]|None
    counts_ready = Signal(int, object)  # generation, {WordKey: occurrences} of the whole document
    progress = Signal(int, int, int)  # generation, paragraphs done, total
    finished = Signal(int)
    failed = Signal(int, str)

    use_process = True  # tests and unusual installs may turn it off

    def __init__(self, generation: int, paragraphs: Sequence[str], rubies: Sequence,
                 dictionary: DictionaryService | None, refine: bool = True) -> None:
        super().__init__()
        self.generation = generation
        self.dictionary = dictionary
        self.paragraphs = list(paragraphs)
        self.rubies = list(rubies)
        self.refine = refine
        self._stop = threading.Event()
        self._process = None
        self.stats: dict = {}  # what the analysis process reported when done (peak memory)
        self._fields: dict = {}  # a word's fields -> the one tuple every token of it shares
        self._keys: dict = {}  # a WordKey -> the one instance every span of it shares

    def stop(self) -> None:
        self._stop.set()
        proc = self._process
        if proc is not None and proc.is_alive():
            proc.terminate()

    @Slot()
    def run(self) -> None:
        try:
            if not (self.use_process and self._run_in_process()):
                self._run_here()
        except Exception as e:  # a worker must report, never die silently
            log.exception("analysis failed")
            self.failed.emit(self.generation, str(e))
        self.finished.emit(self.generation)

    def _handle(self, message: tuple) -> bool:
        """Act on one message; False once the analysis is over."""
        kind = message[0]
        if kind == "batch":
            batch, words = self._shared(message[2], message[3] if len(message) > 3 else None)
            self.batch_ready.emit(self.generation, message[1], batch, words)
        elif kind == "counts":
            self.counts_ready.emit(self.generation, message[1])
        elif kind == "progress":
            self.progress.emit(self.generation, message[1], message[2])
        elif kind == "cache":
            if self.dictionary is not None:
                self.dictionary.merge_cache(message[1])
        elif kind == "error":
            self.failed.emit(self.generation, message[1])
            return False
        elif kind == "done":
            if len(message) > 1:
                self.stats = dict(message[1])
            return False
        return True

    def _shared(self, batch, words):
        """The batch with each word's fields and key as one object for the whole document.

        Each batch arrives pickled on its own, so a word that occurs in many
        batches would arrive as many copies; a novel's tokens then took
        several times the memory of its distinct words. Done here, in the
        worker thread, not on the GUI thread.
        """
        fields, keys = self._fields, self._keys
        new = tuple.__new__
        out = []
        for tokens in batch:
            row = []
            for tok in tokens:
                word = tok[3]
                shared = fields.setdefault(word, word)
                row.append(tok if shared is word else new(type(tok), (tok[0], tok[1], tok[2], shared)))
            out.append(row)
        if words is not None:
            words = [tuple(w if keys.setdefault(w.key, w.key) is w.key else w._replace(key=keys[w.key]) for w in ws)
                     for ws in words]
        return out, words

    def _run_in_process(self) -> bool:
        """Run the analysis in a child process; False if none could be started."""
        import multiprocessing  # here, not at start-up: the window opens before any analysis

        ctx = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        receive, send = ctx.Pipe(duplex=False)
        use_dictionary = self.dictionary is not None
        # No prefetch: a lookup is quick with cold caches (a few ms), and
        # shipping the whole novel's entries here doubled the window's memory.
        try:
            proc = ctx.Process(
                target=background.process_main, name="shiori-analysis", daemon=True,
                args=(send, self.paragraphs, self.rubies, self.refine and use_dictionary, False,
                      {"db_path": self._db_path()}),
            )
            proc.start()
        except (OSError, RuntimeError, ValueError) as e:
            log.warning("analysis process could not start (%s); analysing in a thread", e)
            return False
        self._process = proc
        send.close()  # the child holds the only writing end now: EOF when it exits
        try:
            while not self._stop.is_set():
                if not receive.poll(POLL_SECONDS):
                    if not proc.is_alive() and not receive.poll(0):
                        self.failed.emit(self.generation, "the analysis process ended unexpectedly")
                        break
                    continue
                try:
                    message = receive.recv()
                except EOFError:
                    if not self._stop.is_set():
                        self.failed.emit(self.generation, "the analysis process ended unexpectedly")
                    break
                if not self._handle(message):
                    break
        finally:
            receive.close()
            if proc.is_alive():
                proc.terminate()
            proc.join(2)
            self._process = None
        return True

    def _db_path(self) -> str | None:
        path = self.dictionary.path if self.dictionary is not None else None
        return str(path) if path is not None else None

    def _run_here(self) -> None:
        def send(message: tuple) -> None:
            self._handle(message)

        # this thread uses the window's service itself (with a connection of its own)
        background.analyse(self.paragraphs, self.rubies, self.refine, send, should_stop=self._stop.is_set,
                           prefetch=False, dictionary=self.dictionary, share_cache=False, own_process=False)


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
