"""Round over round: distributions side by side, chi-square, unit shifts, recurring problems."""

import pandas as pd
import pytest

from thoughtclass.comparison import compare
from thoughtclass.reporting import comparison_report
from thoughtclass.summary import summarize

CAP, INST, COUNTY = "capability_style", "institutional_innovation", "county_conditions"

# Round 1: 柳河镇 lists mostly work problems; 县水务局 mostly thinking problems.
ROUND_1 = pd.DataFrame([
    ("柳河镇", "全镇12个村中有5个村未建立矛盾纠纷排查台账。", INST, "work", "已完成"),
    ("柳河镇", "镇村两级便民服务站代办事项清单未及时更新。", INST, "work", "正在整改"),
    ("柳河镇", "农村公路养护资金缺口较大，部分路段破损未修复。", COUNTY, "work", "正在整改"),
    ("柳河镇", "镇机关干部值班值守制度执行不严格。", INST, "work", "已完成"),
    ("柳河镇", "个别班子成员对镇情研究不深，谋划发展思路不宽。", COUNTY, "thinking", "正在整改"),
    ("县水务局", "局班子成员担当意识不强，遇到难题习惯于等上级政策。", CAP, "thinking", "已完成"),
    ("县水务局", "对县域水资源短缺的基本县情认识不足，项目谋划缺乏前瞻性。", COUNTY, "thinking", "正在整改"),
    ("县水务局", "部分干部服务意识淡薄，对企业取水审批推诿拖延。", CAP, "thinking", "已完成"),
    ("县水务局", "河长制巡河记录填写不规范。", INST, "work", "已完成"),
], columns=["unit", "text", "category", "nature", "status"])

# Round 2: 柳河镇 turned to thinking problems; one resolved problem of 县水务局 appears again, edited.
ROUND_2 = pd.DataFrame([
    ("柳河镇", "镇班子对解放思想的紧迫性认识不够，安于现状。", CAP, "thinking", "正在整改"),
    ("柳河镇", "部分干部怕担责任，面对信访难题绕着走。", CAP, "thinking", "正在整改"),
    ("柳河镇", "对全镇产业基础薄弱的镇情把握不准，发展定位模糊。", COUNTY, "thinking", "正在整改"),
    ("柳河镇", "个别干部满足于完成上级交办任务，主动谋事不够。", CAP, "thinking", "正在整改"),
    ("柳河镇", "村级财务公开栏更新不及时。", INST, "work", "已完成"),
    ("县水务局", "局班子成员担当意识不强，遇到难题习惯于等待上级政策。", CAP, "thinking", "正在整改"),
    ("县水务局", "水利工程建设项目前期工作推进缓慢。", COUNTY, "work", "正在整改"),
    ("县水务局", "对节水型社会建设认识不足，重工程建设轻节水管理。", CAP, "thinking", "正在整改"),
    ("县水务局", "河长制巡河记录仍存在漏填错填。", INST, "work", "正在整改"),
], columns=["unit", "text", "category", "nature", "status"])


@pytest.fixture(scope="module")
def comparison():
    return compare(ROUND_1, ROUND_2, names=("2022年", "2023年"))


def test_distributions_side_by_side_add_up(comparison):
    nat = comparison.natures.set_index("nature")
    assert nat[["n_1", "n_2"]].to_dict("index") == {"thinking": {"n_1": 4, "n_2": 6}, "work": {"n_1": 5, "n_2": 3}}
    assert nat.loc["thinking", "change"] == pytest.approx(66.67 - 44.44, abs=0.01)
    cats = comparison.categories
    assert cats["share_1"].sum() == pytest.approx(100) and cats["share_2"].sum() == pytest.approx(100)
    assert cats.set_index("category").loc[CAP, ["n_1", "n_2"]].tolist() == [2, 5]


def test_chi_square_agrees_with_scipy_on_the_same_table(comparison):
    from scipy.stats import chi2_contingency

    expected = chi2_contingency([[4, 5], [6, 3]], correction=False)
    nature = comparison.tests.set_index("distribution").loc["nature"]
    assert nature["chi2"] == pytest.approx(expected.statistic, abs=1e-3)
    assert nature["p_value"] == pytest.approx(expected.pvalue) and nature["dof"] == 1
    assert not nature["changed"]  # nine statements a round cannot show a significant change


