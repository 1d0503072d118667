"""Counting and the report paragraph of section 二."""

import pandas as pd
import pytest

from thoughtclass.reporting import report, write_docx
from thoughtclass.summary import largest_remainder_percent, summarize


@pytest.fixture
def classified():
    rows = [
        ("开发区", "county_conditions", "thinking", "已完成"),
        ("开发区", "county_conditions", "thinking", "正在整改"),
        ("发改局", "county_conditions", "thinking", "已销号"),
        ("发改局", "new_philosophy", "thinking", "持续推进"),
        ("卫健局", "top_down_link", "thinking", "未启动"),
        ("卫健局", "capability_style", "work", "已完成"),
        ("卫健局", "institutional_innovation", "work", "已完成"),
        ("卫健局", "institutional_innovation", "work", ""),
        ("大罗镇", "capability_style", "thinking", "长期坚持"),
    ]
    df = pd.DataFrame(rows, columns=["unit", "category", "nature", "status"])
    df["text"] = [f"问题{i}" for i in range(len(df))]
    df["error"] = None
    df.loc[len(df)] = ["大罗镇", None, None, "", "无", "placeholder '无', not a problem statement"]
    return df


@pytest.mark.parametrize("counts", [[1, 1, 1], [1620, 331, 330, 314, 311], [7, 0, 0, 2, 1], [3, 3, 3, 3, 3, 3, 3]])
def test_shares_add_up_to_exactly_100(counts):
    shares = largest_remainder_percent(counts)
    assert round(shares.sum(), 2) == 100.00
    assert all(abs(s - c / sum(counts) * 100) < 0.01 for s, c in zip(shares, counts))


def test_totals_and_status(classified):
    s = summarize(classified)
    t = s.totals
    assert (t["statements"], t["classified"], t["errors"]) == (10, 9, 1)
    assert (t["thinking"], t["work"], t["units"]) == (6, 3, 4)
    assert (t["thinking_resolved"], t["thinking_in_progress"], t["thinking_not_started"]) == (3, 2, 1)


def test_categories_units_and_shares(classified):
    s = summarize(classified)
    cc = s.by_category.set_index("category").loc["county_conditions"]
    assert (cc["n"], cc["n_thinking"], cc["n_units"]) == (3, 3, 2)
    assert cc["units"] == ["开发区", "发改局"]  # most statements first
    assert round(s.by_category["share"].sum(), 2) == 100.00
    assert round(s.by_category["share_thinking"].sum(), 2) == 100.00
    assert cc["share_thinking"] == 50.00


def test_work_heavy_units_threshold_is_adjustable(classified):
    assert summarize(classified).work_heavy_units["unit"].tolist() == ["卫健局"]
    assert summarize(classified, work_heavy_share=0.8).work_heavy_units.empty


def test_by_unit_and_long_tables_are_tidy(classified):
    s = summarize(classified)
    assert set(s.unit_category.columns) == {"unit", "category", "n"}
    assert s.by_status.query("scope == 'all' and category == 'all'")["n"].sum() == 9
    assert "Summary: 9 statements from 4 units" in repr(s)


def test_report_follows_the_seed_wording(classified):
    text = report(summarize(classified), classified)
    lines = [ln for ln in text.splitlines() if ln]
    assert lines[0] == "## 二、存在问题"
    assert "属思想范畴的6个，已解决3个，正在推进整改落实2个，尚未启动1个" in lines[1]
    assert lines[3].startswith("一是在深化县情认识上有差距。占思想范畴问题的50.00%（3个）。")
    assert "开发区、发改局共2家单位不同程度存在" in lines[3]
    assert lines[7].startswith("五是在制度机制创新上有差距。")
    assert "卫健局所列问题中工作问题占比达50%以上，存在以工作问题代替思想问题的情况" in lines[8]
    assert "另有1条内容无法分类" in lines[9]


def test_report_on_all_statements(classified):
    text = report(summarize(classified), base="all")
    # 3 of 9: the largest remainder gives this category the last 0.01 so the shares sum to 100.00
    assert "一是在深化县情认识上有差距。占问题总数的33.34%（3个）。" in text


def test_report_docx(classified, tmp_path):
    from docx import Document

    path = write_docx(report(summarize(classified)), tmp_path / "r.docx")
    paragraphs = [p.text for p in Document(str(path)).paragraphs]
    assert paragraphs[0] == "二、存在问题"
    assert any(p.startswith("一是在深化县情认识上有差距") for p in paragraphs)


def test_summarize_needs_labels():
    with pytest.raises(ValueError, match="needs a 'category' column"):
        summarize(pd.DataFrame({"text": ["x"]}))
