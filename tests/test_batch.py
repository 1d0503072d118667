"""The main job end to end: ledger + documents -> annotated workbook, report, charts."""

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from thoughtclass.batch import classify_files, write_outputs
from thoughtclass.cli import main


@pytest.fixture
def inputs(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "责任单位", "存在问题", "整改情况"])
    ws.append([1, "大罗镇", "部分干部服务意识不强，对企业诉求推诿扯皮。", "已完成"])
    ws.append([2, "大罗镇", "1.人员编制不足；2.学习上级精神照本宣科。", "正在整改"])
    ws.append([3, "县发改局", "无", ""])
    ledger = tmp_path / "ledger.xlsx"
    wb.save(ledger)
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "县卫健局问题清单.txt").write_text("一、存在问题\n一是对县情认识不深；二是统计台账不规范。\n二、整改措施\n一是加强学习。\n", encoding="utf-8")
    return ledger, folder


def test_every_row_comes_out_in_order_with_its_source(inputs):
    rows, failures = classify_files(inputs)
    assert not failures
    assert rows["text"].tolist()[:4] == ["部分干部服务意识不强，对企业诉求推诿扯皮。", "人员编制不足", "学习上级精神照本宣科", "无"]
    assert rows["source_row"].tolist() == [2, 3, 3, 4, 1, 2]
    assert rows["error"].notna().tolist() == [False, False, False, True, False, False]
    assert rows["status_mapped"].tolist()[:3] == ["resolved", "in_progress", "in_progress"]
    assert rows["unit"].tolist()[-1] == "县卫健局"


def test_cli_writes_workbook_report_and_refuses_to_overwrite(inputs, tmp_path, capsys):
    out = tmp_path / "result.xlsx"
    assert main(["classify", *map(str, inputs), "-o", str(out), "-q", "--no-charts"]) == 0
    sheets = load_workbook(out).sheetnames
    assert sheets == ["分类结果", "汇总", "单位统计", "整改状态", "复核"]
    annotated = pd.read_excel(out, sheet_name="分类结果")
    assert len(annotated) == 6 and {"来源文件", "来源行", "差距类别", "问题性质", "需复核", "错误"} <= set(annotated.columns)
    report = (tmp_path / "result_report.md").read_text(encoding="utf-8")
    assert report.startswith("## 二、存在问题") and "属思想范畴的" in report
    assert (tmp_path / "result_report.docx").is_file()
    assert "rows read 6, classified 5" in capsys.readouterr().err
    with pytest.raises(SystemExit, match="--force"):
        main(["classify", *map(str, inputs), "-o", str(out), "-q"])
    assert main(["classify", *map(str, inputs), "-o", str(out), "-q", "--force", "--no-charts"]) == 0


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_other_formats(inputs, tmp_path, fmt):
    rows, _ = classify_files(inputs)
    written = write_outputs(rows, tmp_path / f"r.{fmt}", charts=False)
    assert written["rows"].suffix == f".{fmt}" and written["summary"].is_file()
    back = pd.read_csv(written["rows"]) if fmt == "csv" else pd.read_json(written["rows"], lines=True)
    assert len(back) == len(rows)


def test_never_overwrites_an_input(inputs):
    rows, _ = classify_files(inputs)
    with pytest.raises(FileExistsError, match="is one of the inputs"):
        write_outputs(rows, inputs[0], force=True, inputs=[inputs[0]])


def test_a_broken_file_is_reported_and_the_exit_code_says_so(inputs, tmp_path, capsys):
    bad = tmp_path / "docs" / "broken.xlsx"
    bad.write_bytes(b"garbage")
    assert main(["classify", *map(str, inputs), "-q"]) == 2
    err = capsys.readouterr().err
    assert "failed" in err and "broken.xlsx" in err and "files failed 1" in err


def test_the_example_data_runs(tmp_path):
    root = Path(__file__).resolve().parent.parent / "examples"
    if not (root / "ledger.xlsx").is_file():
        pytest.skip("examples are not part of an installed package")
    rows, failures = classify_files([root / "ledger.xlsx", root / "submissions"])
    assert not failures and len(rows) >= 150 and rows["unit"].nunique() >= 20


def test_streamed_result_equals_the_in_memory_result(tmp_path):
    from thoughtclass import corpus

    sample = corpus.load("train").sample(120, random_state=1)
    src = tmp_path / "big.csv"
    pd.DataFrame({
        "责任单位": sample["unit"], "存在问题": sample["text"], "整改情况": sample["status"].fillna(""),
    }).to_csv(src, index=False, encoding="gb18030")
    assert main(["classify", str(src), "-o", str(tmp_path / "streamed.csv"), "-q", "--no-charts", "--chunksize", "25"]) == 0
    # A stream sees one chunk at a time, so it does not look for copies between units.
    rows, _ = classify_files([src], copies=False)
    write_outputs(rows, tmp_path / "memory.csv", charts=False)
    streamed = pd.read_csv(tmp_path / "streamed.csv", encoding="utf-8-sig")
    memory = pd.read_csv(tmp_path / "memory.csv", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(streamed, memory)
    assert (tmp_path / "streamed_summary.csv").read_text(encoding="utf-8-sig") == (tmp_path / "memory_summary.csv").read_text(encoding="utf-8-sig")


def test_jsonl_streams_too(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"unit": "大罗镇", "text": "服务意识不强"}\n\n{"unit": "平顺街道", "text": "无"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["classify", str(src), "-o", str(out), "-q", "--no-charts"]) == 0
    back = pd.read_json(out, lines=True)
    assert back["source_row"].tolist() == [1, 3] and back["error"].notna().tolist() == [False, True]


def test_streamed_report_equals_the_in_memory_report(tmp_path):
    from thoughtclass import corpus

    sample = corpus.load("train").sample(300, random_state=2)
    src = tmp_path / "ledger.csv"
    pd.DataFrame({"单位": sample["unit"], "问题": sample["text"], "整改情况": sample["status"].fillna("")}).to_csv(src, index=False)
    assert main(["classify", str(src), "-o", str(tmp_path / "s.csv"), "-q", "--no-charts", "--chunksize", "40"]) == 0
    rows, _ = classify_files([src], copies=False)
    write_outputs(rows, tmp_path / "m.csv", charts=False)
    assert (tmp_path / "s_report.md").read_text(encoding="utf-8") == (tmp_path / "m_report.md").read_text(encoding="utf-8")
