"""The main job: submissions in, annotated ledger, summary, report and charts out.

:func:`classify_files` reads files and folders (:mod:`thoughtclass.readers`),
classifies every statement (in chunks, with an optional progress bar) and
maps the status; :func:`write_outputs` writes the annotated rows, the
summary and review sheets, the report (Markdown and .docx) and the charts.
The command ``thoughtclass classify INPUT... -o OUT.xlsx`` is these two calls.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

import pandas as pd

from .classification import get_default_classifier
from .errors import InputError
from .readers import read_inputs
from .reporting import report, write_docx
from .review import LEDGER_SHEET, REVIEW_SHEET, add_dropdowns, review_frame
from .status import status_column
from .summary import Summary, summarize

__all__ = ["classify_files", "classify_rows", "write_outputs", "read_annotated", "read_round", "write_comparison", "stream_files",
           "OUTPUT_FORMATS"]

OUTPUT_FORMATS = ("xlsx", "csv", "jsonl")
_CHUNK = 20000

#: Chinese column names for the annotated sheet, in output order.
_ZH_COLUMNS = {
    "row_id": "序号", "source_file": "来源文件", "sheet": "工作表", "source_row": "来源行", "unit": "单位", "text": "问题",
    "status": "整改情况", "status_mapped": "整改状态", "category": "category", "category_zh": "差距类别",
    "category_confidence": "类别置信度", "nature": "nature", "nature_zh": "问题性质",
    "nature_confidence": "性质置信度", "needs_review": "需复核", "evidence": "类别依据",
    "nature_evidence": "性质依据", "error": "错误", "reviewed": "已复核", "corrected": "复核修正", "review_note": "复核意见",
    "specificity": "具体程度", "vague": "表述笼统", "copy_group": "雷同组", "duplicate_of": "雷同于序号",
    "duplicate_unit": "雷同单位", "boilerplate": "多单位套话",
}


def _copies(rows: pd.DataFrame) -> pd.DataFrame:
    """Copy groups among the classifiable rows; ``duplicate_of`` names the 序号 (``row_id``) of the first."""
    from .similarity import similar

    ok = rows[rows["error"].isna()].set_index("row_id")
    found = similar(ok)[["copy_group", "duplicate_of", "duplicate_unit", "boilerplate"]]
    found = found.reindex(rows["row_id"]).set_axis(rows.index)
    found["boilerplate"] = found["boilerplate"].fillna(False).astype(bool)
    return found


def classify_rows(rows: pd.DataFrame, *, model=None, progress: bool = False, status_rules=None, n_jobs: int = 1,
                  copies: bool = True, first_row: int = 1) -> pd.DataFrame:
    """Classify the ``text`` column of reader rows.

    Adds ``row_id`` (序号, from ``first_row``), the labels, ``status_mapped``,
    ``specificity`` and ``vague`` (:mod:`thoughtclass.specificity`) and, with
    ``copies``, the copy columns of :func:`thoughtclass.similarity.similar`
    (``copy_group``, ``duplicate_of`` as a 序号, ``duplicate_unit``,
    ``boilerplate``).
    """
    from .specificity import specificity

    model = model or get_default_classifier()
    texts = rows["text"].tolist()
    parts = []
    chunks = range(0, len(texts), _CHUNK)
    if progress and len(texts) > _CHUNK:
        from tqdm.auto import tqdm

        chunks = tqdm(chunks, total=len(chunks), unit="chunk", desc="classifying")
    for start in chunks:
        parts.append(model.classify(texts[start : start + _CHUNK], n_jobs=n_jobs))
    labelled = pd.concat(parts, ignore_index=True) if parts else model.classify([])
    out = rows.reset_index(drop=True).copy()
    out["status_mapped"] = status_column(out["status"], status_rules).astype(str) if "status" in out else "unknown"
    for col in labelled.columns:
        if col != "text":
            out[col] = labelled[col].to_numpy()
    out.insert(0, "row_id", range(first_row, first_row + len(out)))
    failed = out["error"].notna().to_numpy()
    scores = specificity(out["text"])
    out["specificity"] = scores["specificity"].mask(failed).to_numpy()
    out["vague"] = scores["vague"].to_numpy() & ~failed
    if copies:
        out = out.join(_copies(out))
    return out


def classify_files(paths, *, model=None, progress: bool = False, status_rules=None, n_jobs: int = 1, copies: bool = True,
                   **read_options):
    """Read and classify submissions.

    Parameters
    ----------
    paths : iterable of path
        Files (.xlsx, .csv, .docx, .txt) and folders (read recursively).
    model : ThoughtClassifier, optional
        Defaults to the shipped model.
    progress : bool
        Show a progress bar on long runs.
    status_rules : list of (pattern, status), optional
        Override :data:`thoughtclass.status.STATUS_RULES`.
    n_jobs : int
        Worker processes for classification (``-1``: one per core).
    copies : bool
        Look for statements copied between units (see :func:`classify_rows`).
    **read_options
        ``columns={"text": ..., "unit": ..., "status": ...}``, ``unit=``, ``sheet=``.

    Returns
    -------
    rows : DataFrame
        One row per statement, in input order, with its source file and row.
    failures : list of (file, reason)
        Files that could not be read.
    """
    rows, failures = read_inputs(paths, **read_options)
    return classify_rows(rows, model=model, progress=progress, status_rules=status_rules, n_jobs=n_jobs,
                         copies=copies), failures


def _atomic(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_SUMMARY_COLUMNS = {
    "category": "类别", "category_zh": "简称", "heading": "报告表述", "n": "问题数", "share": "占比%",
    "n_thinking": "思想问题数", "share_thinking": "思想问题占比%", "n_units": "涉及单位数", "units": "涉及单位（按问题数）",
    "n_units_thinking": "思想问题涉及单位数", "units_thinking": "思想问题涉及单位",
}


def _summary_sheet(summary: Summary) -> pd.DataFrame:
    table = summary.by_category.copy()
    table["units"] = table["units"].map("、".join)
    table["units_thinking"] = table["units_thinking"].map("、".join)
    return table.rename(columns=_SUMMARY_COLUMNS)


def write_outputs(rows: pd.DataFrame, out, *, fmt: str | None = None, force: bool = False,
                  charts: bool = True, inputs=()) -> dict[str, Path]:
    """Write the annotated rows, summary, review sheet, report and charts.

    Parameters
    ----------
    rows : DataFrame
        From :func:`classify_files`.
    out : path
        The annotated output (``.xlsx``, ``.csv`` or ``.jsonl``); the report
        (``<stem>_report.md`` and ``.docx``) and charts (``<stem>_charts/``)
        go beside it. For csv/jsonl, the summary goes to ``<stem>_summary.csv``.
    fmt : {"xlsx", "csv", "jsonl"}, optional
        Defaults to the extension of ``out``.
    force : bool
        Overwrite existing outputs.
    inputs : paths
        The inputs; an output that would overwrite one of them is refused.

    Returns
    -------
    dict of name -> path
    """
    out, fmt = _prepare_targets(out, fmt, force, inputs)
    if "row_id" not in rows:
        rows = rows.assign(row_id=range(1, len(rows) + 1))
        rows = rows[["row_id", *rows.columns.drop("row_id")]]
    summary = summarize(rows)
    written: dict[str, Path] = {}
    annotated = rows.rename(columns=_ZH_COLUMNS)
    if fmt == "xlsx":
        def write_xlsx(tmp):
            review = review_frame(rows)
            with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
                annotated.to_excel(xw, sheet_name=LEDGER_SHEET, index=False)
                _summary_sheet(summary).to_excel(xw, sheet_name="汇总", index=False)
                summary.by_unit.to_excel(xw, sheet_name="单位统计", index=False)
                summary.by_status.to_excel(xw, sheet_name="整改状态", index=False)
                review.to_excel(xw, sheet_name=REVIEW_SHEET, index=False)
                add_dropdowns(xw.sheets[REVIEW_SHEET], len(review))
        _atomic(out, write_xlsx)
    elif fmt == "csv":
        _atomic(out, lambda tmp: annotated.to_csv(tmp, index=False, encoding="utf-8-sig"))
        summary_csv = out.with_name(out.stem + "_summary.csv")
        _atomic(summary_csv, lambda tmp: _summary_sheet(summary).to_csv(tmp, index=False, encoding="utf-8-sig"))
        written["summary"] = summary_csv
    else:
        _atomic(out, lambda tmp: rows.to_json(tmp, orient="records", lines=True, force_ascii=False))
        summary_csv = out.with_name(out.stem + "_summary.csv")
        _atomic(summary_csv, lambda tmp: _summary_sheet(summary).to_csv(tmp, index=False, encoding="utf-8-sig"))
        written["summary"] = summary_csv
    written["rows"] = out
    written.update(_write_report_and_charts(summary, rows, out, charts))
    return written


class _SummaryFileError(InputError):
    """The ``_summary.csv`` written beside an output, given where the output was meant."""


def read_annotated(path) -> pd.DataFrame:
    """Read back the annotated rows written by :func:`write_outputs` (.xlsx, .csv or .jsonl).

    Examples
    --------
    >>> rows = read_annotated("result.xlsx")  # doctest: +SKIP
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        if path.suffix.lower() == ".csv":
            table = pd.read_csv(path, encoding="utf-8-sig")
        elif path.suffix.lower() == ".jsonl":
            table = pd.read_json(path, lines=True)
        else:
            table = pd.read_excel(path, sheet_name=LEDGER_SHEET)
    except ValueError as exc:
        raise InputError(f"{path}: not an output of thoughtclass classify ({exc})") from None
    if list(table.columns) == list(_SUMMARY_COLUMNS.values()):
        output = path.with_name(path.name.removesuffix("_summary.csv") + ".csv")
        raise _SummaryFileError(f"{path}: this is the per-category summary that thoughtclass classify writes beside "
                                f"its output; give the output itself (such as {output.name})")
    rows = table.rename(columns={zh: en for en, zh in _ZH_COLUMNS.items()})
    missing = {"text", "category", "nature"} - set(rows.columns)
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(sorted(missing))}; not an output of thoughtclass classify")
    # Empty cells come back as NaN; the rest of the library uses None for "no value".
    text_cols = [c for c in rows.columns if not pd.api.types.is_numeric_dtype(rows[c]) and not pd.api.types.is_bool_dtype(rows[c])]
    rows[text_cols] = rows[text_cols].astype(object).where(rows[text_cols].notna(), None)
    return rows


