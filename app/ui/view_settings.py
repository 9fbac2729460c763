"""Per-document view settings (vertical writing), remembered for each text.

The store's Library keeps them with the document (`DocumentRecord.view`)
once the document is recorded there; until then, or when the store cannot
be used, they go into the window's QSettings under the document's id, so
that a text read vertically opens vertically again either way.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QSettings

__all__ = ["DocumentViews"]

log = logging.getLogger(__name__)


class DocumentViews:
    """What each document was last shown as; *library()* gives the store's Library (it may raise)."""

    def __init__(self, settings: QSettings, library: Callable[[], object] | None = None) -> None:
        self._settings = settings
        self._library = library

    def _record(self, doc_id: str):
        if self._library is None or not doc_id:
            return None
        try:
            return self._library().document(doc_id)
        except Exception as e:  # a damaged or newer store: the settings file still remembers
            log.debug("no library for view settings: %s", e)
            return None

    def _key(self, doc_id: str) -> str:
        return f"documents/{doc_id}/vertical"

    def vertical(self, doc_id: str) -> bool | None:
        """Whether *doc_id* was last read vertically; None when nothing is remembered."""
        record = self._record(doc_id)
        if record is not None and "vertical" in record.view:
            return bool(record.view["vertical"])
        value = self._settings.value(self._key(doc_id))
        if value is None:
            return None
        return value in (True, "true", "1", 1)

    def set_vertical(self, doc_id: str, vertical: bool) -> None:
        if not doc_id:
            return
        record = self._record(doc_id)
        if record is not None:
            try:
                self._library().set_view(doc_id, vertical=bool(vertical))
                return
            except Exception as e:
                log.warning("could not keep the view setting in the store: %s", e)
        self._settings.setValue(self._key(doc_id), bool(vertical))
