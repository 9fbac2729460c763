"""Where Shiori's own files and the reader's data live.

Bundled files are found through importlib.resources so that the same code
works from a checkout and from an installed wheel (where `seeds/` is packaged
as `app.seeds`).
"""

from __future__ import annotations

import os
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def _package_dir(name: str) -> Path:
    """`name/` of a checkout, or `app/name/` inside an installed wheel."""
    local = _CHECKOUT / name
    if local.is_dir() and (_CHECKOUT / "pyproject.toml").is_file():
        return local
    from importlib.resources import as_file, files

    with as_file(files("app") / name) as path:  # a plain folder for a wheel on disk
        return Path(path)


def seeds_dir() -> Path:
    return _package_dir("seeds")


def resources_dir() -> Path:
    return _package_dir("resources")


def default_document() -> Path:
    """The bundled article Shiori opens when it is given no file."""
    texts = sorted(p for p in seeds_dir().iterdir() if p.suffix == ".txt")
    if not texts:
        raise FileNotFoundError(f"no bundled article in {seeds_dir()}")
    return texts[0]


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The folder of the reader's store: --data-dir, then SHIORI_DATA_DIR, then the platform's usual place."""
    if override:
        path = Path(override)
    elif os.environ.get("SHIORI_DATA_DIR"):
        path = Path(os.environ["SHIORI_DATA_DIR"])
    elif os.name == "nt":
        path = Path(os.environ.get("APPDATA", Path.home())) / "Shiori"
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "shiori"
    return path.expanduser()
