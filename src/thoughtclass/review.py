"""The review round trip: the 复核 sheet out, a reviewer's decisions back in.

``thoughtclass classify ... -o result.xlsx`` writes a 复核 (review) sheet:
every statement with the model's labels, confidences and evidence, the ones
flagged for review first, and two empty columns, 复核类别 and 复核性质, with
drop-down lists of the codebook labels. A reviewer fills them in where they
disagree with the model, or to confirm it; an empty cell means "no decision,
keep the model's label".

:func:`read_decisions` reads those cells back and validates every one (a bad
value is reported with its file, sheet, row and the allowed values);
:func:`apply_decisions` merges them into the annotated ledger, keeping the
model's labels beside the final ones; :func:`training_rows` turns them into
labelled statements for ``thoughtclass train --add``.

Examples
--------
>>> import pandas as pd
>>> rows = pd.DataFrame({"row_id": [1, 2], "text": ["甲", "乙"],
...                      "category": ["capability_style"] * 2, "nature": ["work"] * 2})
>>> decisions = pd.DataFrame({"row_id": [2], "category": [None], "nature": ["thinking"], "note": [None]})
>>> apply_decisions(rows, decisions)[["nature", "nature_model", "reviewed", "corrected"]].values.tolist()
[['work', 'work', False, False], ['thinking', 'work', True, True]]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import InputError
from .labels import CATEGORIES, NATURES, category_zh, nature_zh

__all__ = [
    "REVIEW_SHEET", "LEDGER_SHEET", "review_frame", "add_dropdowns", "read_decisions", "apply_decisions",
    "training_rows", "parse_category", "parse_nature",
]

LEDGER_SHEET = "分类结果"
REVIEW_SHEET = "复核"
ROW_ID = "序号"
#: Headers of the reviewer's columns in the 复核 sheet.
CATEGORY_DECISION, NATURE_DECISION, NOTE = "复核类别", "复核性质", "复核意见"

# Every spelling a reviewer may reasonably type, mapped to the codebook id:
# the drop-down's short name, the id, and the report heading.
_CATEGORY_SPELLINGS = {
    **{c.zh: c.id for c in CATEGORIES}, **{c.id: c.id for c in CATEGORIES}, **{c.heading: c.id for c in CATEGORIES},
}
_NATURE_SPELLINGS = {**{zh: nid for nid, zh in NATURES.items()}, **{nid: nid for nid in NATURES},
                     **{zh[:2]: nid for nid, zh in NATURES.items()}}

_REVIEW_COLUMNS = {
    "row_id": ROW_ID, "unit": "单位", "text": "问题", "needs_review": "需复核",
    "category_zh": "模型类别", "category_confidence": "类别置信度", "evidence": "类别依据",
    "nature_zh": "模型性质", "nature_confidence": "性质置信度", "nature_evidence": "性质依据",
}


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or (isinstance(value, str) and not value.strip())


def _parse(value, spellings: dict[str, str], noun: str, allowed) -> str | None:
    if _blank(value):
        return None
    try:
        return spellings[str(value).strip()]
    except KeyError:
        raise ValueError(f"{value!r} is not a {noun}; expected one of {'、'.join(allowed)}") from None


def parse_category(value) -> str | None:
    """Codebook id of a reviewer's category cell; ``None`` for an empty cell.

    Accepts the short name of the drop-down (``能力作风``), the id
    (``capability_style``) or the report heading.

    Raises
    ------
    ValueError
        For any other value, naming the allowed ones.
    """
    return _parse(value, _CATEGORY_SPELLINGS, "category", (c.zh for c in CATEGORIES))


def parse_nature(value) -> str | None:
    """Codebook id of a reviewer's nature cell (``思想问题``/``工作问题``); ``None`` if empty."""
    return _parse(value, _NATURE_SPELLINGS, "nature", NATURES.values())


