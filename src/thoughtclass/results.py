"""Labels -> tidy DataFrames: classification results and explanations."""

from __future__ import annotations

import re
from functools import partial

import numpy as np
import pandas as pd

from .cues import CUE_FEATURES
from .labels import category_zh, nature_zh
from .tfidf import SparseRows
from .validation import screen

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

_PUNCT = re.compile(r"[，。；、：“”]")
_ZH = {"category": category_zh, "nature": nature_zh}


def readable_term(feature: str) -> str:
    """Turn a feature name (``w:意识 不强``, ``c:推诿``, ``h:推诿``, ``cue:style``) into a term."""
    if feature.startswith("w:"):
        return feature[2:].replace(" ", "")
    if feature.startswith(("c:", "h:")):
        return feature[2:]
    return _CUE_NAMES.get(feature, feature)


def _ranked_row(cols: np.ndarray, contrib: np.ndarray, is_char: np.ndarray) -> np.ndarray:
    """Columns of one row that push the decision, strongest first.

    Words and cues read as reasons; character n-grams often straddle words
    ("式较"), so they are shown only when no word or cue pushed the decision.
    """
    order = np.argsort(-contrib)
    order = order[contrib[order] > 0]
    ranked = order[~is_char[cols[order]]]
    return cols[ranked if len(ranked) else order]


def _ranked_rows(X: SparseRows, contrib, reasons: np.ndarray):
    """:func:`_ranked_row` for every row of ``X`` at once.

    ``contrib(at)`` gives the contributions of the entries ``at``;
    ``reasons`` are the entries of words and cues. Only those are weighed
    first: the character n-grams of a row count only if none of them
    pushes the decision.

    Returns the ranked columns of all rows one after the other, each row's
    bounds in them, and per row the position of its first tie (equal
    contributions; ``n`` if none). ``np.argsort`` in :func:`_ranked_row`
    orders tied entries its own way, so a row whose evidence reaches a tie
    is ranked by :func:`_ranked_row` itself, to give the same evidence.
    """
    value = contrib(reasons)
    at, value = reasons[value > 0], value[value > 0]
    has_reason = np.zeros(X.n_rows, dtype=bool)
    has_reason[X.row[at]] = True
    if not has_reason.all():
        rest = np.flatnonzero(~has_reason[X.row])
        rest_value = contrib(rest)
        at, value = np.concatenate([at, rest[rest_value > 0]]), np.concatenate([value, rest_value[rest_value > 0]])
    row, col = X.row[at], X.col[at]
    # Sort by row, then strength: order the strengths with a fast unstable
    # sort, then that order by row with a stable one (a radix sort, for rows
    # numbered in 16 bits). Equal strengths end up side by side.
    order = np.argsort(-value)
    order = order[np.argsort(row[order].astype(np.uint16) if X.n_rows <= 1 << 16 else row[order], kind="stable")]
    row, col, value = row[order], col[order], value[order]
    bounds = np.searchsorted(row, np.arange(X.n_rows + 1))
    tie = np.flatnonzero((row[1:] == row[:-1]) & (value[1:] == value[:-1]))
    first_tie = np.full(X.n_rows, len(row))
    np.minimum.at(first_tie, row[tie], tie - bounds[row[tie]])
    return col, bounds, first_tie


