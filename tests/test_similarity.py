"""Copied statements (雷同): what `similar`, `copy_rates` and `match` report."""

import itertools
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from thoughtclass import corpus
from thoughtclass.similarity import THRESHOLD, _near_pairs, comparable, copy_rates, match, similar, similarity

PAIRS = Path(__file__).parent / "data" / "similarity_pairs.jsonl"


@pytest.fixture
def lists():
    """Five units' lists as they arrive: 红旗镇 copied two items of 大罗镇 and edited them lightly,
    three units pasted the same stock phrase, 永安乡 repeats itself, and some cells are junk."""
    rows = [
        ("大罗镇", "一是理论学习不够深入，满足于读原文、记笔记，学用结合不紧密。"),
        ("大罗镇", "对我镇地处平原腹地、黑土资源富集的优势认识不深，资源优势没有转化为发展优势。"),
        ("大罗镇", "班子成员深入基层调研不够，全年下村调研平均不足5次，对群众急难愁盼问题掌握不全。"),
        ("大罗镇", "查摆问题以工作问题代替思想问题，对自身深层次问题剖析不够。"),
        ("红旗镇", "理论学习不够深入,满足于读原文、记笔记,学用结合不紧密"),
        ("红旗镇", "村集体经济发展路子窄，过度依赖土地发包收入。"),
        ("红旗镇", "（三）班子成员深入基层调研不够，全年下村调研平均不足8次，对群众急难愁盼问题掌握不全。"),
        ("县发改局", "对县情认识不深，对全县资源禀赋、产业基础掌握不全面。"),
        ("县发改局", "查摆问题时以工作问题代替思想问题，对自身深层次问题剖析不够。"),
        ("县发改局", "招商引资思路不宽，项目储备不足。"),
        ("县卫健局", "2.查摆问题以工作问题代替思想问题，对深层次问题剖析不够。"),
        ("县卫健局", "理论学习流于形式，学用脱节。"),
        ("永安乡", "干部队伍年龄结构老化，年轻干部储备不足。"),
        ("永安乡", "干部队伍年龄结构老化，年轻干部储备不足。"),
        ("永安乡", None),
        ("永安乡", ""),
        ("永安乡", 12.5),
        ("永安乡", "无"),
    ]
    return pd.DataFrame(rows, columns=["unit", "text"])


def group_of(out, label):
    return out.at[label, "copy_group"]


def same_group_pairs(out):
    """The pairs of row labels that share a copy group."""
    grouped = out["copy_group"].dropna()
    return {tuple(sorted((a, b))) for _, labels in grouped.groupby(grouped).groups.items()
            for a, b in itertools.combinations(labels, 2)}


def test_a_copy_across_units_points_to_the_first_row_of_its_group(lists):
    out = similar(lists)
    assert group_of(out, 0) == group_of(out, 4)
    assert group_of(out, 2) == group_of(out, 6)
    assert group_of(out, 0) != group_of(out, 2)
    assert out.loc[[4, 6], "duplicate_of"].tolist() == [0, 2]
    assert out.loc[[4, 6], "duplicate_unit"].tolist() == ["大罗镇", "大罗镇"]
    # the first row of a group is the original as far as the list shows: it points nowhere
    assert out.loc[[0, 2], "duplicate_of"].tolist() == [None, None]
    assert out.at[4, "similarity"] == 1.0  # only punctuation and the enumerator differ
    assert out.at[6, "similarity"] == 1.0  # and a number: "5次" and "8次" read alike
    assert out.loc[[0, 4], "n_units_sharing"].tolist() == [2, 2]
    assert not out.loc[[0, 4], "boilerplate"].any()


def test_groups_are_numbered_in_frame_order_and_unmatched_rows_have_none(lists):
    out = similar(lists)
    assert out["copy_group"].dtype == "Int64"
    assert out.loc[[0, 2, 3], "copy_group"].tolist() == [1, 2, 3]
    alone = [1, 5, 7, 9, 11]
    assert out.loc[alone, "copy_group"].isna().all()
    assert out.loc[alone, "similarity"].isna().all()
    assert (out.loc[alone, "n_units_sharing"] == 0).all()


