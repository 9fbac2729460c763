"""Tests for app.core.documents on the bundled texts and on small synthetic files."""

from __future__ import annotations

import logging
import os
import random
import re
import zipfile
from pathlib import Path

import pytest

from app.core import documents
from app.core.documents import (
    MAX_FILE_BYTES,
    Document,
    DocumentError,
    Heading,
    RubySpan,
    decode,
    from_text,
    load,
)

ROOT = Path(__file__).resolve().parents[1]
RASHOMON = ROOT / "tests" / "data" / "rashomon_aozora_sjis.txt"
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]

KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ〇]")
KANA_ONLY = re.compile("[\u3041-\u309f\u30a0-\u30ff]+")
MARKUP = ("《", "》", "［＃", "｜", "※［")


def base(doc: Document, span: RubySpan) -> str:
    return doc.paragraphs[span.paragraph][span.start : span.end]


def pairs(doc: Document) -> list[tuple[str, str]]:
    return [(base(doc, r), r.ruby) for r in doc.ruby]


def assert_spans_valid(doc: Document) -> None:
    assert list(doc.ruby) == sorted(doc.ruby, key=lambda r: (r.paragraph, r.start))
    for span in doc.ruby:
        assert 0 <= span.paragraph < len(doc.paragraphs)
        assert 0 <= span.start < span.end <= len(doc.paragraphs[span.paragraph])
        assert span.ruby
    for heading in doc.headings:
        assert 0 <= heading.paragraph < len(doc.paragraphs)
        assert heading.level in (1, 2, 3)


def rashomon_text() -> str:
    return RASHOMON.read_bytes().decode("cp932").replace("\r\n", "\n")


LEGEND = """-------------------------------------------------------
【テキスト中に現れる記号について】

《》：ルビ
（例）下人《げにん》

｜：ルビの付く文字列の始まりを特定する記号
（例）所々｜丹塗《にぬり》の

［＃］：入力者注　主に外字の説明や、傍点の位置の指定
　　　（数字は、JIS X 0213の面区点番号、または底本のページと行数）
（例）※［＃「てへん＋丑」、第4水準2-12-93］
-------------------------------------------------------
"""

COLOPHON = """底本：「芥川龍之介全集1」ちくま文庫、筑摩書房
　　　1986（昭和61）年9月24日第1刷発行
入力：j.utsumi
校正：earthian
1998年1月29日公開
このファイルは、インターネットの図書館、青空文庫（http://www.aozora.gr.jp/）で作られました。"""


@pytest.fixture
def full_rashomon(tmp_path: Path) -> Path:
    """The bundled Rashomon body wrapped in a complete Aozora file (header, legend, colophon)."""
    text = "羅生門\n芥川龍之介\n\n" + LEGEND + "\n" + rashomon_text() + "\n\n\n\n" + COLOPHON + "\n"
    path = tmp_path / "rashomon_full.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode("cp932"))
    return path


# ---------------------------------------------------------------------------
# Rashomon (Shift_JIS, CRLF, Aozora markup)


@pytest.fixture(scope="module")
def rashomon() -> Document:
    return load(RASHOMON)


class TestRashomon:
    @pytest.fixture
    def doc(self, rashomon: Document) -> Document:
        return rashomon

    def test_detected_as_shift_jis_aozora(self, doc: Document) -> None:
        assert doc.encoding in ("cp932", "shift_jis")
        assert doc.format == "aozora"
        assert doc.source == str(RASHOMON)

    def test_one_paragraph_per_line(self, doc: Document) -> None:
        lines = [line for line in rashomon_text().split("\n") if line.strip()]
        assert len(doc.paragraphs) == len(lines) == 36

    def test_no_markup_left(self, doc: Document) -> None:
        for paragraph in doc.paragraphs:
            for marker in MARKUP:
                assert marker not in paragraph
            assert "\r" not in paragraph

    def test_full_width_indent_kept(self, doc: Document) -> None:
        assert doc.paragraphs[0].startswith("　ある日の暮方の事である。")
        assert (
            doc.paragraphs[0]
            == "　ある日の暮方の事である。一人の下人が、羅生門の下で雨やみを待っていた。"
        )
        assert doc.paragraphs[-1] == "　下人の行方は、誰も知らない。"
        assert sum(p.startswith("　") for p in doc.paragraphs) > 25

    def test_ruby_spans(self, doc: Document) -> None:
        found = pairs(doc)
        assert ("下人", "げにん") in found
        assert ("羅生門", "らしょうもん") in found
        assert ("朱雀大路", "すざくおおじ") in found
        # ｜ marks where the base starts: 所々｜丹塗《にぬり》 → 丹塗, not 所々丹塗.
        assert ("丹塗", "にぬり") in found
        assert "所々丹塗の剥げた" in doc.paragraphs[1]
        assert len(doc.ruby) == rashomon_text().count("《")

    def test_every_base_contains_kanji_and_every_reading_is_kana(self, doc: Document) -> None:
        assert_spans_valid(doc)
        for span in doc.ruby:
            assert KANJI.search(base(doc, span)), span
            assert KANA_ONLY.fullmatch(span.ruby), span

    def test_offsets_point_into_final_text(self, doc: Document) -> None:
        span = next(r for r in doc.ruby if r.ruby == "げにん")
        assert (span.paragraph, span.start, span.end) == (0, 16, 18)
        # Second paragraph: 剥《は》げた comes after 丹塗《にぬり》 was removed.
        p1 = doc.ruby_for(1)
        assert [base(doc, r) for r in p1[:3]] == ["丹塗", "剥", "円柱"]

    def test_gaiji_replaced_and_used_as_ruby_base(self, doc: Document) -> None:
        found = pairs(doc)
        # ※［＃「てへん＋丑」、第4水準2-12-93］《ね》じ倒した
        assert ("扭", "ね") in found
        assert any("無理にそこへ扭じ倒した" in p for p in doc.paragraphs)
        # ※［＃「目＋匡」、第3水準1-88-81］《まぶた》
        assert found.count(("眶", "まぶた")) == 2
        assert not any("※" in p or "〓" in p for p in doc.paragraphs)

    def test_latin_kept(self, doc: Document) -> None:
        assert any("平安朝の下人の Sentimentalisme に影響した" in p for p in doc.paragraphs)

    def test_no_header_means_title_from_file_name(self, doc: Document) -> None:
        # This copy is the body only (no title/author lines, legend or 底本).
        assert doc.title == "rashomon_aozora_sjis"
        assert doc.author is None
        assert doc.colophon is None

    def test_ruby_for_and_heading_level(self, doc: Document) -> None:
        assert sum(len(doc.ruby_for(i)) for i in range(len(doc.paragraphs))) == len(doc.ruby)
        assert doc.ruby_for(999) == ()
        assert doc.heading_level(0) is None


