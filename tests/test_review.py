"""The review round trip: 复核 sheet out, a reviewer's decisions in, counts and model updated."""

import json

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from thoughtclass import corpus
from thoughtclass.batch import classify_files, read_annotated, write_outputs
from thoughtclass.cli import main
from thoughtclass.errors import InputError
from thoughtclass.review import apply_decisions, parse_category, parse_nature, read_decisions, training_rows

STATEMENTS = [
    ("城关镇", "部分干部服务意识不强，对群众来访推诿扯皮。", "已完成"),
    ("城关镇", "对本县资源禀赋和区位短板研究不深，招商方向把握不准。", "正在整改"),
    ("县农业农村局", "农村人居环境整治长效管护机制尚未建立。", "正在整改"),
    ("县农业农村局", "局班子理论学习中心组学习流于形式，以读代学。", "已完成"),
    ("县财政局", "上级政策传达多，结合本地实际细化落实少。", ""),
]


@pytest.fixture
def workbook(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["单位", "存在问题", "整改情况"])
    for row in STATEMENTS:
        ws.append(list(row))
    ledger = tmp_path / "ledger.xlsx"
    wb.save(ledger)
    rows, _ = classify_files([ledger])
    out = tmp_path / "result.xlsx"
    write_outputs(rows, out, charts=False)
    return out


def _decide(path, decisions, target=None):
    """Play the reviewer: fill the 复核 cells of the statements given by their text."""
    wb = load_workbook(path)
    ws = wb["复核"]
    col = {cell.value: cell.column for cell in ws[1]}
    for r in range(2, ws.max_row + 1):
        text = ws.cell(r, col["问题"]).value
        for header, value in decisions.get(text, {}).items():
            ws.cell(r, col[header]).value = value
    wb.save(target or path)
    return target or path


