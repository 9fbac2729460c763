"""`shiori lookup` prints exactly what it printed when the golden files were made.

The files under tests/data were written by `shiori lookup [--json] WORD...`
for the words below. Any change to matching, ranking, inflection, pitch,
kanji, names or the output format shows here as a difference; when a change
is meant, regenerate the files with the same command and review the diff.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

from pathlib import Path

import pytest

from app.cli import main
from app.core.dictionary import DictionaryService


DATA = Path(__file__).resolve().parent / "data"

pytestmark = pytest.mark.skipif(DictionaryService().status() is not None, reason="jamdict-data not installed")

WORDS = [
    "難しい", "取締役会", "陥った", "泳げなかった", "今日", "食べさせられた", "東京", "田中", "ＡＢＣ", "ｶﾀｶﾅ",
    "昨日は友達と映画を見に行きました。",  # a sentence: the lookup of its first word
    "彼は辛いカレーを食べられなかった",
    "ＸＹＺＺＹ",  # no entry
]


def _lookup(*options: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["lookup", *options, *WORDS])
    assert code == 0, err.getvalue()
    return out.getvalue()


def test_lookup_json_is_unchanged() -> None:
    golden = (DATA / "lookup_golden.jsonl").read_text(encoding="utf-8")
    assert _lookup("--json") == golden


def test_lookup_text_is_unchanged() -> None:
    golden = (DATA / "lookup_golden.txt").read_text(encoding="utf-8")
    assert _lookup() == golden
