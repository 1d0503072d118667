"""Labels -> tidy DataFrames: classification results and explanations."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .cues import CUE_FEATURES
from .labels import category_zh, nature_zh
from .validation import statement_error

__all__ = ["classification_frame", "explanation_frame", "COLUMNS", "readable_term"]

#: Column order of :func:`classification_frame`.
COLUMNS = [
    "text", "category", "category_zh", "category_confidence", "nature", "nature_zh",
    "nature_confidence", "needs_review", "evidence", "nature_evidence", "error",
]

_CUE_NAMES = {
    "cue:subjective_own": "〈本单位人员的主观不足〉",
    "cue:subjective_outsider": "〈外部对象的主观不足〉",
    "cue:subjective_unattributed": "〈主观不足表述〉",
    "cue:style": "〈作风表现〉",
    "cue:chong_qing": "〈重X轻Y〉",
    "cue:own_subject": "〈本单位主体〉",
    "cue:outsider_subject": "〈外部主体〉",
}
assert set(_CUE_NAMES) == set(CUE_FEATURES)


def readable_term(feature: str) -> str:
    """Turn a feature name (``w:意识 不强``, ``c:推诿``, ``cue:style``) into a term."""
    if feature.startswith("w:"):
        return feature[2:].replace(" ", "")
    if feature.startswith("c:"):
        return feature[2:]
    return _CUE_NAMES.get(feature, feature)


def _evidence(names, is_char, idx, val, weight, k: int) -> str:
    contrib = val * weight
    order = np.argsort(-contrib)
    order = order[contrib[order] > 0]
    # Words and cues read as reasons; character n-grams often straddle words
    # ("式较"), so they are shown only when no word or cue pushed the decision.
    ranked = order[~is_char[idx[order]]]
    if not len(ranked):
        ranked = order
    terms: list[str] = []
    for o in ranked:
        if len(terms) >= k:
            break
        term = readable_term(names[idx[o]]).strip("，。；、 ")
        # Single characters and fragments with punctuation explain nothing to a reader.
        if len(term) < 2 or re.search(r"[，。；、：“”]", term) or any(term in t for t in terms):
            continue
        # A longer term absorbs the shorter n-grams it contains.
        terms = [t for t in terms if t not in term]
        terms.append(term)
    return "、".join(terms)


def _as_series(texts) -> pd.Series:
    if isinstance(texts, pd.Series):
        return texts
    if isinstance(texts, str):
        raise TypeError("classify expects a sequence of statements; wrap a single str in a list")
    return pd.Series(list(texts), dtype=object)


def classification_frame(model, texts, *, evidence_terms: int = 4) -> pd.DataFrame:
    """Classify ``texts`` with ``model`` into the result DataFrame (see ``COLUMNS``)."""
    series = _as_series(texts)
    values = series.tolist()
    errors = [statement_error(v) for v in values]
    ok = [i for i, e in enumerate(errors) if e is None]
    out = pd.DataFrame(
        {
            "text": values,
            "category": pd.Series([None] * len(values), dtype=object),
            "category_zh": pd.Series([None] * len(values), dtype=object),
            "category_confidence": np.full(len(values), np.nan),
            "nature": pd.Series([None] * len(values), dtype=object),
            "nature_zh": pd.Series([None] * len(values), dtype=object),
            "nature_confidence": np.full(len(values), np.nan),
            "needs_review": np.zeros(len(values), dtype=bool),
            "evidence": pd.Series([None] * len(values), dtype=object),
            "nature_evidence": pd.Series([None] * len(values), dtype=object),
            "error": pd.Series(errors, dtype=object),
        }
    )
    if ok:
        Xf = model.transform_features([values[i] for i in ok])
        names = model.features_.feature_names_
        is_char = np.char.startswith(names.astype(str), "c:")
        cols = {c: out[c].to_numpy(copy=True) for c in COLUMNS}
        for row, res in zip(ok, model.contributions(Xf)):
            cat, p_cat, idx, val, w_cat = res["category"]
            nat, p_nat, _, _, w_nat = res["nature"]
            cols["category"][row] = cat
            cols["category_zh"][row] = category_zh(cat)
            cols["category_confidence"][row] = p_cat
            cols["nature"][row] = nat
            cols["nature_zh"][row] = nature_zh(nat)
            cols["nature_confidence"][row] = p_nat
            cols["needs_review"][row] = p_cat * p_nat < model.review_threshold_
            cols["evidence"][row] = _evidence(names, is_char, idx, val, w_cat, evidence_terms)
            cols["nature_evidence"][row] = _evidence(names, is_char, idx, val, w_nat, evidence_terms)
        out = pd.DataFrame(cols, columns=COLUMNS)
    out.index = series.index
    return out


def explanation_frame(model, text: str) -> pd.DataFrame:
    """All non-zero feature contributions for one statement, per head."""
    error = statement_error(text)
    if error is not None:
        from .errors import InputError

        raise InputError(f"cannot explain {text!r}: {error}")
    Xf = model.transform_features([text])
    names = model.features_.feature_names_
    res = next(model.contributions(Xf))
    frames = []
    for head, (label, _, idx, val, weight) in res.items():
        frame = pd.DataFrame(
            {
                "head": head,
                "label": label,
                "feature": names[idx],
                "term": [readable_term(n) for n in names[idx]],
                "value": val,
                "weight": weight,
                "contribution": val * weight,
            }
        )
        frames.append(frame.sort_values("contribution", ascending=False, kind="stable"))
    return pd.concat(frames, ignore_index=True)