def test_same_topic_is_not_a_copy(lists):
    # "理论学习不够深入…" (大罗镇) and "理论学习流于形式…" (县卫健局) share a topic, not a text
    out = similar(lists)
    assert pd.isna(group_of(out, 11))


def test_repeats_within_one_unit_are_not_copying(lists):
    out = similar(lists)
    assert out.loc[[12, 13], "copy_group"].isna().all()
    assert out.loc[[12, 13], "duplicate_of"].tolist() == [None, None]


def test_a_unit_repeat_joins_the_group_when_another_unit_has_it_too(lists):
    more = pd.concat([lists, pd.DataFrame({"unit": ["红旗镇"], "text": ["干部队伍年龄结构老化，年轻干部储备不足"]})],
                     ignore_index=True)
    out = similar(more)
    assert out.loc[[12, 13, 18], "copy_group"].nunique() == 1
    assert out.loc[[13, 18], "duplicate_of"].tolist() == [12, 12]
    assert out.loc[[12, 13, 18], "n_units_sharing"].tolist() == [2, 2, 2]


def test_a_near_repeat_within_a_unit_does_not_chain_into_another_units_group():
    df = pd.DataFrame({"unit": ["永安乡", "永安乡", "红旗镇"], "text": [
        "干部队伍年龄结构老化，45岁以上干部占比达68%，年轻干部储备不足。",
        "干部队伍年龄结构老化，45岁以上干部占比达68%，年轻干部储备不足，专业技术人才引进难、留不住。",
        "干部队伍年龄结构老化，年轻干部储备不足。",
    ]})
    # rows 0 and 1 are alike (0.82) but of one unit; row 2 copies row 0 (0.75), not row 1 (0.62)
    out = similar(df)
    assert out["copy_group"].tolist() == [1, pd.NA, 1]
    assert out["similarity"].tolist()[::2] == [0.75, 0.75]


def test_a_stock_phrase_of_three_units_is_boilerplate(lists):
    out = similar(lists)
    stock = [3, 8, 10]
    assert out.loc[stock, "copy_group"].nunique() == 1
    assert out.loc[stock, "n_units_sharing"].tolist() == [3, 3, 3]
    assert out.loc[stock, "boilerplate"].all()
    assert out.boilerplate.sum() == 3
    assert not similar(lists, boilerplate_units=4).loc[stock, "boilerplate"].any()


def test_bad_rows_pass_through_without_a_group(lists):
    out = similar(lists)
    assert len(out) == len(lists)
    bad = [14, 15, 16, 17]  # None, "", a number, the placeholder "无"
    assert out.loc[bad, "copy_group"].isna().all()
    assert not out.loc[bad, "boilerplate"].any()
    assert similar(lists.assign(text=None))["copy_group"].isna().all()


def test_index_and_order_are_kept_with_a_non_default_index(lists):
    shuffled = lists.sample(frac=1, random_state=7)
    shuffled.index = [f"r{k}" for k in shuffled.index]
    out = similar(shuffled)
    assert out.index.tolist() == shuffled.index.tolist()
    # the same rows are grouped together whatever the order ...
    assert same_group_pairs(similar(lists)) == same_group_pairs(out.rename(index=lambda label: int(label[1:])))
    # ... and duplicate_of names the label of whichever row now comes first
    group = out.loc[["r0", "r4"]]
    first = min(["r0", "r4"], key=shuffled.index.get_loc)
    later = ({"r0", "r4"} - {first}).pop()
    assert group.at[later, "duplicate_of"] == first
    assert group.at[first, "duplicate_of"] is None
    assert group.at[first, "duplicate_unit"] is None


