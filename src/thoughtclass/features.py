"""Text -> feature matrix: domain words, character n-grams and codebook cues.

Four blocks, each optional, stacked side by side:

* **words**: TF-IDF over uni- and bigrams of the domain segmenter's tokens
  (stopwords dropped), so slogans such as "以会议落实会议" count as one word;
* **chars**: TF-IDF over character n-grams of the normalised text, robust to
  segmentation errors and to wording we never saw;
* **head**: the same character n-grams of the first sentence alone, scaled by
  ``head_weight``: codebook rule 10 labels a bundled statement by its heading
  or first shortfall, and real statements bundle often;
* **cues**: the codebook's subjective / style / outsider cues
  (:mod:`thoughtclass.cues`), dense and scaled by ``cue_weight``.

Fitting uses scikit-learn's ``TfidfVectorizer``, and :meth:`TextFeatures.transform`
returns its scipy matrix as any scikit-learn transformer does. Prediction
uses :meth:`TextFeatures.rows` instead, which computes the same numbers with
numpy alone (:mod:`thoughtclass.tfidf`), so that loading a model and
classifying never import scikit-learn or scipy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ._estimator import Estimator
from .cues import CUE_FEATURES, CueMatcher
from .normalization import normalize
from .segmenter import Segmenter, get_default_segmenter, stopwords
from .tfidf import (
    MAX_PACKED_CHARS, SparseRows, Vocabulary, char_ngram_ids, term_ids, tfidf_rows, word_ngram_ids,
)

__all__ = ["TextFeatures", "first_sentence"]

_BLOCKS = ("word", "char", "head")
_SENTENCE = re.compile(r"[^。；！？;!?]*[^。；！？;!?\s][^。；！？;!?]*")


def first_sentence_span(text: str) -> tuple[int, int]:
    """Start and end of :func:`first_sentence` in ``text``."""
    m = _SENTENCE.search(text)
    return m.span() if m else (0, len(text))


def first_sentence(text: str) -> str:
    """The first non-empty sentence of a normalised statement (the whole text if it has one).

    Examples
    --------
    >>> first_sentence("服务体系不够完善。群众办事仍需多次跑腿")
    '服务体系不够完善'
    """
    start, end = first_sentence_span(text)
    return text[start:end]


def _pass_tokens(tokens):
    # The word vectorizer receives token lists we segmented ourselves: each
    # text is segmented once and shared by the word block and the evidence.
    return tokens


def _word_ngrams(tokens: Sequence[str], ngram_range: tuple[int, int]) -> list[str]:
    lo, hi = ngram_range
    out = list(tokens) if lo <= 1 else []
    for n in range(max(2, lo), hi + 1):
        out.extend(map(" ".join, zip(*(tokens[i:] for i in range(n)))))
    return out


class TextFeatures(Estimator):
    """Turn statements into a sparse feature matrix.

    Parameters
    ----------
    words, chars, head, cues : bool
        Which feature blocks to use.
    word_ngram_range, char_ngram_range : tuple of int
        N-gram ranges of the word and character blocks.
    min_df : int
        Minimum document frequency of an n-gram.
    head_weight : float
        Scale of the first-sentence block relative to the other TF-IDF blocks.
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
        head: bool = True,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (1, 3),
        min_df: int = 2,
        head_weight: float = 1.0,
        cue_weight: float = 1.0,
        segmenter: Segmenter | None = None,
    ) -> None:
        self.words = words
        self.chars = chars
        self.cues = cues
        self.head = head
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.head_weight = head_weight
        self.cue_weight = cue_weight
        self.segmenter = segmenter

    _LAZY = {
        "word_vectorizer_": "_build_word_vectorizer",
        "char_vectorizer_": "_build_char_vectorizer",
        "head_vectorizer_": "_build_head_vectorizer",
        "head_of_char_": "_build_head_of_char",
        "feature_names_": "_build_feature_names",
        "layout_": "_build_layout",
    }

    # -- building blocks -------------------------------------------------
    def _segmenter(self) -> Segmenter:
        return self.segmenter if self.segmenter is not None else get_default_segmenter()

    def tokens(self, texts: Sequence[str], *, normalized: bool = False) -> list[list[str]]:
        """Word n-grams of each text as the word block sees them."""
        return self._ngrams_of_tokens(self._cut(texts, normalized))

    def _cut(self, texts: Sequence[str], normalized: bool) -> list[list[str]]:
        return self._segmenter().cut_many(texts, normalized=normalized)

    def _ngrams_of_tokens(self, token_lists: list[list[str]]) -> list[list[str]]:
        sw = stopwords()
        return [_word_ngrams([t for t in tokens if t not in sw], self.word_ngram_range) for tokens in token_lists]

    def _word_vectorizer(self, vocabulary=None):
        from sklearn.feature_extraction.text import TfidfVectorizer

        return TfidfVectorizer(
            analyzer=_pass_tokens, min_df=self.min_df, sublinear_tf=True, vocabulary=vocabulary
        )

    def _char_vectorizer(self, vocabulary=None):
        from sklearn.feature_extraction.text import TfidfVectorizer

        return TfidfVectorizer(
            analyzer="char",
            ngram_range=tuple(self.char_ngram_range),
            min_df=self.min_df,
            sublinear_tf=True,
            lowercase=False,
            vocabulary=vocabulary,
        )

    def _cue_dense(self, texts: Sequence[str]) -> np.ndarray:
        return self.cue_matcher_.features_many(texts) * self.cue_weight

    # -- estimator API ---------------------------------------------------
    def fit(self, texts: Sequence[str], y=None) -> TextFeatures:
        texts = [normalize(t) for t in texts]
        if not (self.words or self.chars or self.head or self.cues):
            raise ValueError("TextFeatures needs at least one of words, chars, head, cues")
        for name in self._LAZY:
            self.__dict__.pop(name, None)
        self.word_vectorizer_ = self._word_vectorizer().fit(self.tokens(texts, normalized=True)) if self.words else None
        self.char_vectorizer_ = self._char_vectorizer().fit(texts) if self.chars else None
        self.head_vectorizer_ = self._char_vectorizer().fit(map(first_sentence, texts)) if self.head else None
        vectorizers = (self.word_vectorizer_, self.char_vectorizer_, self.head_vectorizer_)
        self.vocabularies_ = {
            block: Vocabulary(vec.get_feature_names_out().tolist(), vec.idf_)
            for block, vec in zip(_BLOCKS, vectorizers)
            if vec is not None
        }
        self.cue_matcher_ = CueMatcher() if self.cues else None
        return self

    def fit_transform(self, texts: Sequence[str], y=None):
        """Fit, then transform ``texts`` (scikit-learn's ``TransformerMixin`` contract)."""
        return self.fit(texts, y).transform(texts)

    def transform(self, texts: Sequence[str]):
        """The feature matrix of ``texts`` as a scipy CSR matrix, computed by scikit-learn."""
        import scipy.sparse as sp

        texts = [normalize(t) for t in texts]
        blocks = []
        if self.word_vectorizer_ is not None:
            blocks.append(self.word_vectorizer_.transform(self.tokens(texts, normalized=True)))
        if self.char_vectorizer_ is not None:
            blocks.append(self.char_vectorizer_.transform(texts))
        if self.head_vectorizer_ is not None:
            blocks.append(self.head_vectorizer_.transform(map(first_sentence, texts)) * self.head_weight)
        if self.cue_matcher_ is not None:
            blocks.append(sp.csr_matrix(self._cue_dense(texts)))
        return sp.hstack(blocks, format="csr")

    def rows(self, texts: Sequence[str], *, normalized: bool = False) -> SparseRows:
        """The same matrix as :meth:`transform`, as numpy arrays, without scikit-learn.

        Parameters
        ----------
        texts : sequence of str
        normalized : bool, default False
            The texts are already normalised (:func:`~thoughtclass.normalization.normalize`).

        Returns
        -------
        SparseRows
            Row, column and value of every non-zero entry, sorted by row and column.
        """
        if not normalized:
            texts = [normalize(t) for t in texts]
        idf, block, offsets = self.layout_
        rows, cols = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        for name, (r, c) in self._term_ids(texts):
            rows.append(r)
            cols.append(c + offsets[name])
        if self.cue_matcher_ is not None:
            # The non-zero cues are sorted into place with the TF-IDF terms
            # (as terms of a block of their own); their values are set after.
            dense = self._cue_dense(texts)
            r, c = np.nonzero(dense)
            rows.append(r)
            cols.append(c + offsets["cue"])
        out = tfidf_rows(len(texts), np.concatenate(rows), np.concatenate(cols), idf, block)
        if "head" in self.vocabularies_:
            out.val[(out.col >= offsets["head"]) & (out.col < offsets["cue"])] *= self.head_weight
        if self.cue_matcher_ is not None:
            cue = np.flatnonzero(out.col >= offsets["cue"])
            out.val[cue] = dense[out.row[cue], out.col[cue] - offsets["cue"]]
        return out

    def _word_ids(self, texts, vocab):
        tokens, row = self._segmenter().cut_flat(texts, normalized=True)
        ids = word_ngram_ids(tokens, row, vocab, stopwords(), tuple(self.word_ngram_range))
        return ids if ids is not None else term_ids(self.tokens(texts, normalized=True), vocab)

    def _char_ids(self, texts, vocab):
        if self.char_ngram_range[1] <= MAX_PACKED_CHARS:
            return char_ngram_ids(texts, vocab, tuple(self.char_ngram_range))
        # Longer n-grams do not pack into an integer: let scikit-learn list them.
        return term_ids(list(map(self._char_vectorizer().build_analyzer(), texts)), vocab)

    def _term_ids(self, texts):
        """(block, (rows, columns)) of the terms of each TF-IDF block in ``texts``."""
        vocabs = self.vocabularies_
        if "word" in vocabs:
            yield "word", self._word_ids(texts, vocabs["word"])
        head_of_char = self.head_of_char_
        if head_of_char is not None:
            # The first sentence is a span of the text: its n-grams come from
            # the same pass as the text's, mapped to the head vocabulary.
            spans = np.array([first_sentence_span(t) for t in texts], dtype=np.int64).reshape(-1, 2)
            r, c, inside = char_ngram_ids(texts, vocabs["char"], tuple(self.char_ngram_range), spans)
            yield "char", (r, c)
            r, c = r[inside], head_of_char[c[inside]]
            known = c >= 0
            yield "head", (r[known], c[known])
            return
        if "char" in vocabs:
            yield "char", self._char_ids(texts, vocabs["char"])
        if "head" in vocabs:
            yield "head", self._char_ids([first_sentence(t) for t in texts], vocabs["head"])

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return self.feature_names_

    def n_features(self) -> int:
        """Number of columns of the feature matrix."""
        return self.layout_[2]["end"]

    def names_of(self, cols) -> np.ndarray:
        """Feature names (``w:…``, ``c:…``, ``h:…`` for the first sentence, ``cue:…``) of some columns."""
        _, _, offsets = self.layout_
        vocabs = self.vocabularies_
        names = []
        for col in np.asarray(cols, dtype=np.int64).tolist():
            if "word" in vocabs and col < offsets["char"]:
                names.append(f"w:{vocabs['word'].terms[col]}")
            elif "char" in vocabs and col < offsets["head"]:
                names.append(f"c:{vocabs['char'].terms[col - offsets['char']]}")
            elif "head" in vocabs and col < offsets["cue"]:
                names.append(f"h:{vocabs['head'].terms[col - offsets['head']]}")
            else:
                names.append(CUE_FEATURES[col - offsets["cue"]])
        return np.asarray(names, dtype=object)

    def char_mask(self) -> np.ndarray:
        """Boolean mask of the character n-gram features (whole text and first sentence)."""
        offsets = self.layout_[2]
        mask = np.zeros(offsets["end"], dtype=bool)
        mask[offsets["char"] : offsets["cue"]] = True
        return mask

    # -- lazily built fitted attributes -----------------------------------
    def _fitted_vocabularies(self) -> dict[str, Vocabulary]:
        try:
            return self.__dict__["vocabularies_"]
        except KeyError:
            raise AttributeError("this TextFeatures is not fitted yet; call fit first") from None

    def _build_vectorizer(self, block: str, build):
        vocab = self._fitted_vocabularies().get(block)
        if vocab is None:
            return None
        vec = build(vocabulary=vocab.index)
        vec.idf_ = vocab.idf
        return vec

    def _build_word_vectorizer(self):
        return self._build_vectorizer("word", self._word_vectorizer)

    def _build_char_vectorizer(self):
        return self._build_vectorizer("char", self._char_vectorizer)

    def _build_head_vectorizer(self):
        return self._build_vectorizer("head", self._char_vectorizer)

    def _build_head_of_char(self) -> np.ndarray | None:
        """Head-vocabulary column of each character column (-1: none), when one pass can serve both.

        Every n-gram of a first sentence is one of its text's, so with the
        same n-gram settings the head vocabulary lies within the character
        vocabulary; a model where it does not falls back to a second pass.
        """
        vocabs = self._fitted_vocabularies()
        if not ("char" in vocabs and "head" in vocabs and self.char_ngram_range[1] <= MAX_PACKED_CHARS):
            return None
        char_index = vocabs["char"].index
        cols = [char_index.get(term, -1) for term in vocabs["head"].terms]
        if min(cols, default=0) < 0:
            return None
        table = np.full(len(vocabs["char"]), -1, dtype=np.int64)
        table[cols] = np.arange(len(cols))
        return table

    def _build_layout(self) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
        """Idf and block number of every column, and each block's first column.

        The cue columns form the last block, with idf 1 (:meth:`rows` sets their values).
        """
        vocabs = self._fitted_vocabularies()
        offsets, idf, block, start = {}, [], [], 0
        for number, name in enumerate(_BLOCKS):
            offsets[name] = start
            vocab = vocabs.get(name)
            if vocab is not None:
                idf.append(vocab.idf)
                block.append(np.full(len(vocab), number, dtype=np.int64))
                start += len(vocab)
        offsets["cue"] = start
        offsets["end"] = start + (len(CUE_FEATURES) if self.cues else 0)
        idf.append(np.ones(offsets["end"] - start))
        block.append(np.full(offsets["end"] - start, len(_BLOCKS), dtype=np.int64))
        return np.concatenate(idf), np.concatenate(block), offsets

    def _build_feature_names(self) -> np.ndarray:
        return self.names_of(np.arange(self.n_features()))

    # -- plain-data state, for the model file -----------------------------
    def state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """Return the fitted state as (JSON-able metadata, named arrays).

        The vocabularies travel in the arrays, as UTF-8 bytes of the terms
        joined by newlines: reading one array is much faster than reading
        tens of thousands of JSON strings.
        """
        meta: dict = {"params": {k: v for k, v in self.get_params().items() if k != "segmenter"}}
        arrays: dict[str, np.ndarray] = {}
        for block, vocab in self._fitted_vocabularies().items():
            arrays[f"{block}_vocabulary"] = vocab.to_bytes()
            arrays[f"{block}_idf"] = vocab.idf
        return meta, arrays

    @classmethod
    def from_state(cls, meta: dict, arrays: dict[str, np.ndarray], segmenter=None) -> TextFeatures:
        """Rebuild a fitted instance from :meth:`state` output.

        Model files of format 1 kept the vocabularies as JSON lists in
        ``meta``; they are read too.
        """
        params = dict(meta["params"])
        # Files written before the first-sentence block existed have no "head" parameter.
        params.setdefault("head", False)
        for key in ("word_ngram_range", "char_ngram_range"):
            params[key] = tuple(params[key])
        self = cls(**params, segmenter=segmenter)
        self.vocabularies_ = {}
        for block in _BLOCKS:
            if f"{block}_idf" not in arrays:
                continue
            idf = arrays[f"{block}_idf"]
            if f"{block}_vocabulary" in arrays:
                self.vocabularies_[block] = Vocabulary.from_bytes(arrays[f"{block}_vocabulary"], idf)
            else:
                self.vocabularies_[block] = Vocabulary(list(meta[f"{block}_vocabulary"]), idf)
        self.cue_matcher_ = CueMatcher() if self.cues else None
        return self
