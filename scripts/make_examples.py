"""Build the example ledger (.xlsx) and submissions (.docx/.txt) from examples/source/.

The source JSONL files were written by the project for the examples (not
taken from the corpus). The ledger gets what real ledgers have: a title row
above a two-row header, unit cells merged down over a unit's rows, a status
column in free text, and some cells holding several numbered problems.
Run: python scripts/make_examples.py
"""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "examples" / "source"


def build_ledger(out: Path, source: str = "ledger.jsonl", title: str = "“解放思想、振兴发展”研讨“回头看”问题整改台账（汇总）") -> None:
    rows = [json.loads(line) for line in open(SRC / source, encoding="utf-8")]
    wb = Workbook()
    ws = wb.active
    ws.title = "整改台账"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["序号", "责任单位", "问题情况", None, "整改时限", "整改情况"])
    ws.append([None, None, "存在问题", "整改措施", None, None])
    for col in ("A", "B", "E", "F"):
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("C2:D2")
    start = 4
    for i, r in enumerate(rows, 1):
        ws.append([i, r["unit"], r["problem"], r["measure"], r["deadline"], r["status"]])
    # merge each unit's consecutive rows, as county offices do
    row = start
    while row < start + len(rows):
        end = row
        while end + 1 < start + len(rows) and ws.cell(end + 1, 2).value == ws.cell(row, 2).value:
            end += 1
        if end > row:
            ws.merge_cells(start_row=row, start_column=2, end_row=end, end_column=2)
        row = end + 1
    for col, width in zip("ABCDEF", (6, 16, 60, 40, 14, 12)):
        ws.column_dimensions[col].width = width
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    wb.save(out)


def build_submissions(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for sub in (json.loads(line) for line in open(SRC / "submissions.jsonl", encoding="utf-8")):
        path = folder / sub["filename"]
        if path.suffix == ".docx":
            doc = Document()
            for line in sub["text"].split("\n"):
                doc.add_paragraph(line)
            doc.save(path)
        else:
            path.write_text(sub["text"] + "\n", encoding="utf-8")


if __name__ == "__main__":
    build_ledger(ROOT / "examples" / "ledger.xlsx")
    # The same county a year later, for `thoughtclass compare`: some units shifted
    # between thinking and work problems, and some problems recur (field "recurs").
    build_ledger(ROOT / "examples" / "ledger_round2.xlsx", "ledger_round2.jsonl",
                 "“解放思想、振兴发展”研讨第二轮问题整改台账（汇总）")
    build_submissions(ROOT / "examples" / "submissions")
    print("wrote examples/ledger.xlsx, examples/ledger_round2.xlsx and examples/submissions/")