class TestFullAozoraFile:
    def test_header_legend_and_colophon(self, full_rashomon: Path) -> None:
        doc = load(full_rashomon)
        assert doc.title == "羅生門"
        assert doc.author == "芥川龍之介"
        assert doc.format == "aozora"
        assert doc.encoding in ("cp932", "shift_jis")
        assert doc.colophon is not None and doc.colophon.startswith("底本：「芥川龍之介全集1」")
        assert "1998年1月29日公開" in doc.colophon
        assert "\r" not in doc.colophon
        body = "\n".join(doc.paragraphs)
        assert "テキスト中に現れる記号について" not in body
        assert "-----" not in body
        assert "底本" not in body and "青空文庫" not in body
        assert "芥川龍之介" not in body
        assert doc.paragraphs[0].startswith("　ある日の暮方")
        assert doc.paragraphs[-1] == "　下人の行方は、誰も知らない。"
        # The legend's examples (下人《げにん》, ｜丹塗《にぬり》, ※［＃…］) are not body ruby.
        assert len(doc.ruby) == len(load(RASHOMON).ruby)
        assert doc.paragraphs == load(RASHOMON).paragraphs
        assert_spans_valid(doc)

    def test_same_text_pasted(self, full_rashomon: Path) -> None:
        text = full_rashomon.read_bytes().decode("cp932")
        doc = from_text(text)
        assert (doc.title, doc.author, doc.encoding, doc.source) == (
            "羅生門",
            "芥川龍之介",
            None,
            None,
        )
        assert doc.paragraphs == load(full_rashomon).paragraphs

    def test_header_without_legend(self) -> None:
        doc = from_text(
            "檸檬\n梶井基次郎\n\n　えたいの知れない不吉な塊が私の心を始終圧《おさ》えつけていた。\n\n底本：「檸檬」\n"
        )
        assert (doc.title, doc.author) == ("檸檬", "梶井基次郎")
        assert doc.paragraphs == ("　えたいの知れない不吉な塊が私の心を始終圧えつけていた。",)
        assert doc.colophon == "底本：「檸檬」"

    def test_header_with_translator(self) -> None:
        text = "変身\nフランツ・カフカ\n原田義人訳\n\n" + LEGEND + "\n　ある朝《あさ》。\n"
        doc = from_text(text)
        assert (doc.title, doc.author) == ("変身", "フランツ・カフカ")
        assert doc.paragraphs == ("　ある朝。",)

    def test_novel_length_text(self) -> None:
        body = rashomon_text()
        copies = 300_000 // len(body) + 1
        text = "羅生門\n芥川龍之介\n\n" + LEGEND + "\n" + body * copies
        text += "\n" + COLOPHON
        assert len(text) > 300_000
        doc = from_text(text)
        single = from_text("羅生門\n芥川龍之介\n\n" + LEGEND + "\n" + body + "\n" + COLOPHON)
        assert len(doc.ruby) == copies * len(single.ruby) > 5000
        assert doc.colophon == single.colophon and doc.title == "羅生門"


# ---------------------------------------------------------------------------
# Aozora markup, synthetic


