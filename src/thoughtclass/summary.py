"""Classified statements -> tidy count tables (the numbers of the report).

:func:`summarize` takes the DataFrame of :func:`thoughtclass.classify` (plus
``unit`` and, optionally, ``status`` columns, as the batch readers give) and
returns a :class:`Summary` of tidy tables. Shares are percentages rounded to
two decimals with the largest-remainder method, so they add up to exactly
100.00.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .labels import CATEGORIES, CATEGORY_IDS, NATURES, NO_UNIT
from .status import STATUSES, status_column

__all__ = ["Summary", "summarize", "largest_remainder_percent", "WORK_HEAVY_SHARE", "VAGUE_HEAVY_SHARE", "COPY_HEAVY_SHARE"]

#: A unit is reported as listing work problems in place of thinking problems
#: (以工作问题代替思想问题) when at least this share of its statements are work
#: problems (and it has at least ``min_statements``).
WORK_HEAVY_SHARE = 0.5

#: A unit's problem analysis is reported as going through the motions
#: (问题剖析走过场) when at least this share of its statements are vague
#: (:mod:`thoughtclass.specificity`). The score counts many concrete but
#: figure-less statements as vague (59% of our own corpus; in the example
#: ledger half the units reach 80%), so only units whose lists are almost
#: all vague are named: 7 of the example's 40 units at 0.9.
VAGUE_HEAVY_SHARE = 0.9

#: A unit is reported as copying (照搬照抄) when at least this share of its
#: statements are near-duplicates of other units' (:mod:`thoughtclass.similarity`).
COPY_HEAVY_SHARE = 0.3


def largest_remainder_percent(counts, decimals: int = 2) -> np.ndarray:
    """Percentages of ``counts`` rounded so that they sum to exactly 100.

    Examples
    --------
    >>> largest_remainder_percent([1, 1, 1]).tolist()
    [33.34, 33.33, 33.33]
    """
    counts = np.asarray(counts, dtype=float)
    total = counts.sum()
    if total == 0:
        return np.zeros(len(counts))
    scale = 10**decimals
    exact = counts / total * 100 * scale
    floor = np.floor(exact)
    short = int(round(100 * scale - floor.sum()))
    order = np.argsort(-(exact - floor), kind="stable")
    floor[order[:short]] += 1
    return floor / scale


@dataclass
class Summary:
    """Tidy count tables of one batch of classified statements.

    Attributes
    ----------
    totals : dict
        ``statements``, ``classified``, ``errors``, ``thinking``, ``work``,
        ``needs_review``, ``units``, ``reviewed`` and ``corrected`` (by a
        reviewer, see :mod:`thoughtclass.review`), and thinking problems by status
        (``thinking_resolved``, ``thinking_in_progress``, ...).
    by_category : DataFrame
        One row per category in the report's order: counts and shares of all
        statements and of thinking problems, number of units and unit names
        (most statements first), for all statements and for thinking problems.
    by_nature : DataFrame
    by_unit : DataFrame
        Per unit: statements, thinking, work, share of work problems,
        ``work_heavy`` flag; when the rows carry them (as the batch output
        does), ``vague``, ``vague_share`` and ``vague_heavy``, and
        ``copied``, ``copy_rate``, ``boilerplate`` and ``copy_heavy``.
    unit_category : DataFrame
        Long table: unit × category counts.
    by_status : DataFrame
        Long table: category (or ``"all"``) × status counts, for all
        statements and for thinking problems.
    work_heavy_units : DataFrame
        Units whose lists are mostly work problems.
    """

    totals: dict
    by_category: pd.DataFrame
    by_nature: pd.DataFrame
    by_unit: pd.DataFrame
    unit_category: pd.DataFrame
    by_status: pd.DataFrame
    work_heavy_units: pd.DataFrame
    settings: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        t = self.totals
        return (
            f"<Summary: {t['classified']} statements from {t['units']} units "
            f"({t['thinking']} thinking, {t['work']} work; {t['errors']} errors)>"
        )

    def _repr_html_(self) -> str:  # notebooks
        return f"<p>{self!r}</p>" + self.by_category.to_html(index=False)

    def tables(self) -> dict[str, pd.DataFrame]:
        """All tables by name (for writing to sheets)."""
        return {
            "by_category": self.by_category,
            "by_nature": self.by_nature,
            "by_unit": self.by_unit,
            "unit_category": self.unit_category,
            "by_status": self.by_status,
            "work_heavy_units": self.work_heavy_units,
        }


def summarize(
    df: pd.DataFrame,
    *,
    unit_column: str = "unit",
    status_column_name: str = "status",
    work_heavy_share: float = WORK_HEAVY_SHARE,
    vague_heavy_share: float = VAGUE_HEAVY_SHARE,
    copy_heavy_share: float = COPY_HEAVY_SHARE,
    min_statements: int = 3,
) -> Summary:
    """Count classified statements per category, nature, unit and status.

    Parameters
    ----------
    df : DataFrame
        Output of :func:`thoughtclass.classify` or of the batch readers; needs
        ``category`` and ``nature``; ``unit`` and ``status`` are used when
        present (status free text is mapped by :func:`thoughtclass.status.map_status`).
    work_heavy_share : float
        Threshold of the share of work problems for ``work_heavy_units``.
    vague_heavy_share, copy_heavy_share : float
        Thresholds of the share of vague and of copied statements for the
        ``vague_heavy`` and ``copy_heavy`` flags of ``by_unit``.
    min_statements : int
        Units with fewer statements are never flagged.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"unit": ["甲镇", "甲镇", "乙局"],
    ...                    "category": ["capability_style", "county_conditions", "capability_style"],
    ...                    "nature": ["thinking", "work", "thinking"],
    ...                    "status": ["已完成", "正在整改", "已销号"], "error": [None, None, None]})
    >>> s = summarize(df)
    >>> s.by_category[["category", "n", "share"]].head(2).values.tolist()
    [['county_conditions', 1, 33.33], ['new_philosophy', 0, 0.0]]
    """
    for col in ("category", "nature"):
        if col not in df.columns:
            raise ValueError(f"summarize needs a {col!r} column; found {list(df.columns)}")
    errors = df["error"].notna() if "error" in df.columns else pd.Series(False, index=df.index)
    ok = df[~errors & df["category"].notna() & df["nature"].notna()].copy()
    ok["unit"] = ok[unit_column].fillna(NO_UNIT).astype(str) if unit_column in ok.columns else NO_UNIT
    ok["status_mapped"] = (
        status_column(ok[status_column_name]).to_numpy() if status_column_name in ok.columns else "unknown"
    )
    thinking = ok[ok["nature"] == "thinking"]

    rows = []
    n_all = ok.groupby("category").size().reindex(CATEGORY_IDS, fill_value=0)
    n_th = thinking.groupby("category").size().reindex(CATEGORY_IDS, fill_value=0)
    share_all = largest_remainder_percent(n_all.to_numpy())
    share_th = largest_remainder_percent(n_th.to_numpy())
    for i, cat in enumerate(CATEGORIES):
        sub = ok[ok["category"] == cat.id]
        units = sub.groupby("unit").size().sort_values(ascending=False, kind="stable")
        sub_th = sub[sub["nature"] == "thinking"]
        units_th = sub_th.groupby("unit").size().sort_values(ascending=False, kind="stable")
        rows.append({
            "category": cat.id, "category_zh": cat.zh, "heading": cat.heading,
            "n": int(n_all[cat.id]), "share": float(share_all[i]),
            "n_thinking": int(n_th[cat.id]), "share_thinking": float(share_th[i]),
            "n_units": int(len(units)), "units": list(units.index),
            "n_units_thinking": int(len(units_th)), "units_thinking": list(units_th.index),
        })
    by_category = pd.DataFrame(rows)

    n_nat = ok.groupby("nature").size().reindex(list(NATURES), fill_value=0)
    by_nature = pd.DataFrame({
        "nature": list(NATURES), "nature_zh": list(NATURES.values()),
        "n": n_nat.to_numpy(), "share": largest_remainder_percent(n_nat.to_numpy()),
    })

    per_unit = ok.groupby(["unit", "nature"]).size().unstack(fill_value=0).reindex(columns=list(NATURES), fill_value=0)
    by_unit = pd.DataFrame({
        "unit": per_unit.index, "n": per_unit.sum(axis=1).to_numpy(),
        "thinking": per_unit["thinking"].to_numpy(), "work": per_unit["work"].to_numpy(),
    })
    by_unit["share_work"] = (by_unit["work"] / by_unit["n"]).round(4)
    by_unit["work_heavy"] = (by_unit["share_work"] >= work_heavy_share) & (by_unit["n"] >= min_statements)
    heavy = by_unit["n"] >= min_statements
    if "vague" in ok.columns:
        from .specificity import vague_by_unit

        vague = vague_by_unit(ok)[["unit", "vague", "vague_share"]]
        by_unit = by_unit.merge(vague, on="unit", how="left")
        by_unit["vague_heavy"] = (by_unit["vague_share"] >= vague_heavy_share) & heavy
    if "copy_group" in ok.columns:
        from .similarity import copy_rates

        by_unit = by_unit.merge(copy_rates(ok)[["unit", "copied", "copy_rate", "boilerplate"]], on="unit", how="left")
        by_unit["copy_heavy"] = (by_unit["copy_rate"] >= copy_heavy_share) & heavy
    by_unit = by_unit.sort_values(["n", "unit"], ascending=[False, True], kind="stable").reset_index(drop=True)

    unit_category = (
        ok.groupby(["unit", "category"]).size().rename("n").reset_index()
        .sort_values(["unit", "category"], kind="stable").reset_index(drop=True)
    )

    status_rows = []
    for scope, data in (("all", ok), ("thinking", thinking)):
        for cat in ["all", *CATEGORY_IDS]:
            sub = data if cat == "all" else data[data["category"] == cat]
            counts = pd.Series(sub["status_mapped"]).value_counts()
            for st in STATUSES:
                status_rows.append({"scope": scope, "category": cat, "status": st, "n": int(counts.get(st, 0))})
    by_status = pd.DataFrame(status_rows)

    th_status = pd.Series(thinking["status_mapped"]).value_counts()
    totals = {
        "statements": int(len(df)), "classified": int(len(ok)), "errors": int(errors.sum()),
        "thinking": int(len(thinking)), "work": int((ok["nature"] == "work").sum()),
        "needs_review": int(ok["needs_review"].sum()) if "needs_review" in ok.columns else 0,
        "units": int(ok["unit"].nunique()),
        # After `thoughtclass review apply`: statements a reviewer decided, and labels they changed.
        "reviewed": int(ok["reviewed"].astype(bool).sum()) if "reviewed" in ok.columns else 0,
        "corrected": int(ok["corrected"].astype(bool).sum()) if "corrected" in ok.columns else 0,
        "vague": int(ok["vague"].astype(bool).sum()) if "vague" in ok.columns else None,
        "copied": int(ok["copy_group"].notna().sum()) if "copy_group" in ok.columns else None,
        **{f"thinking_{st}": int(th_status.get(st, 0)) for st in STATUSES},
    }
    return Summary(
        totals=totals, by_category=by_category, by_nature=by_nature, by_unit=by_unit,
        unit_category=unit_category, by_status=by_status,
        work_heavy_units=by_unit[by_unit["work_heavy"]].reset_index(drop=True),
        settings={"work_heavy_share": work_heavy_share, "vague_heavy_share": vague_heavy_share,
                  "copy_heavy_share": copy_heavy_share, "min_statements": min_statements},
    )