class _EvidenceTerms:
    """Column -> the term it shows as evidence ("" if it explains nothing).

    Terms are made on first use and kept with the fitted features (see
    :func:`_evidence_terms`), so that each column's term is made once, not
    once per ``classify`` call. ``text`` holds the terms made so far,
    ``shown`` per column 1 if it has a term, 0 if not, -1 if not made yet.
    """

    def __init__(self, features) -> None:
        self._names_of = features.names_of
        self.vocabularies = features.vocabularies_
        n = features.n_features()
        self.text = np.full(n, None, dtype=object)
        self.shown = np.full(n, -1, dtype=np.int8)

    def make(self, cols: np.ndarray) -> None:
        """Make the terms of those of ``cols`` not made yet."""
        new = np.unique(cols[self.shown[cols] < 0])
        if len(new):
            texts = [readable_term(name).strip("，。；、 ") for name in self._names_of(new)]
            # Single characters and fragments with punctuation explain nothing to a reader.
            texts = ["" if len(text) < 2 or _PUNCT.search(text) else text for text in texts]
            # _pick_shown joins terms with newlines; no term holds one (normalised
            # texts have no newline and the segmenter drops whitespace tokens).
            assert not any("\n" in text for text in texts)
            self.text[new] = texts
            self.shown[new] = [bool(text) for text in texts]

    def __getitem__(self, col: int) -> str:
        if self.shown[col] < 0:
            self.make(np.array([col]))
        return self.text[col]


def _evidence_terms(features) -> _EvidenceTerms:
    """The :class:`_EvidenceTerms` of ``features``, kept on it until it is fitted again."""
    terms = features.__dict__.get("_evidence_terms")
    if terms is None or terms.vocabularies is not features.vocabularies_:
        terms = features._evidence_terms = _EvidenceTerms(features)
    return terms


def _pick_shown(terms: list[str], k: int) -> tuple[str, int]:
    """The first ``k`` (k >= 1) of ranked non-empty terms that no other one
    contains, joined with "、", and the index of the term that made ``k``
    (-1 if fewer were found)."""
    picked: list[str] = []
    joined = ""  # the picked terms joined by newlines, which no term holds
    for j, term in enumerate(terms):
        if term in joined:  # a picked term contains it
            continue
        # A longer term absorbs the shorter n-grams it contains. Terms have
        # two characters or more, so one of two could only contain an equal
        # term, which would contain it too.
        if len(term) > 2 and any(map(term.__contains__, picked)):
            picked = [t for t in picked if t not in term]
            picked.append(term)
            joined = "\n".join(picked)
        else:
            picked.append(term)
            joined += "\n" + term
        if len(picked) >= k:
            return "、".join(picked), j
    return "、".join(picked), -1


def _pick_terms(terms_in_order, k: int) -> tuple[str, int]:
    """The first ``k`` readable terms of ranked terms ("" for none), joined
    with "、", and how many ranked terms were looked at."""
    if k <= 0:
        return "", 0
    terms = list(terms_in_order)
    at = [j for j, term in enumerate(terms) if term]
    text, last = _pick_shown([terms[j] for j in at], k)
    return text, at[last] + 1 if last >= 0 else len(terms)


