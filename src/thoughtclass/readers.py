"""Read submissions into statement rows: .xlsx, .csv, .jsonl, .docx, .txt and folders.

Every reader returns a DataFrame with one row per problem statement and the
columns ``source_file, source_row, unit, text, status`` (plus ``sheet`` for
Excel): ``source_row`` is the spreadsheet row (1-based, as Excel shows it)
or, for documents, the statement's number in the document. A ledger cell
holding several numbered problems becomes several rows with the same
``source_row``. Rows whose problem cell is empty are kept (the classifier
reports them as errors) so that no input row is lost.

Columns are recognised by their usual names (:data:`COLUMN_ALIASES`); pass
``columns={"text": "问题及表现"}`` to name them yourself. For documents the
unit comes from a "填报单位：…" / "单位：…" line among the first eight lines,
else from ``unit=``, else from the file name (:func:`unit_from_filename`).
Ledger rows without a unit cell take ``unit=`` (or stay empty).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from .errors import InputError
from .extraction import extract_statements, split_inline

__all__ = [
    "COLUMN_ALIASES", "read_any", "read_inputs", "read_xlsx", "read_csv", "read_jsonl", "read_docx", "read_txt",
    "iter_csv", "iter_jsonl", "STREAMABLE",
    "unit_from_filename", "clean_unit", "map_columns", "SUPPORTED",
]

SUPPORTED = (".xlsx", ".xlsm", ".csv", ".jsonl", ".docx", ".txt")
#: Formats read in chunks with constant memory.
STREAMABLE = (".csv", ".jsonl")

#: Usual header names of the three columns, most specific first.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("问题描述", "查摆问题", "存在问题", "存在的问题", "问题表现", "具体问题", "问题内容", "主要问题",
             "查摆出的问题", "问题清单", "问题", "text", "statement"),
    "unit": ("填报单位", "责任单位", "单位名称", "报送单位", "所属单位", "牵头单位", "乡镇（部门）", "乡镇/部门",
             "单位", "部门", "乡镇", "unit"),
    "status": ("整改情况", "整改状态", "整改进展", "整改进度", "完成情况", "进展情况", "办理情况", "是否完成",
               "进展", "状态", "status"),
}
# Headers that contain an alias but are not that column ("问题类别", "整改措施").
_ALL_ALIASES = frozenset(a for names in COLUMN_ALIASES.values() for a in names)
_NOT_TEXT = re.compile(r"类别|类型|分类|序号|来源|数量|措施|原因|时限|性质")
_NOT_STATUS = re.compile(r"措施|时限|目标")

_UNIT_LINE = re.compile(r"^\s*(?:填报单位|报送单位|责任单位|单位名称|单位)\s*[：:]\s*(\S[^\s　]*)")
_FILENAME_CUT = re.compile(r"关于|“|\"|《|解放思想|振兴发展|研讨|查摆|问题|整改|台账|清单|对照检查|剖析|材料|报告|自查")


def _norm_header(value) -> str:
    return re.sub(r"[\s*＊:：()（）]+", "", str(value)) if value is not None else ""


def map_columns(headers: list[str], overrides: dict[str, str] | None = None) -> dict[str, int]:
    """Map ``text``/``unit``/``status`` to column positions by their usual names.

    Examples
    --------
    >>> map_columns(["序号", "责任单位", "问题类别", "存在问题", "整改措施", "整改情况"])
    {'text': 3, 'unit': 1, 'status': 5}
    """
    names = [_norm_header(h) for h in headers]
    found: dict[str, int] = {}
    for key, target in (overrides or {}).items():
        if key not in COLUMN_ALIASES:
            raise InputError(f"unknown column role {key!r}; expected one of {', '.join(COLUMN_ALIASES)}")
        wanted = _norm_header(target)
        if wanted not in names:
            raise InputError(f"column {target!r} (given for {key}) not found; columns found: {[h for h in headers if h]}")
        found[key] = names.index(wanted)
    for key, aliases in COLUMN_ALIASES.items():
        if key in found:
            continue
        taken = set(found.values())
        for alias in aliases:
            exact = [i for i, n in enumerate(names) if n == alias and i not in taken]
            loose = [
                i for i, n in enumerate(names)
                if alias in n and i not in taken
                and not (key == "text" and _NOT_TEXT.search(n))
                and not (key == "status" and _NOT_STATUS.search(n))
            ]
            hit = exact or loose
            if hit:
                found[key] = hit[0]
                break
    return found


def unit_from_filename(path) -> str:
    """Guess the unit from a file name: the part before the first campaign word.

    Examples
    --------
    >>> unit_from_filename("03_巨宝山乡查摆问题清单.docx")
    '巨宝山乡'
    >>> unit_from_filename("县卫健局关于研讨活动的报告.txt")
    '县卫健局'
    """
    stem = Path(path).stem
    stem = re.sub(r"^[\d\s._\-（）()]+", "", stem)
    m = _FILENAME_CUT.search(stem)
    unit = stem[: m.start()] if m and m.start() > 0 else stem
    return unit.strip(" _-—·") or stem


def _rows_from_cell(text: str) -> list[str]:
    text = "" if text is None else str(text).strip()
    if not text:
        return [""]
    pieces = split_inline(text) if re.search(r"[一二三四五六七八九十]是|[①②③④⑤]|(?:^|[；;。\s])[（(]?[1-9一二三四五][)）.、．]", text) else []
    return pieces if len(pieces) > 1 else [text]


def _frame(records: list[dict], source: Path, sheet: str | None = None) -> pd.DataFrame:
    df = pd.DataFrame.from_records(records, columns=["source_row", "unit", "text", "status"])
    df.insert(0, "source_file", str(source))
    if sheet is not None:
        df.insert(1, "sheet", sheet)
    return df


def _find_header(head: list[list], source, columns, where: str = "") -> tuple[int, dict[str, int]]:
    """Locate the header (one or two rows) in the first rows; return where data starts and the mapping."""
    best, best_score = None, 0
    for r in range(min(len(head), 15)):
        for span in (1, 2):
            if r + span > len(head):
                continue
            width = max(len(head[r + k]) for k in range(span))
            headers = ["".join(_norm_header(head[r + k][c]) if c < len(head[r + k]) else "" for k in range(span)) for c in range(width)]
            found = map_columns(headers, None)
            score = ("text" in found) * 10 + len(found) - span * 0.1
            if span == 2 and any(_norm_header(v) in _ALL_ALIASES for v in head[r + 1]):
                score += 0.5  # a second header row ("问题情况" over "存在问题 | 整改措施")
            if score > best_score:
                best, best_score = (r + span, headers), score
    if best is None or best_score < 10:
        if columns:
            best = (1, [str(c) for c in head[0]] if head else [])
        else:
            seen = [str(c) for row in head[:3] for c in row if c not in (None, "")]
            raise InputError(
                f"{source}{where}: no problem-text column found (looked for {', '.join(COLUMN_ALIASES['text'][:6])} …); "
                f"cells in the first rows: {seen[:12]}. Name it with columns={{'text': ...}} or --text-column"
            )
    end, headers = best
    mapping = map_columns(headers, columns)
    if "text" not in mapping:
        raise InputError(f"{source}{where}: no problem-text column; columns found: {[h for h in headers if h]}")
    return end, mapping


def _iter_records(rows: Iterable[list], source, columns, unit, where: str = "") -> Iterator[dict]:
    """Records of a table given row by row, in constant memory; the header is found in the first 15 rows."""
    rows = iter(rows)
    head = [row for _, row in zip(range(15), rows)]
    end, mapping = _find_header(head, source, columns, where)

    def records(offset: int, row: list) -> Iterator[dict]:
        if all(v in (None, "") or str(v).strip() == "" for v in row):
            return
        get = lambda key: row[mapping[key]] if key in mapping and mapping[key] < len(row) else None  # noqa: E731
        row_unit = get("unit")
        for piece in _rows_from_cell(get("text")):
            yield {
                "source_row": offset,
                "unit": str(row_unit).strip() if row_unit not in (None, "") else unit,
                "text": piece,
                "status": "" if get("status") is None else str(get("status")).strip(),
            }

    for offset, row in enumerate(head[end:], start=end + 1):
        yield from records(offset, row)
    for offset, row in enumerate(rows, start=len(head) + 1):
        yield from records(offset, row)


def _table_to_rows(grid: list[list], source: Path, columns, unit, where: str = "") -> list[dict]:
    return list(_iter_records(grid, source, columns, unit, where))


def read_xlsx(path, *, sheet: str | int | None = None, columns: dict[str, str] | None = None, unit: str | None = None) -> pd.DataFrame:
    """Read a ledger from an Excel workbook (first sheet unless ``sheet`` is given).

    Finds the header row even below a title row, reads two-row headers,
    and fills merged cells (a unit merged over several rows applies to each).
    """
    from openpyxl import load_workbook

    path = Path(path)
    try:
        wb = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(
            f"{path}: cannot open as .xlsx ({type(exc).__name__}: {exc}); the file is damaged, "
            "password-protected, or not really an Excel 2007+ workbook"
        ) from None
    if sheet is None:
        ws = wb.worksheets[0]
    elif isinstance(sheet, int):
        ws = wb.worksheets[sheet]
    else:
        if sheet not in wb.sheetnames:
            raise InputError(f"{path}: no sheet {sheet!r}; sheets: {wb.sheetnames}")
        ws = wb[sheet]
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        value = ws.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                    grid[r - 1][c - 1] = value
    records = _table_to_rows(grid, path, columns, unit, where=f", sheet {ws.title!r}")
    return _frame(records, path, ws.title)


def _encoding(path: Path) -> str:
    """Detect the text encoding from the first megabyte."""
    with open(path, "rb") as fh:
        probe = fh.read(1 << 20)
    if probe.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if len(probe) == 1 << 20:
        probe = probe[: probe.rfind(b"\n") + 1] or probe  # never cut a character in two
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            probe.decode(encoding)
            return encoding
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}: cannot decode the text (tried UTF-8, UTF-16 and GB18030)")


def _decode(path: Path) -> str:
    return path.read_bytes().decode(_encoding(path))


def _chunks(records: Iterator[dict], source: Path, chunksize: int) -> Iterator[pd.DataFrame]:
    batch: list[dict] = []
    for record in records:
        batch.append(record)
        if len(batch) >= chunksize:
            yield _frame(batch, source)
            batch = []
    if batch:
        yield _frame(batch, source)


def iter_csv(path, *, chunksize: int = 20000, columns: dict[str, str] | None = None, unit: str | None = None) -> Iterator[pd.DataFrame]:
    """Read a CSV ledger in chunks of rows, in constant memory (see :func:`read_csv`)."""
    import csv

    path = Path(path)
    encoding = _encoding(path)
    with open(path, encoding=encoding, newline="") as fh:
        sample = fh.read(4096)
        fh.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        yield from _chunks(_iter_records(csv.reader(fh, dialect), path, columns, unit), path, chunksize)


def iter_jsonl(path, *, chunksize: int = 20000, columns: dict[str, str] | None = None, unit: str | None = None) -> Iterator[pd.DataFrame]:
    """Read JSON lines (one object per line) in chunks; keys are matched like column names.

    ``source_row`` is the line number in the file.
    """
    import json

    path = Path(path)

    def rows():
        keys = None
        with open(path, encoding=_encoding(path)) as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}, line {lineno}: not valid JSON ({exc.msg})") from None
                if not isinstance(obj, dict):
                    raise InputError(f"{path}, line {lineno}: expected a JSON object, got {type(obj).__name__}")
                if keys is None:
                    keys = list(obj)
                    yield keys, 0
                yield [obj.get(k) for k in keys], lineno

    numbered = rows()
    line_of: dict[int, int] = {}

    def table():
        for i, (row, lineno) in enumerate(numbered, 1):
            line_of[i] = lineno
            yield row

    for chunk in _chunks(_iter_records(table(), path, columns, unit), path, chunksize):
        chunk["source_row"] = chunk["source_row"].map(line_of)
        for i in list(line_of)[:-1]:
            del line_of[i]  # keep the map small: rows already emitted are done
        yield chunk


def read_csv(path, *, columns: dict[str, str] | None = None, unit: str | None = None) -> pd.DataFrame:
    """Read a CSV ledger (UTF-8, UTF-8 with BOM, UTF-16 or GBK/GB18030, detected)."""
    path = Path(path)
    frames = list(iter_csv(path, columns=columns, unit=unit))
    return pd.concat(frames, ignore_index=True) if frames else _frame([], path)


def read_jsonl(path, *, columns: dict[str, str] | None = None, unit: str | None = None) -> pd.DataFrame:
    """Read JSON lines whose objects carry the problem text (keys named like the columns)."""
    path = Path(path)
    frames = list(iter_jsonl(path, columns=columns, unit=unit))
    return pd.concat(frames, ignore_index=True) if frames else _frame([], path)


def clean_unit(name: str) -> str:
    """Strip what a signature adds to a unit's name: 中共…, 党委/党工委/党组, （盖章）.

    Examples
    --------
    >>> clean_unit("中共东湖街道工作委员会")
    '东湖街道'
    >>> clean_unit("长青镇党委（盖章）")
    '长青镇'
    """
    name = re.sub(r"[（(][^）)]*[）)]", "", name).strip()
    name = re.sub(r"^中共", "", name)
    stripped = re.sub(r"(?:党委|党工委|党组|党总支|党支部|工作委员会|委员会)$", "", name)
    return stripped if re.search(r"(?:镇|乡|街道|局|委|办|中心|区|会|社|院|站|所|队)$", stripped) else name


def _document_frame(text: str, path: Path, unit: str | None) -> pd.DataFrame:
    found = next((clean_unit(m.group(1)) for m in map(_UNIT_LINE.match, text.splitlines()[:8]) if m), None)
    unit = found or unit or unit_from_filename(path)
    statements = extract_statements(text)
    records = [{"source_row": i, "unit": unit, "text": s, "status": ""} for i, s in enumerate(statements, 1)]
    return _frame(records, path)


def read_txt(path, *, unit: str | None = None) -> pd.DataFrame:
    """Read a plain-text submission and extract its statements."""
    path = Path(path)
    return _document_frame(_decode(path), path, unit)


def read_docx(path, *, columns: dict[str, str] | None = None, unit: str | None = None) -> pd.DataFrame:
    """Read a Word submission: statements from its paragraphs, and ledger tables."""
    from docx import Document

    path = Path(path)
    try:
        doc = Document(str(path))
    except Exception as exc:  # python-docx raises several types for a bad package
        raise InputError(f"{path}: cannot open as .docx ({type(exc).__name__}); the file is damaged or not a Word 2007+ document") from None
    text = "\n".join(p.text for p in doc.paragraphs)
    frames = [_document_frame(text, path, unit)] if text.strip() else []
    doc_unit = frames[0]["unit"].iloc[0] if frames and len(frames[0]) else (unit or unit_from_filename(path))
    for n, table in enumerate(doc.tables, 1):
        grid = [[cell.text for cell in row.cells] for row in table.rows]
        try:
            records = _table_to_rows(grid, path, columns, doc_unit, where=f", table {n}")
        except InputError:
            continue  # a table without a problem column (signatures, layout)
        frames.append(_frame(records, path))
    if not frames:
        return _frame([], path)
    return pd.concat(frames, ignore_index=True)


def read_any(path, **kwargs) -> pd.DataFrame:
    """Read one file by its extension (see :data:`SUPPORTED`)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if path.is_file() and path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty")
    suffix = path.suffix.lower()
    if suffix in (".xls", ".doc", ".et", ".wps"):
        target = ".xlsx" if suffix in (".xls", ".et") else ".docx"
        raise InputError(
            f"{path}: legacy {suffix} format is not read; save it as {target} "
            f"(Excel/Word/WPS: 另存为 {target}, or `libreoffice --headless --convert-to {target[1:]} {path.name}`)"
        )
    readers = {".xlsx": read_xlsx, ".xlsm": read_xlsx, ".csv": read_csv, ".jsonl": read_jsonl, ".docx": read_docx, ".txt": read_txt}
    if suffix not in readers:
        raise InputError(f"{path}: unsupported file type {suffix or '(none)'}; supported: {', '.join(SUPPORTED)}")
    allowed = {"read_xlsx": {"sheet", "columns", "unit"}, "read_csv": {"columns", "unit"}, "read_jsonl": {"columns", "unit"},
               "read_docx": {"columns", "unit"}, "read_txt": {"unit"}}[readers[suffix].__name__]
    return readers[suffix](path, **{k: v for k, v in kwargs.items() if k in allowed and v is not None})


def read_inputs(paths: Iterable, **kwargs) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Read files and folders (recursively); one bad file does not stop the rest.

    Returns
    -------
    rows : DataFrame
        All statement rows, files in the order given (folders sorted by name).
    failures : list of (file, reason)
        Files that could not be read.
    """
    files: list[Path] = []
    failures: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not f.name.startswith((".", "~$")):
                    if f.suffix.lower() in SUPPORTED:
                        files.append(f)
                    elif f.suffix.lower() in (".xls", ".doc", ".et", ".wps"):
                        files.append(f)  # read_any explains how to convert
        else:
            files.append(p)
    frames = []
    for f in files:
        try:
            frames.append(read_any(f, **kwargs))
        except InputError as exc:
            failures.append((str(f), str(exc)))
    columns = ["source_file", "sheet", "source_row", "unit", "text", "status"]
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    if "sheet" not in rows.columns:
        rows.insert(1, "sheet", None)
    return rows[columns], failures