class TestAozoraMarkup:
    def test_ruby_offsets_after_note_removal(self) -> None:
        doc = from_text(
            "［＃２字下げ］吾輩《わがはい》は猫《ねこ》である。［＃「猫」に傍点］名前《なまえ》はまだ無い。"
        )
        assert doc.format == "aozora"
        assert doc.paragraphs == ("吾輩は猫である。名前はまだ無い。",)
        assert [(r.start, r.end, r.ruby) for r in doc.ruby] == [
            (0, 2, "わがはい"),
            (3, 4, "ねこ"),
            (8, 10, "なまえ"),
        ]

    def test_kanji_run_includes_iteration_marks_and_extensions(self) -> None:
        doc = from_text(
            "時々《ときどき》と一ヶ月《いっかげつ》、〆切《しめきり》。㐂《き》と﨑《さき》と〇《まる》"
        )
        assert pairs(doc) == [
            ("時々", "ときどき"),
            ("一ヶ月", "いっかげつ"),
            ("〆切", "しめきり"),
            ("㐂", "き"),
            ("﨑", "さき"),
            ("〇", "まる"),
        ]

    def test_ruby_base_is_what_chars_calls_kanji(self) -> None:
        # the small ヵ and the vertical repeat 〻 read like kanji (app.core.chars),
        # an Extension G kanji is one, and 〓 (a gaiji without a code) counts too
        doc = from_text("の三ヵ月《さんかげつ》の屡〻《しばしば》の\U00030000《き》の〓字《げじ》")
        assert pairs(doc) == [
            ("三ヵ月", "さんかげつ"),
            ("屡〻", "しばしば"),
            ("\U00030000", "き"),
            ("〓字", "げじ"),
        ]

    def test_bar_marks_base_start(self) -> None:
        doc = from_text(
            "所々｜丹塗《にぬり》の柱、｜あいつ《・・・》、|Ｈ《エッチ》、大きな｜ジャン《じゃん》"
        )
        assert doc.paragraphs == ("所々丹塗の柱、あいつ、Ｈ、大きなジャン",)
        assert pairs(doc) == [
            ("丹塗", "にぬり"),
            ("あいつ", "・・・"),
            ("Ｈ", "エッチ"),
            ("ジャン", "じゃん"),
        ]

    def test_ruby_on_katakana_without_bar(self) -> None:
        doc = from_text("それはランプ《らんぷ》だ。漢字《かんじ》")
        assert pairs(doc) == [("ランプ", "らんぷ"), ("漢字", "かんじ")]

    def test_bracket_without_base_is_kept_as_text(self) -> None:
        doc = from_text("「《》」と書いた。漢字《かんじ》")
        assert doc.paragraphs[0] == "「《》」と書いた。漢字"
        assert pairs(doc) == [("漢字", "かんじ")]

    @pytest.mark.parametrize(
        ("note", "expected"),
        [
            ("※［＃「火＋稲のつくり」、第3水準1-87-64］", "燄"),
            ("※［＃小書き片仮名フ゜、1-6-84］", "ㇶ"),
            ("※［＃始め二重山括弧、1-1-52］", "《"),
            ("※［＃「てへん＋丑」、第4水準2-12-93］", "扭"),
            ("※［＃「てへん＋劣」、U+6318、123-4］", "挘"),
            ("※［＃「土へん＋竟」、unicode5883］", "境"),
            ("※［＃「口＋世」、123-4］", "〓"),
            ("※［＃半濁点付き平仮名か、1-4-87］", "か゚"),
        ],
    )
    def test_gaiji(self, note: str, expected: str) -> None:
        doc = from_text(f"前{note}後")
        assert doc.paragraphs == (f"前{expected}後",)
        assert doc.ruby == ()

    def test_gaiji_inside_ruby_base(self) -> None:
        doc = from_text(
            "そこへ※［＃「てへん＋丑」、第4水準2-12-93］《ね》じ倒した。鋭い眼※［＃「目＋匡」、第3水準1-88-81］《がんきょう》だ"
        )
        assert doc.paragraphs == ("そこへ扭じ倒した。鋭い眼眶だ",)
        assert pairs(doc) == [("扭", "ね"), ("眼眶", "がんきょう")]

    def test_gaiji_that_is_a_bracket_does_not_start_ruby(self) -> None:
        doc = from_text(
            "※［＃始め二重山括弧、1-1-52］本※［＃終わり二重山括弧、1-1-53］と漢字《かんじ》"
        )
        assert doc.paragraphs == ("《本》と漢字",)
        assert pairs(doc) == [("漢字", "かんじ")]

    def test_multi_char_gaiji_keeps_later_offsets_right(self) -> None:
        doc = from_text("※［＃半濁点付き平仮名か、1-4-87］の後の漢字《かんじ》")
        assert pairs(doc) == [("漢字", "かんじ")]

    def test_nested_note_removed(self) -> None:
        doc = from_text("猫［＃「※［＃「てへん＋丑」、第4水準2-12-93］」に傍点］だ")
        assert doc.paragraphs == ("猫だ",)

    @pytest.mark.parametrize(
        ("written", "expected"),
        [
            ("〔cafe'〕", "café"),
            ("〔e`〕", "è"),
            ("〔fe^te〕", "fête"),
            ("〔Noe:l〕", "Noël"),
            ("〔Sa~o Paulo〕", "São Paulo"),
            ("〔garc,on〕", "garçon"),
            ("〔a&〕", "å"),
            ("〔ae&〕", "æ"),
            ("〔Mo/ller〕", "Møller"),
            ("〔Stras&e〕", "Straße"),
            ("〔OE&uvre〕", "Œuvre"),
            ("〔Le Re^ve〕", "Le Rêve"),
        ],
    )
    def test_accent_decomposition(self, written: str, expected: str) -> None:
        doc = from_text(f"［＃ここから２字下げ］\n彼は{written}と言った")
        assert doc.paragraphs == (f"彼は{expected}と言った",)

    def test_accent_leaves_elision_and_japanese_brackets(self) -> None:
        doc = from_text("〔l'e'te'〕と〔注〕［＃改ページ］")
        assert doc.paragraphs == ("l'étéと〔注〕",)

    def test_headings(self) -> None:
        text = "\n".join(
            [
                "［＃改ページ］",
                "［＃３字下げ］一［＃「一」は大見出し］",
                "　本文《ほんぶん》です。",
                "［＃５字下げ］［＃中見出し］二［＃中見出し終わり］",
                "［＃ここから小見出し］",
                "三の章",
                "［＃ここで小見出し終わり］",
                "",
                "［＃７字下げ］四［＃「四」は中見出し］",
                "本文。",
                "［＃窓小見出し］五［＃窓小見出し終わり］",
            ]
        )
        doc = from_text(text)
        assert doc.paragraphs == ("一", "　本文です。", "二", "三の章", "", "四", "本文。", "五")
        assert doc.headings == (
            Heading(0, 1),
            Heading(2, 2),
            Heading(3, 3),
            Heading(5, 2),
            Heading(7, 3),
        )
        assert [doc.heading_level(i) for i in range(len(doc.paragraphs))] == [
            1,
            None,
            2,
            3,
            None,
            2,
            None,
            3,
        ]
        assert pairs(doc) == [("本文", "ほんぶん")]

    def test_unclosed_block_heading_does_not_swallow_the_text(self) -> None:
        doc = from_text("［＃ここから中見出し］\n一\n\n本文《ほんぶん》。\nまた本文。")
        assert doc.headings == (Heading(0, 2),)

    def test_note_only_lines_dropped_but_blank_lines_kept(self) -> None:
        doc = from_text(
            "一行目《いちぎょうめ》\n［＃改ページ］\n\n［＃ここから２字下げ］\n二行目\n［＃ここで字下げ終わり］\n\n\n三行目\n"
        )
        assert doc.paragraphs == ("一行目", "", "二行目", "", "", "三行目")

    def test_kunoji_repetition_marks(self) -> None:
        doc = from_text("いろ／＼な事、ばら／″＼と［＃「と」に傍点］")
        assert doc.paragraphs == ("いろ〳〵な事、ばら〴〵と",)

    def test_ruby_text_notes_cleaned(self) -> None:
        doc = from_text("漢字《かん［＃「かん」に傍点］じ》")
        assert pairs(doc) == [("漢字", "かんじ")]

    def test_title_from_first_short_unindented_line(self) -> None:
        doc = from_text("第一話\n　本文《ほんぶん》。")
        assert doc.title == "第一話"
        assert from_text("　本文《ほんぶん》。").title == "Untitled"
        assert from_text("　本文《ほんぶん》。", title="私の本").title == "私の本"


# ---------------------------------------------------------------------------
# Encodings


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


