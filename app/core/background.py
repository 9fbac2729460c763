"""Analysing a document in a separate process.

A worker *thread* would share the interpreter with the reader: every time the
painter hands the interpreter over between two drawing calls, the thread
would keep it for up to a switch interval, and scrolling a novel while it is
analysed would stutter. A process runs on another core and only hands back
results. This module is what runs there: plain Python, no Qt.

Messages sent on the connection:
    ("batch", first_paragraph, [tokens, ...], [word spans, ...] or None)
    ("progress", done, total)
    ("counts", {WordKey: occurrences})   every word of the document, for its coverage
    ("cache", snapshot)        dictionary cache entries for DictionaryService.merge_cache()
    ("done", {"peak_mb": ...})
    ("error", message)
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from .author_ruby import EarlierRuby
    from .dictionary import DictionaryService

log = logging.getLogger(__name__)

BATCH_CHARS = 2000
PAGES_CHECK_CHARS = 500  # how often the analyser's mapped dictionary is looked at (see mapped_pages)
PREFETCH_CHUNK = 300


def batches(paragraphs: Sequence[str], batch_chars: int = BATCH_CHARS):
    """(start, end) paragraph ranges of about *batch_chars* characters each."""
    i = 0
    total = len(paragraphs)
    while i < total:
        start = i
        chars = 0
        while i < total and (chars < batch_chars or i == start):
            chars += len(paragraphs[i]) + 1
            i += 1
        yield start, i


def analyse(paragraphs: Sequence[str], rubies: Sequence, refine: bool, send, should_stop=lambda: False,
            prefetch: bool = True, dictionary: DictionaryService | None = None,
            share_cache: bool = True, earlier: EarlierRuby | None = None, own_process: bool = True) -> None:
    """Analyse everything, sending batches as they are ready; then warm the dictionary.

    With a *dictionary*, each batch's words are resolved too (compounds as
    one word, the key the vocabulary knows them by), and once the whole text
    is through, how often each word occurs is sent for its coverage.
    Without one (or when it cannot be used) the readings and words are the
    analyser's and nothing is prefetched: the text stays readable. With
    *share_cache*, what the prefetch read is sent over for the reader's own
    service (a process does; a thread of the reader shares the service anyway).
    The author's ruby of one batch reads the same words in the batches after
    it (one *earlier* for the whole document: a fresh one unless given).
    In its *own_process*, the freed heap is handed back after each batch.
    """
    from collections import Counter

    from . import analysis
    from .analysed import default_words
    from .dictionary import DictionaryUnavailable
    from .mapped_pages import DictionaryPages, return_free_heap

    if earlier is None:
        earlier = analysis.EarlierRuby()

    if dictionary is not None and not dictionary.available:
        log.info("analysing without the dictionary: %s", dictionary.status())
        dictionary = None
    analyzer = analysis.analyzer()
    pages = DictionaryPages()  # the analyser's mapped dictionary does not pile up in this process
    total = len(paragraphs)
    lemmas: dict[str, None] = {}
    counts: Counter = Counter()
    for start, end in batches(paragraphs):
        if should_stop():
            return
        batch = []
        for a, b in batches(paragraphs[start:end], PAGES_CHECK_CHARS):  # the dictionary's pages checked as it goes
            batch += analyzer.analyze_many(paragraphs[start + a:start + b], rubies[start + a:start + b],
                                           earlier=earlier)
            pages.check()
        if refine and dictionary is not None:
            try:
                batch = dictionary.refine_many(batch)
            except DictionaryUnavailable as e:
                log.warning("readings no longer checked against the dictionary: %s", e)
                dictionary = None
        words = None
        if dictionary is not None:
            try:
                words = dictionary.resolve_many(batch)
            except DictionaryUnavailable as e:
                log.warning("words no longer resolved with the dictionary: %s", e)
                dictionary = None
        for i, tokens in enumerate(batch):
            for t in tokens:
                if t.is_word:
                    lemmas[t.lemma] = None
                    lemmas[t.surface] = None
            counts.update(w.key for w in (words[i] if words is not None else default_words(tokens)))
        send(("batch", start, batch, words))
        send(("progress", end, total))
        pages.check()
        if own_process:  # (in the window's process the heap is the window's business)
            return_free_heap()  # what the batch used is freed now: not this process's any more
    send(("counts", dict(counts)))
    if prefetch and dictionary is not None:
        words = list(lemmas)
        for i in range(0, len(words), PREFETCH_CHUNK):
            if should_stop():
                return
            chunk = words[i:i + PREFETCH_CHUNK]
            try:
                dictionary.prefetch(chunk)
            except DictionaryUnavailable as e:
                log.warning("dictionary not prefetched: %s", e)
                break
            if share_cache:
                send(("cache", dictionary.cache_snapshot(chunk)))
    mem = memory_mb()
    send(("done", {"peak_mb": mem["peak"], "private_mb": mem["private"], "mapped_mb": mem["mapped"]}))


def memory_mb() -> dict[str, float]:
    """This process's memory in MB: peak resident ("peak"), and now its own ("private": heap, stacks)
    and its mapped files ("mapped": chiefly the analyser's dictionary, shared by every process that maps it)."""
    from .mapped_pages import status_mb

    status = status_mb()
    return {"peak": peak_memory_mb(status), "private": status.get("RssAnon", 0.0),
            "mapped": status.get("RssFile", 0.0) + status.get("RssShmem", 0.0)}


def peak_memory_mb(status: dict[str, float] | None = None) -> float:
    """This process's peak resident memory in MB (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    from .mapped_pages import status_mb

    peak = (status if status is not None else status_mb()).get("VmHWM")
    if peak is not None:
        return peak
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def process_main(conn, paragraphs: Sequence[str], rubies: Sequence, refine: bool, prefetch: bool,
                 settings: dict | None = None) -> None:
    """Entry point of the analysis process.

    *settings* carries what the parent process was told and a fresh process
    would not know: which dictionary database to use ("db_path"; None for
    jamdict-data's). The process makes its own service of it: a service's
    connections and caches cannot cross a process boundary.
    """
    try:
        from .dictionary import DictionaryService

        dictionary = DictionaryService((settings or {}).get("db_path")) if refine or prefetch else None
        analyse(paragraphs, rubies, refine, conn.send, prefetch=prefetch, dictionary=dictionary)
    except (BrokenPipeError, EOFError):  # the reader closed the document
        pass
    except Exception as e:
        log.exception("analysis failed")
        try:
            conn.send(("error", f"{type(e).__name__}: {e}"))
        except (BrokenPipeError, EOFError, OSError):
            pass
    finally:
        conn.close()
