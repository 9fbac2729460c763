"""The suffix-rule deinflector: real inflected forms back to their dictionary forms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.dictionary import deinflect as de


def _find(text: str, term: str) -> de.Deinflection | None:
    for d in de.deinflect(text):
        if d.term == term:
            return d
    return None


@pytest.mark.parametrize(
    "text, term, reasons",
    [
        ("泳げなかった", "泳ぐ", ("potential", "negative", "past")),
        ("された", "する", ("passive", "past")),
        ("陥っている", "陥る", ("te-form", "-te iru (ongoing action or resulting state)")),
        ("陥った", "陥る", ("past",)),
        ("行った", "行く", ("past",)),
        ("行った", "行う", ("past",)),
        ("難しく", "難しい", ("adverbial (-ku)",)),
        ("難しくなかった", "難しい", ("negative", "past")),
        ("難しかった", "難しい", ("past",)),
        ("難しくて", "難しい", ("te-form",)),
        ("食べさせられた", "食べる", ("causative", "passive or potential", "past")),
        ("書きました", "書く", ("polite", "past")),
        ("書きません", "書く", ("polite", "negative")),
        ("読んでいた", "読む", ("te-form", "-te iru (ongoing action or resulting state)", "past")),
        ("来なかった", "来る", ("negative", "past")),
        ("こなかった", "くる", ("negative", "past")),
        ("しよう", "する", ("volitional",)),
        ("行こう", "行く", ("volitional",)),
        ("泳げば", "泳ぐ", ("conditional (-ba)",)),
        ("食べれば", "食べる", ("conditional (-ba)",)),
        ("食べたい", "食べる", ("want to (-tai)",)),
        ("食べたくない", "食べる", ("want to (-tai)", "negative")),
        ("書かされる", "書く", ("causative passive",)),
        ("話せる", "話す", ("potential",)),
        ("書け", "書く", ("imperative",)),
        ("食べろ", "食べる", ("imperative",)),
        ("読んじゃった", "読む", ("te-form", "-chau (completely, or regrettably; colloquial)", "past")),
        ("行ったら", "行く", ("conditional (-tara)",)),
        ("言えない", "言う", ("potential", "negative")),
    ],
)
def test_real_forms(text: str, term: str, reasons: tuple[str, ...]) -> None:
    d = _find(text, term)
    assert d is not None, f"{text} should deinflect to {term}"
    assert d.reasons == reasons
    assert d.types & de.ANY_TYPE


def test_text_itself_comes_first_without_constraint() -> None:
    first = de.deinflect("泳げなかった")[0]
    assert first.term == "泳げなかった" and first.types == 0 and first.reasons == ()


def test_chaining_respects_word_types() -> None:
    # 食べた is past of an ichidan verb; "past" never applies twice, and a
    # godan ending cannot follow an adjective's negative
    assert _find("食べた", "食べる").types & de.V1
    assert not any(d.reasons.count("past") > 1 for d in de.deinflect("食べたった"))


def test_types_from_jmdict_pos_descriptions() -> None:
    assert de.types_from_pos(["Godan verb with 'gu' ending", "intransitive verb"]) == de.V5
    assert de.types_from_pos(["Ichidan verb"]) == de.V1
    assert de.types_from_pos(["suru verb - included"]) == de.VS
    assert de.types_from_pos(["Kuru verb - special class"]) == de.VK
    assert de.types_from_pos(["adjective (keiyoushi)"]) == de.ADJ
    assert de.types_from_pos(["noun (common) (futsuumeishi)"]) == 0


_KANA = st.text(alphabet=st.sampled_from(list("あいうえおかきくけこさしすせそたちつてとなにぬねのまみむめもやゆよらりるれろわをんっゃゅょがぎぐげござじずぜぞだでばびぶべぼ")),
                min_size=0, max_size=10)


@settings(max_examples=300, deadline=None)
@given(_KANA)
def test_never_fails_and_never_yields_empty_terms(text: str) -> None:
    results = de.deinflect(text)
    assert results[0].term == text
    for d in results[1:]:
        assert d.term
        assert d.reasons