class TestEncodings:
    @pytest.mark.parametrize(
        ("codec", "expected"),
        [
            ("utf-8", "utf-8"),
            ("utf-8-sig", "utf-8-sig"),
            ("utf-16", "utf-16"),  # native order with BOM
            ("euc_jp", "euc_jp"),
        ],
    )
    def test_seed_round_trip(self, tmp_path: Path, codec: str, expected: str) -> None:
        path = tmp_path / "article.txt"
        path.write_bytes(seed_text().encode(codec))
        doc = load(path)
        assert doc.encoding == expected
        assert doc.paragraphs == load(SEED).paragraphs

    @pytest.mark.parametrize(
        ("codec", "bom"), [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")]
    )
    def test_utf16_both_byte_orders(self, tmp_path: Path, codec: str, bom: bytes) -> None:
        path = tmp_path / "article.txt"
        path.write_bytes(bom + seed_text().encode(codec))
        doc = load(path)
        assert doc.encoding == "utf-16"
        assert doc.paragraphs == load(SEED).paragraphs

    def test_seed_in_shift_jis(self, tmp_path: Path) -> None:
        # The article has a ® that Shift_JIS lacks; compare against what survives.
        text = seed_text().encode("cp932", errors="ignore").decode("cp932")
        path = tmp_path / "article.txt"
        path.write_bytes(text.encode("shift_jis", errors="ignore"))
        doc = load(path)
        assert doc.encoding in ("cp932", "shift_jis")
        assert doc.paragraphs == from_text(text).paragraphs

    @pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "euc_jp", "cp932"])
    def test_rashomon_round_trip(self, tmp_path: Path, codec: str) -> None:
        path = tmp_path / "rashomon.txt"
        path.write_bytes(rashomon_text().replace("\n", "\r\n").encode(codec))
        doc = load(path)
        assert doc.encoding == codec
        assert doc.paragraphs == load(RASHOMON).paragraphs
        assert pairs(doc) == pairs(load(RASHOMON))

    @pytest.mark.parametrize(
        ("text", "codec"),
        [
            ("こんにちは", "euc_jp"),
            ("こんにちは", "cp932"),
            ("漢字かな交じり文", "euc_jp"),
            ("ｱｲｳ半角カナ", "cp932"),
        ],
    )
    def test_short_strings_pick_the_right_japanese_codec(self, text: str, codec: str) -> None:
        assert decode(text.encode(codec)) == (text, codec)

    def test_ascii_is_utf8(self) -> None:
        assert decode(b"hello\n") == ("hello\n", "utf-8")

    def test_truncated_last_utf8_character(self) -> None:
        data = "日本語".encode() + "語".encode()[:2]
        assert decode(data) == ("日本語", "utf-8")

    def test_crlf_and_lone_cr_normalised(self, tmp_path: Path) -> None:
        path = tmp_path / "mixed.txt"
        path.write_bytes("一行目\r\n二行目\r三行目\n\r\n五行目".encode())
        doc = load(path)
        assert doc.paragraphs == ("一行目", "二行目", "三行目", "", "五行目")
        assert not any("\r" in p for p in doc.paragraphs)

    def test_undecodable(self, tmp_path: Path) -> None:
        path = tmp_path / "odd.txt"
        path.write_bytes(b"abc \x81\x20\x81\x20 def\n")
        with pytest.raises(DocumentError) as info:
            load(path)
        message = str(info.value)
        assert message.startswith(f"{path}: ")
        assert (
            "not in an encoding Shiori can read (tried UTF-8, UTF-16, Shift_JIS, EUC-JP)" in message
        )
        with pytest.raises(DocumentError, match="tried UTF-8"):
            decode(b"\x81\x20", "x.txt")

    def test_doubled_bom_matches_pasted_text(self, tmp_path: Path) -> None:
        text = "\ufeff\ufeff《"
        path = tmp_path / "bom.txt"
        path.write_text(text, encoding="utf-8")
        assert load(path).paragraphs == from_text(text).paragraphs == ("《",)

    # -- UTF-16 without a byte-order mark ----------------------------------

    @pytest.mark.parametrize("codec", ["utf-16-be", "utf-16-le"])
    def test_utf16_without_bom(self, tmp_path: Path, codec: str) -> None:
        text = "吾輩は猫である。\n名前はまだ無い。\n"
        path = tmp_path / "neko.txt"
        path.write_bytes(text.encode(codec))
        doc = load(path)
        assert doc.encoding == codec
        assert doc.paragraphs == ("吾輩は猫である。", "名前はまだ無い。")
        assert decode(text.encode(codec)) == (text, codec)

    @pytest.mark.parametrize("codec", ["utf-16-be", "utf-16-le"])
    def test_utf16_without_bom_real_texts(self, tmp_path: Path, codec: str) -> None:
        # Rashomon is full of 一 (U+4E00), whose code unit has a NUL in the
        # *low* byte; the article is half ASCII.
        for source, text in ((RASHOMON, rashomon_text()), (SEED, seed_text())):
            path = tmp_path / "text.txt"
            path.write_bytes(text.encode(codec))
            doc = load(path)
            assert doc.encoding == codec
            assert doc.paragraphs == load(source).paragraphs

    @pytest.mark.parametrize("codec", ["utf-16-be", "utf-16-le"])
    def test_utf16_without_bom_or_ascii(self, codec: str) -> None:
        text = "吾輩は猫である。名前はまだ無い。"  # not one NUL byte in it
        assert decode(text.encode(codec)) == (text, codec)

    def test_utf16_without_bom_odd_last_byte(self) -> None:
        data = "本文です。\n".encode("utf-16-le") + b"\x30"
        assert decode(data) == ("本文です。\n", "utf-16-le")

    @pytest.mark.parametrize("seed", range(20))
    def test_random_binary_with_nuls_is_still_binary(self, seed: int) -> None:
        rng = random.Random(seed)
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(16, 2000)))
        data = data[:8] + b"\x00" + data[8:]
        with pytest.raises(DocumentError, match="binary data"):
            decode(data, "x.bin")

    def test_nuls_in_both_byte_positions_are_binary(self) -> None:
        # half ASCII, half NUL-padded: neither byte order reads as text
        with pytest.raises(DocumentError, match="binary data"):
            decode(b"ab\x00c\x00\x00d\x01\x00ef\x00" * 20, "x.bin")

    # -- UTF-8 with a stray bad byte ---------------------------------------

    @staticmethod
    def _with_stray_byte(text: str, stray: bytes = b"\xff") -> bytes:
        data = text.encode("utf-8")
        middle = len(data) // 2
        while data[middle] & 0xC0 == 0x80:  # not inside a character
            middle += 1
        return data[:middle] + stray + data[middle:]

    @pytest.mark.parametrize("stray", [b"\xff", b"\x80", b"\xe3\x81"])
    def test_stray_byte_in_utf8(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture, stray: bytes
    ) -> None:
        path = tmp_path / "article.txt"
        path.write_bytes(self._with_stray_byte(seed_text(), stray))
        with caplog.at_level(logging.WARNING, logger="app.core.documents"):
            doc = load(path)
        assert doc.encoding == "utf-8"
        assert "".join(doc.paragraphs).count("\ufffd") == 1
        assert tuple(p.replace("\ufffd", "") for p in doc.paragraphs) == load(SEED).paragraphs
        assert any("damaged UTF-8" in r.getMessage() for r in caplog.records)

    def test_stray_byte_in_short_utf8(self) -> None:
        text = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。"
        decoded, encoding = decode(self._with_stray_byte(text))
        assert encoding == "utf-8"
        assert decoded.replace("\ufffd", "") == text

    def test_badly_damaged_utf8_is_not_utf8(self) -> None:
        # one bad byte every 50: far past "a stray byte"
        data = b"".join(
            "吾輩は猫である。名前はまだ無い。".encode() + b"\xff" for _ in range(40)
        )
        try:
            _, encoding = decode(data, "x.txt")
        except DocumentError:
            return
        assert encoding != "utf-8"

    def test_shift_jis_file_is_still_shift_jis(self) -> None:
        data = RASHOMON.read_bytes()
        text, encoding = decode(data)
        assert encoding == "cp932"
        assert "\ufffd" not in text
        assert load(RASHOMON).encoding == "cp932"

    # -- half-width katakana -------------------------------------------------

    @pytest.mark.parametrize(
        "text",
        [
            "ｶﾀｶﾅ ﾃﾞｽﾖ\nｱｲｳｴ ｵｶ\n",
            "ｺﾝﾆﾁﾊ｡ｷｮｳﾊ ｲｲ ﾃﾝｷﾃﾞｽﾈ｡\nｿｳﾃﾞｽﾈ､ｻﾝﾎﾟﾆ ｲｷﾏｼｮｳ｡\n",
        ],
    )
    def test_halfwidth_katakana_only(self, tmp_path: Path, text: str) -> None:
        assert decode(text.encode("cp932")) == (text, "cp932")
        path = tmp_path / "hankaku.txt"
        path.write_bytes(text.encode("cp932"))
        assert load(path).paragraphs == tuple(text.splitlines())

    @pytest.mark.parametrize(
        "text",
        ["下人の考えは――", "ってください…", "何故老婆", "人の下人", "平安朝の下人の "],
    )
    def test_euc_jp_short_strings_stay_euc_jp(self, text: str) -> None:
        # EUC-JP bytes are valid Shift_JIS half-width katakana too
        assert decode(text.encode("euc_jp")) == (text, "euc_jp")


