from __future__ import annotations

import os
from pathlib import Path

import pytest

# GUI tests render offscreen; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test reads or writes the real user's store."""
    monkeypatch.setenv("SHIORI_DATA_DIR", str(tmp_path / "shiori-data"))


@pytest.fixture(scope="session")
def article_path() -> Path:
    return next((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def rashomon_path() -> Path:
    return DATA / "rashomon_aozora_sjis.txt"


@pytest.fixture(scope="session")
def dictionary_service():
    """A service of the installed dictionary shared by the run's tests (its caches warm as they go)."""
    from app.core.dictionary import DictionaryService

    service = DictionaryService()
    yield service
    service.close()


@pytest.fixture
def filled_context(tmp_path):
    """A context on a temporary store holding a few saved words, awkward text included (see anki_support)."""
    from anki_support import fill_vocabulary

    from app.core.context import create_context

    ctx = create_context(tmp_path / "data")
    fill_vocabulary(ctx)
    yield ctx
    ctx.close()