def _evidence(X: SparseRows, contrib, is_char: np.ndarray, terms_of: _EvidenceTerms, k: int) -> list[str]:
    """The evidence string of every row of ``X``; ``contrib(at)`` gives the
    contributions of the entries ``at`` toward the row's label.

    Only the columns that show a term enter the Python loop; where each
    stands in its row's ranking is kept to tell how far the ranking was
    read (:func:`_pick_terms`), which decides whether a tie matters.
    """
    if k <= 0:
        return [""] * X.n_rows
    ranked, bounds, first_tie = _ranked_rows(X, contrib, np.flatnonzero(~is_char[X.col]))
    terms_of.make(ranked)
    at = np.flatnonzero(terms_of.shown[ranked] == 1)
    terms = terms_of.text[ranked[at]].tolist()
    lengths = np.diff(bounds)
    # Position of each shown term in its row's ranking, and each row's first shown term.
    position = (at - np.repeat(bounds[:-1], lengths)[at]).tolist()
    first = np.searchsorted(at, bounds).tolist()
    # A row with a tie in its ranking: the tie matters if the ranking was read that far.
    tied = (first_tie < lengths).tolist()
    first_tie, lengths = first_tie.tolist(), lengths.tolist()
    term = terms_of.__getitem__
    out = []
    for i in range(X.n_rows):
        s = first[i]
        text, last = _pick_shown(terms[s : first[i + 1]], k)
        if tied[i] and first_tie[i] < (position[s + last] + 1 if last >= 0 else lengths[i]):
            s, e = X.indptr[i], X.indptr[i + 1]
            text, _ = _pick_terms(map(term, _ranked_row(X.col[s:e], contrib(np.arange(s, e)), is_char).tolist()), k)
        out.append(text)
    return out


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
    # The lookup tables are built first, once, rather than in every worker.
    model.predict_proba(["服务意识不强"])
    _shared.update(model=model, values=values, k=evidence_terms)
    step = -(-len(values) // (n_jobs * 4))
    bounds = [(i, min(i + step, len(values))) for i in range(0, len(values), step)]
    try:
        with mp.get_context("fork").Pool(n_jobs) as pool:
            frames = pool.map(_classify_range, bounds)
    finally:
        _shared.clear()
    return pd.concat(frames, ignore_index=True)


# Bounds the feature matrix in memory, whatever the batch size; with the
# first-sentence block, 2,500 keeps 100,000 statements near 330 MB peak.
_CHUNK = 2500


def _classify_chunk(model, texts: list[str], evidence_terms: int, terms_of: _EvidenceTerms) -> dict[str, np.ndarray]:
    """Labels, confidences and evidence of normalised, valid ``texts``."""
    X = model.features_.rows(texts, normalized=True)
    is_char = model.features_.char_mask()
    out = {}
    for name, head in model._heads().items():
        p = head.proba(X)
        label = p.argmax(axis=1)
        zh = np.array([_ZH[name](c) for c in head.classes], dtype=object)
        out[name] = head.classes[label]
        out[f"{name}_zh"] = zh[label]
        out[f"{name}_confidence"] = p[np.arange(len(texts)), label]
        evidence = _evidence(X, partial(head.contributions, X, label), is_char, terms_of, evidence_terms)
        out["evidence" if name == "category" else f"{name}_evidence"] = evidence
    out["needs_review"] = out["category_confidence"] * out["nature_confidence"] < model.review_threshold_
    return out


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
    errors, normalized = zip(*map(screen, values)) if n else ((), ())
    ok = [i for i, e in enumerate(errors) if e is None]
    # Text columns are object arrays with None for "no value", whatever the
    # batch holds, so that frames from chunks and workers concatenate cleanly.
    cols = {c: np.full(n, None, dtype=object) for c in _TEXT_COLUMNS}
    cols["text"][:] = values
    cols["error"][:] = errors
    cols["category_confidence"], cols["nature_confidence"] = np.full(n, np.nan), np.full(n, np.nan)
    cols["needs_review"] = np.zeros(n, dtype=bool)
    terms_of = _evidence_terms(model.features_) if ok else None
    for start in range(0, len(ok), _CHUNK):
        rows = ok[start : start + _CHUNK]
        for name, column in _classify_chunk(model, [normalized[i] for i in rows], evidence_terms, terms_of).items():
            cols[name][rows] = column
    out = pd.DataFrame({c: pd.Series(cols[c], dtype=cols[c].dtype) for c in COLUMNS})
    out.index = series.index
    return out


def explanation_frame(model, text: str) -> pd.DataFrame:
    """All non-zero feature contributions for one statement, per head."""
    error, normalized = screen(text)
    if error is not None:
        from .errors import InputError

        raise InputError(f"cannot explain {text!r}: {error}")
    X = model.feature_rows([normalized], normalized=True)
    names = model.features_.names_of(X.col)
    frames = []
    for head_name, head in model._heads().items():
        label = head.proba(X).argmax(axis=1)
        weight = head.evidence_t[X.col, label[X.row]]
        frame = pd.DataFrame(
            {
                "head": head_name,
                "label": head.classes[label[0]],
                "feature": names,
                "term": [readable_term(n) for n in names],
                "value": X.val,
                "weight": weight,
                "contribution": X.val * weight,
            }
        )
        frames.append(frame.sort_values("contribution", ascending=False, kind="stable"))
    return pd.concat(frames, ignore_index=True)
