"""Readings in context: the reading of a word with several is the one its sentence means."""

import pytest

from app.core.analysis import analyze
from app.core.lattice import Lattice


@pytest.fixture
def read(dictionary_service):
    def read(sentence: str, surface: str) -> str:
        tokens = dictionary_service.refine_readings(analyze(sentence))
        return next(t.reading for t in tokens if t.surface == surface)

    return read


@pytest.mark.parametrize("sentence, reading", [
    ("何をしている。", "なに"), ("何が欲しいのですか。", "なに"), ("一言二言何かいった。", "なに"),
    ("何もない。", "なに"), ("何だか変だ。", "なん"), ("何の用だ。", "なん"), ("何と言った。", "なん"),
    ("何ら変わらない。", "なん"), ("何度も来た。", "なん"),
])
def test_nani_and_nan(read, sentence, reading):
    # the analyser reads 何 なん everywhere; before t-, d- and n-row sounds and counters it is
    assert read(sentence, "何") == reading


@pytest.mark.parametrize("sentence, reading", [
    ("四月一日に会った。", "ついたち"), ("毎月の一日に払う。", "ついたち"),
    ("その一日は長かった。", "いちにち"), ("ある一日のことだった。", "いちにち"),
])
def test_the_first_of_a_month_needs_a_month(read, sentence, reading):
    assert read(sentence, "一日") == reading


def test_a_day_keeps_the_word_key_of_its_reading(dictionary_service):
    tokens = dictionary_service.refine_readings(analyze("その一日は長かった。"))
    day = next(t for t in tokens if t.surface == "一日")
    assert day.key == ("一日", "いちにち") and list(day.furigana) == [("一日", "いちにち")]


def test_a_spelling_jmdict_has_for_another_reading(read):
    # 傍 is an irregular spelling of かたわら (傍ら) and a proper one of そば
    assert read("先生の傍に坐った。", "傍") == "そば"
    assert read("彼はやがて自分の傍を顧みた。", "傍") == "そば"


def test_a_common_word_rather_than_a_place(read):
    assert read("大分多くの男が塩を浴びに出て来た。", "大分") == "だいぶ"
    assert read("大分の温泉に行った。", "大分") == "おおいた"


@pytest.mark.parametrize("sentence, surface, reading", [
    ("下女部屋に入った。", "部屋", "べや"), ("思い通りにならない。", "通り", "どおり"),
    ("世間話をした。", "話", "ばなし"), ("約束通り来た。", "通り", "どおり"),
    ("部屋に入った。", "部屋", "へや"), ("時々妻と話す。", "妻", "つま"),
])
def test_the_second_noun_of_a_compound_is_voiced(read, sentence, surface, reading):
    assert read(sentence, surface) == reading


@pytest.mark.parametrize("sentence, surface, reading", [
    ("何遍も言った。", "遍", "べん"), ("一軒の家があった。", "一", "いっ"), ("一週間ほどいた。", "一", "いっ"),
    ("その二日前に行った。", "二", "ふつ"), ("三寸幅の布。", "寸", "ずん"),
])
def test_a_numeral_and_its_counter_take_jmdicts_sound_change(read, sentence, surface, reading):
    assert read(sentence, surface) == reading


def test_the_lattice_knows_every_reading_and_its_cost():
    lat = Lattice()
    readings = lat.readings("室")
    assert {"しつ", "むろ", "へや"} <= set(readings)
    tokens = analyze("私の室で寝た。")
    i = next(k for k, t in enumerate(tokens) if t.surface == "室")
    alternatives = lat.alternatives(tokens, i)
    assert alternatives and all(margin >= 0 for _, margin in alternatives)
    assert {n.word[1] for n, _ in alternatives} >= {"しつ", "へや"}


@pytest.mark.parametrize("sentence, reading", [
    ("こう答えるより外に仕方がなかった。", "ほか"), ("父はこの外にも色々話した。", "ほか"),
    ("その外には何も聞こえなかった。", "ほか"), ("ただ黙っている外はない。", "ほか"),
    ("それは愛情に外ならない。", "ほか"),
    ("思い出す外に何の不愉快もなかった。", "ほか"),
    ("彼は外に出た。", "そと"), ("家の外で待っていた。", "そと"), ("窓から見える外の景色。", "そと"),
    ("外は雨だった。", "そと"), ("暗い外に出た。", "そと"), ("寒い外は雪だった。", "そと"),
    ("窓から見える外には雪が積もっていた。", "そと"), ("それより、外に出よう。", "そと"),
    ("門より外へ出てはいけない。", "そと"), ("外なら涼しい。", "そと"),
    ("その外には畑が広がっていた。", "そと"), ("その外に出てはいけない。", "そと"), ("門より外に出た。", "そと"),
    ("部屋にいるより外に出たほうがいい。", "そと"), ("真っ暗な外には誰もいなかった。", "そと"),
    ("ドアを開けた外には誰もいなかった。", "そと"),
])
def test_other_than_is_hoka_and_outside_is_soto(read, sentence, reading):
    # the analyser reads 外 そと everywhere; after より, a demonstrative or a clause it means "other than"
    assert read(sentence, "外") == reading