def read_round(path, **read_options) -> tuple[pd.DataFrame, list]:
    """Classified rows of one round: an output of ``thoughtclass classify``, or submissions to classify.

    Returns ``(rows, failures)`` as :func:`classify_files` does.
    """
    path = Path(path)
    if path.is_file() and path.suffix.lower() in (".xlsx", ".csv", ".jsonl"):
        try:
            return read_annotated(path), []
        except _SummaryFileError:
            # It has a text column too, and would be read as a ledger of five
            # "statements" without a word of warning.
            raise
        except InputError:
            pass  # not an output of ours: a ledger to classify
    return classify_files([path], **read_options)


def write_comparison(comparison, out, *, force: bool = False, charts: bool = True, inputs=(),
                     report_text: str | None = None) -> dict[str, Path]:
    """Write a :class:`~thoughtclass.comparison.Comparison`: workbook, report paragraph and chart.

    The workbook (``out``, .xlsx) has one sheet per table (类别对比, 性质对比,
    检验, 单位变化, 重复出现); ``<stem>_report.md`` holds
    :func:`~thoughtclass.reporting.comparison_report` and ``<stem>_chart.png``
    the chart.
    """
    from .reporting import comparison_report

    out, _ = _prepare_targets(out, "xlsx", force, inputs)
    names = {"categories": "类别对比", "natures": "性质对比", "tests": "检验", "units": "单位变化", "recurring": "重复出现"}

    def write_xlsx(tmp):
        with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            for name, table in comparison.tables().items():
                table.to_excel(xw, sheet_name=names[name], index=False)
    _atomic(out, write_xlsx)
    text = report_text if report_text is not None else comparison_report(comparison)
    md = out.with_name(out.stem + "_report.md")
    _atomic(md, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    written = {"comparison": out, "report_md": md}
    if charts:
        from .plot import comparison_chart

        def draw():
            chart = out.with_name(out.stem + "_chart.png")
            comparison_chart(comparison).savefig(chart)
            return {"chart": chart}
        written.update(_draw("chart", draw, calls_below_user=1))
    return written


def _draw(what: str, draw, *, calls_below_user: int) -> dict[str, Path]:
    """Run a chart writer; without a font that draws Chinese, warn (at the user's call) and write nothing."""
    from .plot import MissingCJKFontError

    try:
        return draw()
    except MissingCJKFontError as exc:
        warnings.warn(f"{what} skipped: {exc}", stacklevel=2 + calls_below_user)
        return {}


def _prepare_targets(out, fmt, force: bool, inputs) -> tuple[Path, str]:
    out = Path(out)
    fmt = fmt or out.suffix.lstrip(".").lower() or "xlsx"
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(OUTPUT_FORMATS)}")
    if out.suffix.lower() != f".{fmt}":
        out = out.with_suffix(f".{fmt}")
    resolved_inputs = {Path(p).resolve() for p in inputs}
    targets = [out, out.with_name(out.stem + "_report.md"), out.with_name(out.stem + "_report.docx")]
    targets += [out.with_name(out.stem + "_summary.csv")] if fmt != "xlsx" else []
    for target in targets:
        if target.resolve() in resolved_inputs:
            raise FileExistsError(f"{target} is one of the inputs; thoughtclass never overwrites its input")
        if target.exists() and not force:
            raise FileExistsError(f"{target} exists; use --force (force=True) to overwrite it")
    out.parent.mkdir(parents=True, exist_ok=True)
    return out, fmt


