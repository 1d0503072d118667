"""How specific a statement is (specificity) and who writes vaguely (vague_by_unit)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from thoughtclass.specificity import VAGUE_BELOW, load_specificity_lexicons, specificity, vague_by_unit

LABELLED = Path(__file__).parent / "data" / "specificity_labelled.jsonl"


def score(text: str) -> float:
    return float(specificity([text])["specificity"].iloc[0])


def counts(text: str) -> dict:
    return specificity([text]).iloc[0].to_dict()


def test_the_two_examples_order_and_fall_on_either_side_of_the_threshold():
    vague, concrete = specificity(["学习不够深入", "全年理论中心组学习仅开展3次，未按计划完成"])["specificity"]
    assert vague < VAGUE_BELOW < concrete


def test_columns_explain_the_score():
    row = counts("全年理论中心组学习仅开展3次，未按计划完成")
    assert (row["quantities"], row["dates"], row["names"], row["facts"], row["stock"]) == (1, 1, 1, 2, 0)
    assert 0.0 <= row["specificity"] <= 1.0 and not row["vague"]


@pytest.mark.parametrize(
    "before, after, column",
    [
        ("部分村未建台账。", "3个村未建台账。", "quantities"),
        ("农村公路养护资金到位率低。", "农村公路养护资金到位率仅40%。", "quantities"),
        ("低保核查中发现家庭收入超标。", "第三季度低保核查中发现家庭收入超标。", "dates"),
        ("安全检查发现隐患整改不及时。", "上半年安全检查发现隐患整改不及时。", "dates"),
        ("资金管理办法多年未作修订。", "《县衔接资金管理办法》多年未作修订。", "names"),
        ("平台上线后事件办结率低。", "“一网统管”平台上线后事件办结率低。", "names"),
        ("老旧小区改造进展慢。", "东关社区老旧小区改造进展慢。", "places"),
        ("有的商铺油烟直排。", "人民路商铺油烟直排。", "places"),
        ("信访积案化解慢。", "信访积案超期未化解。", "facts"),
    ],
)
def test_each_concrete_ingredient_raises_the_score(before, after, column):
    assert counts(after)[column] > counts(before)[column]
    assert score(after) > score(before)


def test_a_stock_phrase_lowers_the_score_and_is_not_content():
    plain = counts("干部服务企业的意识。")
    stock = counts("干部服务企业的意识有待提高。")
    assert stock["stock"] == plain["stock"] + 1
    assert stock["content_chars"] == plain["content_chars"]
    assert score("干部服务企业的意识有待提高。") < score("干部服务企业的意识。")


def test_longer_non_stock_content_raises_the_score_a_little():
    short_text, long_text = "道路修建推进慢。", "通往山里的道路修建推进慢，群众出行仍走泥泞土路，雨天孩子上学难。"
    row = counts(long_text)
    assert row["content_chars"] > counts(short_text)["content_chars"]
    assert sum(row[k] for k in ("quantities", "dates", "names", "places", "facts", "stock")) == 0
    assert score(short_text) < score(long_text) < VAGUE_BELOW + 0.1  # length alone does not make it concrete


def test_slogan_numerals_and_a_lone_yi_are_not_quantities():
    for text in ("在“两个维护”上做得不够。", "增强“四个意识”。", "存在“两张皮”现象。", "落实中央八项规定。", "搞一刀切，一个标准到底。"):
        assert counts(text)["quantities"] == 0, text
    assert counts("两个村未通公交，一年内仅开会三次。")["quantities"] == 2


def test_generic_modifiers_do_not_make_names_or_places():
    row = counts("各村、行政村和老旧小区的重点项目推进慢，存在形象工程。")
    assert (row["places"], row["names"]) == (0, 0)


def test_long_bureaucratic_statement_is_vague_and_short_concrete_one_is_not():
    long_vague = (
        "在统筹推进各项工作中，存在重部署、轻落实的问题，督促检查不够经常，跟踪问效不够到位，"
        "一些工作推进较为缓慢，与县委县政府的要求和群众的期盼相比还存在不小差距。"
    )
    out = specificity([long_vague, "3个村未建台账。"])
    assert out["vague"].tolist() == [True, False]


def test_full_width_digits_count_like_ascii():
    assert score("全年仅开展３次。") == score("全年仅开展3次。")


def test_bad_rows_pass_through_in_order():
    texts = ["3个村未建台账。", None, "", "   ", float("nan"), 42, "。。", "学习不够深入。"]
    out = specificity(texts)
    assert len(out) == len(texts)
    assert out["specificity"].isna().tolist() == [False, True, True, True, True, True, True, False]
    assert out["vague"].tolist() == [False, False, False, False, False, False, False, True]
    assert (out.iloc[1:7, 2:] == 0).all().all()


def test_series_index_is_kept_and_result_is_deterministic():
    s = pd.Series(["学习不够深入。", "3个村未建台账。"], index=[17, 4])
    first, second = specificity(s), specificity(s)
    assert first.index.tolist() == [17, 4]
    pd.testing.assert_frame_equal(first, second)
    assert list(first.columns[:2]) == ["specificity", "vague"]


def test_empty_input_gives_empty_frame():
    out = specificity([])
    assert len(out) == 0 and "specificity" in out.columns


def test_lexicon_sizes():
    lex = load_specificity_lexicons()
    assert 60 <= len(lex["stock"]) <= 120
    assert not set(lex["stock"]) & set(lex["fact"])


# --- evidence -----------------------------------------------------------------


def _auc(labels_vague, scores) -> float:
    # Probability that a concrete statement outscores a vague one (ties half).
    pos = scores[~labels_vague][:, None]
    neg = scores[labels_vague][None, :]
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))


@pytest.fixture(scope="module")
def labelled():
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    df = pd.DataFrame(rows)
    return pd.concat([df, specificity(df["text"]).add_prefix("s_")], axis=1)


def test_labelled_fixture_is_balanced_and_has_hard_cases(labelled):
    assert len(labelled) >= 80
    assert 0.4 <= labelled["vague"].mean() <= 0.6
    assert labelled["hard"].sum() >= 20


# Measured: dev AUC 1.00 / accuracy 1.00; holdout AUC 0.93 / accuracy 0.87.
@pytest.mark.parametrize("split, auc_floor, acc_floor", [("dev", 0.95, 0.92), ("holdout", 0.85, 0.77)])
def test_score_separates_vague_from_concrete_on_the_labelled_fixture(labelled, split, auc_floor, acc_floor):
    sub = labelled[labelled["split"] == split]
    vague = sub["vague"].to_numpy(bool)
    assert _auc(vague, sub["s_specificity"].to_numpy()) >= auc_floor
    assert (sub["s_vague"].to_numpy(bool) == vague).mean() >= acc_floor


# --- vague_by_unit ---------------------------------------------------------------


@pytest.fixture
def two_units():
    return pd.DataFrame({
        "unit": ["甲镇", "甲镇", "甲镇", "乙局", "乙局", None],
        "text": [
            "学习不够深入，理论联系实际不够。",
            "3个村未建台账。",
            "上半年安全检查发现隐患43处，其中11处未闭环整改。",
            "服务意识不强，工作主动性有待提高。",
            "",
            "制度执行不够严格。",
        ],
    })


def test_vague_by_unit_counts_and_sorts(two_units):
    table = vague_by_unit(two_units)
    assert table.columns.tolist() == ["unit", "n", "vague", "vague_share", "mean_specificity"]
    rows = table.set_index("unit")
    assert rows.loc["乙局", ["n", "vague", "vague_share"]].tolist() == [1, 1, 1.0]  # the empty text is not a statement
    assert rows.loc["甲镇", ["n", "vague", "vague_share"]].tolist() == [3, 1, 0.3333]
    assert rows.loc["（未注明单位）", "vague"] == 1
    assert table["unit"].tolist() == ["乙局", "（未注明单位）", "甲镇"]  # share desc, then unit


def test_vague_by_unit_uses_existing_scores_and_pipes(two_units):
    scored = pd.concat([two_units, specificity(two_units["text"])], axis=1)
    assert vague_by_unit(scored).equals(two_units.pipe(vague_by_unit))
    scored["vague"] = True  # a column given by the caller is used as is
    assert vague_by_unit(scored.drop(columns="text"))["vague"].sum() == 5


def test_vague_by_unit_other_column_names(two_units):
    renamed = two_units.rename(columns={"unit": "单位", "text": "问题"})
    table = vague_by_unit(renamed, unit_column="单位", text_column="问题")
    assert table["n"].sum() == 5


@pytest.mark.parametrize("drop, message", [("unit", "unit_column 'unit'"), ("text", "text_column 'text'")])
def test_vague_by_unit_missing_columns_are_named(two_units, drop, message):
    with pytest.raises(ValueError, match=message) as err:
        vague_by_unit(two_units.drop(columns=drop))
    assert "found" in str(err.value)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="not one str"):
        specificity("学习不够深入")
    with pytest.raises(ValueError, match="DataFrame"):
        specificity(pd.DataFrame({"text": ["a"]}))
    with pytest.raises(ValueError, match="df must be a DataFrame"):
        vague_by_unit(["学习不够深入"])


def test_all_bad_unit_has_nan_share_and_sorts_last():
    table = vague_by_unit(pd.DataFrame({"unit": ["甲", "乙"], "text": ["学习不够深入。", None]}))
    assert table["unit"].tolist() == ["甲", "乙"]
    assert table.loc[1, "n"] == 0 and np.isnan(table.loc[1, "vague_share"])