def test_a_large_shift_is_significant():
    big_1 = pd.concat([ROUND_1] * 8, ignore_index=True)
    big_2 = pd.concat([ROUND_2] * 8, ignore_index=True)
    c = compare(big_1, big_2)
    assert c.tests.set_index("distribution").loc["category", "changed"]
    assert c.units.set_index("unit").loc["柳河镇", ["direction", "significant"]].tolist() == ["fell", True]


def test_units_report_their_work_share_in_both_rounds(comparison):
    units = comparison.units.set_index("unit")
    assert units.loc["柳河镇", ["share_work_1", "share_work_2"]].tolist() == [0.8, 0.2]
    assert units.loc["柳河镇", "change"] == pytest.approx(-0.6)
    assert units.loc["柳河镇", ["direction", "significant"]].tolist() == ["fell", False]  # 5 statements: Fisher p ≈ 0.21
    assert 0.2 < units.loc["柳河镇", "p_value"] < 0.25
    assert units.loc["县水务局", ["change", "direction"]].tolist() == [0.25, "rose"]


def test_recurring_statements_are_found_in_the_same_unit_only(comparison):
    rec = comparison.recurring
    assert rec["text_2"].tolist() == ["局班子成员担当意识不强，遇到难题习惯于等待上级政策。"]
    row = rec.iloc[0]
    assert row["unit"] == "县水务局" and row["status_1"] == "已完成" and row["was_resolved"]
    # "河长制巡河记录…" recurs in substance but is reworded: below the copy threshold, not listed.


def test_summaries_compare_without_recurring():
    c = compare(summarize(ROUND_1), summarize(ROUND_2))
    assert c.recurring is None and len(c.units) == 2
    assert "recurring n/a" in repr(c)


def test_report_paragraph_states_the_measured_numbers(comparison):
    text = comparison_report(comparison)
    assert text.startswith("## 两轮查摆问题对比")
    assert "与2022年相比，2023年查摆问题9个（2022年9个），其中思想问题占比由44.44%变为66.67%" in text
    assert "能力作风方面占比上升33.34个百分点" in text
    assert "县水务局（25%→50%）工作问题占比上升；柳河镇（80%→20%）工作问题占比下降，因单位问题数较少" in text
    assert "1个在2022年已报告整改完成" in text and "县水务局“局班子成员担当意识不强" in text


def test_rounds_must_be_frames_or_summaries():
    with pytest.raises(TypeError, match="DataFrames of classified statements or Summary"):
        compare(ROUND_1, ["not", "rows"])


def test_compare_command_finds_the_problems_planted_in_the_example_rounds(tmp_path, capsys):
    import json
    from pathlib import Path

    from thoughtclass.cli import main

    examples = Path(__file__).resolve().parent.parent / "examples"
    if not (examples / "ledger_round2.xlsx").is_file():
        pytest.skip("examples are not part of an installed package")
    out = tmp_path / "对比.xlsx"
    assert main(["compare", str(examples / "ledger.xlsx"), str(examples / "ledger_round2.xlsx"), "-o", str(out),
                 "-q", "--no-charts", "--names", "2022年", "2023年"]) == 0
    assert "## 两轮查摆问题对比" in capsys.readouterr().out
    with open(examples / "source" / "ledger_round2.jsonl", encoding="utf-8") as fh:
        planted = [row for row in map(json.loads, fh) if "recurs" in row]
    found = pd.read_excel(out, sheet_name="重复出现")
    assert set(found["text_2"]) == {row["problem"] for row in planted}  # and nothing else
    assert dict(zip(found["text_2"], found["text_1"])) == {row["problem"]: row["recurs"] for row in planted}
    assert found["was_resolved"].sum() == 8
    assert pd.read_excel(out, sheet_name="检验")["distribution"].tolist() == ["category", "nature"]
    assert out.with_name("对比_report.md").is_file()


def test_compare_command_refuses_the_summary_file_and_names_the_output_to_give(tmp_path):
    from thoughtclass.batch import read_annotated, write_outputs
    from thoughtclass.cli import main
    from thoughtclass.errors import InputError

    rows = ROUND_1.assign(category_zh="", nature_zh="", error=None)
    write_outputs(rows, tmp_path / "第一轮.csv", charts=False)
    summary = tmp_path / "第一轮_summary.csv"
    assert summary.is_file()
    with pytest.raises(SystemExit, match=r"第一轮_summary\.csv: this is the per-category summary.*such as 第一轮\.csv"):
        main(["compare", str(summary), str(tmp_path / "第一轮.csv"), "-q"])
    with pytest.raises(InputError, match=r"this is the per-category summary.*such as 第一轮\.csv"):
        read_annotated(summary)
