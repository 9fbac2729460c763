"""`shiori annotate` and the command line, run as a user runs them."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout

import pytest
from support import run_cli as run

from app.cli import main


@pytest.fixture(scope="module")
def article_json(article_path) -> dict:
    code, out, _ = run("annotate", str(article_path), "--format", "json")
    assert code == 0
    return json.loads(out)


@pytest.fixture(scope="module")
def rashomon_json(rashomon_path) -> dict:
    code, out, _ = run("annotate", str(rashomon_path), "--format", "json")
    assert code == 0
    return json.loads(out)


def _tokens(doc: dict):
    for p in doc["paragraphs"]:
        for t in p["tokens"]:
            yield p, t


def test_json_contract(article_json):
    assert set(article_json) == {"title", "author", "encoding", "format", "paragraphs"}
    assert article_json["encoding"].replace("-", "").replace("_", "").lower().startswith("utf8")
    assert article_json["title"] == "ゼファーネットのロゴ"
    keys = {"surface", "start", "end", "lemma", "reading", "pos", "furigana", "ruby_source"}
    for p, t in _tokens(article_json):
        assert set(t) == keys
        assert p["text"][t["start"]:t["end"]] == t["surface"]
        assert "".join(seg for seg, _ in t["furigana"]) == t["surface"]
        assert t["ruby_source"] in ("author", "generated", None)
        assert all("ァ" > c or c > "ヶ" for c in t["reading"]), "reading must be hiragana"


def test_article_furigana(article_json):
    t = next(t for _, t in _tokens(article_json) if t["surface"] == "陥っ")
    assert t["furigana"] == [["陥", "おちい"], ["っ", None]]
    assert t["lemma"] == "陥る" and t["reading"] == "おちいっ" and t["ruby_source"] == "generated"
    names = [t for _, t in _tokens(article_json) if t["surface"] == "OpenAI"]
    assert names and all(t["reading"] == "" and t["furigana"] == [["OpenAI", None]] for t in names)


def test_rashomon_author_ruby(rashomon_json):
    assert rashomon_json["format"] == "aozora"
    assert rashomon_json["encoding"].lower() in ("shift_jis", "cp932", "sjis", "ms932")
    genin = [t for _, t in _tokens(rashomon_json) if t["surface"] == "下人" and t["ruby_source"] == "author"]
    assert genin and genin[0]["furigana"] == [["下人", "げにん"]]
    gate = next(t for _, t in _tokens(rashomon_json) if t["surface"] == "羅生門" and t["ruby_source"] == "author")
    assert gate["reading"] == "らしょうもん"
    # the author's own words win: 蹲《うずくま》って
    crouch = next(t for _, t in _tokens(rashomon_json) if t["surface"].startswith("蹲"))
    assert ["蹲", "うずくま"] in crouch["furigana"]
    for p in rashomon_json["paragraphs"]:
        assert "《" not in p["text"] and "［＃" not in p["text"]


def test_html_output(article_path, tmp_path):
    out = tmp_path / "a.html"
    code, _, _ = run("annotate", str(article_path), "--format", "html", "-o", str(out))
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ja">' in page
    assert "<ruby>陥<rp>(</rp><rt>おちい</rt><rp>)</rp></ruby>っ" in page


def _round_trip(path, tmp_path):
    from app.core import documents

    out = tmp_path / (path.stem + ".aozora.txt")
    assert run("annotate", str(path), "--format", "aozora", "-o", str(out))[0] == 0
    return documents.load(path), documents.load(out), out.read_text(encoding="utf-8")


def test_aozora_output_round_trips(rashomon_path, article_path, tmp_path):
    for path in (rashomon_path, article_path):
        original, again, text = _round_trip(path, tmp_path)
        assert again.paragraphs == original.paragraphs
        assert (again.title, again.author) == (original.title, original.author)
        # the author's ruby survives, and generated ruby is added to it
        kept = {(r.paragraph, r.start, r.end, r.ruby) for r in again.ruby}
        assert {(r.paragraph, r.start, r.end, r.ruby) for r in original.ruby} <= kept
        assert len(again.ruby) > len(original.ruby)
    assert "陥《おちい》っ" in text


def test_aozora_output_keeps_header_headings_and_colophon(tmp_path):
    source = tmp_path / "neko.txt"
    source.write_text(
        "吾輩は猫である\n夏目漱石\n\n-------------------------------------------------------\n"
        "【テキスト中に現れる記号について】\n\n《》：ルビ\n-------------------------------------------------------\n\n"
        "［＃５字下げ］一［＃「一」は中見出し］\n\n　吾輩《わがはい》は猫である。名前はまだ無い。\n\n\n"
        "底本：「夏目漱石全集1」ちくま文庫、筑摩書房\n", encoding="utf-8")
    original, again, _ = _round_trip(source, tmp_path)
    assert (again.title, again.author) == ("吾輩は猫である", "夏目漱石")
    assert again.paragraphs == original.paragraphs
    assert [(h.paragraph, h.level) for h in again.headings] == [(h.paragraph, h.level) for h in original.headings]
    assert again.colophon and again.colophon.startswith("底本")


def test_aozora_output_marks_a_base_after_an_unknown_gaiji(tmp_path):
    # 〓 (a gaiji without a code) is part of a plain base《ruby》 when read back,
    # so after one the base has to start with ｜
    source = tmp_path / "gaiji.txt"
    source.write_text("の※［＃「口＋世」、123-4］｜漢字《かんじ》を読む。\n", encoding="utf-8")
    original, again, text = _round_trip(source, tmp_path)
    assert "〓｜漢字《かんじ》" in text
    assert again.paragraphs == original.paragraphs
    spans = [(r.paragraph, r.start, r.end, r.ruby) for r in original.ruby]
    assert spans == [(0, 2, 4, "かんじ")]
    assert set(spans) <= {(r.paragraph, r.start, r.end, r.ruby) for r in again.ruby}


def test_text_output(rashomon_path):
    code, out, _ = run("annotate", str(rashomon_path), "--format", "text")
    assert code == 0 and "《" not in out and "下人" in out


def test_bad_file_is_a_sentence_not_a_traceback(tmp_path):
    png = tmp_path / "x.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    code, out, err = run("annotate", str(png))
    assert code == 1 and out == ""
    assert err.startswith("shiori: ") and "Traceback" not in err
    code, _, err = run("annotate", str(tmp_path / "missing.txt"))
    assert code == 1 and "missing.txt" in err


def test_annotate_without_file_reads_the_bundled_article():
    code, out, _ = run("annotate", "--format", "text")
    assert code == 0 and "陥っている" in out


def test_python_dash_m_app_works(article_path):
    proc = subprocess.run([sys.executable, "-m", "app", "annotate", str(article_path), "--format", "text"],
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "マイクロソフト" in proc.stdout


def test_lookup_reads_words_from_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("難しい\nＸＹＺＺＹ\n\n陥る\n"))
    code, out, _ = run("lookup")
    assert code == 0
    assert "難しい【むずかしい" in out and "ＸＹＺＺＹ: no entry" in out and "陥る" in out
    assert out.index("難しい") < out.index("ＸＹＺＺＹ") < out.index("陥る")


def test_lookup_json_is_one_object_per_word():
    code, out, _ = run("lookup", "--json", "日付", "アルトマン")
    assert code == 0
    objects = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert [o["word"] for o in objects] == ["日付", "アルトマン"]
    assert objects[0]["found"] and any(
        k["text"] == "ひづけ" for m in objects[0]["matches"][:1] for e in m["entries"][:1] for k in e["kana"])
    assert objects[1]["names"]


def test_lookup_fails_when_no_word_has_an_entry():
    code, out, err = run("lookup", "ＸＹＺＺＹ")
    assert code == 1
    assert out == "ＸＹＺＺＹ: no entry\n"
    assert err == "No dictionary entry for 「ＸＹＺＺＹ」.\n"


def test_bundled_resources_are_found():
    from app.core.paths import resources_dir

    assert (resources_dir() / "shiori.svg").is_file()
    assert "Exec=shiori" in (resources_dir() / "shiori.desktop").read_text(encoding="utf-8")


def test_annotate_to_an_unwritable_place_leaves_nothing_behind(article_path, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    target = blocker / "out.txt"  # a "folder" that is a file: no one can write there
    code, _, err = run("annotate", str(article_path), "--format", "text", "-o", str(target))
    assert code == 1 and "cannot write" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_one_document_into_an_existing_folder(article_path, tmp_path):
    code, _, _ = run("annotate", str(article_path), "--format", "html", "-o", str(tmp_path))
    assert code == 0
    assert (tmp_path / (article_path.stem + ".html")).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_several_documents_go_to_a_folder_one_file_each(article_path, rashomon_path, tmp_path):
    out = tmp_path / "out"
    code, _, err = run("annotate", str(article_path), str(rashomon_path), "--format", "aozora", "-o", str(out))
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([article_path.stem + ".aozora.txt", rashomon_path.stem + ".aozora.txt"])
    assert "下人《げにん》" in (out / (rashomon_path.stem + ".aozora.txt")).read_text(encoding="utf-8")


def test_several_documents_on_stdout_are_json_lines(article_path, rashomon_path, tmp_path):
    missing = tmp_path / "missing.txt"
    code, out, err = run("annotate", str(article_path), str(missing), str(rashomon_path))
    assert code == 1 and "missing.txt" in err  # the bad one is named, the others are still written
    lines = out.splitlines()
    assert len(lines) == 2
    docs = [json.loads(line) for line in lines]
    assert docs[0]["title"] == "ゼファーネットのロゴ" and docs[1]["format"] == "aozora"


def test_json_is_compact_unless_indented(article_path):
    _, compact, _ = run("annotate", str(article_path))
    _, indented, _ = run("annotate", str(article_path), "--indent", "2")
    assert compact.count("\n") == 1 and indented.count("\n") > 1000
    assert json.loads(compact) == json.loads(indented)
    assert '\n  "title": ' in indented


@pytest.mark.parametrize("argv", [
    ["--data-dir", "{d}", "annotate", "{f}", "--format", "text"],
    ["annotate", "--data-dir", "{d}", "{f}", "--format", "text"],
    ["-v", "annotate", "{f}", "--format", "text"],
    ["annotate", "{f}", "--format", "text", "-v"],
])
def test_common_options_go_anywhere(argv, article_path, tmp_path):
    argv = [a.format(d=tmp_path / "data", f=article_path) for a in argv]
    code, out, err = run(*argv)
    assert code == 0, err
    assert out.startswith(article_path.read_text(encoding="utf-8").splitlines()[0].strip()[:5])


def test_data_dir_before_bench_is_not_a_file_to_open(monkeypatch, tmp_path):
    import app.bench as bench

    seen = {}
    monkeypatch.setattr(bench, "run", lambda only=None: seen.setdefault("only", only) and 0)
    code, _, err = run("--data-dir", str(tmp_path), "bench", "--only", "nothing")
    assert seen == {"only": "nothing"}, err


def test_help_lists_every_command():
    code, out, _ = run_help("--help")
    assert code == 0
    for name in ("open", "annotate", "lookup", "bench"):
        assert any(line.strip().startswith(name + " ") for line in out.splitlines()), name
    assert "--data-dir" in out


def run_help(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as e:
            code = e.code
    return code, out.getvalue(), err.getvalue()
