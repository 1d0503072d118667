"""Word segmentation tuned to self-inspection writing.

:class:`Segmenter` owns its own segmenting engine (never jieba's global
tokenizer, so dictionaries do not leak between instances or into the caller's
own jieba use), loads the domain dictionary on first use, and keeps
multi-part slogans such as "门难进、脸难看、事难办" whole even though jieba
always splits at punctuation. :func:`segment` delegates to a lazily built
default instance, the way ``jieba.lcut`` does.

Two engines give the same tokens: ``jieba`` (the reference, pure Python) and
``rjieba`` (the jieba-rs binding, about 20 times faster and quick to load).
The default, ``engine="auto"``, uses rjieba when it is installed. Equal
output is guaranteed for the shipped dictionary, whose frequencies are
frozen (``scripts/freeze_userdict.py``), and for user words given with a
frequency; for user words without one the engines' suggested frequencies
can differ by one, which can rarely change a split — pass
``engine="jieba"`` to be exact in that case. The test suite checks the two
engines token for token over the whole corpus (all agree); on 305 real
statements we found one difference: rjieba keeps a number range such as
"1-2" as one token where jieba splits it into three.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from functools import lru_cache
from itertools import chain, compress
from pathlib import Path
from typing import Union

import numpy as np

from .normalization import normalize as _normalize
from .resources import data_file

__all__ = ["Segmenter", "segment", "stopwords", "domain_words", "get_default_segmenter"]

UserDict = Union[str, os.PathLike, Iterable[str], None]

# jieba's own regex of what it treats as word material; anything else
# (punctuation, symbols) splits a text into blocks before the dictionary is
# consulted. Entries containing other characters need the phrase matcher.
_JIEBA_HAN = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+$")


def _read_dict_lines(path: Path) -> list[tuple[str, int | None, str | None]]:
    entries = []
    with open(path, encoding="utf-8-sig") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split()
            word, freq, tag = parts[0], None, None
            for extra in parts[1:]:
                if extra.isdigit():
                    freq = int(extra)
                elif extra.isalpha() and extra.isascii():
                    tag = extra
                else:
                    raise ValueError(f"{path}, line {lineno}: cannot read {line!r}; expected 'WORD [FREQ] [TAG]'")
            entries.append((word, freq, tag))
    return entries


def _entries(source: UserDict) -> list[tuple[str, int | None, str | None]]:
    if source is None:
        return []
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise FileNotFoundError(f"user dictionary {str(path)!r} does not exist")
        return _read_dict_lines(path)
    words = []
    for word in source:
        if not isinstance(word, str) or not word.strip():
            raise ValueError(f"user dictionary words must be non-empty strings, got {word!r}")
        words.append((word.strip(), None, None))
    return words


@lru_cache(maxsize=1)
def _rjieba():
    """The module that holds ``rjieba.Jieba``, or None when rjieba is not installed.

    Importing the ``rjieba`` package builds a default tokenizer we never use
    (about 0.15 s of every cold start), so the compiled extension inside it
    is loaded on its own where that works, and the package otherwise.
    """
    import importlib.machinery
    import importlib.util
    import sys

    if "rjieba" in sys.modules:
        return sys.modules["rjieba"]
    try:
        spec = importlib.util.find_spec("rjieba")
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    try:
        folder = Path(spec.origin).parent
        suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
        (path,) = [p for p in folder.iterdir() if p.name.startswith("rjieba.") and p.name.endswith(suffixes)]
        loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", str(path))
        module = importlib.util.module_from_spec(importlib.util.spec_from_loader("rjieba.rjieba", loader))
        loader.exec_module(module)
        module.Jieba  # noqa: B018 - the class we need must be there
        return module
    except Exception:  # any other layout: the ordinary import
        import rjieba

        return rjieba


def _have_rjieba() -> bool:
    return _rjieba() is not None


@lru_cache(maxsize=1)
def domain_words() -> tuple[str, ...]:
    """Return the words of the shipped domain dictionary, in file order.

    Examples
    --------
    >>> "六要六不要" in domain_words()
    True
    """
    return tuple(word for word, _, _ in _read_dict_lines(data_file("userdict.txt")))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Return the shipped stopword list (function words and punctuation).

    Negations and degree words are deliberately not stopwords: in problem
    statements they carry the problem itself ("不够", "缺乏", "较弱").
    """
    with open(data_file("stopwords.txt"), encoding="utf-8") as fh:
        return frozenset(
            line.strip() for line in fh if line.strip() and not line.startswith("#")
        )


