"""Whose deficiency a statement names (codebook rule 1), as the cue lexicon reads it."""

import pytest

from thoughtclass.cues import CueMatcher


@pytest.fixture(scope="module")
def cues():
    return CueMatcher()


def test_outsiders_named_as_subject_make_their_deficiency_an_outsiders(cues):
    hits = cues.hits("全社会对科技创新的重要性认识不到位。")
    assert hits.subjective_outsider == ("认识不到位",)
    assert hits.subjective_own == hits.subjective_unattributed == ()


def test_a_subject_carries_over_to_the_clauses_of_its_sentence(cues):
    hits = cues.hits("部分村民缺乏环保常识，垃圾分类意识淡薄，参与积极性不高。")
    assert hits.subjective_outsider == ("意识淡薄", "积极性不高")
    assert hits.subjective_unattributed == ()


def test_a_subject_does_not_carry_over_into_the_next_sentence(cues):
    hits = cues.hits("部分村民环保意识淡薄。垃圾转运站长期缺人管理，巡查积极性不高。")
    assert hits.subjective_outsider == ("意识淡薄",)
    assert hits.subjective_unattributed == ("积极性不高",)


def test_a_clause_with_its_own_subject_does_not_take_the_carried_one(cues):
    hits = cues.hits("部分村民环保意识淡薄，个别村干部宣传引导积极性不高。")
    assert hits.subjective_outsider == ("意识淡薄",)
    assert hits.subjective_own == ("积极性不高",)


@pytest.mark.parametrize("text", [
    "对县内中小企业的融资需求研究不深。",
    "推动企业技术改造的意识不强。",
    "服务返乡青年创业的主动性不强。",
])
def test_outsiders_as_the_object_of_the_units_work_are_not_the_subject(cues, text):
    hits = cues.hits(text)
    assert hits.subjective_outsider == ()
    assert hits.outsider_subject  # the word is there, as an object


def test_own_people_outrank_outsiders_in_one_subject(cues):
    hits = cues.hits("部分干部和群众对新政策认识不足。")
    assert hits.subjective_own == ("认识不足",)
