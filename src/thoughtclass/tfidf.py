"""TF-IDF at prediction time, with numpy only.

Training fits scikit-learn's ``TfidfVectorizer``; predicting recomputes the
same numbers without it, because importing scikit-learn and scipy costs
seconds and its per-token Python loop dominated classification time. What
must match ``TfidfVectorizer.transform`` with the fitted settings
(``sublinear_tf=True``, ``norm="l2"``, float64, sorted column indices):

* term counts per row, then ``tf = log(count) + 1`` times the term's idf;
* each block (words, characters) divided by its own row L2 norm, the squares
  summed left to right in column order as scikit-learn's Cython loop does,
  so that the values are bit for bit the same (``np.bincount`` adds its
  weights sequentially).

Character n-grams are looked up without building a Python string per
n-gram: every character is replaced by its number in the vocabulary's
alphabet (``C`` for a character no term uses, and for the separator between
texts), and an n-gram of up to three characters is that base ``C + 1``
number. Unigrams and, for alphabets of up to 2,047 characters, bigrams are
read from a dense table; longer n-grams from a small hash table
(:class:`_HashTable`), which is several times faster than ``np.searchsorted``
in the sorted keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import chain, repeat

import numpy as np

__all__ = ["Vocabulary", "SparseRows", "char_ngram_ids", "word_ngram_ids", "term_ids", "tfidf_rows"]

MAX_PACKED_CHARS = 3  # longest character n-gram char_ngram_ids handles
_DENSE_MAX = 1 << 22  # n-grams with at most this many possible keys use a dense table (16 MB)
_SEPARATOR = "\x00"  # never in normalised text: normalize() removes control characters
_STOPWORD = -2  # token id of stopwords (-1: a token no term uses)


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.int64)


def _ngram_keys(codes: np.ndarray, n: int, base: int) -> np.ndarray:
    """Key of the n characters from every start: their codes as a base ``base`` number."""
    m = max(len(codes) - n + 1, 0)
    key = codes[:m].copy()
    for j in range(1, n):
        key *= base
        key += codes[j : j + m]
    return key


class _HashTable:
    """Non-negative int64 keys -> int values, looked up many at a time (linear probing).

    ``np.searchsorted`` of a million keys in tens of thousands takes a
    binary search each, with a cache miss at most of its steps; here most
    keys are settled by one read of a table that stays in cache. A key's
    home slot comes from a multiplicative hash; the table is at most a
    quarter full, so few keys are stored past their home. Probes run past
    the end of the home slots rather than wrapping around, into as many
    extra slots as the longest probe needs.
    """

    _EMPTY = -1

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        self._bits = max(int(4 * len(keys)).bit_length(), 4)
        keys = np.ascontiguousarray(keys, dtype=np.int64)
        home = self._slot(keys)
        order = np.argsort(home, kind="stable")
        home = home[order]
        # In order of home slot, each key takes its home or the slot after the
        # previous key's, whichever is later: every slot from a key's home to
        # its own is then taken, as a lookup that stops at an empty slot needs.
        step = np.arange(len(keys))
        slot = np.maximum.accumulate(home - step) + step if len(keys) else home
        self.max_probe = int((slot - home).max()) if len(keys) else 0
        self.keys = np.full((1 << self._bits) + self.max_probe + 1, self._EMPTY, dtype=np.int64)
        self.values = np.full(len(self.keys), -1, dtype=np.int64)
        self.keys[slot], self.values[slot] = keys[order], values[order]

    def _slot(self, keys: np.ndarray) -> np.ndarray:
        mixed = keys.view(np.uint64) * np.uint64(0x9E3779B97F4A7C15)  # wraps modulo 2**64
        mixed >>= np.uint64(64 - self._bits)
        return mixed.view(np.int64)

    def find(self, keys: np.ndarray) -> np.ndarray:
        """Value of each key (non-negative int64), -1 for keys not in the table."""
        keys = np.ascontiguousarray(keys, dtype=np.int64)
        home = self._slot(keys)
        stored = self.keys[home]
        found = stored == keys
        out = np.where(found, self.values[home], -1)
        # The rest: keys that met another key in their slot (an empty slot ends the search).
        pending = np.flatnonzero(~found & (stored != self._EMPTY))
        for probe in range(1, self.max_probe + 1):
            if not len(pending):
                break
            slot = home[pending] + probe
            stored = self.keys[slot]
            found = stored == keys[pending]
            out[pending[found]] = self.values[slot[found]]
            pending = pending[~found & (stored != self._EMPTY)]
        return out


@dataclass
class _CharTable:
    """A vocabulary's character n-grams of up to three characters, as integer keys.

    ``code`` maps a code point to its number in the alphabet (``base - 1``
    if no term uses it, and for code points past its end). ``columns[n]``
    finds the column of an n-gram key: a dense array over every possible
    key (-1 for none) where that is small, else a :class:`_HashTable`.
    """

    code: np.ndarray
    base: int
    columns: dict[int, np.ndarray | _HashTable]

    def codes(self, text: str) -> np.ndarray:
        cp = _code_points(text)
        return self.code[np.minimum(cp, len(self.code) - 1)]

    def find(self, n: int, key: np.ndarray) -> np.ndarray:
        """Column of each key of n characters, -1 where the vocabulary has none."""
        table = self.columns[n]
        return table[key] if isinstance(table, np.ndarray) else table.find(key)


class Vocabulary:
    """One fitted TF-IDF block as plain data: terms in feature order and their idf.

    Parameters
    ----------
    terms : list of str
        The terms; a term's position is its column in the block.
    idf : ndarray of float64
        Inverse document frequency of each term.
    """

    def __init__(self, terms: list[str], idf: np.ndarray) -> None:
        if len(terms) != len(idf):
            raise ValueError(f"{len(terms)} terms but {len(idf)} idf values")
        self.terms = terms
        self.idf = np.asarray(idf, dtype=np.float64)

    def __len__(self) -> int:
        return len(self.terms)

    def token_lookup(self, stopwords: frozenset[str]) -> dict[str, int]:
        """``token_table``'s token ids, with every stopword mapped to ``_STOPWORD``."""
        cached = self.__dict__.get("_token_lookup")
        if cached is None or cached[0] is not stopwords:
            lookup = dict(self.token_table[0])
            lookup.update(dict.fromkeys(stopwords, _STOPWORD))
            cached = self._token_lookup = (stopwords, lookup)
        return cached[1]

    def to_bytes(self) -> np.ndarray:
        """The terms as one array: UTF-8 bytes of the terms joined by newlines."""
        if any("\n" in t for t in self.terms):
            raise ValueError("a vocabulary term contains a newline; it cannot be stored")
        return np.frombuffer("\n".join(self.terms).encode("utf-8"), dtype=np.uint8)

    @classmethod
    def from_bytes(cls, data: np.ndarray, idf: np.ndarray) -> Vocabulary:
        """Inverse of :meth:`to_bytes`."""
        text = data.tobytes().decode("utf-8")
        return cls(text.split("\n") if len(idf) else [], idf)

    @cached_property
    def index(self) -> dict[str, int]:
        """Term -> column."""
        return dict(zip(self.terms, range(len(self.terms))))

    @cached_property
    def char_table(self) -> _CharTable:
        """The terms of one to three characters as :class:`_CharTable` keys.

        Terms holding the separator (NUL) are left out: no text holds it.
        """
        lengths = np.fromiter(map(len, self.terms), dtype=np.int64, count=len(self.terms))
        cp = _code_points("".join(self.terms))
        starts = np.cumsum(lengths) - lengths
        has_separator = np.bincount(np.repeat(np.arange(len(lengths)), lengths)[cp == 0], minlength=len(lengths)) > 0
        short = (lengths >= 1) & (lengths <= MAX_PACKED_CHARS) & ~has_separator
        used = np.zeros(int(cp.max()) + 1 if len(cp) else 0, dtype=bool)
        used[cp[np.repeat(short, lengths)]] = True
        alphabet = np.flatnonzero(used)
        base = len(alphabet) + 1
        code = np.full(int(alphabet[-1]) + 2 if len(alphabet) else 1, base - 1, dtype=np.int64)
        code[alphabet] = np.arange(len(alphabet))
        table = _CharTable(code, base, {})
        codes = code[cp]
        for n in range(1, MAX_PACKED_CHARS + 1):
            col = np.flatnonzero(short & (lengths == n))
            key = np.zeros(len(col), dtype=np.int64)
            for j in range(n):
                key = key * base + codes[starts[col] + j]
            if base**n <= _DENSE_MAX:
                table.columns[n] = np.full(base**n, -1, dtype=np.int32)
                table.columns[n][key] = col
            else:
                table.columns[n] = _HashTable(key, col)
        return table

    @cached_property
    def token_table(self) -> tuple[dict[str, int], np.ndarray, _HashTable] | None:
        """Word uni- and bigrams as token ids: None if a term has more than two tokens.

        Returns ``token -> id`` over every token of every term, the unigram
        column of each token id (-1 if it is no unigram term), and the
        columns of the bigram terms by key ``first * n_tokens + second``.
        A bigram is in the vocabulary only if both its tokens are, so
        unknown tokens need no id.
        """
        parts = [t.split(" ") for t in self.terms]
        n_parts = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
        if (n_parts > 2).any():
            return None
        # Built with dict and numpy calls, not a loop over the terms: this
        # runs on the first statement a new process classifies.
        tokens = list(chain.from_iterable(parts))
        index = dict(zip(dict.fromkeys(tokens), range(len(tokens))))
        ids = np.fromiter(map(index.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        ends = np.cumsum(n_parts)
        first = ids[ends - n_parts]
        unigram = np.full(len(index), -1, dtype=np.int64)
        single = np.flatnonzero(n_parts == 1)
        unigram[first[single]] = single
        pair = np.flatnonzero(n_parts == 2)
        second = ids[ends[pair] - 1]
        return index, unigram, _HashTable(first[pair] * len(index) + second, pair)


@dataclass
class SparseRows:
    """A CSR matrix as numpy arrays (rows sorted, columns sorted within a row).

    ``row`` repeats each entry's row number, which ``np.bincount`` needs for
    per-row sums; ``indptr`` gives each row's slice.
    """

    n_rows: int
    row: np.ndarray
    col: np.ndarray
    val: np.ndarray

    @cached_property
    def indptr(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(np.bincount(self.row, minlength=self.n_rows))])

    def row_sum(self, weights: np.ndarray) -> np.ndarray:
        """Per-row sums of ``weights`` (one per entry), added in column order."""
        return np.bincount(self.row, weights=weights, minlength=self.n_rows)


def char_ngram_ids(
    texts: list[str], vocab: Vocabulary, ngram_range: tuple[int, int], spans: np.ndarray | None = None
) -> tuple[np.ndarray, ...]:
    """Rows and columns of the vocabulary's character n-grams in ``texts``.

    Same n-grams as ``TfidfVectorizer(analyzer="char", lowercase=False)`` on
    texts without runs of whitespace (normalised texts have none), for
    ``ngram_range`` within 1-3. An n-gram across two texts holds the
    separator, an n-gram with a character no term uses holds ``base - 1``:
    neither is any term's key.

    With ``spans`` (start and end of a part of each text, shape (n, 2)) a
    third array tells which n-grams lie inside their text's span: the
    n-grams of that part, found in the same pass.
    """
    lo, hi = ngram_range
    if not 1 <= lo <= hi <= MAX_PACKED_CHARS:
        raise ValueError(f"character n-grams are looked up up to {MAX_PACKED_CHARS} characters, got {ngram_range}")
    table = vocab.char_table
    codes = table.codes(_SEPARATOR.join(texts))
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    row_of = np.repeat(np.arange(len(texts)), lengths + 1)  # each text and the separator after it
    if spans is not None:
        text_start = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
        span_start, span_end = text_start + spans[:, 0], text_start + spans[:, 1]
    rows, found, inside = [], [], []
    for n in range(lo, hi + 1):
        col = table.find(n, _ngram_keys(codes, n, table.base))
        hit = np.flatnonzero(col >= 0)
        row = row_of[hit]
        rows.append(row)
        found.append(col[hit])
        if spans is not None:
            inside.append((hit >= span_start[row]) & (hit + n <= span_end[row]))
    if spans is None:
        return np.concatenate(rows), np.concatenate(found)
    return np.concatenate(rows), np.concatenate(found), np.concatenate(inside)


def word_ngram_ids(
    tokens: list[str], row: np.ndarray, vocab: Vocabulary, stopwords: frozenset[str], ngram_range: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray] | None:
    """Rows and columns of the vocabulary's word uni- and bigrams, stopwords dropped first.

    ``tokens`` are the tokens of all rows one after the other, ``row`` the
    row of each (``Segmenter.cut_flat``). The same terms as
    :func:`term_ids` on ``features._word_ngrams`` of each row's tokens,
    found with token ids instead of joined strings. Returns None where that
    does not apply (n-grams beyond 2, a token holding a space), and the
    caller joins strings instead.
    """
    lo, hi = ngram_range
    table = vocab.token_table
    if table is None or not 1 <= lo <= hi <= 2 or " " in "".join(tokens):
        return None
    index, unigram, pairs = table
    lookup = vocab.token_lookup(stopwords)
    tid = np.fromiter(map(lookup.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
    kept = tid != _STOPWORD  # bigrams join the tokens left once stopwords are gone
    tid, row = tid[kept], row[kept]
    rows, cols = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    if lo == 1:
        col = np.where(tid >= 0, unigram[tid], -1)
        rows.append(row[col >= 0])
        cols.append(col[col >= 0])
    if hi == 2:
        first, second = tid[:-1], tid[1:]
        pair = np.flatnonzero((row[:-1] == row[1:]) & (first >= 0) & (second >= 0))
        col = pairs.find(first[pair] * len(index) + second[pair])
        rows.append(row[pair[col >= 0]])
        cols.append(col[col >= 0])
    return np.concatenate(rows), np.concatenate(cols)


def term_ids(term_lists: list[list[str]], vocab: Vocabulary) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of the vocabulary's terms in each row's list of terms."""
    lengths = np.fromiter(map(len, term_lists), dtype=np.int64, count=len(term_lists))
    flat = list(chain.from_iterable(term_lists))
    col = np.fromiter(map(vocab.index.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
    row = np.repeat(np.arange(len(term_lists)), lengths)
    known = col >= 0
    return row[known], col[known]


def tfidf_rows(n_rows: int, row: np.ndarray, col: np.ndarray, idf: np.ndarray, block: np.ndarray) -> SparseRows:
    """Counted, sublinear-tf, idf-weighted and per-block L2-normalised rows.

    Parameters
    ----------
    n_rows : int
    row, col : ndarray of int
        One entry per occurrence of a term (columns of all blocks, offset).
    idf : ndarray
        Idf of every column.
    block : ndarray of int
        Block number of every column; each block is normalised on its own.
    """
    n_cols = len(idf)
    key = row * n_cols + col
    if n_rows * n_cols <= 1 << 32:
        key = key.astype(np.uint32)  # sorts in half the time
    key, count = np.unique(key, return_counts=True)
    row = (key // n_cols).astype(np.int64)
    col = key - row * n_cols
    val = np.log(count.astype(np.float64))
    val += 1.0
    val *= idf[col]
    # Group entries by (row, block); within a group they are in column order.
    n_blocks = int(block.max()) + 1 if len(block) else 1
    group = row * n_blocks + block[col]
    norm = np.sqrt(np.bincount(group, weights=val * val, minlength=n_rows * n_blocks))
    val /= norm[group]
    return SparseRows(n_rows, row, col, val)
