"""The keyboard session in a real X server: Shiori started as a reader starts it, typed at with xdotool.

No click first and no window manager: the window must take the keyboard
by itself. Skipped where Xvfb or xdotool is missing (CI installs both).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.store import open_store
from app.core.vocabulary import StoredVocabulary
from app.core.words import Status, WordKey

ROOT = Path(__file__).resolve().parents[2]
TEXT = "猫が好きだ。\n難しい状況に陥っている。\n"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xdotool")), reason="needs Xvfb and xdotool"),
]


def _start_x() -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as f:
        number = f.readline().strip()
    if not number:
        server.kill()
        pytest.skip("Xvfb did not start")
    return server, f":{number}"


def _keys(display: str, *keys: str, delay: int = 150) -> None:
    subprocess.run(["xdotool", "key", "--delay", str(delay), *keys], env={**os.environ, "DISPLAY": display},
                   check=True, timeout=60)


def _type(display: str, text: str) -> None:
    subprocess.run(["xdotool", "type", "--delay", "20", text], env={**os.environ, "DISPLAY": display},
                   check=True, timeout=60)


def _wait(condition, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_keyboard_session_in_a_real_x_server(tmp_path):
    text = tmp_path / "short.txt"
    text.write_text(TEXT, encoding="utf-8")
    data = tmp_path / "data"
    out = tmp_path / "words.csv"
    server, display = _start_x()
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    env.pop("WAYLAND_DISPLAY", None)
    app = subprocess.Popen([sys.executable, "-c", "from app.cli import main; raise SystemExit(main())",
                            "--data-dir", str(data), str(text)], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        found = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "Shiori"],
                               env={**os.environ, "DISPLAY": display}, capture_output=True, timeout=60)
        if app.poll() is not None:
            log = app.stdout.read().decode(errors="replace")
            if "cannot open a window" in log:
                pytest.skip(log.strip())
            raise AssertionError(f"Shiori ended at start: {log}")
        assert found.returncode == 0, "no Shiori window appeared"
        time.sleep(3)  # the short text analysed, its words resolved
        # no click, no window focus from outside: the keys must reach the text by themselves
        _keys(display, "Right", "Return", "Escape", "a", "Tab", "3", "Tab", "w", "f", "f")
        _keys(display, "ctrl+e")
        time.sleep(1.5)
        _keys(display, "Down", "Down", "alt+s", "ctrl+a")  # the format: CSV; then the path
        _type(display, str(out))
        _keys(display, "Return")
        _wait(out.exists, 20, "the exported file")
        time.sleep(0.5)
        _keys(display, "ctrl+q")
        app.wait(timeout=30)
        assert app.returncode == 0, app.stdout.read().decode(errors="replace")
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        server.kill()
        server.wait()

    store = open_store(data)
    vocab = StoredVocabulary(store)
    assert vocab.status(WordKey("猫", "ねこ")) is Status.NEW
    assert vocab.status(WordKey("が", "が")) is Status.LEARNING_3
    assert vocab.status(WordKey("好き", "すき")) is Status.KNOWN
    assert "猫が好きだ。" in vocab.word(WordKey("猫", "ねこ")).contexts[0].sentence
    store.close()
    rows = {row["term"]: row["status"] for row in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows == {"猫": "1", "が": "3", "好き": "W"}
    settings = (data / "settings.ini").read_text(encoding="utf-8")
    assert "furigana=off" in settings  # F twice: all, only words not known, off
