"""thoughtclass: classify Chinese self-inspection problem statements.

查摆问题分类：把自查问题清单中的每条问题归入五类差距，并区分思想问题与工作问题。

The public functions are imported lazily, so ``import thoughtclass`` stays
fast and pulls in jieba, pandas and scikit-learn only when first needed.

Examples
--------
>>> import thoughtclass as tc
>>> tc.segment("存在以会议落实会议现象")
['存在', '以会议落实会议', '现象']
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# name -> (module, attribute); resolved on first access (PEP 562).
_LAZY = {
    "segment": ("thoughtclass.segmenter", "segment"),
    "Segmenter": ("thoughtclass.segmenter", "Segmenter"),
    "stopwords": ("thoughtclass.segmenter", "stopwords"),
    "normalize": ("thoughtclass.normalization", "normalize"),
    "classify": ("thoughtclass.classification", "classify"),
    "explain": ("thoughtclass.classification", "explain"),
    "load": ("thoughtclass.classification", "load"),
    "ThoughtClassifier": ("thoughtclass.model", "ThoughtClassifier"),
    "TextFeatures": ("thoughtclass.features", "TextFeatures"),
    "save_model": ("thoughtclass.persistence", "save_model"),
    "extract_statements": ("thoughtclass.extraction", "extract_statements"),
    "read_inputs": ("thoughtclass.readers", "read_inputs"),
    "classify_files": ("thoughtclass.batch", "classify_files"),
    "write_outputs": ("thoughtclass.batch", "write_outputs"),
    "map_status": ("thoughtclass.status", "map_status"),
    "summarize": ("thoughtclass.summary", "summarize"),
    "similar": ("thoughtclass.similarity", "similar"),
    "compare": ("thoughtclass.comparison", "compare"),
    "report": ("thoughtclass.reporting", "report"),
    "plot": ("thoughtclass.plot", None),
    "corpus": ("thoughtclass.corpus", None),
    "labels": ("thoughtclass.labels", None),
    "CATEGORIES": ("thoughtclass.labels", "CATEGORIES"),
    "NATURES": ("thoughtclass.labels", "NATURES"),
    "ThoughtclassError": ("thoughtclass.errors", "ThoughtclassError"),
    "InputError": ("thoughtclass.errors", "InputError"),
    "ModelFileError": ("thoughtclass.errors", "ModelFileError"),
}

__all__ = sorted(_LAZY) + ["__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from . import corpus, labels, plot
    from .batch import classify_files, write_outputs
    from .extraction import extract_statements
    from .readers import read_inputs
    from .reporting import report
    from .status import map_status
    from .summary import summarize
    from .similarity import similar
    from .comparison import compare
    from .classification import classify, explain, load
    from .features import TextFeatures
    from .model import ThoughtClassifier
    from .persistence import save_model
    from .errors import InputError, ModelFileError, ThoughtclassError
    from .labels import CATEGORIES, NATURES
    from .normalization import normalize
    from .segmenter import Segmenter, segment, stopwords


def __getattr__(name: str):
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'thoughtclass' has no attribute {name!r}") from None
    module = import_module(module_name)
    value = module if attr is None else getattr(module, attr)
    globals()[name] = value
    return value


def __dir__():
    return __all__
