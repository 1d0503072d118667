"""Round over round: did the distribution of problems change between two rounds?

:func:`compare` takes two rounds of classified statements (DataFrames from
:func:`thoughtclass.classify_files`, or their :class:`~thoughtclass.summary.Summary`)
and returns a :class:`Comparison` of tidy tables:

* the category and thinking/work distributions of both rounds side by side,
  with a chi-square test of homogeneity (did the distribution change?);
* per unit, the share of work problems in each round, with Fisher's exact
  test on the unit's 2×2 table, and whether it rose or fell;
* statements of round 2 that recur from round 1 in the same unit
  (near-duplicates by :func:`thoughtclass.similarity.match`), with the status
  round 1 reported for them: a problem reported resolved that appears again.

Recurring statements need the statements themselves; from two summaries
the comparison has the distributions and units only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .labels import CATEGORIES, CATEGORY_IDS, NATURES
from .summary import Summary, largest_remainder_percent, summarize

__all__ = ["Comparison", "compare", "SIGNIFICANCE", "UNIT_SHIFT"]

#: p-value below which a change is called significant in tables and report.
SIGNIFICANCE = 0.05

#: Change in a unit's share of work problems (0.2 = 20 percentage points)
#: from which it is reported as having risen or fallen. A unit lists a
#: handful of statements, so its changes are rarely significant on their
#: own; the table carries the p-value beside the direction.
UNIT_SHIFT = 0.2


@dataclass
class Comparison:
    """Two rounds side by side.

    Attributes
    ----------
    rounds : tuple of str
        Names of the two rounds.
    categories : DataFrame
        Per category: ``n_1, share_1, n_2, share_2, change`` (percentage
        points).
    natures : DataFrame
        The same for thinking / work.
    tests : DataFrame
        Chi-square test of homogeneity per distribution (``category``,
        ``nature``): ``chi2, dof, p_value, changed``.
    units : DataFrame
        Per unit present in both rounds: statements and share of work
        problems per round, ``change``, ``direction`` ("rose" / "fell" when
        the share moved by at least :data:`UNIT_SHIFT`, else "about the
        same"), Fisher's exact ``p_value`` on the unit's 2×2 table and
        ``significant`` (``p_value`` < :data:`SIGNIFICANCE`).
    recurring : DataFrame or None
        Round 2 statements near-duplicating a round 1 statement of the same
        unit: ``unit, text_2, text_1, similarity, status_1, was_resolved``.
    """

    rounds: tuple[str, str]
    categories: pd.DataFrame
    natures: pd.DataFrame
    tests: pd.DataFrame
    units: pd.DataFrame
    recurring: pd.DataFrame | None = None
    summaries: tuple[Summary, Summary] | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        t = self.tests.set_index("distribution")
        rec = "n/a" if self.recurring is None else len(self.recurring)
        return (f"<Comparison {self.rounds[0]} → {self.rounds[1]}: category p={t.loc['category', 'p_value']:.3g}, "
                f"nature p={t.loc['nature', 'p_value']:.3g}; {len(self.units)} units in both; recurring {rec}>")

    def tables(self) -> dict[str, pd.DataFrame]:
        """All tables by name (for writing to sheets)."""
        tables = {"categories": self.categories, "natures": self.natures, "tests": self.tests, "units": self.units}
        if self.recurring is not None:
            tables["recurring"] = self.recurring
        return tables


def _side_by_side(n1: pd.Series, n2: pd.Series, labels: dict[str, str], key: str) -> pd.DataFrame:
    share_1, share_2 = largest_remainder_percent(n1.to_numpy()), largest_remainder_percent(n2.to_numpy())
    return pd.DataFrame({
        key: list(labels), f"{key}_zh": list(labels.values()),
        "n_1": n1.to_numpy(), "share_1": share_1, "n_2": n2.to_numpy(), "share_2": share_2,
        "change": np.round(share_2 - share_1, 2),
    })


def _chi_square(table: np.ndarray) -> tuple[float, int, float]:
    from scipy.stats import chi2_contingency

    # Labels absent from both rounds carry no information (and a zero column breaks the test).
    table = table[:, table.sum(axis=0) > 0]
    if table.shape[1] < 2 or (table.sum(axis=1) == 0).any():
        return float("nan"), 0, float("nan")
    res = chi2_contingency(table, correction=False)
    return float(res.statistic), int(res.dof), float(res.pvalue)


def _unit_shifts(s1: Summary, s2: Summary, min_statements: int) -> pd.DataFrame:
    from scipy.stats import fisher_exact

    both = s1.by_unit.merge(s2.by_unit, on="unit", suffixes=("_1", "_2"))
    both = both[(both["n_1"] >= min_statements) & (both["n_2"] >= min_statements)]
    p = [fisher_exact([[r.thinking_1, r.work_1], [r.thinking_2, r.work_2]]).pvalue for r in both.itertuples()]
    units = pd.DataFrame({
        "unit": both["unit"], "n_1": both["n_1"], "share_work_1": both["share_work_1"],
        "n_2": both["n_2"], "share_work_2": both["share_work_2"],
        "change": (both["share_work_2"] - both["share_work_1"]).round(4), "p_value": np.round(p, 4),
    })
    units["direction"] = np.select([units["change"] >= UNIT_SHIFT, units["change"] <= -UNIT_SHIFT], ["rose", "fell"],
                                   default="about the same")
    units["significant"] = units["p_value"] < SIGNIFICANCE
    return units.sort_values(["change", "unit"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _recurring(rows_1: pd.DataFrame, rows_2: pd.DataFrame, threshold: float | None) -> pd.DataFrame:
    from .similarity import THRESHOLD, match
    from .status import status_column

    threshold = THRESHOLD if threshold is None else threshold
    columns = ["unit", "text_2", "text_1", "similarity", "status_1", "was_resolved"]
    found = []
    first = rows_1.reset_index(drop=True)
    first = first.assign(status_mapped=status_column(first["status"]) if "status" in first else "unknown")
    by_unit_1 = dict(tuple(first.groupby("unit", sort=False)))
    for unit, second in rows_2.reset_index(drop=True).groupby("unit", sort=False):
        earlier = by_unit_1.get(unit)
        if earlier is None:
            continue
        pairs = match(earlier["text"], second["text"], threshold=threshold)
        for p in pairs.itertuples(index=False):
            old = earlier.loc[p.left_index]
            found.append({
                "unit": unit, "text_2": second.loc[p.right_index, "text"], "text_1": old["text"],
                "similarity": p.similarity, "status_1": old.get("status"),
                "was_resolved": old["status_mapped"] == "resolved",
            })
    return pd.DataFrame(found, columns=columns)


def _as_summary(data) -> Summary:
    if isinstance(data, Summary):
        return data
    if isinstance(data, pd.DataFrame):
        return summarize(data)
    raise TypeError(f"compare takes DataFrames of classified statements or Summary objects, got {type(data).__name__}")


def compare(
    round_1,
    round_2,
    *,
    names: tuple[str, str] = ("第一轮", "第二轮"),
    threshold: float | None = None,
    min_statements: int = 3,
) -> Comparison:
    """Compare two rounds of classified statements.

    Parameters
    ----------
    round_1, round_2 : DataFrame or Summary
        Classified statements (``unit, text, category, nature`` and
        optionally ``status``, as :func:`thoughtclass.classify_files` gives)
        or their summaries.
    names : tuple of str
        Names of the rounds, used in the report and charts.
    threshold : float, optional
        Similarity at which a round 2 statement counts as recurring; default
        :data:`thoughtclass.similarity.THRESHOLD`.
    min_statements : int
        Units with fewer statements in either round are left out of the
        per-unit table (a share of two statements says nothing).

    Returns
    -------
    Comparison

    Examples
    --------
    >>> import pandas as pd
    >>> r1 = pd.DataFrame({"unit": ["甲镇"] * 4, "text": ["甲", "乙", "丙", "丁"],
    ...                    "category": ["capability_style"] * 4, "nature": ["thinking", "thinking", "thinking", "work"]})
    >>> r2 = r1.assign(nature=["work", "work", "work", "thinking"])
    >>> c = compare(r1, r2)
    >>> c.natures[["nature", "share_1", "share_2", "change"]].values.tolist()
    [['thinking', 75.0, 25.0, -50.0], ['work', 25.0, 75.0, 50.0]]
    """
    s1, s2 = _as_summary(round_1), _as_summary(round_2)
    cat_1 = s1.by_category.set_index("category")["n"].reindex(CATEGORY_IDS)
    cat_2 = s2.by_category.set_index("category")["n"].reindex(CATEGORY_IDS)
    nat_1 = s1.by_nature.set_index("nature")["n"].reindex(list(NATURES))
    nat_2 = s2.by_nature.set_index("nature")["n"].reindex(list(NATURES))
    categories = _side_by_side(cat_1, cat_2, {c.id: c.zh for c in CATEGORIES}, "category")
    natures = _side_by_side(nat_1, nat_2, NATURES, "nature")
    tests = []
    for name, a, b in (("category", cat_1, cat_2), ("nature", nat_1, nat_2)):
        chi2, dof, p = _chi_square(np.vstack([a.to_numpy(), b.to_numpy()]))
        tests.append({"distribution": name, "chi2": round(chi2, 3), "dof": dof, "p_value": p,
                      "changed": bool(p < SIGNIFICANCE)})
    recurring = None
    if all(isinstance(r, pd.DataFrame) and {"unit", "text"} <= set(r.columns) for r in (round_1, round_2)):
        ok = [r[r["error"].isna()] if "error" in r else r for r in (round_1, round_2)]
        recurring = _recurring(ok[0], ok[1], threshold)
    return Comparison(
        rounds=tuple(names), categories=categories, natures=natures, tests=pd.DataFrame(tests),
        units=_unit_shifts(s1, s2, min_statements), recurring=recurring, summaries=(s1, s2),
    )
