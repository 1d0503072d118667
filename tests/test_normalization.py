"""Normalisation: one canonical form for text pasted from Word, Excel and web forms."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thoughtclass.normalization import _rewrite, normalize, strip_enumerator


@pytest.mark.parametrize(
    "raw",
    ["一是服务意识不强", "（一）服务意识不强", "(1)服务意识不强", "1.服务意识不强", "1、服务意识不强",
     "①服务意识不强", "问题一：服务意识不强", "第一，服务意识不强", "二、服务意识不强",
     "（二）3．服务意识不强", "• 服务意识不强"],
)
def test_leading_enumerators_are_removed(raw):
    assert normalize(raw) == "服务意识不强"


@pytest.mark.parametrize(
    "text",
    ["一些干部服务意识不强", "第一书记作用发挥不充分", "三会一课落实不到位", "12项重点任务滞后",
     "3.5万亩耕地撂荒", "十破十立落实不到位", "两不愁三保障存在短板"],
)
def test_ordinary_openings_are_not_taken_for_numbering(text):
    assert strip_enumerator(text) == text


def test_width_spaces_and_punctuation():
    assert normalize("召开会议１２次，ＡＢＣ") == "召开会议12次，ABC"
    assert normalize("服务意识 不强,群众 多次跑腿") == "服务意识不强，群众多次跑腿"
    assert normalize("  \t服务意识不强\u3000 ") == "服务意识不强"
    assert normalize("完成率3.5%, 共1,200户") == "完成率3.5%, 共1,200户"


def test_control_and_zero_width_characters_are_dropped():
    assert normalize("服务\u200b意识\x07不强\ufeff") == "服务意识不强"


def test_enumerator_can_be_kept():
    assert normalize("一是服务意识不强", enumerator=False) == "一是服务意识不强"


def test_rejects_non_text():
    with pytest.raises(TypeError, match="expected a str"):
        normalize(3)


_SPECIAL = "<>&;:,?!() \t\n\r\u3000\u200b\x00\x7f１Ａｚ％．，。一是（）abc服务意识不强&nbsp;<p>"


@given(st.text(alphabet=st.sampled_from(list(_SPECIAL)) | st.characters(), max_size=30))
@settings(max_examples=500, deadline=None)
def test_texts_without_rewritten_characters_skip_the_rewrites_unchanged(text):
    # normalize() runs _rewrite only when _REWRITTEN finds a character it acts on.
    nfc = unicodedata.normalize("NFC", text)
    assert normalize(text, enumerator=False) == _rewrite(nfc)


def test_corpus_texts_normalise_as_with_every_rewrite():
    from thoughtclass import corpus

    for text in corpus.load("train")["text"].tolist() + corpus.load("test")["text"].tolist():
        assert normalize(text) == strip_enumerator(_rewrite(unicodedata.normalize("NFC", text)))
