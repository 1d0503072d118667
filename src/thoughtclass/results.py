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

_TEXT_COLUMNS = ["text", "category", "category_zh", "nature", "nature_zh", "evidence", "nature_evidence", "error"]

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


_PARALLEL_MIN = 4000  # below this, starting workers costs more than it saves
_shared: dict = {}


def _classify_range(bounds: tuple[int, int]) -> pd.DataFrame:
    start, end = bounds
    return classification_frame(_shared["model"], _shared["values"][start:end], evidence_terms=_shared["k"])


def _parallel_frame(model, values: list, n_jobs: int, evidence_terms: int) -> pd.DataFrame | None:
    import multiprocessing as mp

    if "fork" not in mp.get_all_start_methods():
        return None  # spawn would reload the model per worker: not worth it
    # Workers are forked with the loaded model and the texts already in
    # memory, so nothing but the result frames crosses process boundaries.
    _shared.update(model=model, values=values, k=evidence_terms)
    step = -(-len(values) // (n_jobs * 4))
    bounds = [(i, min(i + step, len(values))) for i in range(0, len(values), step)]
    try:
        with mp.get_context("fork").Pool(n_jobs) as pool:
            frames = pool.map(_classify_range, bounds)
    finally:
        _shared.clear()
    return pd.concat(frames, ignore_index=True)


_CHUNK = 5000  # bounds the feature matrix in memory, whatever the batch size


def _contributions_in_chunks(model, values: list, ok: list[int]):
    for start in range(0, len(ok), _CHUNK):
        rows = ok[start : start + _CHUNK]
        Xf = model.transform_features([values[i] for i in rows])
        yield from zip(rows, model.contributions(Xf))


def classification_frame(model, texts, *, evidence_terms: int = 4, n_jobs: int = 1) -> pd.DataFrame:
    """Classify ``texts`` with ``model`` into the result DataFrame (see ``COLUMNS``).

    ``n_jobs > 1`` classifies large batches in that many forked worker
    processes (Linux; elsewhere it runs in one process).
    """
    series = _as_series(texts)
    values = series.tolist()
    if n_jobs != 1 and len(values) >= _PARALLEL_MIN:
        import os

        jobs = (os.cpu_count() or 1) if n_jobs == -1 else n_jobs
        if jobs > 1:
            out = _parallel_frame(model, values, jobs, evidence_terms)
            if out is not None:
                out.index = series.index
                return out
    n = len(values)
    errors = [statement_error(v) for v in values]
    ok = [i for i, e in enumerate(errors) if e is None]
    # Text columns are object arrays with None for "no value", whatever the
    # batch holds, so that frames from chunks and workers concatenate cleanly.
    cols = {c: np.full(n, None, dtype=object) for c in _TEXT_COLUMNS}
    cols["text"][:] = values
    cols["error"][:] = errors
    conf_cat, conf_nat = np.full(n, np.nan), np.full(n, np.nan)
    review = np.zeros(n, dtype=bool)
    if ok:
        names = model.features_.feature_names_
        is_char = model.features_.char_mask()
        for row, res in _contributions_in_chunks(model, values, ok):
            cat, p_cat, idx, val, w_cat = res["category"]
            nat, p_nat, _, _, w_nat = res["nature"]
            cols["category"][row], cols["category_zh"][row] = cat, category_zh(cat)
            cols["nature"][row], cols["nature_zh"][row] = nat, nature_zh(nat)
            conf_cat[row], conf_nat[row] = p_cat, p_nat
            review[row] = p_cat * p_nat < model.review_threshold_
            cols["evidence"][row] = _evidence(names, is_char, idx, val, w_cat, evidence_terms)
            cols["nature_evidence"][row] = _evidence(names, is_char, idx, val, w_nat, evidence_terms)
    data = {c: cols[c] for c in _TEXT_COLUMNS}
    data.update(category_confidence=conf_cat, nature_confidence=conf_nat, needs_review=review)
    out = pd.DataFrame({c: pd.Series(data[c], dtype=data[c].dtype) for c in COLUMNS})
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