def test_it_composes_with_pipe_and_join(lists):
    joined = lists.join(lists.pipe(similar, threshold=0.9))
    assert list(joined.columns) == ["unit", "text", "copy_group", "duplicate_of", "duplicate_unit", "similarity",
                                    "n_units_sharing", "boilerplate"]


def test_other_column_names():
    df = pd.DataFrame({"责任单位": ["甲镇", "乙局"], "存在问题": ["学习研讨走过场。", "1、学习研讨走过场"]})
    out = similar(df, text_column="存在问题", unit_column="责任单位")
    assert out["copy_group"].tolist() == [1, 1]


@pytest.mark.parametrize("missing", ["text", "unit"])
def test_a_missing_column_is_named_with_the_columns_found(lists, missing):
    with pytest.raises(ValueError, match=rf"{missing}_column='{missing}'.*columns found: \['(unit|text)'\]"):
        similar(lists.drop(columns=missing))


@pytest.mark.parametrize("kwargs", [{"threshold": 0}, {"threshold": 1.5}, {"threshold": "0.7"},
                                    {"boilerplate_units": 1}, {"boilerplate_units": 2.5}])
def test_bad_settings_are_refused(lists, kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        similar(lists, **kwargs)


def test_copy_rates_per_unit(lists):
    rates = copy_rates(lists.join(similar(lists)))
    assert list(rates.columns) == ["unit", "n", "copied", "copy_rate", "boilerplate"]
    by_unit = rates.set_index("unit")
    assert by_unit.loc["红旗镇"].tolist() == [3, 2, 0.6667, 0]
    assert by_unit.loc["大罗镇"].tolist() == [4, 3, 0.75, 1]
    assert by_unit.loc["永安乡"].tolist() == [6, 0, 0.0, 0]  # junk rows count in n
    assert rates["unit"].tolist() == ["大罗镇", "红旗镇", "县卫健局", "县发改局", "永安乡"]
    # plain statements work too: similar() runs on them
    pd.testing.assert_frame_equal(copy_rates(lists), rates)


def test_copy_rates_needs_a_unit_and_either_similar_columns_or_text(lists):
    with pytest.raises(ValueError, match="unit_column='unit'"):
        copy_rates(lists.drop(columns="unit"))
    with pytest.raises(ValueError, match=r"df.join\(similar\(df\)\)"):
        copy_rates(lists.drop(columns="text"))


def test_match_finds_round_two_statements_that_recur_from_round_one():
    round1 = pd.Series({
        "r1-01": "全年开展专题研讨12次，但研讨多停留在读文件层面，结合本单位实际谈认识少。",
        "r1-02": "服务企业意识不强，主动上门服务少。",
        "r1-03": "对县情认识不深，对全县资源禀赋、产业基础掌握不全面。",
    })
    round2 = pd.Series({
        "r2-01": "对新发展理念认识不深，重速度轻质量。",
        "r2-02": "（一）全年开展专题研讨8次，但研讨多停留在读文件层面，结合本单位实际谈认识少。",
        "r2-03": "服务群众意识不强，主动下村入户少。",
        "r2-04": None,
    })
    found = match(round1, round2)
    assert found[["left_index", "right_index"]].values.tolist() == [["r1-01", "r2-02"]]
    assert found.at[0, "similarity"] == 1.0  # numbers are folded: "12次" and "8次" read alike
    assert match(list(round1), list(round2))[["left_index", "right_index"]].values.tolist() == [[0, 1]]


def test_match_keeps_the_best_left_item_for_each_right_item():
    left = ["干部担当意识不强，遇到矛盾绕着走。", "干部担当意识不强，遇到矛盾问题绕着走，怕出错。", "学习研讨走过场。",
            "2.学习研讨走过场"]  # the same statement again: the first one is reported
    right = ["干部担当意识不强，遇到矛盾问题绕着走，怕出错、怕担责。", "学习研讨走过场"]
    found = match(left, right, threshold=0.5)
    assert found["right_index"].tolist() == [0, 1]
    assert found["left_index"].tolist() == [1, 2]
    assert found.at[0, "similarity"] == round(similarity(left[1], right[0]), 4)
    with pytest.raises(ValueError, match="single string"):
        match("学习研讨走过场", right)


def test_comparable_text_ignores_enumerators_punctuation_width_and_numbers():
    assert comparable("1.学习不够深入。") == comparable("学习不够深入") == "学习不够深入"
    assert comparable("（二）全年研讨１２次 ，") == comparable("全年研讨3次") == "全年研讨0次"
    assert [comparable(x) for x in (None, 3, "", "。", "无", "暂无", "学")] == [None] * 7


def fixture_pairs():
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_threshold_separates_hand_written_copies_from_same_topic_statements():
    pairs = fixture_pairs()
    assert len(pairs) >= 40 and sum(p["copy"] for p in pairs) >= 20 and sum(not p["copy"] for p in pairs) >= 20
    flagged = [similarity(p["a"], p["b"]) >= THRESHOLD for p in pairs]
    tp = sum(f and p["copy"] for f, p in zip(flagged, pairs))
    fp = sum(f and not p["copy"] for f, p in zip(flagged, pairs))
    precision, recall = tp / (tp + fp), tp / sum(p["copy"] for p in pairs)
    # the figures quoted in the module docstring and the README
    assert (precision, recall) == (1.0, 1.0)
    # and with room on both sides: the default is not balanced on an edge
    scores = np.array([similarity(p["a"], p["b"]) for p in pairs])
    is_copy = np.array([p["copy"] for p in pairs])
    assert scores[is_copy].min() - THRESHOLD > 0.05
    assert THRESHOLD - scores[~is_copy].max() > 0.05


def test_the_sparse_path_scores_like_the_pair_function():
    pairs = fixture_pairs()
    found = match([p["a"] for p in pairs], [p["b"] for p in pairs], threshold=0.3)
    for row in found.itertuples():
        assert row.similarity == pytest.approx(similarity(pairs[row.left_index]["a"], pairs[row.right_index]["b"]),
                                               abs=1e-4)
    diagonal = found[found.left_index == found.right_index]
    assert set(diagonal.right_index) >= {k for k, p in enumerate(pairs) if p["copy"]}


@pytest.fixture(scope="module")
def brute_force():
    """Corpus statements with edited copies, and the similarity of every pair computed one by one."""
    rng = np.random.default_rng(3)
    texts = corpus.load("train")["text"].sample(700, random_state=11).tolist()
    # edits of some, so that there are pairs at every level of similarity
    texts += [t[: len(t) // 2] + "，整改不到位" + t[len(t) // 2:] for t in texts[:120]]
    texts += [t[: int(rng.integers(3, len(t)))] for t in texts[120:200]]
    texts += ["1." + t.replace("，", ",") for t in texts[200:240]]
    cores = [c for c in (comparable(t) for t in texts) if c]
    grams = [{c[k:k + 2] for k in range(len(c) - 1)} for c in cores]
    scores = {(i, j): len(grams[i] & grams[j]) / np.sqrt(len(grams[i]) * len(grams[j]))
              for i, j in itertools.combinations(range(len(cores)), 2) if grams[i] & grams[j]}
    return cores, scores


@pytest.mark.parametrize("threshold", [0.4, THRESHOLD, 0.85, 1.0])
def test_the_prefix_filter_finds_exactly_the_pairs_of_a_brute_force_comparison(brute_force, threshold):
    cores, scores = brute_force
    expected = {pair for pair, score in scores.items() if score >= threshold - 1e-9}
    i, j, sim = _near_pairs(cores, threshold)
    assert set(zip(i.tolist(), j.tolist())) == expected
    assert np.allclose(sim, [scores[pair] for pair in zip(i.tolist(), j.tolist())])
    assert len(expected) >= 40


def test_importing_the_module_does_not_import_scipy():
    code = "import sys, thoughtclass.similarity; print('scipy' in sys.modules or 'sklearn' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
