from hypothesis import given, strategies as st

from app.core.furigana import align, has_kanji, is_kanji, to_hiragana


def test_okurigana_after_kanji():
    assert align("陥っ", "おちいっ") == [("陥", "おちい"), ("っ", None)]


def test_kana_between_kanji():
    assert align("取り締まり役", "とりしまりやく") == [
        ("取", "と"), ("り", None), ("締", "し"), ("まり", None), ("役", "やく"),
    ]


def test_jukujikun_stays_whole():
    assert align("頑張る", "がんばる") == [("頑張", "がんば"), ("る", None)]
    assert align("大人しい", "おとなしい") == [("大人", "おとな"), ("しい", None)]


def test_prefix_kana():
    assert align("お茶", "おちゃ") == [("お", None), ("茶", "ちゃ")]


def test_katakana_reading_is_converted():
    assert align("陥っ", "オチイッ") == [("陥", "おちい"), ("っ", None)]
    assert align("難しい", "ムズカシイ") == [("難", "むずか"), ("しい", None)]


def test_iteration_marks_count_as_kanji():
    assert is_kanji("々") and is_kanji("ヶ") and is_kanji("〆")
    assert align("人々", "ひとびと") == [("人々", "ひとびと")]
    assert align("三ヶ月", "さんかげつ") == [("三ヶ月", "さんかげつ")]


def test_kana_only_words_get_no_ruby():
    assert align("ゴリアテ", "ごりあて") == [("ゴリアテ", None)]
    assert align("する", "する") == [("する", None)]
    assert align("OpenAI", "") == [("OpenAI", None)]


def test_unalignable_reading_goes_over_the_whole_word():
    # The reading does not contain the okurigana: no split is safe.
    assert align("取り締まり", "とりしめ") == [("取り締まり", "とりしめ")]


def test_ambiguous_split_is_not_guessed():
    # き occurs in both the reading of 聞 and as okurigana; the lazy and greedy
    # splits agree here, so the split is kept.
    assert align("聞き取り", "ききとり") == [("聞", "き"), ("き", None), ("取", "と"), ("り", None)]


def test_many_real_words():
    cases = {
        ("飛び込む", "とびこむ"): [("飛", "と"), ("び", None), ("込", "こ"), ("む", None)],
        ("申し訳ない", "もうしわけない"): [("申", "もう"), ("し", None), ("訳", "わけ"), ("ない", None)],
        ("気持ち", "きもち"): [("気持", "きも"), ("ち", None)],
        ("日付", "ひづけ"): [("日付", "ひづけ")],
        ("食べ物", "たべもの"): [("食", "た"), ("べ", None), ("物", "もの")],
        ("召し上がる", "めしあがる"): [("召", "め"), ("し", None), ("上", "あ"), ("がる", None)],
        ("お金", "おかね"): [("お", None), ("金", "かね")],
        ("ご飯", "ごはん"): [("ご", None), ("飯", "はん")],
        ("見せかけ", "みせかけ"): [("見", "み"), ("せかけ", None)],
        ("働く", "はたらく"): [("働", "はたら"), ("く", None)],
    }
    for (surface, reading), expected in cases.items():
        assert align(surface, reading) == expected, surface


def test_helpers():
    assert to_hiragana("オチイッ") == "おちいっ"
    assert to_hiragana("コーヒー") == "こーひー"
    assert has_kanji("お茶") and not has_kanji("おちゃ")


kanji = st.sampled_from("陥取締役難日付人々茶飯見働金会社一生涯")
kana = st.sampled_from("あいうえおかきくけこっゃアイウエオーン")
surfaces = st.lists(st.one_of(kanji, kana), min_size=1, max_size=8).map("".join)
readings = st.text(alphabet="あいうえおかきくけこっゃんアイウ", max_size=12)


@given(surfaces, readings)
def test_segments_rebuild_the_surface(surface, reading):
    segments = align(surface, reading)
    assert "".join(text for text, _ in segments) == surface


@given(surfaces, readings)
def test_no_ruby_on_kana_only_segments(surface, reading):
    for text, ruby in align(surface, reading):
        if ruby is not None:
            assert has_kanji(text)
            assert ruby  # never an empty ruby


@given(st.lists(st.tuples(kanji, st.text(alphabet="あいうえおかき", min_size=1, max_size=3)), min_size=1, max_size=4),
       st.text(alphabet="ないるたっ", max_size=3))
def test_constructed_words_align_back(parts, okurigana):
    """A word built from kanji with known readings plus okurigana aligns to a split that reproduces the reading."""
    surface = "".join(k for k, _ in parts) + okurigana
    reading = "".join(r for _, r in parts) + okurigana
    segments = align(surface, reading)
    rebuilt = "".join(r if r else to_hiragana(t) for t, r in segments)
    assert rebuilt == reading


# match_parts replaces one regular expression per word; it must give the same groups.
_parts = st.lists(st.one_of(st.none(), st.text(alphabet="あいうっん", min_size=1, max_size=3)), min_size=1, max_size=5)


@given(_parts, st.text(alphabet="あいうっん", max_size=10), st.booleans())
def test_match_parts_is_the_regular_expression(parts, reading, greedy):
    import re

    from app.core.furigana import match_parts

    lazy = "(.+)" if greedy else "(.+?)"
    pattern = "".join(lazy if p is None else "(" + re.escape(p) + ")" for p in parts)
    m = re.fullmatch(pattern, reading)
    assert match_parts(parts, reading, greedy) == (list(m.groups()) if m else None)
