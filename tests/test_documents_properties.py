"""Property tests: whatever the input, loading gives a Document or a DocumentError."""

from __future__ import annotations

import io
import itertools
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.documents import Document, DocumentError, aozora, decode, from_text, load

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
INTERNAL_ERROR = "internal error"

_counter = itertools.count()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("documents_properties")


def write(workdir: Path, data: bytes, suffix: str) -> Path:
    path = workdir / f"f{next(_counter)}{suffix}"
    path.write_bytes(data)
    return path


def check_document(doc: Document) -> None:
    """The invariants every consumer of a Document relies on."""
    assert isinstance(doc, Document)
    assert isinstance(doc.title, str) and doc.title
    assert doc.format in ("text", "aozora", "html", "epub")
    for paragraph in doc.paragraphs:
        assert isinstance(paragraph, str)
        assert paragraph.splitlines() in ([], [paragraph])  # no hidden line breaks
    assert list(doc.ruby) == sorted(doc.ruby, key=lambda r: (r.paragraph, r.start))
    previous_end: dict[int, int] = {}
    for span in doc.ruby:
        assert 0 <= span.paragraph < len(doc.paragraphs)
        assert 0 <= span.start < span.end <= len(doc.paragraphs[span.paragraph])
        assert span.ruby
        assert span.start >= previous_end.get(span.paragraph, 0)  # no overlaps
        previous_end[span.paragraph] = span.end
    for heading in doc.headings:
        assert 0 <= heading.paragraph < len(doc.paragraphs)
        assert heading.level in (1, 2, 3)
    spans = [span for i in range(len(doc.paragraphs)) for span in doc.ruby_for(i)]
    assert tuple(spans) == doc.ruby


def load_contract(path: Path) -> Document | None:
    try:
        doc = load(path)
    except DocumentError as e:
        message = str(e)
        assert message and "\n" not in message
        assert INTERNAL_ERROR not in message, message
        return None
    check_document(doc)
    return doc


# ---------------------------------------------------------------------------
# Random bytes

PREFIXES = [
    b"",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"PK\x03\x04",
    b"<html><body>",
    "漢字《かんじ》［＃".encode("cp932"),
    "ひらがな".encode("euc_jp"),
]


@SETTINGS
@given(
    prefix=st.sampled_from(PREFIXES),
    data=st.binary(max_size=600),
    suffix=st.sampled_from([".txt", ".html", ".epub", ".xhtml", ""]),
)
def test_random_bytes_load(workdir: Path, prefix: bytes, data: bytes, suffix: str) -> None:
    load_contract(write(workdir, prefix + data, suffix))


@SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes_decode(data: bytes) -> None:
    try:
        text, encoding = decode(data, "x")
    except DocumentError as e:
        assert str(e).startswith("x: ")
        return
    assert isinstance(text, str)
    assert encoding in {
        "utf-8",
        "utf-8-sig",
        "utf-16",
        "utf-16-be",
        "utf-16-le",
        "utf-32",
        "cp932",
        "euc_jp",
        "shift_jis_2004",
        "euc_jis_2004",
    }


@st.composite
def epub_like(draw: st.DrawFn) -> bytes:
    """Archives that are nearly EPUBs, with random holes and garbage in them."""
    container = draw(
        st.sampled_from(
            [
                '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                '<rootfile full-path="c.opf"/></rootfiles></container>',
                "<container><rootfile/></container>",
                "not xml",
            ]
        )
    )
    items = draw(st.lists(st.sampled_from(["a", "b", "ghost"]), max_size=4))
    opf = (
        '<package xmlns="http://www.idpf.org/2007/opf"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{draw(st.text(max_size=5).map(lambda t: t.replace('<', '').replace('&', '')))}</dc:title>"
        '</metadata><manifest><item id="a" href="a.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="b" href="sub/b%20c.html" media-type="text/html"/></manifest><spine>'
        + "".join(f'<itemref idref="{i}"/>' for i in items)
        + "</spine></package>"
    )
    chapter = (
        draw(st.binary(max_size=80))
        if draw(st.booleans())
        else draw(st.text(alphabet="<>/rubyt漢字かなp h1\n&;", max_size=80)).encode()
    )
    entries = {
        "mimetype": b"application/epub+zip",
        "META-INF/container.xml": container.encode(),
        "c.opf": opf.encode(),
        "a.xhtml": chapter,
        "sub/b c.html": b"<p>\xe6\xbc\xa2<ruby>\xe5\xad\x97<rt>\xe3\x81\x98</rt></ruby></p>",
    }
    keep = draw(st.lists(st.sampled_from(sorted(entries)), unique=True, min_size=3))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in keep:
            zf.writestr(name, entries[name])
    raw = buffer.getvalue()
    if draw(st.booleans()):
        cut = draw(st.integers(min_value=0, max_value=len(raw)))
        raw = raw[:cut] + draw(st.binary(max_size=10)) + raw[cut + 1 :]
    return raw


