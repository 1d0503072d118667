"""The batch output marks copied and vague statements; the summary and report count them per unit."""

import pandas as pd
import pytest

from thoughtclass.batch import classify_rows
from thoughtclass.reporting import report
from thoughtclass.summary import summarize

# 石门乡 copied three of 河口镇's statements (a number and a word changed); 县统计局 writes only stock phrases.
LEDGER = [
    ("河口镇", "全镇17个村中有6个村未按要求建立矛盾纠纷排查台账，排查工作流于形式。"),
    ("河口镇", "对镇域矿产资源枯竭后的转型方向研究不深，接续产业谋划滞后。"),
    ("河口镇", "镇机关干部下村走访多以电话了解代替实地查看，群众诉求掌握不及时。"),
    ("河口镇", "2023年镇党委中心组集中学习仅开展4次，低于县委要求。"),
    ("石门乡", "全乡12个村中有6个村未按要求建立矛盾纠纷排查台账，排查工作流于形式。"),
    ("石门乡", "对乡域矿产资源枯竭后的转型方向研究不深，接续产业谋划滞后。"),
    ("石门乡", "乡机关干部下村走访多以电话了解代替实地查看，群众诉求掌握不及时。"),
    ("石门乡", "乡卫生院与县医院远程会诊系统因网络故障停用3个月。"),
    ("县统计局", "理论学习不够深入。"),
    ("县统计局", "服务意识有待提高。"),
    ("县统计局", "工作作风不够扎实。"),
    ("县统计局", "暂无"),
]


@pytest.fixture(scope="module")
def rows():
    frame = pd.DataFrame(LEDGER, columns=["unit", "text"]).assign(source_file="台账.xlsx", sheet=None,
                                                                    source_row=range(2, 14), status="正在整改")
    return classify_rows(frame)


def test_copies_point_to_the_row_number_of_the_first_statement(rows):
    copied = rows[rows["duplicate_of"].notna()]
    assert copied["unit"].unique().tolist() == ["石门乡"]
    assert copied["duplicate_of"].astype(int).tolist() == [1, 2, 3]  # 序号 of 河口镇's statements
    assert set(copied["duplicate_unit"]) == {"河口镇"}
    assert rows.loc[rows["unit"] == "河口镇", "copy_group"].notna().sum() == 3  # the original is in the group too


def test_vague_statements_and_errors(rows):
    stats = rows[rows["unit"] == "县统计局"]
    assert stats["vague"].tolist() == [True, True, True, False]  # "暂无" is an error, never scored
    assert pd.isna(stats["specificity"].iloc[3]) and stats["error"].notna().iloc[3]
    assert not rows.loc[rows["text"].str.contains("2023年"), "vague"].item()


def test_summary_counts_copy_rate_and_vague_share_per_unit(rows):
    by_unit = summarize(rows).by_unit.set_index("unit")
    assert by_unit.loc["石门乡", ["copied", "copy_rate", "copy_heavy"]].tolist() == [3, 0.75, True]
    assert by_unit.loc["县统计局", ["vague", "vague_share", "vague_heavy"]].tolist() == [3, 1.0, True]
    assert not by_unit.loc["河口镇", "vague_heavy"]


def test_report_names_copying_and_vague_units(rows):
    text = report(summarize(rows), rows)
    assert "6个问题与其他单位所列问题雷同" in text and "照搬照抄" in text
    assert "县统计局" in text.split("从查摆质量看")[1] and "走过场" in text
