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


@pytest.mark.parametrize("sentence, surface, reading", [
    ("好い天気だ。", "好い", "いい"), ("それは好い考えだと思った。", "好い", "いい"),
    ("好かった。", "好かっ", "よかっ"), ("より好い方を選んだ。", "好い", "よい"),
])
def test_the_spelling_yoi_with_suki_is_ii_in_narration_too(read, sentence, surface, reading):
    assert read(sentence, surface) == reading


@pytest.mark.parametrize("sentence, surface, reading, lemma", [
    ("襖が開いた。", "開い", "あい", "あく"), ("戸棚の一尺ばかり開いている隙間から覗いた。", "開い", "あい", "あく"),
    ("その襖はいつまで経っても開きません。", "開き", "あき", "あく"),
    ("戸を開いた。", "開い", "ひらい", "ひらく"), ("彼は口を大きく開いて笑った。", "開い", "ひらい", "ひらく"),
    ("会議が開かれた。", "開か", "ひらか", "ひらく"), ("花が開いた。", "開い", "ひらい", "ひらく"),
    ("二人の差が開いた。", "開い", "ひらい", "ひらく"),
    ("目の前に細い路が開けた。", "開け", "ひらけ", "ひらける"), ("障子を開けた。", "開け", "あけ", "あける"),
    ("蓋が開けられない。", "開け", "あけ", "あける"),
])
def test_a_verb_that_opens_by_itself_is_aku(dictionary_service, sentence, surface, reading, lemma):
    t = next(t for t in dictionary_service.refine_readings(analyze(sentence)) if t.surface == surface)
    assert (t.reading, t.lemma_reading) == (reading, lemma)


@pytest.mark.parametrize("sentence, surface, reading", [
    ("とうとう鼠をとる事に極めた。", "極め", "きめ"), ("三面攻撃は起らぬと極める。", "極める", "きめる"),
    ("東京へ立つ日取りを極めた。", "極め", "きめ"), ("ものとすぐ極めてしまった。", "極め", "きめ"),
    ("満足とも不満足とも極めようがなかった。", "極め", "きめ"),
    ("頂点を極めた。", "極め", "きわめ"), ("贅沢を極めた暮らし。", "極め", "きわめ"),
    ("飯を食えば腹が張るに極まっている。", "極まっ", "きまっ"), ("分量はちゃんと極まっている。", "極まっ", "きまっ"),
    ("進退ここに極まる。", "極まる", "きわまる"), ("失礼極まる話だ。", "極まる", "きわまる"),
])
def test_decided_is_kimeru_and_to_the_extreme_is_kiwameru(read, sentence, surface, reading):
    assert read(sentence, surface) == reading


@pytest.mark.parametrize("sentence, surface, reading", [
    ("詰らない事ですが。", "詰ら", "つまら"), ("今年の夏はお前も詰らなかろう。", "詰ら", "つまら"),
    ("日の詰って行く秋に。", "詰っ", "つまっ"),
    ("彼の失敗を詰った。", "詰っ", "なじっ"), ("同じ事ではないかと詰りました。", "詰り", "なじり"),
    ("「なぜ来た」と山嵐はすぐ詰りかけた。", "詰り", "なじり"),
    ("その時入らぬ心配だと思った。", "入ら", "いら"), ("ただ入らざる事を捏造する。", "入ら", "いら"),
    ("眼に入らない景色だった。", "入ら", "はいら"), ("部屋に入らない人。", "入ら", "はいら"),
    ("もうその話は止めよう。", "止めよう", "やめよう"), ("この問題はこれで止めましょう。", "止め", "やめ"),
    ("「止めてくれ」と彼はいった。", "止め", "やめ"),
    ("足を止めよう。", "止めよう", "とめよう"), ("彼は車を止めた。", "止め", "とめ"),
])
def test_a_verb_with_no_object_is_the_other_verb(read, sentence, surface, reading):
    # 詰る with no one rebuked is つまる; 入らぬ before a noun is いらぬ (要らぬ); 止める as a wish is やめる
    assert read(sentence, surface) == reading