@SETTINGS
@given(data=epub_like(), suffix=st.sampled_from([".epub", ".zip"]))
def test_damaged_epubs(workdir: Path, data: bytes, suffix: str) -> None:
    load_contract(write(workdir, data, suffix))


HTML_TOKENS = [
    "<ruby>", "</ruby>", "<rt>", "</rt>", "<rp>", "</rp>", "<rb>", "</rb>", "<rtc>", "<p>", "</p>",
    "<br>", "<br/>", "<div>", "</div>", "<h1>", "</h1>", '<h3 class="o-midashi">', "</h3>", "<li>",
    "<script>", "</script>", "<style>", "</style>", "<head>", "</head>", "<body>", "<title>",
    "</title>", "<pre>", "</pre>", '<img class="gaiji" alt="※(第3水準1-87-64)">', "<img>",
    '<span class="notes">', "</span>", '<meta name="author" content="著者">', "<svg><title>x",
    "</svg>", "&amp;", "&#12354;", "&#0;", "&#13;", "&#x2028;", "&#11;", "&#x85;", "&#1;", "&bogus", "<![x", "<![CDATA[", "]]>", "<!--", "-->",
    "<!DOCTYPE html>", "<", ">", "\n", "\r\n", " ", "　", "\x00",
]  # fmt: skip

html_like = st.lists(
    st.one_of(st.sampled_from(HTML_TOKENS), st.text(alphabet="漢字かなabc 　", max_size=4)),
    max_size=40,
).map("".join)


@SETTINGS
@given(page=html_like, codec=st.sampled_from(["utf-8", "utf-16"]))
def test_random_html(workdir: Path, page: str, codec: str) -> None:
    doc = load_contract(write(workdir, page.encode(codec), ".html"))
    if doc is not None:
        assert doc.format == "html"
        assert all(p.strip() for p in doc.paragraphs)


# ---------------------------------------------------------------------------
# Random Aozora-like markup

TOKENS = [
    "《", "》", "｜", "|", "［＃", "］", "※", "〔", "〕", "「", "」", "\n", "\r\n", "\r", "　", " ",
    "漢字《かんじ》", "｜あいう《えお》", "※［＃「てへん＋丑」、第4水準2-12-93］", "※［＃始め二重山括弧、1-1-52］",
    "※［＃「口＋世」、123-4］", "※［＃U+6318］", "［＃改ページ］", "［＃「一」は中見出し］", "［＃大見出し］",
    "［＃大見出し終わり］", "［＃ここから小見出し］", "［＃ここで小見出し終わり］", "［＃３字下げ］",
    "〔cafe'〕", "〔garc,on〕", "〔ae&〕", "／＼", "底本：", "-" * 55, "【テキスト中に現れる記号について】",
    "e'", "a&", "々", "ヶ", "〓", "\x00", "\x85", "\u2028", "\ufeff",
]  # fmt: skip
CHARS = "漢字本文下人羅生門あいうえおカタカナABCxyz0１々〆ヶ〇㐂﨑、。"

aozora_like = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.text(alphabet=CHARS, max_size=4)), max_size=40
).map("".join)


@SETTINGS
@given(text=aozora_like)
def test_random_markup_from_text(text: str) -> None:
    doc = from_text(text)  # must not raise at all
    check_document(doc)
    assert doc.encoding is None and doc.source is None


@SETTINGS
@given(text=aozora_like, codec=st.sampled_from(["utf-8", "cp932", "euc_jp", "utf-16"]))
def test_random_markup_load(workdir: Path, text: str, codec: str) -> None:
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    doc = load_contract(write(workdir, data, ".txt"))
    if doc is not None and codec in ("utf-8", "utf-16") and "\x00" not in text:
        pasted = from_text(text)
        assert doc.paragraphs == pasted.paragraphs
        assert doc.ruby == pasted.ruby
        assert doc.headings == pasted.headings


@SETTINGS
@given(
    text=st.text(alphabet="".join(aozora.ESCAPES) + "］＃※|漢字かなカナab　", max_size=30).filter(
        str.strip
    )
)
def test_escaped_markup_reads_back_as_text(text: str) -> None:
    """What the Aozora writer escapes, the reader turns back into the same characters."""
    doc = from_text(aozora.escape(text))
    assert doc.paragraphs == (text.rstrip(),)
    assert doc.ruby == () and doc.headings == ()


@SETTINGS
@given(
    text=st.text(alphabet=CHARS + "\n 。", min_size=2, max_size=200).filter(
        lambda t: sum(c.isascii() for c in t) >= 2
    ),
    codec=st.sampled_from(["utf-16-be", "utf-16-le"]),
)
def test_utf16_without_bom_round_trips(text: str, codec: str) -> None:
    """Any Japanese text with a couple of ASCII characters is recognised as UTF-16."""
    assert decode(text.encode(codec)) == (text, codec)


