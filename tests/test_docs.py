"""The examples in the public docstrings run as written (against the installed package)."""

import doctest
import importlib

import pytest

MODULES = [
    "thoughtclass", "thoughtclass.labels", "thoughtclass.normalization", "thoughtclass.segmenter",
    "thoughtclass.cues", "thoughtclass.validation", "thoughtclass.features", "thoughtclass.model",
    "thoughtclass.persistence", "thoughtclass.classification", "thoughtclass.corpus",
    "thoughtclass.spacy_component", "thoughtclass.extraction", "thoughtclass.readers", "thoughtclass.status",
    "thoughtclass.summary", "thoughtclass.reporting", "thoughtclass.plot", "thoughtclass.similarity",
    "thoughtclass.specificity", "thoughtclass.review", "thoughtclass.comparison", "thoughtclass.batch",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