@pytest.mark.parametrize("sentence, surface, reading", [
    ("「家へ帰ろう」", "家", "うち"), ("「君の家に行くよ」", "家", "うち"), ("「家の者に言え」", "家", "うち"),
    ("我々は夜になって家へ帰りました。", "家", "うち"), ("家の者が待っていた。", "家", "うち"),
    ("「大きな家を建てた」", "家", "いえ"), ("「特色のある家ですな」", "家", "いえ"),
    ("「家を買った」", "家", "いえ"), ("古い家が並んでいた。", "家", "いえ"), ("家の前を通った。", "家", "いえ"),
    ("私は室へ入った。", "室", "へや"), ("Ｋの室の前に立った。", "室", "へや"), ("氷の室に入れた。", "室", "むろ"),
    ("一週間の後、彼は来た。", "後", "のち"), ("三百年の後に読まれる。", "後", "のち"),
    ("五日の後に会った。", "後", "のち"), ("食事の後に出た。", "後", "あと"), ("その後で会った。", "後", "あと"),
    ("濡れた身体を拭いた。", "身体", "からだ"), ("身体が疲れた。", "身体", "からだ"),
    ("身体検査を受けた。", "身体", "しんたい"), ("生命、身体、財産を守る。", "身体", "しんたい"),
    ("傍のものが眉を寄せた。", "傍", "はた"), ("傍から見ると面白い。", "傍", "はた"),
    ("父の傍に坐った。", "傍", "そば"), ("傍で見ていた。", "傍", "そば"),
    ("三人の中で一番背が高い。", "中", "うち"), ("その中の一人が立った。", "中", "うち"),
    ("百獣の中でもっとも聡明な象。", "中", "うち"), ("箱の中で寝た。", "中", "なか"), ("家の中に入った。", "中", "なか"),
])
def test_home_room_later_body_onlookers_and_among(read, sentence, surface, reading):
    assert read(sentence, surface) == reading


@pytest.mark.parametrize("sentence, surface, reading", [
    ("外の人からいわれた。", "外", "ほか"), ("外の事を考えた。", "外", "ほか"), ("外の空気を吸った。", "外", "そと"),
    ("床を延べる音がした。", "床", "とこ"), ("毎夜床にはいった。", "床", "とこ"), ("今まで敷いていた床を上げた。", "床", "とこ"),
    ("床の中で考えた。", "床", "とこ"), ("その室の床に活けられた花。", "床", "とこ"),
    ("床に落ちた。", "床", "ゆか"), ("床を拭いた。", "床", "ゆか"),
    ("いつの間にか寝ていた。", "間", "ま"), ("彼の知らない間にそっと渡した。", "間", "ま"),
    ("少し間が抜けたようだ。", "間", "ま"), ("冬休みまでまだ少し間があった。", "間", "ま"),
    ("六畳の間に寝た。", "間", "ま"), ("控えの間というような四畳。", "間", "ま"),
    ("二人の間に座った。", "間", "あいだ"), ("長い間待った。", "間", "あいだ"),
    ("私はそれを皆なの眼に着けた。", "皆", "みん"), ("皆が来た。", "皆", "みな"), ("これで皆なのだ。", "皆", "みな"),
    ("「己はもう駄目だ」", "己", "おれ"), ("「己の身体は弱い」", "己", "おれ"), ("己を知る。", "己", "おのれ"),
    ("「己を知れ」", "己", "おのれ"),
])
def test_others_bed_time_all_and_i(read, sentence, surface, reading):
    assert read(sentence, surface) == reading


@pytest.mark.parametrize("lemma, reading, other, form, want", [
    ("開く", "ひらく", "あく", "ひらい", "あい"), ("極める", "きわめる", "きめる", "きわめ", "きめ"),
    ("入る", "はいる", "いる", "はいら", "いら"), ("止める", "とめる", "やめる", "とめよう", "やめよう"),
    ("開ける", "あける", "ひらける", "あけ", "ひらけ"), ("開く", "ひらく", "あく", "あい", None),
])
def test_an_inflected_form_read_otherwise_keeps_its_okurigana(lemma, reading, other, form, want):
    from app.core.dictionary.grammar import other_form

    assert other_form(lemma, reading, other, form) == want
