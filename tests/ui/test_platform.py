"""What Shiori says when it cannot open a window, checked against real displays."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest


def _free_display() -> str:
    for n in range(73, 99):
        if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"):
            return f":{n}"
    pytest.skip("no free X display number")


def test_a_display_nobody_answers_is_named_and_exits_1(tmp_path):
    display = _free_display()
    env = dict(os.environ, DISPLAY=display, SHIORI_DATA_DIR=str(tmp_path))
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("WAYLAND_DISPLAY", None)
    run = subprocess.run([sys.executable, "-m", "app"], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert f"The display {display} could not be opened" in run.stderr
    assert "libxcb-cursor0" not in run.stderr and "Aborted" not in run.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_a_display_that_answers_is_usable():
    from app.ui.app import display_answers

    display = _free_display()
    server = subprocess.Popen(["Xvfb", display, "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not display_answers(display) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert display_answers(display) is True
    finally:
        server.terminate()
        server.wait(10)
    assert display_answers(display) is False
