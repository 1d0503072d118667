"""The default classifier and the module-level functions that use it.

As jieba does with its default ``Tokenizer``, thoughtclass builds one
default :class:`~thoughtclass.model.ThoughtClassifier` lazily, from the model
shipped inside the package, and the module-level :func:`classify` and
:func:`explain` delegate to it. Power users load or train their own.
"""

from __future__ import annotations

import threading

from .model import ThoughtClassifier
from .persistence import load_model
from .resources import shipped_dir

__all__ = ["classify", "explain", "load", "get_default_classifier", "DEFAULT_MODEL"]

#: Name of the model folder shipped as the default.
DEFAULT_MODEL = "default"

_default: ThoughtClassifier | None = None
_lock = threading.Lock()


def load(path) -> ThoughtClassifier:
    """Load a model folder (see :mod:`thoughtclass.persistence`).

    Examples
    --------
    >>> import thoughtclass as tc
    >>> from thoughtclass.resources import shipped_dir
    >>> clf = tc.load(shipped_dir("models") / "default")
    >>> list(clf.classify(["人员编制不足"]).columns[:3])
    ['text', 'category', 'category_zh']
    """
    return load_model(path)


def get_default_classifier() -> ThoughtClassifier:
    """Return the shipped default classifier, loading it on first call."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = load_model(shipped_dir("models") / DEFAULT_MODEL)
    return _default


def classify(texts, **kwargs):
    """Classify statements with the default model; see :meth:`ThoughtClassifier.classify`.

    Examples
    --------
    >>> import thoughtclass as tc
    >>> df = tc.classify(["部分干部服务意识不强，对企业诉求推诿扯皮。"])
    >>> df.loc[0, ["category", "nature"]].tolist()
    ['capability_style', 'thinking']
    """
    return get_default_classifier().classify(texts, **kwargs)


def explain(text: str):
    """Per-term contributions to both decisions; see :meth:`ThoughtClassifier.explain`."""
    return get_default_classifier().explain(text)
