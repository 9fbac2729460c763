"""The application context: the services one running Shiori works with, made once.

The window, the command line and the tests each make one and hand it to
what needs it (Anki's operations receive their Collection the same way), so
no service is a module global that a test has to patch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .paths import data_dir as default_data_dir
from .vocabulary import Vocabulary

__all__ = ["AppContext", "create_context"]


@dataclass
class AppContext:
    data_dir: Path
    dictionary: object  # app.core.dictionary.DictionaryService
    vocabulary: Vocabulary = field(default_factory=Vocabulary)

    def close(self) -> None:
        close = getattr(self.dictionary, "close", None)
        if close is not None:
            close()


def create_context(data_dir: str | Path | None = None, dictionary=None) -> AppContext:
    """The context for *data_dir* (--data-dir, SHIORI_DATA_DIR or the platform's place).

    *dictionary*: a dictionary service to use instead of the installed one
    (tests pass one that points at a missing or damaged file).
    """
    if dictionary is None:
        dictionary = _ModuleDictionary()
    return AppContext(data_dir=default_data_dir(data_dir), dictionary=dictionary)


class _ModuleDictionary:
    """Interim: the dictionary module's functions behind the service interface."""

    def __getattr__(self, name):
        from . import dictionary

        if name == "status":
            return dictionary.dictionary_status
        return getattr(dictionary, name)