def _write_report_and_charts(summary: Summary, examples: pd.DataFrame, out: Path, charts: bool) -> dict[str, Path]:
    text = report(summary, examples)
    md, docx = out.with_name(out.stem + "_report.md"), out.with_name(out.stem + "_report.docx")
    _atomic(md, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    _atomic(docx, lambda tmp: write_docx(text, tmp))
    written = {"report_md": md, "report_docx": docx}
    if charts:
        from .plot import save_charts

        def draw():
            return {f"chart_{path.stem}": path for path in save_charts(summary, out.with_name(out.stem + "_charts"))}
        written.update(_draw("charts", draw, calls_below_user=2))
    return written


_LIGHT = ["unit", "category", "nature", "status_mapped", "needs_review", "error", "specificity", "vague"]
_EXAMPLES_PER_CATEGORY = 5  # candidates kept for the report's quotes


def stream_files(paths, out, *, fmt: str | None = None, model=None, chunksize: int = 20000, progress: bool = False,
                 status_rules=None, force: bool = False, charts: bool = True, n_jobs: int = 1, **read_options):
    """Classify large CSV / JSON-lines inputs chunk by chunk, in constant memory.

    Rows are classified and appended to ``out`` (csv or jsonl) a chunk at a
    time; only the few columns the counts need are kept, plus the best
    example statements per category for the report. The result file equals
    what :func:`classify_files` + :func:`write_outputs` give on the same rows.

    Returns
    -------
    written : dict of name -> path
    counts : dict
        ``rows`` and ``errors`` and ``needs_review`` written.
    failures : list of (file, reason)
        Files that could not be read (rows read before a failure are kept).
    """
    from .readers import iter_csv, iter_jsonl

    out, fmt = _prepare_targets(out, fmt or Path(out).suffix.lstrip(".") or "csv", force, paths)
    if fmt == "xlsx":
        raise ValueError("streaming writes csv or jsonl (a worksheet holds at most 1,048,576 rows)")
    model = model or get_default_classifier()
    light: list[pd.DataFrame] = []
    pool = pd.DataFrame()
    failures: list[tuple[str, str]] = []
    counts = {"rows": 0, "errors": 0, "needs_review": 0}
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(unit=" rows", desc="classifying")
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.stem}.", suffix=out.suffix)
    os.close(fd)
    try:
        with open(tmp, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as fh:
            first = True
            for path in map(Path, paths):
                reader = {".csv": iter_csv, ".jsonl": iter_jsonl}.get(path.suffix.lower())
                if reader is None:
                    failures.append((str(path), f"{path}: streaming reads .csv and .jsonl only"))
                    continue
                try:
                    for chunk in reader(path, chunksize=chunksize, **read_options):
                        # Copies need every statement at once; a stream sees one chunk at a time.
                        rows = classify_rows(chunk.assign(sheet=None)[["source_file", "sheet", "source_row", "unit", "text", "status"]],
                                             model=model, status_rules=status_rules, n_jobs=n_jobs, copies=False,
                                             first_row=counts["rows"] + 1)
                        if fmt == "csv":
                            rows.rename(columns=_ZH_COLUMNS).to_csv(fh, index=False, header=first)
                        else:
                            rows.to_json(fh, orient="records", lines=True, force_ascii=False)
                        first = False
                        light.append(rows[_LIGHT].astype({"unit": "category", "category": "category", "nature": "category",
                                                          "status_mapped": "category"}))
                        best = rows.loc[rows["nature"] == "thinking", ["text", "category", "nature", "category_confidence"]]
                        pool = (pd.concat([pool, best]).sort_values("category_confidence", ascending=False, kind="stable")
                                .groupby("category").head(_EXAMPLES_PER_CATEGORY))
                        counts["rows"] += len(rows)
                        counts["errors"] += int(rows["error"].notna().sum())
                        counts["needs_review"] += int(rows["needs_review"].sum())
                        if bar is not None:
                            bar.update(len(rows))
                except InputError as exc:
                    failures.append((str(path), str(exc)))
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        if bar is not None:
            bar.close()
    data = pd.concat([frame.astype(object) for frame in light], ignore_index=True) if light else pd.DataFrame(columns=_LIGHT)
    summary = summarize(data.rename(columns={"status_mapped": "status"}))
    summary_csv = out.with_name(out.stem + "_summary.csv")
    _atomic(summary_csv, lambda t: _summary_sheet(summary).to_csv(t, index=False, encoding="utf-8-sig"))
    written = {"rows": out, "summary": summary_csv}
    written.update(_write_report_and_charts(summary, pool, out, charts))
    return written, counts, failures
