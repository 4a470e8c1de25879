import pytest

from accessibility.language import Language
from accessibility.speech.pronounce import READINGS, for_synthesis

ZH = Language.ZH_CN


@pytest.mark.parametrize(
    ("text", "pinyin"),
    [
        ("银行", "yin2 hang2"),  # espeak-ng's own dictionary says yin xing
        ("重新", "chong2 xin1"),
        ("还款", "huan2 kuan3"),  # pypinyin says hai2: corrected by READINGS
        ("同意，复选框，已选中", "tong2 yi4, fu4 xuan3 kuang1, yi3 xuan3 zhong4"),  # zhong1
        ("长按", "chang2 an4"),
        ("重试", "chong2 shi4"),
    ],
)
def test_polyphones_are_read_by_the_word(text, pinyin):
    assert for_synthesis(text, language=ZH) == pinyin


@pytest.mark.parametrize(
    ("text", "pinyin"),
    [
        ("一样", "yi2 yang4"),
        ("一起", "yi4 qi3"),
        ("再听一遍", "zai4 ting1 yi2 bian4"),
        ("下一步", "xia4 yi2 bu4"),
        ("不对", "bu2 dui4"),
        ("不好", "bu4 hao3"),
        # 一 as a numeral keeps its tone: ID digits, ordinals, dates, the end of a word.
        ("一一零", "yi1 yi1 ling2"),
        ("第一", "di4 yi1"),
        ("十一", "shi2 yi1"),
        ("一月", "yi1 yue4"),
        ("统一", "tong3 yi1"),
    ],
)
def test_yi_and_bu_change_tone_inside_words_but_not_as_numerals(text, pinyin):
    assert for_synthesis(text, language=ZH) == pinyin


def test_every_reading_override_is_applied():
    for word, reading in READINGS.items():
        assert for_synthesis(word, language=ZH) == reading


def test_punctuation_becomes_pauses_and_digits_pass_through():
    assert for_synthesis("请按确认键。或者，按返回！", language=ZH) == (
        "qing3 an4 que4 ren4 jian4. huo4 zhe3, an4 fan3 hui2!"
    )
    assert for_synthesis("共3项", language=ZH) == "gong4 3 xiang4"


def test_english_is_given_as_written():
    assert for_synthesis("  Press  Enter. ", language=Language.EN) == "Press Enter."
