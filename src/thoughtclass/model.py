"""ThoughtClassifier: the category head and the nature head, calibrated.

A scikit-learn estimator over raw statements. ``fit(texts, y)`` takes ``y``
with two columns, category and nature (a DataFrame with those columns, an
``(n, 2)`` array, or a list of pairs). Both heads are logistic regressions on
the same :class:`~thoughtclass.features.TextFeatures`; their confidences are
calibrated by temperature scaling on out-of-fold predictions, and the
``needs_review`` threshold is chosen on the same folds, so neither ever sees
the test split.

Fitting uses scikit-learn and scipy (imported when ``fit`` runs); predicting
uses numpy only, so that a saved model loads and classifies without them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._estimator import Estimator
from .cues import CUE_FEATURES
from .errors import InputError
from .features import TextFeatures
from .labels import CATEGORY_IDS, NATURE_IDS
from .tfidf import SparseRows

__all__ = ["ThoughtClassifier", "HEADS"]

#: The two decisions, with their label sets, in output column order.
HEADS = {"category": CATEGORY_IDS, "nature": NATURE_IDS}


def _check_texts(X, where: str) -> list[str]:
    if isinstance(X, str):
        raise InputError(f"{where}: expected a sequence of statements, got a single str; wrap it in a list")
    try:
        texts = list(X)
    except TypeError:
        raise InputError(f"{where}: expected a sequence of statements, got {type(X).__name__}") from None
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise InputError(f"{where}: statement {i} is {type(t).__name__} ({t!r}), expected str")
    return texts


def _check_targets(y, n: int) -> tuple[np.ndarray, np.ndarray]:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None
    if pd is not None and isinstance(y, pd.DataFrame):
        missing = {"category", "nature"} - set(y.columns)
        if missing:
            raise InputError(f"y is missing column(s) {sorted(missing)}; found {list(y.columns)}")
        arr = y[["category", "nature"]].to_numpy(dtype=object)
    else:
        arr = np.asarray(y, dtype=object)
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise InputError(f"y must hold two labels per statement (category, nature); got shape {arr.shape}")
    if len(arr) != n:
        raise InputError(f"y has {len(arr)} rows but there are {n} statements")
    for col, (head, allowed) in enumerate(HEADS.items()):
        bad = sorted({str(v) for v in arr[:, col]} - set(allowed))
        if bad:
            raise InputError(f"unknown {head} label(s) {bad}; expected one of {list(allowed)}")
    return arr[:, 0].astype(str), arr[:, 1].astype(str)


def _fit_temperature(logits: np.ndarray, y_idx: np.ndarray) -> float:
    from scipy.optimize import minimize_scalar
    from scipy.special import log_softmax

    def nll(log_t):
        lp = log_softmax(logits / np.exp(log_t), axis=1)
        return -lp[np.arange(len(y_idx)), y_idx].mean()

    return float(np.exp(minimize_scalar(nll, bounds=(-3, 3), method="bounded").x))


def _logits(lr, X) -> np.ndarray:
    z = lr.decision_function(X)
    return _binary_logits(z) if z.ndim == 1 else z


def _binary_logits(z: np.ndarray) -> np.ndarray:
    # A binary logistic regression has one decision value; as two logits it
    # gives the same softmax as the sigmoid.
    return np.column_stack([-z / 2, z / 2])


def softmax(x: np.ndarray) -> np.ndarray:
    """Row-wise softmax, computed as ``scipy.special.softmax(x, axis=1)`` does."""
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


@dataclass(frozen=True, eq=False)
class _Head:
    """One fitted head, laid out for prediction on :class:`~thoughtclass.tfidf.SparseRows`.

    ``evidence_t`` holds, per feature and label, the weight an entry
    contributes toward that label (for the category, relative to the mean
    over categories; for the nature, the signed weight toward the predicted
    side).
    """

    classes: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    evidence_t: np.ndarray
    temperature: float

    @classmethod
    def build(cls, classes, coef, intercept, temperature: float) -> _Head:
        if len(coef) == 1:
            evidence = np.vstack([-coef[0], coef[0]])
        else:
            evidence = coef - coef.mean(axis=0)
        return cls(np.asarray(classes), np.ascontiguousarray(coef), np.asarray(intercept),
                   np.ascontiguousarray(evidence.T), float(temperature))

    def logits(self, X: SparseRows) -> np.ndarray:
        """``X @ coef.T + intercept``, summed in scipy's order (so bit for bit the same)."""
        z = np.column_stack([X.row_sum(w[X.col] * X.val) for w in self.coef]) + self.intercept
        return _binary_logits(z[:, 0]) if z.shape[1] == 1 else z

    def proba(self, X: SparseRows) -> np.ndarray:
        """Calibrated probabilities of the labels, one row per row of ``X``."""
        return softmax(self.logits(X) / self.temperature)

    def contributions(self, X: SparseRows, label: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Value × weight of the entries ``at`` of ``X`` toward their row's ``label`` (an index)."""
        n_labels = self.evidence_t.shape[1]
        return X.val[at] * self.evidence_t.ravel()[X.col[at] * n_labels + label[X.row[at]]]


class ThoughtClassifier(Estimator):
    """Classify statements by gap category and by nature (thinking/work).

    Parameters
    ----------
    features : TextFeatures or None
        Feature extractor (cloned at fit); the default combines domain
        words, character 1-3-grams and codebook cues.
    C_category, C_nature : float
        Inverse regularisation strength of the two logistic regressions.
    category_cues : bool
        Let the category head use the codebook cue block too. Off by
        default: the cues describe the nature decision, and on real
        statements they helped the nature head but not the category head
        (``models/default/card.md``). When off, the category head is fitted
        with the cue columns zeroed, so its weights for them are exactly 0.
    class_weight : "balanced" or None
        Weight classes inversely to their frequency.
    calibrate : bool
        Fit a temperature per head on out-of-fold predictions.
    review_rate : float
        Share of out-of-fold statements the ``needs_review`` flag is set for
        (the least confident ones); the threshold is learnt at fit. The
        default, 18%, leaves a margin under the 20% an office can review.
    cv : int
        Folds for calibration and the review threshold.
    random_state : int
        Seed of the fold split; fitting is deterministic.

    Attributes
    ----------
    features_ : TextFeatures
    category_model_, nature_model_ : LogisticRegression
    classes_ : list of ndarray
        Label sets of the two heads (category, nature).
    temperature_ : dict
    review_threshold_ : float
        ``needs_review`` is set when category confidence × nature confidence
        falls below it.

    Examples
    --------
    >>> clf = ThoughtClassifier(cv=2, features=TextFeatures(min_df=1))
    >>> texts = ["服务意识不强", "窗口人员配备不足", "机制不健全", "重视不够机制创新少",
    ...          "学习上级精神照本宣科", "上级任务未按时报送", "对县情认识不清", "财力薄弱",
    ...          "发展观念陈旧", "产业链条短"]
    >>> y = [("capability_style", "thinking"), ("capability_style", "work"),
    ...      ("institutional_innovation", "work"), ("institutional_innovation", "thinking"),
    ...      ("top_down_link", "thinking"), ("top_down_link", "work"),
    ...      ("county_conditions", "thinking"), ("county_conditions", "work"),
    ...      ("new_philosophy", "thinking"), ("new_philosophy", "work")]
    >>> clf.fit(texts, y).predict(["服务意识不强"]).shape
    (1, 2)
    """

    def __init__(
        self,
        features: TextFeatures | None = None,
        C_category: float = 4.0,
        C_nature: float = 4.0,
        category_cues: bool = False,
        class_weight: str | None = "balanced",
        calibrate: bool = True,
        review_rate: float = 0.18,
        cv: int = 5,
        random_state: int = 0,
    ) -> None:
        self.features = features
        self.C_category = C_category
        self.C_nature = C_nature
        self.category_cues = category_cues
        self.class_weight = class_weight
        self.calibrate = calibrate
        self.review_rate = review_rate
        self.cv = cv
        self.random_state = random_state

    _LAZY = {"category_model_": "_build_category_model", "nature_model_": "_build_nature_model"}

    def _new_head(self, C: float):
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(
            C=C, class_weight=self.class_weight, solver="newton-cg", max_iter=1000, tol=1e-4
        )

    def _fit_heads(self, texts, y_cat, y_nat):
        from sklearn.base import clone

        features = clone(self.features) if self.features is not None else TextFeatures()
        X = features.fit_transform(texts)
        X_cat = X
        if not self.category_cues and features.cues:
            n_cues = len(CUE_FEATURES)
            keep = np.r_[np.ones(X.shape[1] - n_cues), np.zeros(n_cues)]
            X_cat = X.multiply(keep).tocsr()
        cat = self._new_head(self.C_category).fit(X_cat, y_cat)
        nat = self._new_head(self.C_nature).fit(X, y_nat)
        return features, cat, nat

    def fit(self, X: Sequence[str], y) -> ThoughtClassifier:
        """Fit both heads, then calibration and the review threshold.

        Parameters
        ----------
        X : sequence of str
            Problem statements.
        y : DataFrame with ``category`` and ``nature``, or (n, 2) array-like

        Returns
        -------
        self
        """
        texts = _check_texts(X, "ThoughtClassifier.fit")
        y_cat, y_nat = _check_targets(y, len(texts))
        if not 0.0 <= self.review_rate < 1.0:
            raise InputError(f"review_rate must be in [0, 1), got {self.review_rate}")

        self.temperature_ = {"category": 1.0, "nature": 1.0}
        self.review_threshold_ = 0.0
        if self.calibrate or self.review_rate > 0:
            self._fit_calibration(texts, y_cat, y_nat)

        self.__dict__.pop("_head_arrays", None)
        self.features_, self.category_model_, self.nature_model_ = self._fit_heads(texts, y_cat, y_nat)
        self.classes_ = [self.category_model_.classes_, self.nature_model_.classes_]
        return self

    def _fit_calibration(self, texts, y_cat, y_nat) -> None:
        from sklearn.model_selection import StratifiedKFold

        n_splits = min(self.cv, int(np.bincount(np.unique(y_cat, return_inverse=True)[1]).min()))
        if n_splits < 2:
            return
        folds = StratifiedKFold(n_splits, shuffle=True, random_state=self.random_state)
        strata = np.char.add(np.char.add(y_cat, "|"), y_nat)
        z_cat = np.zeros((len(texts), len(np.unique(y_cat))))
        z_nat = np.zeros((len(texts), 2))
        arr = np.asarray(texts, dtype=object)
        for train, held in folds.split(arr, strata if min(np.unique(strata, return_counts=True)[1]) >= n_splits else y_cat):
            features, cat, nat = self._fit_heads(list(arr[train]), y_cat[train], y_nat[train])
            Xh = features.transform(list(arr[held]))
            z_cat[held] = _logits(cat, Xh)
            z_nat[held] = _logits(nat, Xh)
        cat_idx = np.searchsorted(np.unique(y_cat), y_cat)
        nat_idx = np.searchsorted(np.unique(y_nat), y_nat)
        if self.calibrate:
            self.temperature_ = {
                "category": _fit_temperature(z_cat, cat_idx),
                "nature": _fit_temperature(z_nat, nat_idx),
            }
        p_cat = softmax(z_cat / self.temperature_["category"]).max(axis=1)
        p_nat = softmax(z_nat / self.temperature_["nature"]).max(axis=1)
        self.oof_confidence_ = np.column_stack([p_cat, p_nat])
        self.oof_correct_ = np.column_stack(
            [z_cat.argmax(1) == cat_idx, z_nat.argmax(1) == nat_idx]
        )
        if self.review_rate > 0:
            self.review_threshold_ = float(np.quantile(p_cat * p_nat, self.review_rate))

    # -- prediction ------------------------------------------------------
    def _check_fitted(self) -> None:
        if "features_" not in self.__dict__:
            from sklearn.exceptions import NotFittedError  # only on this error path

            raise NotFittedError(
                "This ThoughtClassifier instance is not fitted yet. Call 'fit' with appropriate "
                "arguments before using this estimator."
            )

    def transform_features(self, X: Sequence[str]):
        """The scipy feature matrix of ``X``, computed by scikit-learn (see :meth:`TextFeatures.transform`)."""
        self._check_fitted()
        return self.features_.transform(_check_texts(X, "ThoughtClassifier"))

    def feature_rows(self, X: Sequence[str], *, normalized: bool = False) -> SparseRows:
        """The same features as numpy arrays, without scikit-learn (see :meth:`TextFeatures.rows`)."""
        self._check_fitted()
        return self.features_.rows(_check_texts(X, "ThoughtClassifier"), normalized=normalized)

    def predict_proba(self, X: Sequence[str]) -> list[np.ndarray]:
        """Calibrated probabilities: ``[P(category) (n, 5), P(nature) (n, 2)]``."""
        rows = self.feature_rows(X)
        return [head.proba(rows) for head in self._heads().values()]

    def _heads(self) -> dict[str, _Head]:
        """Both heads laid out for prediction; rebuilt only after a new fit or load."""
        self._check_fitted()
        sources = [self._head_source(name) for name in HEADS]
        temperatures = [self.temperature_[name] for name in HEADS]
        coefs = [src[1] for src in sources]
        cached = self.__dict__.get("_heads_cache")
        if cached is None or cached[1] != temperatures or any(a is not b for a, b in zip(cached[0], coefs)):
            heads = {name: _Head.build(*src, t) for name, src, t in zip(HEADS, sources, temperatures)}
            cached = self._heads_cache = (coefs, temperatures, heads)
        return cached[2]

    def _head_source(self, name: str) -> tuple:
        """(classes, coef, intercept) of a head: from its LogisticRegression after fit,
        from the model file's arrays after load."""
        lr = self.__dict__.get(f"{name}_model_")
        if lr is not None:
            return lr.classes_, lr.coef_, lr.intercept_
        return self._head_arrays[name]

    def _build_head_model(self, name: str):
        # A loaded model keeps its heads as arrays; the LogisticRegression is
        # built only if someone asks for it, so loading never imports scikit-learn.
        if "_head_arrays" not in self.__dict__:
            raise AttributeError(f"{name}_model_: this ThoughtClassifier is not fitted yet")
        from sklearn.linear_model import LogisticRegression

        classes, coef, intercept = self._head_arrays[name]
        lr = LogisticRegression()
        lr.classes_, lr.coef_, lr.intercept_ = classes, coef, intercept
        lr.n_features_in_ = coef.shape[1]
        return lr

    def _build_category_model(self):
        return self._build_head_model("category")

    def _build_nature_model(self):
        return self._build_head_model("nature")

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """Return an ``(n, 2)`` array of (category, nature) labels."""
        p_cat, p_nat = self.predict_proba(X)
        return np.column_stack(
            [self.classes_[0][p_cat.argmax(1)], self.classes_[1][p_nat.argmax(1)]]
        ).astype(object)

    def score(self, X, y, sample_weight=None) -> float:
        """Mean of category accuracy and nature accuracy."""
        y_cat, y_nat = _check_targets(y, len(_check_texts(X, "score")))
        pred = self.predict(X)
        return float(((pred[:, 0] == y_cat).mean() + (pred[:, 1] == y_nat).mean()) / 2)

    def __sklearn_tags__(self):
        from sklearn.utils import ClassifierTags, Tags, TargetTags

        tags = Tags(estimator_type="classifier", target_tags=TargetTags(required=True),
                    classifier_tags=ClassifierTags())
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = False
        return tags

    # -- the analyst's view: DataFrames ------------------------------------
    def classify(self, texts, *, evidence_terms: int = 4, n_jobs: int = 1):
        """Classify statements into a tidy DataFrame, one row per input.

        Inputs that cannot be classified (empty, placeholders such as "无",
        no Chinese text, over-long) get an ``error`` and no label.

        Parameters
        ----------
        texts : sequence of str or pandas.Series
            Statements; a Series keeps its index.
        evidence_terms : int
            How many terms to list as evidence for each decision.
        n_jobs : int
            Worker processes for large batches (``-1``: one per core). The
            result is the same as with one process.

        Returns
        -------
        pandas.DataFrame
            Columns ``text, category, category_zh, category_confidence,
            nature, nature_zh, nature_confidence, needs_review, evidence,
            nature_evidence, error``.

        Examples
        --------
        >>> import thoughtclass as tc
        >>> df = tc.classify(["部分干部服务意识不强，对企业诉求推诿扯皮。", "无"])
        >>> df.loc[0, ["category", "nature"]].tolist()
        ['capability_style', 'thinking']
        >>> df.loc[1, "error"]
        "placeholder '无', not a problem statement"
        >>> df["category"].isna().tolist()
        [False, True]
        """
        from .results import classification_frame

        return classification_frame(self, texts, evidence_terms=evidence_terms, n_jobs=n_jobs)

    def explain(self, text: str):
        """Per-term contributions to both decisions for one statement.

        Returns
        -------
        pandas.DataFrame
            Columns ``head, label, feature, term, value, weight,
            contribution``, strongest first within each head. ``contribution``
            is value × weight toward the predicted label (for the category,
            weight relative to the mean over categories).

        Examples
        --------
        >>> import thoughtclass as tc
        >>> ex = tc.explain("学习上级精神照本宣科，结合实际不够。")
        >>> ex.groupby("head").size().index.tolist()
        ['category', 'nature']
        """
        from .results import explanation_frame

        return explanation_frame(self, text)
