"""Readers: ledgers and documents in, one row per statement with its source."""

import pytest
from docx import Document
from openpyxl import Workbook

from thoughtclass.errors import InputError
from thoughtclass.readers import map_columns, read_any, read_inputs, unit_from_filename


@pytest.fixture
def ledger(tmp_path):
    """A ledger as county offices keep it: title row, two-row header, merged unit cells."""
    wb = Workbook()
    ws = wb.active
    ws.append(["大罗镇研讨活动问题整改台账"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "责任单位", "问题情况", None, "整改情况"])
    ws.append([None, None, "存在问题", "整改措施", None])
    ws.merge_cells("A2:A3"), ws.merge_cells("B2:B3"), ws.merge_cells("E2:E3"), ws.merge_cells("C2:D2")
    ws.append([1, "大罗镇", "部分干部服务意识不强。", "开展作风整顿", "已完成"])
    ws.append([2, None, "一是人员编制不足；二是资源底数不清。", "申请增编", "正在整改"])
    ws.append([3, "县发改局", "", "", ""])
    ws.append([None, None, None, None, None])
    ws.append([4, "县发改局", "对县情研究不深。", "开展调研", "未启动"])
    ws.merge_cells("B4:B5")
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    return path


def test_xlsx_header_below_title_merged_cells_and_split_cells(ledger):
    df = read_any(ledger)
    assert df["text"].tolist() == ["部分干部服务意识不强。", "人员编制不足", "资源底数不清", "", "对县情研究不深。"]
    assert df["source_row"].tolist() == [4, 5, 5, 6, 8]  # Excel row numbers; the split cell keeps its row
    assert df["unit"].tolist() == ["大罗镇", "大罗镇", "大罗镇", "县发改局", "县发改局"]  # merged unit filled down
    assert df["status"].tolist() == ["已完成", "正在整改", "正在整改", "", "未启动"]
    assert set(df["sheet"]) == {"Sheet"}


def test_missing_text_column_lists_what_was_found(tmp_path):
    wb = Workbook()
    wb.active.append(["序号", "单位", "备注"])
    wb.active.append([1, "大罗镇", "无"])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    with pytest.raises(InputError, match=r"no problem-text column.*'单位', '备注'"):
        read_any(path)


def test_explicit_column_names(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("单位,问题及表现,进度\n大罗镇,服务意识不强,已完成\n", encoding="utf-8")
    df = read_any(path, columns={"text": "问题及表现", "status": "进度"})
    assert df.loc[0, ["unit", "text", "status"]].tolist() == ["大罗镇", "服务意识不强", "已完成"]
    with pytest.raises(InputError, match="not found; columns found"):
        read_any(path, columns={"text": "问题"})


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes("责任单位,存在问题,整改情况\n平顺街道,宣传方式较为单一,持续推进\n".encode(encoding))
    df = read_any(path)
    assert df.loc[0, ["unit", "text", "status"]].tolist() == ["平顺街道", "宣传方式较为单一", "持续推进"]


def test_docx_paragraphs_and_tables(tmp_path):
    doc = Document()
    for line in ["巨宝山乡查摆问题清单", "填报单位：巨宝山乡", "一、存在问题", "一是对乡情认识不深；二是服务意识不强。", "二、整改措施", "一是加强学习。"]:
        doc.add_paragraph(line)
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "序号", "问题描述"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "1", "人员编制不足"
    path = tmp_path / "清单.docx"
    doc.save(path)
    df = read_any(path)
    assert df["text"].tolist() == ["对乡情认识不深", "服务意识不强", "人员编制不足"]
    assert set(df["unit"]) == {"巨宝山乡"}


def test_txt_unit_from_file_name(tmp_path):
    path = tmp_path / "县卫健局问题清单.txt"
    path.write_text("1.服务意识不强。\n2.人员编制不足。\n", encoding="utf-8")
    df = read_any(path)
    assert df["unit"].tolist() == ["县卫健局", "县卫健局"] and df["source_row"].tolist() == [1, 2]
    assert read_any(path, unit="县卫生健康局")["unit"].iloc[0] == "县卫生健康局"  # explicit beats the file name
    path.write_text("填报单位：县卫健委\n1.服务意识不强。\n", encoding="utf-8")
    assert read_any(path, unit="县卫生健康局")["unit"].iloc[0] == "县卫健委"  # the document's own line beats both


def test_unit_from_filename():
    assert unit_from_filename("03_巨宝山乡查摆问题清单.docx") == "巨宝山乡"
    assert unit_from_filename("平顺街道.txt") == "平顺街道"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("old.xls", b"\xd0\xcf\x11\xe0", "save it as .xlsx"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "save it as .docx"),
        ("bad.xlsx", b"not a zip at all", "cannot open as .xlsx"),
        ("bad.docx", b"PK\x03\x04broken", "cannot open as .docx"),
        ("empty.csv", b"", "the file is empty"),
        ("notes.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
    ],
)
def test_bad_files_get_a_clear_error_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as err:
        read_any(path)
    assert name in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_any(tmp_path / "nope.xlsx")


def test_folder_one_bad_file_does_not_stop_the_rest(tmp_path, ledger):
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "a_县卫健局问题清单.txt").write_text("1.服务意识不强。\n2.人员编制不足。\n", encoding="utf-8")
    (folder / "b_broken.xlsx").write_bytes(b"garbage")
    (folder / "c_old.doc").write_bytes(b"\xd0\xcf")
    rows, failures = read_inputs([ledger, folder])
    assert len(rows) == 7
    assert [f.split("/")[-1] for f, _ in failures] == ["b_broken.xlsx", "c_old.doc"]
    assert list(rows.columns) == ["source_file", "sheet", "source_row", "unit", "text", "status"]


def test_map_columns_prefers_exact_names_and_skips_lookalikes():
    assert map_columns(["问题类别", "问题描述", "整改措施", "整改情况"]) == {"text": 1, "status": 3}


def test_password_protected_workbook_is_explained(tmp_path):
    # An encrypted .xlsx is an OLE compound file, not a zip package.
    path = tmp_path / "加密.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(InputError, match="password-protected"):
        read_any(path)


def test_duplicate_column_names_use_the_first(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("单位,存在问题,存在问题\n大罗镇,服务意识不强,（见上）\n", encoding="utf-8")
    assert read_any(path)["text"].tolist() == ["服务意识不强"]


def test_a_text_column_that_is_all_empty_keeps_every_row(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("单位,存在问题,整改情况\n大罗镇,,已完成\n平顺街道,,\n", encoding="utf-8")
    df = read_any(path)
    assert df["text"].tolist() == ["", ""] and df["source_row"].tolist() == [2, 3]


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_truncated_office_files_are_named(tmp_path, ledger, suffix):
    if suffix == ".xlsx":
        data = ledger.read_bytes()
    else:
        doc = Document()
        doc.add_paragraph("一是服务意识不强")
        full = tmp_path / "full.docx"
        doc.save(full)
        data = full.read_bytes()
    path = tmp_path / f"truncated{suffix}"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=f"truncated{suffix}: cannot open as {suffix}"):
        read_any(path)
