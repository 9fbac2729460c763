"""The wheel carries the bundled article and runs outside the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _uv() -> list[str] | None:
    # `uv run` tells its children where it is; otherwise look on PATH.
    exe = os.environ.get("UV") or shutil.which("uv")
    if exe:
        return [exe]
    try:
        subprocess.run([sys.executable, "-m", "uv", "--version"], check=True, capture_output=True)
        return [sys.executable, "-m", "uv"]
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    uv = _uv()
    if uv is None:
        pytest.fail("uv is needed to build the wheel (pip install uv)")
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([*uv, "build", "--wheel", "--out-dir", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return next(out.glob("shiori-*.whl"))


def test_wheel_contains_the_seed_article(wheel):
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    seeds = [n for n in names if n.startswith("app/seeds/") and n.endswith(".txt")]
    assert seeds, names
    assert "app/resources/shiori.svg" in names and "app/resources/shiori.desktop" in names
    assert "app/resources/anki/front.html" in names and "app/resources/anki/card.css" in names
    assert "app/core/export/notes.py" in names
    assert not any(n.startswith("tests/") for n in names)


def test_installed_wheel_annotates_the_bundled_article(wheel, tmp_path):
    uv = _uv()
    venv = tmp_path / "venv"
    subprocess.run([*uv, "venv", "--python", sys.executable, str(venv)], check=True, capture_output=True)
    py = venv / "bin" / "python"
    proc = subprocess.run([*uv, "pip", "install", "--python", str(py), "--no-deps", str(wheel)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    # The dependencies come from this environment's site-packages; the app
    # itself only from the wheel (we run from an empty folder, and a path
    # entry does not process the checkout's editable-install hook).
    env = dict(os.environ, PYTHONPATH=sysconfig.get_paths()["purelib"])
    env.pop("PYTHONSAFEPATH", None)
    shiori = venv / "bin" / "shiori"
    run = subprocess.run([str(shiori), "annotate", "--format", "json"], cwd=tmp_path,
                         capture_output=True, text=True, encoding="utf-8", env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    assert '"陥っ"' in run.stdout
    where = subprocess.run([str(py), "-c", "import app, app.core.paths as p; print(app.__file__); print(p.default_document())"],
                           cwd=tmp_path, capture_output=True, text=True, env=env)
    assert str(venv) in where.stdout.splitlines()[0], where.stdout + where.stderr
    assert str(venv) in where.stdout.splitlines()[1]
