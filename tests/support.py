"""Helpers the tests share (the tests folder is on sys.path: pytest puts it there for the conftest)."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout


def run_cli(*argv: str) -> tuple[int, str, str]:
    """`shiori ARGV...` in this process: (exit status, standard output, standard error)."""
    from app.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()
