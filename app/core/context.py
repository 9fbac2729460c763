"""The application context: the services one running Shiori works with, made once.

The window, the command line and the tests each make one and hand it to
what needs it (Anki's operations receive their Collection the same way), so
no service is a module global that a test has to patch.

The store is opened on first use: `shiori annotate` and `shiori lookup`
never touch the reader's data.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from .dictionary.service import DictionaryService
from .paths import data_dir as default_data_dir

__all__ = ["AppContext", "create_context"]


class AppContext:
    def __init__(self, data_dir: Path, dictionary: DictionaryService, store=None) -> None:
        self.data_dir = Path(data_dir)
        self.dictionary: DictionaryService = dictionary
        if store is not None:
            self.__dict__["store"] = store

    @cached_property
    def store(self):
        """The SQLite store in the data folder (StoreError when it cannot be used)."""
        from .store import open_store

        return open_store(self.data_dir)

    @cached_property
    def vocabulary(self):
        from .vocabulary import StoredVocabulary

        return StoredVocabulary(self.store)

    @cached_property
    def library(self):
        from .progress import Library

        return Library(self.store)

    def open_store_or_memory(self) -> str | None:
        """Open the store; if it cannot be used, keep this session's work in memory. Returns what to tell the reader.

        A store from a newer Shiori (or one that cannot be read at all) is
        left untouched; the window still works, and says that nothing done
        now will be kept. A damaged store set aside is named too.
        """
        from .store import Store, StoreError

        try:
            return self.store.notice
        except StoreError as e:
            self.__dict__["store"] = Store.in_memory_store()
            return f"{e} Words and progress of this session are kept only until Shiori closes."

    @property
    def memory_only(self) -> bool:
        return self.store_open and self.store.in_memory

    @property
    def store_open(self) -> bool:
        return "store" in self.__dict__

    def close(self) -> None:
        if self.store_open:
            self.store.close()
        self.dictionary.close()


def create_context(data_dir: str | Path | None = None, dictionary: DictionaryService | None = None,
                   store=None) -> AppContext:
    """The context for *data_dir* (--data-dir, SHIORI_DATA_DIR or the platform's place).

    *dictionary*: a dictionary service to use instead of the installed one
    (tests pass one that points at a missing or damaged file).
    """
    if dictionary is None:
        dictionary = DictionaryService()  # opens nothing until the first lookup
    return AppContext(default_data_dir(data_dir), dictionary, store)
