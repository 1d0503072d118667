"""Text -> feature matrix: domain words, character n-grams and codebook cues.

Three blocks, each optional, stacked side by side:

* **words**: TF-IDF over uni- and bigrams of the domain segmenter's tokens
  (stopwords dropped), so slogans such as "以会议落实会议" count as one word;
* **chars**: TF-IDF over character n-grams of the normalised text, robust to
  segmentation errors and to wording we never saw;
* **cues**: the codebook's subjective / style / outsider cues
  (:mod:`thoughtclass.cues`), dense and scaled by ``cue_weight``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from .cues import CUE_FEATURES, CueMatcher
from .normalization import normalize
from .segmenter import Segmenter, get_default_segmenter, stopwords

__all__ = ["TextFeatures"]


def _pass_tokens(tokens):
    # The word vectorizer receives token lists we segmented ourselves: each
    # text is segmented once and shared by the word block and the evidence.
    return tokens


def _word_ngrams(tokens: Sequence[str], ngram_range: tuple[int, int]) -> list[str]:
    lo, hi = ngram_range
    out = list(tokens) if lo <= 1 else []
    for n in range(max(2, lo), hi + 1):
        out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out


class TextFeatures(BaseEstimator, TransformerMixin):
    """Turn statements into a sparse feature matrix.

    Parameters
    ----------
    words, chars, cues : bool
        Which feature blocks to use.
    word_ngram_range, char_ngram_range : tuple of int
        N-gram ranges of the word and character blocks.
    min_df : int
        Minimum document frequency of an n-gram.
    cue_weight : float
        Scale of the dense cue block relative to the TF-IDF blocks.
    segmenter : Segmenter or None
        Segmenter for the word block; the default domain segmenter if None.

    Examples
    --------
    >>> f = TextFeatures(min_df=1).fit(["服务意识不强", "制度不健全"])
    >>> f.transform(["服务意识不强"]).shape[0]
    1
    """

    def __init__(
        self,
        words: bool = True,
        chars: bool = True,
        cues: bool = True,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (1, 3),
        min_df: int = 2,
        cue_weight: float = 0.5,
        segmenter: Segmenter | None = None,
    ) -> None:
        self.words = words
        self.chars = chars
        self.cues = cues
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.cue_weight = cue_weight
        self.segmenter = segmenter

    # -- building blocks -------------------------------------------------
    def _segmenter(self) -> Segmenter:
        return self.segmenter if self.segmenter is not None else get_default_segmenter()

    def tokens(self, texts: Sequence[str], *, normalized: bool = False) -> list[list[str]]:
        """Word n-grams of each text as the word block sees them."""
        seg, sw = self._segmenter(), stopwords()
        return [
            _word_ngrams([t for t in seg.cut(text, normalized=normalized) if t not in sw], self.word_ngram_range)
            for text in texts
        ]

    def _word_vectorizer(self, vocabulary=None) -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer=_pass_tokens, min_df=self.min_df, sublinear_tf=True, vocabulary=vocabulary
        )

    def _char_vectorizer(self, vocabulary=None) -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer="char",
            ngram_range=tuple(self.char_ngram_range),
            min_df=self.min_df,
            sublinear_tf=True,
            lowercase=False,
            vocabulary=vocabulary,
        )

    def _cue_matrix(self, texts: Sequence[str]) -> sp.csr_matrix:
        matcher = self.cue_matcher_
        dense = np.array([matcher.features(t) for t in texts], dtype=np.float64).reshape(
            len(texts), len(CUE_FEATURES)
        )
        return sp.csr_matrix(dense * self.cue_weight)

    # -- estimator API ---------------------------------------------------
    def fit(self, texts: Sequence[str], y=None) -> TextFeatures:
        texts = [normalize(t) for t in texts]
        if not (self.words or self.chars or self.cues):
            raise ValueError("TextFeatures needs at least one of words, chars, cues")
        self.word_vectorizer_ = self._word_vectorizer().fit(self.tokens(texts, normalized=True)) if self.words else None
        self.char_vectorizer_ = self._char_vectorizer().fit(texts) if self.chars else None
        self.cue_matcher_ = CueMatcher() if self.cues else None
        self.feature_names_ = self._names()
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        texts = [normalize(t) for t in texts]
        blocks = []
        if self.word_vectorizer_ is not None:
            blocks.append(self.word_vectorizer_.transform(self.tokens(texts, normalized=True)))
        if self.char_vectorizer_ is not None:
            blocks.append(self.char_vectorizer_.transform(texts))
        if self.cue_matcher_ is not None:
            blocks.append(self._cue_matrix(texts))
        return sp.hstack(blocks, format="csr")

    def _names(self) -> np.ndarray:
        names: list[str] = []
        if self.word_vectorizer_ is not None:
            names += [f"w:{t}" for t in self.word_vectorizer_.get_feature_names_out()]
        if self.char_vectorizer_ is not None:
            names += [f"c:{t}" for t in self.char_vectorizer_.get_feature_names_out()]
        if self.cue_matcher_ is not None:
            names += list(CUE_FEATURES)
        return np.asarray(names, dtype=object)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return self.feature_names_

    def char_mask(self) -> np.ndarray:
        """Boolean mask of the character n-gram features (cached)."""
        mask = getattr(self, "_char_mask", None)
        if mask is None or len(mask) != len(self.feature_names_):
            mask = self._char_mask = np.char.startswith(self.feature_names_.astype(str), "c:")
        return mask

    # -- plain-data state, for the model file -----------------------------
    def state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """Return the fitted state as (JSON-able metadata, named arrays)."""
        meta: dict = {"params": {k: v for k, v in self.get_params().items() if k != "segmenter"}}
        arrays: dict[str, np.ndarray] = {}
        for block, vec in (("word", self.word_vectorizer_), ("char", self.char_vectorizer_)):
            if vec is not None:
                meta[f"{block}_vocabulary"] = vec.get_feature_names_out().tolist()
                arrays[f"{block}_idf"] = vec.idf_
        return meta, arrays

    @classmethod
    def from_state(cls, meta: dict, arrays: dict[str, np.ndarray], segmenter=None) -> TextFeatures:
        """Rebuild a fitted instance from :meth:`state` output."""
        params = dict(meta["params"])
        for key in ("word_ngram_range", "char_ngram_range"):
            params[key] = tuple(params[key])
        self = cls(**params, segmenter=segmenter)
        self.word_vectorizer_ = self.char_vectorizer_ = None
        for block, build in (("word", self._word_vectorizer), ("char", self._char_vectorizer)):
            if f"{block}_vocabulary" in meta:
                vocab = meta[f"{block}_vocabulary"]
                vec = build(vocabulary={t: i for i, t in enumerate(vocab)})
                vec.idf_ = arrays[f"{block}_idf"]
                setattr(self, f"{block}_vectorizer_", vec)
        self.cue_matcher_ = CueMatcher() if self.cues else None
        self.feature_names_ = self._names()
        return self
