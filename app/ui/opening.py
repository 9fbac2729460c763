"""Opening files off the GUI thread: an EPUB or a long novel parses while the window stays live.

`DocumentOpener.open(path)` reads and parses the file in a pool thread and
hands the result back by signal, so only the GUI thread touches widgets.
A newer request supersedes an older one: the older one's result, whenever
it comes, is dropped, and the older load is told to stop (documents.load's
``should_stop``, or an exception from its next progress report).
"""

from __future__ import annotations

import inspect
import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal

from ..core import documents

log = logging.getLogger(__name__)

__all__ = ["DocumentOpener", "loader_reports_progress"]


def _accepts(loader: Callable, name: str) -> bool:
    try:
        return name in inspect.signature(loader).parameters
    except (TypeError, ValueError):
        return False


def loader_reports_progress(loader: Callable = documents.load) -> bool:
    """Whether *loader* takes a ``progress=`` callback (documents.load does)."""
    return _accepts(loader, "progress")


def _fraction(*args) -> float | None:
    """A progress report as 0..1: either a fraction, or (done, total)."""
    try:
        if len(args) == 1:
            return max(0.0, min(1.0, float(args[0])))
        if len(args) >= 2 and args[1]:
            return max(0.0, min(1.0, float(args[0]) / float(args[1])))
    except (TypeError, ValueError):
        pass
    return None


class _Superseded(BaseException):
    """Raised from the progress callback of a load a newer one replaced.

    A BaseException, so that the loader's own "any other failure is an
    internal error" handling lets it through instead of reporting a bug.
    """


class _Reply(QObject):
    """Carries one load's outcome from the pool thread to the GUI thread (queued signals)."""

    loaded = Signal(int, object)  # request, Document
    failed = Signal(int, str)  # request, the sentence for the learner
    progress = Signal(int, float)  # request, 0..1


class DocumentOpener(QObject):
    """Loads documents in a thread pool; at most one request is current."""

    loaded = Signal(str, object)  # path, Document
    failed = Signal(str, str)  # path, message
    progress = Signal(float)  # 0..1 of the current load (only if the loader reports it)

    def __init__(self, parent: QObject | None = None, loader: Callable = documents.load) -> None:
        super().__init__(parent)
        self._loader = loader
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)  # a new open need not wait for a superseded one
        self._request = 0
        self._path: str | None = None
        self._replies: dict[int, _Reply] = {}

    @property
    def busy(self) -> bool:
        """True while a load is under way whose result will be used."""
        return self._path is not None

    @property
    def path(self) -> str | None:
        """The file being opened, if any."""
        return self._path

    def wait(self, msecs: int = -1) -> bool:
        """Wait for every load under way, used or superseded, to end (tests; shutting down)."""
        return self._pool.waitForDone(msecs)

    def cancel(self) -> None:
        """Forget the current request (its result will be dropped)."""
        self._request += 1
        self._path = None

    def load_now(self, path: str | Path):
        """Load *path* in this thread (renders, tests); supersedes any load under way.

        Raises DocumentError like documents.load.
        """
        self.cancel()
        return self._loader(path)

    def open(self, path: str | Path) -> None:
        """Start loading *path*; `loaded` or `failed` follows, unless a newer open comes first."""
        self._request += 1
        request = self._request
        self._path = str(path)
        reply = _Reply()
        reply.loaded.connect(self._on_loaded)
        reply.failed.connect(self._on_failed)
        reply.progress.connect(self._on_progress)
        self._replies[request] = reply  # kept alive until its answer arrives
        loader = self._loader
        kwargs = {}

        def superseded() -> bool:  # asked on the loading thread; an int compare is safe there
            return request != self._request

        if _accepts(loader, "should_stop"):
            kwargs["should_stop"] = superseded  # the loader ends itself with a DocumentError
        if loader_reports_progress(loader):
            def report(*args) -> None:
                if superseded():
                    raise _Superseded()
                f = _fraction(*args)
                if f is not None:
                    reply.progress.emit(request, f)

            kwargs["progress"] = report

        def task() -> None:  # runs in the pool: no widgets, only signals
            try:
                doc = loader(path, **kwargs)
            except documents.DocumentError as e:
                reply.failed.emit(request, str(e))
            except _Superseded:
                reply.failed.emit(request, "")
            except Exception:  # never a traceback for the learner
                log.exception("opening %s failed", path)
                reply.failed.emit(request, f"{Path(path).name}: Shiori could not open this file.")
            else:
                reply.loaded.emit(request, doc)

        self._pool.start(task)

    def _finish(self, request: int) -> str | None:
        self._replies.pop(request, None)
        if request != self._request or self._path is None:
            return None
        path, self._path = self._path, None
        return path

    def _on_loaded(self, request: int, doc) -> None:
        path = self._finish(request)
        if path is not None:
            self.loaded.emit(path, doc)

    def _on_failed(self, request: int, message: str) -> None:
        path = self._finish(request)
        if path is not None:
            self.failed.emit(path, message)

    def _on_progress(self, request: int, fraction: float) -> None:
        if request == self._request:
            self.progress.emit(fraction)