@SETTINGS
@given(
    text=st.text(alphabet=CHARS + "\n ", min_size=30, max_size=300).filter(
        lambda t: sum(not c.isascii() for c in t) >= 20
    ),
    where=st.floats(min_value=0, max_value=1),
    stray=st.sampled_from([b"\xff", b"\xfe", b"\x80", b"\xc3", b"\xe3\x81"]),
)
def test_stray_byte_in_utf8_is_replaced(text: str, where: float, stray: bytes) -> None:
    """One bad byte in UTF-8 Japanese text costs one character, not the file."""
    data = text.encode("utf-8")
    at = int(len(data) * where)
    while at < len(data) and data[at] & 0xC0 == 0x80:
        at += 1
    decoded, encoding = decode(data[:at] + stray + data[at:])
    assert encoding == "utf-8"
    if at < len(data):
        assert decoded.count("\ufffd") == 1
    else:  # at the very end a lead byte reads as a cut-off last character: dropped
        assert decoded.count("\ufffd") <= 1
    assert decoded.replace("\ufffd", "") == text


# ---------------------------------------------------------------------------
# Well-formed markup: the result is predictable exactly

KANJI = "漢字本文下人羅生門丹塗々ヶ"
KANA = "あいうえおかきくけこさしすせそがぎ"
GAIJI = [
    ("※［＃「火＋稲のつくり」、第3水準1-87-64］", "燄"),
    ("※［＃「てへん＋丑」、第4水準2-12-93］", "扭"),
    ("※［＃「てへん＋劣」、U+6318、123-4］", "挘"),
    ("※［＃「口＋世」、123-4］", "〓"),
    ("※［＃始め二重山括弧、1-1-52］", "《"),
]
NOTES = ["［＃改ページ］", "［＃「下人」に傍点］", "［＃ここから２字下げ］", "［＃地付き］"]
ACCENTS = [("〔cafe'〕", "café"), ("〔Stras&e〕", "Straße"), ("〔fe^te〕", "fête")]

kanji_text = st.text(alphabet=KANJI, min_size=1, max_size=4)
kana_text = st.text(alphabet=KANA, min_size=1, max_size=6)


@st.composite
def segment(draw: st.DrawFn) -> tuple[str, str, tuple[int, str] | None]:
    """(markup, visible text, ruby as (base length, reading) ending the segment)."""
    kind = draw(st.sampled_from(["plain", "ruby", "bar", "gaiji", "gaiji_ruby", "note", "accent"]))
    if kind == "plain":
        text = draw(st.text(alphabet=KANJI + KANA, min_size=1, max_size=6))
        return text, text, None
    if kind == "ruby":
        # The kana in front keeps the base from reaching back into earlier kanji.
        base, reading = draw(kanji_text), draw(kana_text)
        return f"の{base}《{reading}》", f"の{base}", (len(base), reading)
    if kind == "bar":
        base, reading = (
            draw(st.text(alphabet=KANJI + KANA, min_size=1, max_size=5)),
            draw(kana_text),
        )
        return f"｜{base}《{reading}》", base, (len(base), reading)
    if kind == "gaiji":
        markup, char = draw(st.sampled_from(GAIJI))
        return markup, char, None
    if kind == "gaiji_ruby":
        markup, char = draw(st.sampled_from(GAIJI))
        base, reading = draw(st.text(alphabet=KANJI, max_size=2)), draw(kana_text)
        return f"の{base}{markup}《{reading}》", f"の{base}{char}", (len(base) + len(char), reading)
    if kind == "note":
        return draw(st.sampled_from(NOTES)), "", None
    markup, text = draw(st.sampled_from(ACCENTS))
    return markup, text, None


@SETTINGS
@given(lines=st.lists(st.lists(segment(), max_size=8), min_size=1, max_size=6))
def test_well_formed_markup_is_parsed_exactly(
    lines: list[list[tuple[str, str, tuple[int, str] | None]]],
) -> None:
    markup_lines, expected_text, expected_ruby = [], [], []
    for index, segments in enumerate(lines):
        markup, visible = "あ", "あ"  # every line keeps some text, so none is dropped
        for seg_markup, seg_text, ruby in segments:
            markup += seg_markup
            visible += seg_text
            if ruby is not None:
                length, reading = ruby
                expected_ruby.append((index, len(visible) - length, len(visible), reading))
        markup_lines.append(markup)
        expected_text.append(visible)
    doc = from_text("\r\n".join(markup_lines))
    check_document(doc)
    assert doc.paragraphs == tuple(expected_text)
    assert [(r.paragraph, r.start, r.end, r.ruby) for r in doc.ruby] == expected_ruby
    assert doc.headings == ()
