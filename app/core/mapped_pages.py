"""Keeping the analyser's memory-mapped dictionary from filling a process's resident memory.

MeCab maps unidic's `sys.dic` (188 MB) and `matrix.bin` (72 MB) into the
process; analysing a whole novel touches most of their pages, and each
touched page stays resident in that process. The pages are file-backed and
read-only: the kernel keeps them in its page cache whether or not this
process holds them, so telling it that this process no longer needs them
(``madvise(MADV_DONTNEED)``) costs only a minor fault when a page is used
again, no disk read. `DictionaryPages` does that when the pages resident
beyond the process's start grow past a budget.

`return_free_heap` hands the heap that a batch freed back to the system
(glibc's ``malloc_trim``), so what the analysis process frees between
batches does not stay counted as its own.

Linux only (it reads ``/proc/self``); elsewhere it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys

log = logging.getLogger(__name__)

__all__ = ["DictionaryPages", "resident_file_mb", "return_free_heap", "status_mb"]

MAPPED_FILES = ("sys.dic", "matrix.bin")
BUDGET_MB = 32.0  # the dictionary's pages this process may keep resident before it lets them go
_MADV_DONTNEED = 4


def status_mb() -> dict[str, float]:
    """This process's memory figures from /proc/self/status in MB ("VmHWM", "RssAnon", "RssFile", ...);
    empty where /proc is not there."""
    out: dict[str, float] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                name, _, rest = line.partition(":")
                parts = rest.split()
                if len(parts) == 2 and parts[1] == "kB":
                    out[name] = int(parts[0]) / 1024
    except OSError:
        pass
    return out


def resident_file_mb() -> float | None:
    """This process's resident file-backed memory in MB (None where /proc is not there)."""
    return status_mb().get("RssFile")


_LIBC: list = []  # the C library once loaded (or None)


def _libc():
    """The C library (None where it cannot be loaded)."""
    if not _LIBC:
        try:
            _LIBC.append(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True))
        except OSError:
            _LIBC.append(None)
    return _LIBC[0]


_TRIM: list = []


def return_free_heap() -> bool:
    """Give the freed heap back to the system; True where that could be asked (glibc)."""
    if not _TRIM:
        trim = getattr(_libc(), "malloc_trim", None) if sys.platform.startswith("linux") else None
        if trim is not None:
            trim.argtypes = [ctypes.c_size_t]
            trim.restype = ctypes.c_int
        _TRIM.append(trim)
    if _TRIM[0] is None:
        return False
    _TRIM[0](0)
    return True


class DictionaryPages:
    """Lets go of the analyser dictionary's resident pages whenever they pass *budget_mb*."""

    def __init__(self, budget_mb: float = BUDGET_MB, files: tuple[str, ...] = MAPPED_FILES) -> None:
        self.budget_mb = budget_mb
        self.files = files
        self.released = 0  # how many times the pages were let go
        self._start = resident_file_mb()
        self._madvise = None
        if sys.platform.startswith("linux") and self._start is not None:
            self._madvise = getattr(_libc(), "madvise", None)
            if self._madvise is not None:
                self._madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
                self._madvise.restype = ctypes.c_int

    @property
    def active(self) -> bool:
        return self._madvise is not None

    def check(self) -> bool:
        """Let the pages go if they have grown past the budget; True if they were."""
        if self._madvise is None:
            return False
        now = resident_file_mb()
        if now is None or self._start is None or now - self._start <= self.budget_mb:
            return False
        return self.release()

    def release(self) -> bool:
        if self._madvise is None:
            return False
        done = False
        for start, end in self._mappings():
            if self._madvise(start, end - start, _MADV_DONTNEED) == 0:
                done = True
        if done:
            self.released += 1
            self._start = resident_file_mb()  # the budget counts from here: other files' pages are not the dictionary's
        return done

    def _mappings(self) -> list[tuple[int, int]]:
        out = []
        try:
            with open("/proc/self/maps", encoding="utf-8", errors="replace") as f:
                for line in f:
                    parts = line.split(None, 5)
                    if len(parts) == 6 and parts[5].rstrip().endswith(self.files) and "w" not in parts[1]:
                        lo, hi = parts[0].split("-")
                        out.append((int(lo, 16), int(hi, 16)))
        except OSError:
            log.debug("no /proc/self/maps", exc_info=True)
        return out
