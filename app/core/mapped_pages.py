"""Keeping the analyser's memory-mapped dictionary from filling a process's resident memory.

MeCab maps unidic's `sys.dic` (188 MB) and `matrix.bin` (72 MB) into the
process; analysing a whole novel touches most of their pages, and each
touched page stays resident in that process. The pages are file-backed and
read-only: the kernel keeps them in its page cache whether or not this
process holds them, so telling it that this process no longer needs them
(``madvise(MADV_DONTNEED)``) costs only a minor fault when a page is used
again, no disk read. `DictionaryPages` does that when the pages resident
beyond the process's start grow past a budget.

`page_by_page` has the dictionary's pages come into the process one at a
time. A file read from end to end (written by the installer, copied, backed
up) sits in the page cache in large pieces, and touching one byte of a piece
maps all of it: a few sentences then map most of the 260 MB. Before the
analyser maps its dictionary, a probe maps the file and touches a few
cached pages; if each brought in far more than its page, the cached pieces
no process maps are dropped (the kernel keeps what others map). The
analyser's mappings are then marked random access, so each page it needs is
read, and later mapped, by itself. The price is paid on a cold page cache
(after a reboot): the pages are read one by one instead of in read-ahead
chunks; the first screen of the article then took 0.63 s instead of 0.59 s
here (an SSD; a spinning disk pays more per read).

`return_free_heap` hands the heap that a batch freed back to the system
(glibc's ``malloc_trim``), so what the analysis process frees between
batches does not stay counted as its own.

Linux only (it reads ``/proc/self``); elsewhere it does nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import mmap
import os
import sys

log = logging.getLogger(__name__)

__all__ = ["DictionaryPages", "cached_in_large_pieces", "page_by_page", "resident_file_mb", "return_free_heap",
           "status_mb"]

MAPPED_FILES = ("sys.dic", "matrix.bin")
BUDGET_MB = 16.0  # the dictionary's pages this process may keep resident before it lets them go
_MADV_DONTNEED = 4
_MADV_RANDOM = 1
LARGE_PIECE_KB = 256  # resident memory per page touched above which the file is cached in large pieces
_PROBE_PAGES = 4  # cached pages the probe touches
_SAMPLE_PAGES = 64  # pages, spread over the file, it looks among for cached ones


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


def _function(name: str, argtypes: list, restype):
    """The C library's function *name* with its prototype set (None off Linux or where it is missing)."""
    fn = getattr(_libc(), name, None) if sys.platform.startswith("linux") else None
    if fn is not None:
        fn.argtypes = argtypes
        fn.restype = restype
    return fn


_TRIM: list = []


def return_free_heap() -> bool:
    """Give the freed heap back to the system; True where that could be asked (glibc)."""
    if not _TRIM:
        _TRIM.append(_function("malloc_trim", [ctypes.c_size_t], ctypes.c_int))
    if _TRIM[0] is None:
        return False
    _TRIM[0](0)
    return True


def _madvise():
    return _function("madvise", [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int], ctypes.c_int)


def _mapping_rss_kb(address: int) -> int | None:
    """Resident kB of this process's mapping that starts at *address* (from /proc/self/smaps)."""
    start = f"{address:x}-"
    try:
        with open("/proc/self/smaps", encoding="utf-8", errors="replace") as f:
            inside = False
            for line in f:
                if line.startswith(start):
                    inside = True
                elif inside and line.startswith("Rss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        log.debug("no /proc/self/smaps", exc_info=True)
    return None


def cached_in_large_pieces(path: str) -> bool | None:
    """Does touching a cached page of *path* map far more than that page? None where it cannot be told.

    Maps the file, finds cached pages (mincore), touches a few spread over
    the file and reads how much of the mapping became resident. (To a
    process that may not write the file, the kernel says every page is
    cached: the few pages touched may then be read from disk, one page each.)
    """
    mm = _function("mmap", [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                            ctypes.c_long], ctypes.c_void_p)
    munmap = _function("munmap", [ctypes.c_void_p, ctypes.c_size_t], ctypes.c_int)
    mincore = _function("mincore", [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p], ctypes.c_int)
    madvise = _madvise()
    if None in (mm, munmap, mincore, madvise):
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        size = os.fstat(fd).st_size
        if size == 0:
            return False
        address = mm(None, size, mmap.PROT_READ, mmap.MAP_SHARED, fd, 0)
        if address is None or address == ctypes.c_void_p(-1).value:
            return None
        try:
            madvise(address, size, _MADV_RANDOM)  # the probe itself reads nothing ahead
            pages = (size + mmap.PAGESIZE - 1) // mmap.PAGESIZE
            vector = (ctypes.c_ubyte * pages)()
            if mincore(address, size, vector) != 0:
                return None
            data = bytes(vector)
            sample = range(0, pages, max(1, pages // _SAMPLE_PAGES))  # a look at pages all over the file
            touched = [i for i in sample if data[i] & 1][::max(1, _SAMPLE_PAGES // _PROBE_PAGES)][:_PROBE_PAGES]
            if not touched:
                return False  # (almost) nothing cached: what is read now comes in page by page
            for i in touched:
                ctypes.string_at(address + i * mmap.PAGESIZE, 1)
            rss = _mapping_rss_kb(address)
            if rss is None:
                return None
            return rss / len(touched) > LARGE_PIECE_KB
        finally:
            munmap(address, size)
    finally:
        os.close(fd)


_CHECKED: set[str] = set()  # files probed by this process


@contextlib.contextmanager
def page_by_page(directory: str, files: tuple[str, ...] = MAPPED_FILES):
    """Around the making of a tagger over *directory*: its dictionary files are mapped page by page.

    Before: each file cached in large pieces has the pieces no process maps
    dropped from the page cache (once per process). After: the new mappings
    are marked random access.
    """
    if sys.platform.startswith("linux"):
        for name in files:
            path = os.path.join(directory, name)
            if path in _CHECKED:
                continue
            _CHECKED.add(path)
            try:
                if cached_in_large_pieces(path):
                    _drop_cached(path)
            except Exception:  # a saving of memory, never a reason for the analyser not to start
                log.debug("could not look at how %s is cached", path, exc_info=True)
    yield
    madvise = _madvise()
    if madvise is not None:
        for start, end in _mappings(files):
            madvise(start, end - start, _MADV_RANDOM)


def _drop_cached(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
        if cached_in_large_pieces(path):
            log.debug("%s is cached in large pieces and its file system keeps them", path)
        else:
            log.info("%s was cached in large pieces: dropped, to be read page by page", path)
    except (OSError, AttributeError):
        log.debug("could not drop the cache of %s", path, exc_info=True)


def _mappings(files: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of this process's read-only mappings of files with these names."""
    out = []
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as f:
            for line in f:
                parts = line.split(None, 5)
                if len(parts) == 6 and parts[5].rstrip().endswith(files) and "w" not in parts[1]:
                    lo, hi = parts[0].split("-")
                    out.append((int(lo, 16), int(hi, 16)))
    except OSError:
        log.debug("no /proc/self/maps", exc_info=True)
    return out


class DictionaryPages:
    """Lets go of the analyser dictionary's resident pages whenever they pass *budget_mb*."""

    def __init__(self, budget_mb: float = BUDGET_MB, files: tuple[str, ...] = MAPPED_FILES) -> None:
        self.budget_mb = budget_mb
        self.files = files
        self.released = 0  # how many times the pages were let go
        self._start = resident_file_mb()
        self._madvise = _madvise() if self._start is not None else None

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
        return _mappings(self.files)
