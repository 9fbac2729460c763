"""The application context: the services one running Shiori works with, made once.

The window, the command line and the tests each make one and hand it to
what needs it (Anki's operations receive their Collection the same way), so
no service is a module global that a test has to patch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .dictionary.service import DictionaryService
from .paths import data_dir as default_data_dir
from .vocabulary import Vocabulary

__all__ = ["AppContext", "create_context"]


@dataclass
class AppContext:
    data_dir: Path
    dictionary: DictionaryService
    vocabulary: Vocabulary = field(default_factory=Vocabulary)

    def close(self) -> None:
        self.dictionary.close()


def create_context(data_dir: str | Path | None = None, dictionary: DictionaryService | None = None) -> AppContext:
    """The context for *data_dir* (--data-dir, SHIORI_DATA_DIR or the platform's place).

    *dictionary*: a dictionary service to use instead of the installed one
    (tests pass one that points at a missing or damaged file).
    """
    if dictionary is None:
        dictionary = DictionaryService()  # opens nothing until the first lookup
    return AppContext(data_dir=default_data_dir(data_dir), dictionary=dictionary)
