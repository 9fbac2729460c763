"""Click lookup: JMdict entries, KANJIDIC2 kanji, JMnedict names, inflection, pitch, readings.

The package, module by module:

* ``model``: the result types (Entry, Match, LookupResult ...) and their one JSON form;
* ``schema``: jamdict's SQLite tables, the only module that names them;
* ``cache``: what has been read, shared by a service's threads;
* ``candidates``: which strings a click may mean, and how entries rank;
* ``lookup``: the lookup of a click;
* ``inflection``, ``pitch``: the clicked form and its accent, in words;
* ``readings``: JMdict's reading where the analyser reads a compound wrong;
* ``resolve``: which vocabulary word each token is;
* ``deinflect``: suffix rules back to dictionary forms;
* ``service``: :class:`DictionaryService`, what the application hands around.

Names are imported from the modules on first use, so that making a service
(before the window's first paint) does not load the lookup machinery.

The module-level ``lookup_at``, ``lookup_word``, ``prefetch``,
``refine_readings`` and ``dictionary_status`` are kept for scripts: they use
a default service made on first call, and answer as before the service
existed (an empty result, the tokens unchanged) when the dictionary cannot
be used. Shiori itself always works on a service it was handed.
"""

from __future__ import annotations

import threading
from importlib import import_module
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

if TYPE_CHECKING:
    from .candidates import MAX_SPAN_CHARS
    from .inflection import explain_inflection
    from .model import (
        EMPTY, Entry, Form, KanjiInfo, LookupResult, Match, NameEntry, NameTranslation, Pitch, Sense, to_json,
    )
    from .pitch import morae, pitch_patterns
    from .service import DictionaryService, DictionaryUnavailable

__all__ = [
    "Form", "Sense", "Entry", "Match", "KanjiInfo", "NameTranslation", "NameEntry", "Pitch", "LookupResult",
    "EMPTY", "to_json", "DictionaryService", "DictionaryUnavailable", "explain_inflection", "morae",
    "pitch_patterns", "MAX_SPAN_CHARS", "lookup_at", "lookup_word", "prefetch", "refine_readings",
    "dictionary_status", "default_service",
]

_HOME = {
    **dict.fromkeys(("Form", "Sense", "Entry", "Match", "KanjiInfo", "NameTranslation", "NameEntry", "Pitch",
                     "LookupResult", "EMPTY", "to_json"), "model"),
    "DictionaryService": "service", "DictionaryUnavailable": "service",
    "explain_inflection": "inflection", "morae": "pitch", "pitch_patterns": "pitch",
    "MAX_SPAN_CHARS": "candidates",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


# ---------------------------------------------------------------------------
# Compatibility: the module functions over one default service
# ---------------------------------------------------------------------------

_default = None
_default_lock = threading.Lock()


def default_service() -> DictionaryService:
    """The service of jamdict-data's database that the module-level functions use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                from .service import DictionaryService

                _default = DictionaryService()
    return _default


def dictionary_status() -> str | None:
    """None when the dictionary can be used; otherwise one sentence for the reader."""
    return default_service().status()


def lookup_at(tokens: Sequence, index: int) -> LookupResult:
    from .model import EMPTY
    from .service import DictionaryUnavailable

    try:
        return default_service().lookup_at(tokens, index)
    except DictionaryUnavailable:
        return EMPTY


def lookup_word(word: str) -> LookupResult:
    from .model import EMPTY
    from .service import DictionaryUnavailable

    try:
        return default_service().lookup_word(word)
    except DictionaryUnavailable:
        return EMPTY


def prefetch(words: Iterable[str], progress: Callable[[int, int], None] | None = None) -> None:
    from .service import DictionaryUnavailable

    try:
        default_service().prefetch(words, progress)
    except DictionaryUnavailable:
        pass


def refine_readings(tokens: list, text: str = "") -> list:
    from .service import DictionaryUnavailable

    try:
        return default_service().refine_readings(tokens, text)
    except DictionaryUnavailable:
        return tokens