@pytest.mark.parametrize("sentence, reading", [
    ("困ったといった風に首を振った。", "ふう"), ("そういう風な話だった。", "ふう"), ("こんな風にして歩いた。", "ふう"),
    ("こんな風に歩いた。", "ふう"), ("冷たい風が吹いた。", "かぜ"),
    ("どんな風が吹いても平気だ。", "かぜ"), ("こんな風の強い日に出かけた。", "かぜ"),
    ("木枯らしといった風が吹き始めた。", "かぜ"), ("山から吹いた風に髪が揺れた。", "かぜ"), ("風が強い。", "かぜ"),
])
def test_a_manner_is_fuu_and_the_wind_is_kaze(read, sentence, reading):
    assert read(sentence, "風") == reading


@pytest.mark.parametrize("sentence, surface, reading", [
    ("十時頃になって帰った。", "頃", "ごろ"), ("九月頃に行く。", "頃", "ごろ"), ("昼頃に会おう。", "頃", "ごろ"),
    ("子供の頃に住んだ。", "頃", "ころ"), ("その頃は若かった。", "頃", "ころ"), ("若い頃の話だ。", "頃", "ころ"),
    ("人を困らす質ではない。", "質", "たち"), ("黙っていられない質だった。", "質", "たち"),
    ("相手を困らす質でもなかった。", "質", "たち"),
    ("高い質の仕事だ。", "質", "しつ"), ("質が高い。", "質", "しつ"), ("変わらない質を保つ。", "質", "しつ"),
    ("これは顧客が求める質です。", "質", "しつ"), ("会社が提供する質だ。", "質", "しつ"),
    ("家を空けた例はなかった。", "例", "ためし"), ("一度も変った例がありません。", "例", "ためし"),
    ("恋の成立した例のないのを知った。", "例", "ためし"),
    ("例を挙げよう。", "例", "れい"), ("先に述べた例がある。", "例", "れい"), ("例がない。", "例", "れい"),
    ("昨日見た例の男は来なかった。", "例", "れい"), ("僕が話した例の本は見つからない。", "例", "れい"),
    ("先に挙げた例が正しくない。", "例", "れい"), ("述べた例は適切ではない。", "例", "れい"),
    ("紹介した例は少なくない。", "例", "れい"),
])
def test_the_words_around_decide_a_suffix_a_nature_and_a_precedent(read, sentence, surface, reading):
    # 頃 after a time is the suffix ごろ; 質 after a verb is たち (nature); 例 in "it has never happened" is ためし
    assert read(sentence, surface) == reading


@pytest.mark.parametrize("sentence, surface, reading", [
    ("「それが好いでしょう」と言った。", "好い", "いい"), ("「どうでも良い」", "良い", "いい"),
    ("「善い人だ」と彼は思った。", "善い", "いい"),
    ("良い天気だった。", "良い", "よい"), ("「来た」と言った。良い人だ。", "良い", "よい"),
    ("「良かった」", "良かっ", "よかっ"),
    ("「彼は『良い人だ』と言った。でも、僕は良いとは思わない」", "良い", "いい"),
    ("映画『良い人』を見た。", "良い", "よい"), ("「より良い社会を」", "良い", "よい"),
    ("「良いお年を」", "良い", "よい"), ("良いね。それから、店を知っている」", "良い", "いい"),
])
def test_good_in_dialogue_is_ii_as_spoken(read, sentence, surface, reading):
    assert read(sentence, surface) == reading


def test_good_read_ii_is_still_the_word_yoi(dictionary_service):
    tokens = dictionary_service.refine_readings(analyze("「それが好いでしょう」"))
    good = next(t for t in tokens if t.surface == "好い")
    assert good.reading == "いい" and good.key.reading == "よい" and good.conj_form.startswith("終止形")