# ---------------------------------------------------------------------------
# Plain text


class TestPlainText:
    def test_seed_article(self) -> None:
        doc = load(SEED)
        assert doc.format == "text"
        assert doc.encoding == "utf-8"
        assert doc.title == "ゼファーネットのロゴ"
        assert doc.author is None and doc.colophon is None
        assert len(doc.paragraphs) > 40
        assert doc.paragraphs[0] == "ゼファーネットのロゴ"
        assert doc.paragraphs[1] == ""  # blank lines kept
        assert doc.paragraphs.count("") > 20
        assert doc.ruby == () and doc.headings == ()
        assert doc.source == str(SEED)

    def test_lines_blank_lines_indent_and_trailing_space(self, tmp_path: Path) -> None:
        path = tmp_path / "story.txt"
        path.write_text(
            "\n\n短い題\n\n　段落の始まり。  \t\n　　二字下げ　\n\n\n最後\n\n", encoding="utf-8"
        )
        doc = load(path)
        assert doc.paragraphs == ("短い題", "", "　段落の始まり。", "　　二字下げ", "", "", "最後")
        assert doc.title == "短い題"

    def test_long_first_line_gives_file_stem_title(self, tmp_path: Path) -> None:
        path = tmp_path / "長い話.txt"
        path.write_text("あ" * 81 + "\n二行目\n", encoding="utf-8")
        assert load(path).title == "長い話"
        path.write_text("あ" * 80 + "\n", encoding="utf-8")
        assert load(path).title == "あ" * 80

    def test_from_text_plain(self) -> None:
        doc = from_text("\ufeff題名\r\n\r\n本文です。\x00\u2028次の行")
        assert doc.format == "text"
        assert doc.encoding is None and doc.source is None
        assert doc.title == "題名"
        assert doc.paragraphs == ("題名", "", "本文です。", "次の行")
        assert from_text("題名", title="別の題").title == "別の題"
        assert from_text("").paragraphs == ()
        assert from_text("").title == "Untitled"

    def test_paragraphs_never_contain_line_breaks(self) -> None:
        doc = from_text("a\x0bb\x0cc\x1cd\x85e\u2029f")
        assert doc.paragraphs == tuple("abcdef")

    def test_pathlike_and_str(self, tmp_path: Path) -> None:
        path = tmp_path / "a.txt"
        path.write_text("本文", encoding="utf-8")
        assert load(path).source == str(path)
        assert load(str(path)).paragraphs == ("本文",)


# ---------------------------------------------------------------------------
# HTML

HTML_SAMPLE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>  羅生門 &amp; その他 </title>
<style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
<body>
<h1>羅生門</h1>
<p>　ある日の暮方の事である。一人の<ruby>下人<rp>(</rp><rt>げにん</rt><rp>)</rp></ruby>が、
<ruby><rb>羅生門</rb><rp>（</rp><rt>らしょうもん</rt><rp>）</rp></ruby>の下で雨やみを待っていた。</p>
<h2>二</h2>
<div>一行目<br>二行目<br/>三行目</div>
<ul><li>項目 &lt;一&gt;</li><li><ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>の練習</li></ul>
<blockquote><p>引用 &#x3042; &hellip;</p></blockquote>
<h4>小さな見出し</h4>
<p>  English   words
 spaced   out  </p>
<pre>  整形済み
  二行目</pre>
</body></html>
"""


class TestHtml:
    @pytest.fixture
    def doc(self, tmp_path: Path) -> Document:
        path = tmp_path / "page.html"
        path.write_text(HTML_SAMPLE, encoding="utf-8")
        return load(path)

    def test_paragraphs(self, doc: Document) -> None:
        assert doc.format == "html"
        assert doc.encoding == "utf-8"
        assert doc.paragraphs == (
            "羅生門",
            "　ある日の暮方の事である。一人の下人が、羅生門の下で雨やみを待っていた。",
            "二",
            "一行目",
            "二行目",
            "三行目",
            "項目 <一>",
            "漢字の練習",
            "引用 あ …",
            "小さな見出し",
            "English words spaced out",
            "  整形済み",
            "  二行目",
        )

    def test_title_headings_ruby(self, doc: Document) -> None:
        assert doc.title == "羅生門 & その他"
        assert doc.headings == (Heading(0, 1), Heading(2, 2), Heading(9, 3))
        assert pairs(doc) == [
            ("下人", "げにん"),
            ("羅生門", "らしょうもん"),
            ("漢", "かん"),
            ("字", "じ"),
        ]
        assert_spans_valid(doc)

    def test_title_falls_back_to_h1_then_stem(self, tmp_path: Path) -> None:
        path = tmp_path / "no_title.htm"
        path.write_text(
            "<body><p>前文</p><h1>見出し<ruby>一<rt>いち</rt></ruby></h1></body>", encoding="utf-8"
        )
        assert load(path).title == "見出し一"
        path.write_text("<p>本文だけ</p>", encoding="utf-8")
        assert load(path).title == "no_title"

    def test_aozora_xhtml_conventions(self, tmp_path: Path) -> None:
        page = (
            '<?xml version="1.0" encoding="Shift_JIS"?>\n<html><head>'
            '<meta name="DC.Title" content="羅生門" /><meta name="DC.Creator" content="芥川龍之介" />'
            "<title>芥川龍之介 羅生門</title></head><body>"
            '<h4 class="naka-midashi"><a>一</a></h4>\r\n'
            '<div class="main_text">　無理にそこへ<img src="x.png" alt="※(「てへん＋丑」、第4水準2-12-93)" class="gaiji" />'
            "<ruby><rb>倒</rb><rp>（</rp><rt>たお</rt><rp>）</rp></ruby>した。"
            '<span class="notes">［＃「一」は中見出し］</span><br />\r\n次の行</div></body></html>'
        )
        path = tmp_path / "card.xhtml"
        path.write_bytes(page.encode("cp932"))
        doc = load(path)
        assert doc.encoding in ("cp932", "shift_jis")
        assert (doc.title, doc.author) == ("羅生門", "芥川龍之介")
        assert doc.paragraphs == ("一", "　無理にそこへ扭倒した。", "次の行")
        assert doc.headings == (Heading(0, 2),)
        assert pairs(doc) == [("倒", "たお")]

    def test_html_sniffed_without_html_suffix(self, tmp_path: Path) -> None:
        path = tmp_path / "saved_page"
        path.write_text("<!doctype html><p>本文<ruby>漢<rt>かん</rt></ruby></p>", encoding="utf-8")
        doc = load(path)
        assert doc.format == "html"
        assert doc.paragraphs == ("本文漢",)

    def test_markup_html_parser_chokes_on_is_kept_as_text(self, tmp_path: Path) -> None:
        path = tmp_path / "odd.html"
        path.write_text("<p>a <![foo b</p><p>c&#13;d&#x2028;e</p>", encoding="utf-8")
        assert load(path).paragraphs == ("a <![foo b", "c d e")

    def test_newline_between_japanese_runs_does_not_become_a_space(self, tmp_path: Path) -> None:
        path = tmp_path / "wrap.html"
        path.write_text("<p>これは長い\n  文章です。Hello\nworld</p>", encoding="utf-8")
        assert load(path).paragraphs == ("これは長い文章です。Hello world",)

    @staticmethod
    def _page(tmp_path: Path, body: str) -> Document:
        path = tmp_path / "ruby.html"
        path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
        doc = load(path)
        assert_spans_valid(doc)
        return doc

    @pytest.mark.parametrize(
        "body",
        [
            "<p><ruby>漢<br/>字<rt>かんじ</rt></ruby>です</p>",  # <br> in the base
            "<p><ruby>漢字<rt>かん<br>じ</rt></ruby>です</p>",  # <br> in the reading
            "<p><ruby>漢字<rt>かん<div>じ</div></rt></ruby>です</p>",  # block in the reading
            "<p><ruby>漢字<rt><p>かん</p>じ</rt></ruby>です</p>",
            "<p><ruby><div>漢</div>字<rt>かんじ</rt></ruby>です</p>",  # block in the base
            "<p><ruby>漢<hr/>字<rt>かんじ</rt></ruby>です</p>",
        ],
    )
    def test_breaks_inside_ruby_do_not_split_it(self, tmp_path: Path, body: str) -> None:
        doc = self._page(tmp_path, body + "<p>次の段落</p>")
        assert doc.paragraphs == ("漢字です", "次の段落")
        assert pairs(doc) == [("漢字", "かんじ")]

    def test_block_end_closes_an_unclosed_ruby(self, tmp_path: Path) -> None:
        doc = self._page(tmp_path, "<p>前<ruby>漢字<rt>かんじ</p><p>次の<br>段落</p>")
        assert doc.paragraphs == ("前漢字", "次の", "段落")
        assert pairs(doc) == [("漢字", "かんじ")]

    def test_unclosed_ruby_does_not_swallow_the_page(self, tmp_path: Path) -> None:
        lines = [f"{i}行目の本文です。" for i in range(30)]
        doc = self._page(tmp_path, "<ruby>漢字<rt>かんじ</rt>" + "<br>".join(lines))
        assert len(doc.paragraphs) > 20
        assert doc.paragraphs[-1] == lines[-1]


# ---------------------------------------------------------------------------
# EPUB

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

OPF = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:title>吾輩は猫である</dc:title><dc:creator>夏目漱石</dc:creator>
  </metadata>
  <manifest>
    <item id="c1" href="text/chapter%201.xhtml" media-type="application/xhtml+xml"/>
    <item id="c2" href="text/chapter2.xhtml" media-type="application/xhtml+xml"/>
    <item id="cover" href="images/cover.jpg" media-type="image/jpeg"/>
    {extra_item}
  </manifest>
  <spine>{spine}</spine>
</package>"""

