"""The labelled corpus that ships with thoughtclass.

Three parts (see ``corpora/README.md``, the data card):

``train``
    statements for fitting models;
``test``
    statements written separately, never used for fitting or tuning;
``documents``
    whole submissions with the exact list of their problem statements, for
    measuring statement extraction (``split`` column: train / test).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .resources import shipped_dir

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["load", "path", "PARTS"]

PARTS = ("train", "test", "documents")


def path(part: str, folder=None) -> Path:
    """Return the path of a corpus part's JSONL file (in ``folder``, else the shipped corpus)."""
    if part not in PARTS:
        raise ValueError(f"unknown corpus part {part!r}; expected one of {', '.join(PARTS)}")
    return (Path(folder) if folder is not None else shipped_dir("corpora")) / f"{part}.jsonl"


def load(part: str = "train", folder=None) -> pd.DataFrame:
    """Load a part of the shipped corpus (or of a corpus folder) as a DataFrame.

    Parameters
    ----------
    part : {"train", "test", "documents"}
    folder : path, optional
        A corpus folder laid out like ``corpora/``; default: the shipped one.

    Returns
    -------
    pandas.DataFrame
        For ``train``/``test``: ``id, text, category, nature, unit,
        unit_type, status, hard, writer``. For ``documents``: ``id, split,
        unit, unit_type, text, statements`` (a list of str).

    Examples
    --------
    >>> from thoughtclass import corpus
    >>> train = corpus.load("train")
    >>> int(train.groupby(["category", "nature"]).size().min()) >= 200
    True
    """
    import pandas as pd

    file = path(part, folder)
    if not file.is_file():
        raise FileNotFoundError(f"corpus part {part!r} not found: {file} does not exist")
    with open(file, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return pd.DataFrame.from_records(rows)