def review_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The 复核 sheet of annotated ``rows`` (which carry a ``row_id``).

    Statements flagged for review come first, then the rest, each group in
    ledger order; the decision columns are empty for the reviewer to fill.
    """
    cols = [c for c in _REVIEW_COLUMNS if c in rows.columns]
    shown = rows.copy()
    for head, to_zh in (("category", category_zh), ("nature", nature_zh)):
        if f"{head}_model" in rows and f"{head}_zh" in rows:
            # After a review, 模型类别/模型性质 still show what the model said.
            shown[f"{head}_zh"] = rows[f"{head}_model"].map(lambda v: to_zh(v) if isinstance(v, str) else None)
    sheet = shown.loc[rows["error"].isna() if "error" in rows else slice(None), cols]
    sheet = sheet.sort_values("needs_review", ascending=False, kind="stable") if "needs_review" in sheet else sheet
    decided = rows.loc[sheet.index, "reviewed"].astype(bool) if "reviewed" in rows else pd.Series(False, index=sheet.index)
    sheet = sheet.rename(columns=_REVIEW_COLUMNS)
    # Decisions of an earlier review are shown again, so applying twice changes nothing.
    sheet[CATEGORY_DECISION] = rows.loc[sheet.index, "category_zh"].where(decided, None) if decided.any() else None
    sheet[NATURE_DECISION] = rows.loc[sheet.index, "nature_zh"].where(decided, None) if decided.any() else None
    sheet[NOTE] = rows.loc[sheet.index, "review_note"] if "review_note" in rows else None
    return sheet.reset_index(drop=True)


def add_dropdowns(worksheet, n_rows: int) -> None:
    """Give the decision columns of an openpyxl 复核 worksheet drop-down lists of the codebook labels."""
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    headers = {cell.value: cell.column for cell in worksheet[1]}
    last = max(n_rows + 1, 2)
    for header, choices, noun in (
        (CATEGORY_DECISION, [c.zh for c in CATEGORIES], "类别"),
        (NATURE_DECISION, list(NATURES.values()), "性质"),
    ):
        letter = get_column_letter(headers[header])
        rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                              showErrorMessage=True, errorTitle=f"无效的{noun}", error=f"请从下拉列表中选择：{'、'.join(choices)}")
        rule.add(f"{letter}2:{letter}{last}")
        worksheet.add_data_validation(rule)
        for (cell,) in worksheet.iter_rows(min_row=1, max_row=last, min_col=headers[header], max_col=headers[header]):
            cell.fill = PatternFill("solid", fgColor="FFF2CC")  # the cells to edit stand out
        worksheet.column_dimensions[letter].width = 14
    worksheet.column_dimensions[get_column_letter(headers["问题"])].width = 60
    worksheet.freeze_panes = "A2"
    worksheet.auto_filter.ref = worksheet.dimensions


def read_decisions(path) -> pd.DataFrame:
    """Read and validate a reviewer's decisions from a workbook written by ``thoughtclass classify``.

    Parameters
    ----------
    path : path
        The workbook, with its 复核 sheet filled in.

    Returns
    -------
    DataFrame
        One row per statement with at least one decision: ``row_id``,
        ``text``, ``category`` and ``nature`` (codebook ids, ``None`` where
        the reviewer left the cell empty) and ``note``.

    Raises
    ------
    InputError
        If the sheet is missing, or any decision is not a codebook label or
        any 序号 is not a ledger row; the message lists every bad cell with
        its row number as Excel shows it.
    """
    path = Path(path)
    try:
        sheet = pd.read_excel(path, sheet_name=REVIEW_SHEET, dtype=object)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except ValueError as exc:
        raise InputError(f"{path}: no {REVIEW_SHEET} sheet; is this a workbook written by thoughtclass classify? ({exc})") from None
    missing = [c for c in (ROW_ID, "问题", CATEGORY_DECISION, NATURE_DECISION) if c not in sheet.columns]
    if missing:
        raise InputError(f"{path}, sheet {REVIEW_SHEET}: missing column(s) {'、'.join(missing)}; found {'、'.join(map(str, sheet.columns))}")
    problems, out = [], []
    for excel_row, rec in zip(range(2, len(sheet) + 2), sheet.itertuples(index=False)):
        rec = dict(zip(sheet.columns, rec))
        decided = {}
        for key, header, parse in (("category", CATEGORY_DECISION, parse_category), ("nature", NATURE_DECISION, parse_nature)):
            try:
                decided[key] = parse(rec[header])
            except ValueError as exc:
                problems.append(f"row {excel_row}, column {header}: {exc}")
        if not any(decided.values()):
            continue
        try:
            row_id = int(rec[ROW_ID])
        except (TypeError, ValueError):
            problems.append(f"row {excel_row}, column {ROW_ID}: {rec[ROW_ID]!r} is not a row number")
            continue
        note = rec.get(NOTE)
        out.append({"row_id": row_id, "text": rec["问题"], **decided, "note": None if _blank(note) else str(note)})
    if problems:
        raise InputError(f"{path}, sheet {REVIEW_SHEET}: {len(problems)} bad cell(s):\n  " + "\n  ".join(problems))
    decisions = pd.DataFrame(out, columns=["row_id", "text", "category", "nature", "note"])
    dup = decisions["row_id"][decisions["row_id"].duplicated()]
    if len(dup):
        raise InputError(f"{path}, sheet {REVIEW_SHEET}: {ROW_ID} {', '.join(map(str, dup.unique()))} decided more than once")
    return decisions


def apply_decisions(rows: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """Merge reviewer decisions into annotated rows.

    Parameters
    ----------
    rows : DataFrame
        The annotated ledger (``row_id``, ``category``, ``nature``, ...).
    decisions : DataFrame
        From :func:`read_decisions`.

    Returns
    -------
    DataFrame
        ``rows`` with the final labels in ``category``/``nature`` (and their
        Chinese names), the model's in ``category_model``/``nature_model``,
        ``reviewed`` (a decision was made), ``corrected`` (it changed a label)
        and ``review_note``. Reviewed rows are no longer ``needs_review``.

    Raises
    ------
    InputError
        If a decision names a 序号 that is not in ``rows``.
    """
    out = rows.copy()
    out["category_model"] = out.get("category_model", out["category"])
    out["nature_model"] = out.get("nature_model", out["nature"])
    position = pd.Series(range(len(out)), index=out["row_id"].astype(int))
    unknown = decisions.loc[~decisions["row_id"].isin(position.index), "row_id"]
    if len(unknown):
        raise InputError(f"{ROW_ID} {', '.join(map(str, unknown))} not in the ledger (rows 1–{len(out)})")
    reviewed = pd.Series(False, index=out.index)
    note = pd.Series(None, index=out.index, dtype=object)
    for dec in decisions.itertuples(index=False):
        i = out.index[position[int(dec.row_id)]]
        for head, to_zh in (("category", category_zh), ("nature", nature_zh)):
            label = getattr(dec, head)
            if label is not None and label == label:
                out.at[i, head] = label
                if f"{head}_zh" in out:
                    out.at[i, f"{head}_zh"] = to_zh(label)
        reviewed[i] = True
        note[i] = dec.note
    # A workbook can be reviewed more than once: earlier decisions stay.
    if "reviewed" in out:
        reviewed |= out["reviewed"].fillna(False).astype(bool)
        note = note.where(note.notna(), out["review_note"])
    out["reviewed"] = reviewed
    out["corrected"] = (out["category"] != out["category_model"]) | (out["nature"] != out["nature_model"])
    out["corrected"] &= out["category_model"].notna()
    out["review_note"] = note
    if "needs_review" in out:
        out["needs_review"] = out["needs_review"].astype(bool) & ~reviewed
    return out


def training_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Labelled statements from reviewed rows, for adding to training data.

    A reviewer who filled in one of the two columns has read the statement,
    so the other column's model label counts as confirmed.
    """
    done = rows[rows["reviewed"].astype(bool)]
    return done[["text", "category", "nature"]].reset_index(drop=True)
