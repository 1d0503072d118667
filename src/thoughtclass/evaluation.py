"""Measure a classifier: per-class scores, confusion matrices, calibration,
and the review-rate trade-off, on our test split or on real statements.

The real-text development set lives outside the repository
(``../shared/realdev/items.jsonl`` beside a checkout); :func:`load_realdev`
returns None when it is absent, so evaluation code skips it cleanly.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from .labels import CATEGORY_IDS, NATURE_IDS

__all__ = ["evaluate", "load_realdev", "reliability_table", "REALDEV_ENV"]

#: Environment variable that points at the realdev items file.
REALDEV_ENV = "THOUGHTCLASS_REALDEV"


def load_realdev(path=None) -> pd.DataFrame | None:
    """Load the real-statement development set, or None if it is not here.

    Looks at ``path``, then ``$THOUGHTCLASS_REALDEV``, then
    ``../shared/realdev/items.jsonl`` relative to the current directory and
    to the source checkout.
    """
    candidates = [path, os.environ.get(REALDEV_ENV)]
    here = Path(__file__).resolve()
    candidates += [Path.cwd().parent / "shared/realdev/items.jsonl"]
    candidates += [p / "shared/realdev/items.jsonl" for p in here.parents[2:4]]
    for c in candidates:
        if c and Path(c).is_file():
            with open(c, encoding="utf-8") as fh:
                return pd.DataFrame([json.loads(line) for line in fh if line.strip()])
    return None


def reliability_table(confidence, correct, bins=(0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001)) -> pd.DataFrame:
    """Stated confidence vs. observed accuracy, per confidence bin."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=bool)
    cut = pd.cut(confidence, list(bins), right=False)
    table = (
        pd.DataFrame({"bin": cut, "confidence": confidence, "correct": correct})
        .groupby("bin", observed=True)
        .agg(n=("correct", "size"), mean_confidence=("confidence", "mean"), accuracy=("correct", "mean"))
        .reset_index()
    )
    table["bin"] = table["bin"].astype(str)
    return table


def _ece(confidence, correct, n_bins=10) -> float:
    confidence, correct = np.asarray(confidence), np.asarray(correct, dtype=float)
    edges = np.linspace(0, 1, n_bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (confidence >= lo) & (confidence < hi if hi < 1 else confidence <= hi)
        if m.any():
            total += m.mean() * abs(confidence[m].mean() - correct[m].mean())
    return float(total)


def evaluate(model, data: pd.DataFrame) -> dict:
    """Score ``model`` on a labelled DataFrame (``text, category, nature``).

    Returns
    -------
    dict
        ``n``, ``category_macro_f1``, ``category_accuracy``, ``nature_accuracy``,
        ``nature_macro_f1``, ``per_class`` (precision/recall/F1/support per
        category), ``confusion`` (category and nature matrices as nested
        lists with their label order), ``calibration`` (expected calibration
        error and reliability tables per head), ``review`` (share flagged and
        accuracy of the rest), and ``predictions`` (a DataFrame, not JSON-able;
        pop it before saving).
    """
    res = model.classify(data["text"].tolist())
    ok = res["error"].isna().to_numpy()
    y_cat, y_nat = data["category"].to_numpy()[ok], data["nature"].to_numpy()[ok]
    p_cat, p_nat = res["category"].to_numpy()[ok], res["nature"].to_numpy()[ok]
    cat_ok, nat_ok = p_cat == y_cat, p_nat == y_nat
    prec, rec, f1, sup = precision_recall_fscore_support(y_cat, p_cat, labels=list(CATEGORY_IDS), zero_division=0)
    flagged = res["needs_review"].to_numpy()[ok]
    keep = ~flagged
    preds = data.assign(
        predicted_category=res["category"].to_numpy(),
        predicted_nature=res["nature"].to_numpy(),
        category_confidence=res["category_confidence"].to_numpy(),
        nature_confidence=res["nature_confidence"].to_numpy(),
        needs_review=res["needs_review"].to_numpy(),
        evidence=res["evidence"].to_numpy(),
        error=res["error"].to_numpy(),
    )
    return {
        "n": int(ok.sum()),
        "n_errors": int((~ok).sum()),
        "category_macro_f1": float(f1_score(y_cat, p_cat, average="macro", labels=list(CATEGORY_IDS))),
        "category_accuracy": float(cat_ok.mean()),
        "nature_accuracy": float(nat_ok.mean()),
        "nature_macro_f1": float(f1_score(y_nat, p_nat, average="macro", labels=list(NATURE_IDS))),
        "per_class": {
            c: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for c, p, r, f, s in zip(CATEGORY_IDS, prec, rec, f1, sup)
        },
        "confusion": {
            "category": {"labels": list(CATEGORY_IDS), "matrix": confusion_matrix(y_cat, p_cat, labels=list(CATEGORY_IDS)).tolist()},
            "nature": {"labels": list(NATURE_IDS), "matrix": confusion_matrix(y_nat, p_nat, labels=list(NATURE_IDS)).tolist()},
        },
        "calibration": {
            "category_ece": _ece(res["category_confidence"].to_numpy()[ok], cat_ok),
            "nature_ece": _ece(res["nature_confidence"].to_numpy()[ok], nat_ok),
            "category_reliability": reliability_table(res["category_confidence"].to_numpy()[ok], cat_ok).to_dict("records"),
            "nature_reliability": reliability_table(res["nature_confidence"].to_numpy()[ok], nat_ok).to_dict("records"),
        },
        "review": {
            "flagged_share": float(flagged.mean()),
            "category_accuracy_unflagged": float(cat_ok[keep].mean()) if keep.any() else float("nan"),
            "nature_accuracy_unflagged": float(nat_ok[keep].mean()) if keep.any() else float("nan"),
            "category_accuracy_flagged": float(cat_ok[flagged].mean()) if flagged.any() else float("nan"),
        },
        "predictions": preds,
    }