CHAPTER1 = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>一</title></head><body>
<h1>一</h1><p>　<ruby>吾輩<rt>わがはい</rt></ruby>は猫である。</p><p>名前はまだ無い。</p>
</body></html>"""

CHAPTER2 = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>二</title></head><body>
<h2>二</h2><p>　<ruby>吾輩<rt>わがはい</rt></ruby>は<ruby>主人<rt>しゅじん</rt></ruby>と暮らす。</p>
</body></html>"""

NAV = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>目次</title></head><body><nav epub:type="toc"><h1>目次</h1><ol>
<li><a href="text/chapter%201.xhtml">一</a></li><li><a href="text/chapter2.xhtml">二</a></li>
</ol></nav></body></html>"""


def make_epub(
    path: Path,
    *,
    spine: str = '<itemref idref="cover"/><itemref idref="c1"/><itemref idref="c2"/>',
    files: dict[str, str | bytes] | None = None,
    skip: tuple[str, ...] = (),
    extra_item: str = "",
) -> Path:
    # Zip order deliberately differs from spine order: chapter 2 is stored first.
    entries: dict[str, str | bytes] = {
        "mimetype": "application/epub+zip",
        "OEBPS/text/chapter2.xhtml": CHAPTER2,
        "META-INF/container.xml": CONTAINER,
        "OEBPS/content.opf": OPF.format(spine=spine, extra_item=extra_item),
        "OEBPS/text/chapter 1.xhtml": CHAPTER1,
        "OEBPS/images/cover.jpg": b"\xff\xd8\xff\xe0 not really a jpeg",
    }
    entries.update(files or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            if name not in skip:
                zf.writestr(name, data)
    return path


class TestEpub:
    def test_spine_order_metadata_and_offsets(self, tmp_path: Path) -> None:
        doc = load(make_epub(tmp_path / "neko.epub"))
        assert doc.format == "epub"
        assert (doc.title, doc.author) == ("吾輩は猫である", "夏目漱石")
        assert doc.paragraphs == (
            "一",
            "　吾輩は猫である。",
            "名前はまだ無い。",
            "二",
            "　吾輩は主人と暮らす。",
        )
        assert doc.headings == (Heading(0, 1), Heading(3, 2))
        assert [(r.paragraph, r.start, r.end, r.ruby) for r in doc.ruby] == [
            (1, 1, 3, "わがはい"),
            (4, 1, 3, "わがはい"),
            (4, 4, 6, "しゅじん"),
        ]
        assert doc.ruby_for(4) == doc.ruby[1:]
        assert doc.heading_level(3) == 2
        assert_spans_valid(doc)

    def test_reversed_spine(self, tmp_path: Path) -> None:
        doc = load(
            make_epub(tmp_path / "b.epub", spine='<itemref idref="c2"/><itemref idref="c1"/>')
        )
        assert doc.paragraphs[0] == "二"
        assert doc.headings == (Heading(0, 2), Heading(2, 1))
        assert [r.paragraph for r in doc.ruby] == [1, 1, 3]

    def test_epub_detected_by_content_not_name(self, tmp_path: Path) -> None:
        doc = load(make_epub(tmp_path / "book.zip"))
        assert doc.format == "epub"

    def test_title_falls_back_to_stem(self, tmp_path: Path) -> None:
        opf = OPF.replace("<dc:title>吾輩は猫である</dc:title>", "").format(
            spine='<itemref idref="c1"/>', extra_item=""
        )
        doc = load(make_epub(tmp_path / "untitled.epub", files={"OEBPS/content.opf": opf}))
        assert doc.title == "untitled"

    def test_package_without_namespaces(self, tmp_path: Path) -> None:
        sloppy = (
            "<package><metadata><title>題</title><creator>作者</creator></metadata>"
            '<manifest><item id="c1" href="./text/chapter%201.xhtml"/></manifest>'
            '<spine><itemref idref="c1"/></spine></package>'
        )
        doc = load(make_epub(tmp_path / "a.epub", files={"OEBPS/content.opf": sloppy}))
        assert (doc.title, doc.author) == ("題", "作者")
        assert doc.paragraphs == ("一", "　吾輩は猫である。", "名前はまだ無い。")

    def test_not_a_zip(self, tmp_path: Path) -> None:
        path = tmp_path / "broken.epub"
        path.write_bytes(b"PK\x03\x04 this is not really a zip file at all")
        with pytest.raises(DocumentError, match=r"broken\.epub: .*damaged.*ZIP"):
            load(path)
        path.write_text("plain words", encoding="utf-8")
        with pytest.raises(DocumentError, match="damaged"):
            load(path)

    def test_missing_container(self, tmp_path: Path) -> None:
        path = make_epub(tmp_path / "a.epub", skip=("META-INF/container.xml",))
        with pytest.raises(DocumentError, match="container.xml"):
            load(path)

    def test_missing_opf(self, tmp_path: Path) -> None:
        path = make_epub(tmp_path / "a.epub", skip=("OEBPS/content.opf",))
        with pytest.raises(DocumentError, match="package file OEBPS/content.opf is missing"):
            load(path)

    def test_broken_xml(self, tmp_path: Path) -> None:
        path = make_epub(tmp_path / "a.epub", files={"OEBPS/content.opf": "<package><unclosed>"})
        with pytest.raises(DocumentError, match="not valid XML"):
            load(path)

    def test_entity_bomb_refused(self, tmp_path: Path) -> None:
        bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><package>&a;</package>'
        path = make_epub(tmp_path / "a.epub", files={"OEBPS/content.opf": bomb})
        with pytest.raises(DocumentError, match="not valid XML"):
            load(path)

    def test_spine_item_not_in_manifest(self, tmp_path: Path) -> None:
        path = make_epub(tmp_path / "a.epub", spine='<itemref idref="c1"/><itemref idref="ghost"/>')
        with pytest.raises(DocumentError, match="chapter “ghost”.*missing"):
            load(path)

    def test_spine_file_missing_from_zip(self, tmp_path: Path) -> None:
        path = make_epub(tmp_path / "a.epub", skip=("OEBPS/text/chapter2.xhtml",))
        with pytest.raises(DocumentError, match="chapter OEBPS/text/chapter2.xhtml .*missing"):
            load(path)

    def test_entry_size_limit(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(documents.epub, "MAX_EPUB_ENTRY_BYTES", 1024)  # only chapter 2 is larger
        path = make_epub(
            tmp_path / "a.epub", files={"OEBPS/text/chapter2.xhtml": CHAPTER2 + " " * 1000}
        )
        with pytest.raises(
            DocumentError,
            match=r"too large to open safely \(OEBPS/text/chapter2\.xhtml unpacks to 1\.3 KB, "
            r"more than the 1 KB Shiori unpacks from one part of a book\)\.$",
        ):
            load(path)

    def test_real_zip_bomb_entry_rejected(self, tmp_path: Path) -> None:
        path = make_epub(
            tmp_path / "bomb.epub",
            spine='<itemref idref="c1"/><itemref idref="huge"/>',
            extra_item='<item id="huge" href="text/huge.xhtml" media-type="application/xhtml+xml"/>',
        )
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
            with zf.open("OEBPS/text/huge.xhtml", "w", force_zip64=True) as handle:
                block = b" " * (1 << 20)
                for _ in range(51):
                    handle.write(block)
        assert path.stat().st_size < 1024 * 1024  # tiny on disk, 51 MB unpacked
        with pytest.raises(DocumentError, match="huge.xhtml unpacks to 51 MB, more than the 50 MB"):
            load(path)

    def test_total_size_limit(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(documents.epub, "MAX_EPUB_TOTAL_BYTES", 500)
        with pytest.raises(DocumentError, match=r"unpacks to \d\.\d KB, more than the 500 bytes"):
            load(make_epub(tmp_path / "a.epub"))

    def test_drm(self, tmp_path: Path) -> None:
        encryption = (
            '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
            'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
            '<enc:CipherData><enc:CipherReference URI="OEBPS/text/chapter2.xhtml"/></enc:CipherData>'
            "</enc:EncryptedData></encryption>"
        )
        path = make_epub(tmp_path / "a.epub", files={"META-INF/encryption.xml": encryption})
        with pytest.raises(DocumentError, match="DRM"):
            load(path)

    def test_images_only(self, tmp_path: Path) -> None:
        path = make_epub(tmp_path / "manga.epub", spine='<itemref idref="cover"/>')
        with pytest.raises(DocumentError, match="no text"):
            load(path)

    NEKO = ("一", "　吾輩は猫である。", "名前はまだ無い。", "二", "　吾輩は主人と暮らす。")
    NAV_ITEM = '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml"{props}/>'

    def _with_nav(self, path: Path, spine_nav: str, props: str) -> Document:
        return load(
            make_epub(
                path,
                spine=f'{spine_nav}<itemref idref="c1"/><itemref idref="c2"/>',
                extra_item=self.NAV_ITEM.format(props=props),
                files={"OEBPS/nav.xhtml": NAV},
            )
        )

    def test_nav_document_in_spine_is_skipped(self, tmp_path: Path) -> None:
        doc = self._with_nav(tmp_path / "a.epub", '<itemref idref="nav"/>', ' properties="nav"')
        assert doc.paragraphs == self.NEKO
        assert doc.headings == (Heading(0, 1), Heading(3, 2))
        assert [r.paragraph for r in doc.ruby] == [1, 4, 4]

    def test_non_linear_spine_item_is_skipped(self, tmp_path: Path) -> None:
        doc = self._with_nav(tmp_path / "a.epub", '<itemref idref="nav" linear="no"/>', "")
        assert doc.paragraphs == self.NEKO
        assert doc.headings == (Heading(0, 1), Heading(3, 2))

    def test_linear_nav_without_properties_is_read(self, tmp_path: Path) -> None:
        # nothing marks it as navigation, so it is part of the book
        doc = self._with_nav(tmp_path / "a.epub", '<itemref idref="nav"/>', "")
        assert doc.paragraphs[:2] == ("目次", "一")

    def test_book_of_only_skipped_items_is_still_read(self, tmp_path: Path) -> None:
        path = make_epub(
            tmp_path / "a.epub",
            spine='<itemref idref="cover"/><itemref idref="nav"/><itemref idref="c1" linear="no"/>',
            extra_item=self.NAV_ITEM.format(props=' properties="scripted nav"'),
            files={"OEBPS/nav.xhtml": NAV},
        )
        doc = load(path)
        assert doc.paragraphs == ("目次", "一", "二", "一", "　吾輩は猫である。", "名前はまだ無い。")

    def test_missing_non_linear_item_does_not_break_the_book(self, tmp_path: Path) -> None:
        doc = load(
            make_epub(
                tmp_path / "a.epub",
                spine='<itemref idref="ghost" linear="no"/><itemref idref="c1"/>',
            )
        )
        assert doc.paragraphs == self.NEKO[:3]

    def test_href_from_archive_root(self, tmp_path: Path) -> None:
        opf = OPF.replace('href="text/chapter%201.xhtml"', 'href="/OEBPS/text/chapter%201.xhtml"')
        path = make_epub(
            tmp_path / "a.epub",
            files={"OEBPS/content.opf": opf.format(spine='<itemref idref="c1"/>', extra_item="")},
        )
        assert load(path).paragraphs == self.NEKO[:3]

    def test_stray_byte_in_a_chapter(self, tmp_path: Path) -> None:
        chapter = CHAPTER1.encode().replace("名前は".encode(), "名前".encode() + b"\xff" + "は".encode())
        path = make_epub(tmp_path / "a.epub", files={"OEBPS/text/chapter 1.xhtml": chapter})
        doc = load(path)
        assert doc.paragraphs[2] == "名前\ufffdはまだ無い。"
        assert doc.paragraphs[3:] == self.NEKO[3:]


# ---------------------------------------------------------------------------
# Bad input


class TestBadInput:
    def test_missing_file(self, tmp_path: Path) -> None:
        missing = tmp_path / "nothing.txt"
        with pytest.raises(DocumentError, match=rf"^{re.escape(str(missing))}: this file does not exist\.$"):
            load(missing)
        with pytest.raises(DocumentError, match="does not exist"):
            load(tmp_path / "no_dir" / "x.txt")

    def test_directory(self, tmp_path: Path) -> None:
        with pytest.raises(DocumentError, match="folder"):
            load(tmp_path)

    def test_fifo(self, tmp_path: Path) -> None:
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        path = tmp_path / "pipe"
        os.mkfifo(path)
        with pytest.raises(DocumentError, match="not an ordinary file"):
            load(path)

    def test_empty(self, tmp_path: Path) -> None:
        path = tmp_path / "empty.txt"
        path.write_bytes(b"")
        with pytest.raises(DocumentError, match=rf"^{re.escape(str(path))}: this file is empty\.$"):
            load(path)

    def test_only_whitespace(self, tmp_path: Path) -> None:
        path = tmp_path / "blank.txt"
        path.write_text("\n \n　\n", encoding="utf-8")
        with pytest.raises(DocumentError, match="contains no text"):
            load(path)

    def test_too_large_checked_before_reading(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "huge.txt"
        with open(path, "wb") as handle:
            handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk

        def no_open(*args: object, **kwargs: object) -> None:
            raise AssertionError("the file must not be read")

        monkeypatch.setattr(documents.loader, "open", no_open, raising=False)
        with pytest.raises(DocumentError, match=r"is 50\.1 MB, more than the 50 MB Shiori opens\.$"):
            load(path)

    @pytest.mark.parametrize(
        ("data", "kind"),
        [
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG image"),
            (b"\xff\xd8\xff\xe0\0\x10JFIF", "JPEG image"),
            (b"GIF89a\x01\0\x01\0", "GIF image"),
            (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
            (b"\x1f\x8b\x08\0\0\0\0\0", "gzip"),
            (b"\x7fELF\x02\x01\x01\0", "ELF"),
            (b"SQLite format 3\0", "SQLite"),
        ],
    )
    def test_binary_magic(self, tmp_path: Path, data: bytes, kind: str) -> None:
        path = tmp_path / "picture.txt"
        path.write_bytes(data + bytes(range(256)))
        with pytest.raises(DocumentError, match=f"not text; it looks like .*{kind}"):
            load(path)

    def test_nul_bytes(self, tmp_path: Path) -> None:
        path = tmp_path / "data.bin"
        path.write_bytes(b"abc\0def" * 10)
        with pytest.raises(DocumentError, match="binary data"):
            load(path)

    def test_zip_that_is_not_epub(self, tmp_path: Path) -> None:
        path = tmp_path / "photos.txt"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("a.txt", "hello")
        with pytest.raises(
            DocumentError,
            match=rf"^{re.escape(str(path))}: this file is not text; it looks like a ZIP archive\.$",
        ):
            load(path)

    def test_permission_error(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        path = tmp_path / "secret.txt"
        path.write_text("秘密", encoding="utf-8")

        def denied(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(documents.loader, "open", denied, raising=False)
        with pytest.raises(DocumentError, match="not allowed to read"):
            load(path)

    def test_permission_error_on_stat(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def denied(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(documents.loader.os, "stat", denied)
        with pytest.raises(DocumentError, match="not allowed to read"):
            load(tmp_path / "x.txt")

    def test_unexpected_bug_becomes_a_sentence(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "ok.txt"
        path.write_text("本文", encoding="utf-8")

        def boom(*args: object, **kwargs: object) -> None:
            raise KeyError("bug")

        monkeypatch.setattr(documents.plain, "parse", boom)
        with pytest.raises(DocumentError, match="could not read this file"):
            load(path)

    def test_error_message_is_one_sentence(self, tmp_path: Path) -> None:
        with pytest.raises(DocumentError) as info:
            load(tmp_path / "gone.txt")
        assert "\n" not in str(info.value)
        assert "Traceback" not in str(info.value)


def test_document_sorts_ruby_and_indexes() -> None:
    doc = Document(
        title="t",
        author=None,
        format="text",
        encoding=None,
        paragraphs=["漢字", "本"],
        headings=[Heading(1, 2)],
        ruby=[RubySpan(1, 0, 1, "ほん"), RubySpan(0, 1, 2, "じ"), RubySpan(0, 0, 1, "かん")],
    )
    assert [(r.paragraph, r.start) for r in doc.ruby] == [(0, 0), (0, 1), (1, 0)]
    assert [r.ruby for r in doc.ruby_for(0)] == ["かん", "じ"]
    assert doc.heading_level(1) == 2
    assert doc.heading_level(0) is None
    assert isinstance(doc.paragraphs, tuple) and isinstance(doc.ruby, tuple)
    assert doc.ruby_for(1) == (RubySpan(1, 0, 1, "ほん"),) and doc.ruby_for(5) == ()


def test_document_caches_are_not_fields() -> None:
    import dataclasses

    doc = from_text("漢字《かんじ》")
    doc.ruby_for(0)
    assert [f.name for f in dataclasses.fields(doc)] == [
        "title", "author", "format", "encoding", "paragraphs", "headings", "ruby", "colophon", "source", "id",
    ]  # fmt: skip
    assert dataclasses.replace(doc, title="x").ruby_for(0) == doc.ruby
    assert doc == from_text("漢字《かんじ》")


def test_html_ruby_containers_and_paired_bases(tmp_path) -> None:
    """<rtc> is annotation, not text; <rb><rb><rt><rt> pairs readings with bases in order."""
    from app.core.documents import load

    page = tmp_path / "ruby.html"
    page.write_text(
        "<html><body><p><ruby><rb>東京</rb><rtc>Tokyo</rtc></ruby>に行く。</p>"
        "<p><ruby><rb>東</rb><rb>京</rb><rt>とう</rt><rt>きょう</rt></ruby>に行く。</p></body></html>",
        encoding="utf-8")
    doc = load(page)
    assert doc.paragraphs == ("東京に行く。", "東京に行く。")
    assert [(r.paragraph, r.start, r.end, r.ruby) for r in doc.ruby] == [(1, 0, 1, "とう"), (1, 1, 2, "きょう")]