@contextmanager
def _quiet_jieba():
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class Segmenter:
    """A jieba segmenter with the domain dictionary and user words.

    Parameters
    ----------
    user_dict : path, iterable of str, or None
        Extra words for this instance only: a jieba-format dictionary file
        (``WORD [FREQ] [TAG]`` per line, ``#`` comments allowed) or a list of
        words.
    domain_dict : bool, default True
        Load the shipped dictionary of campaign slogans, fixed expressions
        and unit names.
    normalize : bool, default True
        Normalise text (width, whitespace, leading enumerators) first.
    hmm : bool, default True
        Let jieba guess unknown words with its HMM, as ``jieba.lcut`` does.
    engine : {"auto", "rjieba", "jieba"}, default "auto"
        The segmenting engine; ``auto`` is rjieba when installed, else jieba.

    Examples
    --------
    >>> seg = Segmenter(user_dict=["大罗镇"])
    >>> seg.cut("大罗镇落实六要六不要有差距")
    ['大罗镇', '落实', '六要六不要', '有', '差距']
    """

    def __init__(
        self,
        user_dict: UserDict = None,
        *,
        domain_dict: bool = True,
        normalize: bool = True,
        hmm: bool = True,
        engine: str = "auto",
    ) -> None:
        if engine not in ("auto", "rjieba", "jieba"):
            raise ValueError(f"engine must be 'auto', 'rjieba' or 'jieba', got {engine!r}")
        if engine == "rjieba" and not _have_rjieba():
            raise ImportError("engine='rjieba' needs the rjieba package: pip install rjieba")
        self.domain_dict = domain_dict
        self.normalize = normalize
        self.hmm = hmm
        self.engine = ("rjieba" if _have_rjieba() else "jieba") if engine == "auto" else engine
        # Read the user's dictionary now so a bad path fails at construction,
        # not on the first statement of a long batch.
        self._user_entries = _entries(user_dict)
        self._tokenizer = None
        self._phrases: list[str] = []
        self._phrase_re: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        state = "loaded" if self._tokenizer is not None else "not loaded"
        return (
            f"Segmenter(engine={self.engine!r}, domain_dict={self.domain_dict}, user_words={len(self._user_entries)}, "
            f"normalize={self.normalize}, hmm={self.hmm}; dictionary {state})"
        )

    @property
    def words(self) -> tuple[str, ...]:
        """All extra words this instance knows (domain dictionary, then user)."""
        own = tuple(w for w, _, _ in self._user_entries)
        return (domain_words() if self.domain_dict else ()) + own

    def _load(self):
        entries = list(_read_dict_lines(data_file("userdict.txt"))) if self.domain_dict else []
        entries += self._user_entries
        words = [e for e in entries if _JIEBA_HAN.match(e[0])]
        phrases = [e[0] for e in entries if not _JIEBA_HAN.match(e[0])]
        if self.engine == "rjieba":
            tokenizer = _rjieba().Jieba()
            for word, freq, tag in words:
                tokenizer.add_word(word, freq if freq is not None else tokenizer.suggest_freq(word), tag)
            self._cut = lambda text: tokenizer.cut(text, self.hmm)
        else:
            import jieba

            with _quiet_jieba():
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word, freq, tag in words:
                    tokenizer.add_word(word, freq, tag)
            self._cut = lambda text: tokenizer.lcut(text, HMM=self.hmm)
        self._phrases = sorted(set(phrases), key=len, reverse=True)
        self._phrase_re = (
            re.compile("|".join(re.escape(p) for p in self._phrases)) if self._phrases else None
        )
        return tokenizer

    @property
    def tokenizer(self):
        """The engine's tokenizer (``jieba.Tokenizer`` or ``rjieba.Jieba``), loaded on first access."""
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    self._tokenizer = self._load()
        return self._tokenizer

    def add_words(self, words: UserDict) -> Segmenter:
        """Add words (a list or a dictionary file) to this instance; returns ``self``."""
        entries = _entries(words)
        self._user_entries.extend(entries)
        if self._tokenizer is not None:
            # Rebuild so that phrase entries and jieba entries stay in step.
            with self._lock:
                self._tokenizer = self._load()
        return self

    def _engine_tokens(self, text: str) -> list[str]:
        """The engine's tokens with phrases kept whole; whitespace tokens included."""
        if self._tokenizer is None:
            self.tokenizer  # noqa: B018  loads the engine and builds the phrase matcher
        if self._phrase_re is None:
            return self._cut(text) if text else []
        tokens: list[str] = []
        pos = 0
        for match in self._phrase_re.finditer(text):
            if match.start() > pos:
                tokens.extend(self._cut(text[pos : match.start()]))
            tokens.append(match.group())
            pos = match.end()
        if pos < len(text):
            tokens.extend(self._cut(text[pos:]))
        return tokens

    def _prepare(self, text: str, normalized: bool) -> str:
        if not isinstance(text, str):
            raise TypeError(f"Segmenter.cut expects a str, got {type(text).__name__}: {text!r}")
        return _normalize(text) if self.normalize and not normalized else text

    def cut(self, text: str, *, normalized: bool = False) -> list[str]:
        """Segment one text into a list of tokens (whitespace dropped).

        Parameters
        ----------
        text : str
        normalized : bool, default False
            The text is already normalised (skip this instance's normalisation).

        Returns
        -------
        list of str
        """
        return [t for t in self._engine_tokens(self._prepare(text, normalized)) if not t.isspace()]

    def cut_many(self, texts: Sequence[str], *, normalized: bool = False) -> list[list[str]]:
        """Segment many texts; same as ``[self.cut(t, normalized=normalized) for t in texts]``."""
        tokens, row = self.cut_flat(texts, normalized=normalized)
        bounds = np.searchsorted(row, np.arange(len(texts) + 1)).tolist()
        return [tokens[start:end] for start, end in zip(bounds, bounds[1:])]

    def cut_flat(self, texts: Sequence[str], *, normalized: bool = False) -> tuple[list[str], np.ndarray]:
        """The tokens of :meth:`cut_many` one after the other, and the number of the text of each.

        The texts are joined with newlines and segmented in one engine call:
        both engines cut text into blocks at whitespace, so a newline between
        two texts yields the tokens of each, with one "\\n" token between them.
        Texts that hold a newline themselves are segmented one by one.
        """
        texts = [self._prepare(t, normalized) for t in texts]
        self.tokenizer  # noqa: B018  loads the engine and the phrases
        joined = "\n".join(texts)
        if len(texts) > 1 and joined.count("\n") == len(texts) - 1 and not any("\n" in p for p in self._phrases):
            tokens = self._engine_tokens(joined)
            space = np.flatnonzero(np.fromiter(map(str.isspace, tokens), dtype=bool, count=len(tokens)))
            breaks = space[[tokens[i] == "\n" for i in space.tolist()]]
            if len(breaks) == len(texts) - 1:  # not so if, say, "\r\n" became one token
                row = np.zeros(len(tokens), dtype=np.int64)
                row[breaks] = 1
                words = np.ones(len(tokens), dtype=bool)
                words[space] = False
                return list(compress(tokens, words.tolist())), np.cumsum(row)[words]
        rows = [self.cut(t, normalized=True) for t in texts]
        return list(chain.from_iterable(rows)), np.repeat(np.arange(len(rows)), list(map(len, rows)))

    def __call__(self, text: str) -> list[str]:
        return self.cut(text)


_default: Segmenter | None = None
_default_lock = threading.Lock()


def get_default_segmenter() -> Segmenter:
    """Return the shared default :class:`Segmenter`, building it on first call."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Segmenter()
    return _default


def segment(text: str) -> list[str]:
    """Segment one statement with the default domain segmenter.

    Examples
    --------
    >>> import thoughtclass as tc
    >>> tc.segment("存在以会议落实会议现象")
    ['存在', '以会议落实会议', '现象']
    """
    return get_default_segmenter().cut(text)