def test_review_sheet_has_empty_decision_columns_with_codebook_dropdowns(workbook):
    ws = load_workbook(workbook)["复核"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["序号", "单位", "问题"] and headers[-3:] == ["复核类别", "复核性质", "复核意见"]
    assert {"模型类别", "类别依据", "模型性质", "性质依据", "需复核"} <= set(headers)
    assert all(ws.cell(r, headers.index("复核类别") + 1).value is None for r in range(2, ws.max_row + 1))
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    letter = {h: chr(ord("A") + i) for i, h in enumerate(headers)}
    assert lists[letter["复核类别"]] == '"县情认识,新发展理念,上下结合,能力作风,制度机制"'
    assert lists[letter["复核性质"]] == '"思想问题,工作问题"'
    flagged = [ws.cell(r, headers.index("需复核") + 1).value for r in range(2, ws.max_row + 1)]
    assert flagged == sorted(flagged, reverse=True)  # flagged statements first


def test_apply_replaces_labels_keeps_the_models_and_recounts(workbook, capsys):
    first = STATEMENTS[0][1]
    reviewed = _decide(workbook, {first: {"复核类别": "制度机制", "复核性质": "工作问题", "复核意见": "实为接访制度问题"}})
    assert main(["review", "apply", str(reviewed), "--no-charts"]) == 0
    out = reviewed.with_name("result_reviewed.xlsx")
    rows = read_annotated(out)
    row = rows[rows["text"] == first].iloc[0]
    assert (row["category"], row["nature"], row["差距类别" if "差距类别" in rows else "category_zh"]) == (
        "institutional_innovation", "work", "制度机制")
    assert row["category_model"] != "institutional_innovation" or row["nature_model"] != "work"
    assert bool(row["reviewed"]) and bool(row["corrected"]) and row["review_note"] == "实为接访制度问题"
    assert not rows.loc[rows["text"] != first, "reviewed"].any()
    summary = pd.read_excel(out, sheet_name="汇总").set_index("简称")
    assert summary["问题数"].sum() == len(STATEMENTS)
    assert summary.loc["制度机制", "问题数"] == (rows["category"] == "institutional_innovation").sum()
    report = out.with_name("result_reviewed_report.md").read_text(encoding="utf-8")
    assert "1条经人工复核，其中1条修正了模型的分类" in report
    assert "decisions applied 1, labels corrected 1" in capsys.readouterr().err


def test_applying_the_corrected_workbook_again_changes_nothing(workbook, tmp_path):
    reviewed = _decide(workbook, {STATEMENTS[2][1]: {"复核性质": "思想问题"}})
    once = apply_decisions(read_annotated(reviewed), read_decisions(reviewed))
    write_outputs(once, tmp_path / "once.xlsx", charts=False)
    sheet = pd.read_excel(tmp_path / "once.xlsx", sheet_name="复核").set_index("问题")
    row = once.set_index("text").loc[STATEMENTS[2][1]]
    assert sheet.loc[STATEMENTS[2][1], "复核性质"] == "思想问题"  # the decision is shown again
    assert sheet.loc[STATEMENTS[2][1], "模型性质"] == {"thinking": "思想问题", "work": "工作问题"}[row["nature_model"]]
    twice = apply_decisions(read_annotated(tmp_path / "once.xlsx"), read_decisions(tmp_path / "once.xlsx"))
    cols = ["category", "nature", "reviewed", "corrected", "category_model", "nature_model"]
    pd.testing.assert_frame_equal(once[cols].reset_index(drop=True), twice[cols].reset_index(drop=True), check_dtype=False)


def test_bad_labels_are_refused_naming_each_cell_and_nothing_is_written(workbook, tmp_path):
    reviewed = _decide(workbook, {STATEMENTS[0][1]: {"复核类别": "作风问题"}, STATEMENTS[1][1]: {"复核性质": "思想"}})
    reviewed = _decide(reviewed, {STATEMENTS[3][1]: {"复核性质": "组织问题"}})
    with pytest.raises(InputError) as err:
        read_decisions(reviewed)
    message = str(err.value)
    assert "2 bad cell(s)" in message and "'作风问题' is not a category" in message and "'组织问题' is not a nature" in message
    assert "column 复核类别" in message and "row " in message
    with pytest.raises(SystemExit, match="作风问题"):
        main(["review", "apply", str(reviewed), "-o", str(tmp_path / "x.xlsx")])
    assert not (tmp_path / "x.xlsx").exists()


def test_a_workbook_without_review_sheet_is_named(tmp_path):
    wb = Workbook()
    wb.save(tmp_path / "plain.xlsx")
    with pytest.raises(InputError, match="plain.xlsx: no 复核 sheet"):
        read_decisions(tmp_path / "plain.xlsx")


@pytest.mark.parametrize("value, expected", [("能力作风", "capability_style"), (" top_down_link ", "top_down_link"),
                                             ("在深化县情认识上有差距", "county_conditions"), (None, None), ("", None)])
def test_category_spellings(value, expected):
    assert parse_category(value) == expected


def test_nature_spellings():
    assert [parse_nature(v) for v in ("思想问题", "工作", "work", float("nan"))] == ["thinking", "work", "work", None]


def test_training_rows_take_the_confirmed_head_from_the_model():
    rows = pd.DataFrame({"row_id": [1, 2], "text": ["甲", "乙"], "category": ["top_down_link"] * 2, "nature": ["work"] * 2})
    decided = apply_decisions(rows, pd.DataFrame({"row_id": [2], "category": [None], "nature": ["thinking"], "note": [None]}))
    assert training_rows(decided).to_dict("records") == [{"text": "乙", "category": "top_down_link", "nature": "thinking"}]


@pytest.mark.slow
def test_train_add_learns_from_corrections_kept_apart_from_the_corpus(workbook, tmp_path, capsys):
    small = corpus.load("train").groupby(["category", "nature"]).head(30)
    test = corpus.load("test").groupby(["category", "nature"]).head(5)
    folder = tmp_path / "corpus"
    folder.mkdir()
    small.to_json(folder / "train.jsonl", orient="records", lines=True, force_ascii=False)
    test.to_json(folder / "test.jsonl", orient="records", lines=True, force_ascii=False)
    leaked = test["text"].iloc[0]
    reviewed = _decide(workbook, {STATEMENTS[0][1]: {"复核类别": "能力作风", "复核性质": "思想问题"},
                                  STATEMENTS[4][1]: {"复核类别": "上下结合"}})
    # An office ledger that happens to hold one of our test statements: its decision must not reach training.
    wb = load_workbook(reviewed)
    ledger, review = wb["分类结果"], wb["复核"]
    col = {cell.value: cell.column for cell in review[1]}
    ledger.cell(4, [c.value for c in ledger[1]].index("问题") + 1).value = leaked  # 序号 3
    row = next(r for r in range(2, review.max_row + 1) if review.cell(r, col["序号"]).value == 3)
    review.cell(row, col["复核性质"]).value = "工作问题"
    wb.save(reviewed)
    before = (folder / "train.jsonl").read_bytes()
    assert main(["train", "--corpus", str(folder), "--out", str(tmp_path / "m"), "--add", str(reviewed)]) == 0
    assert "added 2 reviewed statements" in capsys.readouterr().out
    kept = [json.loads(line) for line in (tmp_path / "m" / "corrections.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["text"] for r in kept} == {STATEMENTS[0][1], STATEMENTS[4][1]}
    assert (folder / "train.jsonl").read_bytes() == before
    card = (tmp_path / "m" / "card.md").read_text(encoding="utf-8")
    assert "## Before and after the corrections" in card and "before (`default`)" in card
    assert "Plus 2 statements labelled by an office's reviewers" in card and "1 that repeated a test statement" in card
