"""Train a model from a corpus folder, evaluate it, and write it with its card.

``thoughtclass train --corpus corpora --out models/NAME`` runs
:func:`train_model`. Training is deterministic: the same corpus and seed
give the same model file and the same predictions.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from .evaluation import evaluate, load_realdev
from .model import ThoughtClassifier
from .modelcard import write_card
from .persistence import save_model

__all__ = ["train_model", "read_split"]


def read_split(corpus_dir, split: str) -> pd.DataFrame:
    """Read ``<corpus_dir>/<split>.jsonl`` into a DataFrame."""
    path = Path(corpus_dir) / f"{split}.jsonl"
    if not path.is_file():
        raise FileNotFoundError(f"corpus split {split!r} not found: {path} does not exist")
    return pd.read_json(path, lines=True, dtype=False)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train_model(corpus_dir, out, *, name: str | None = None, random_state: int = 0, realdev=None, **params) -> ThoughtClassifier:
    """Fit a :class:`ThoughtClassifier` on ``train``, score it, save it with a card.

    Parameters
    ----------
    corpus_dir : path
        Folder holding ``train.jsonl`` (and ``test.jsonl`` for scoring).
    out : path
        Model folder to write (``model.json``, ``weights.npz``, ``card.md``,
        ``metrics.json``).
    name : str, optional
        Model name for the card; defaults to the folder name.
    random_state : int
        Seed of the calibration folds.
    realdev : path, optional
        Real-statement development set; found automatically when present.
    **params
        Passed to :class:`ThoughtClassifier`.
    """
    corpus_dir, out = Path(corpus_dir), Path(out)
    train = read_split(corpus_dir, "train")
    model = ThoughtClassifier(random_state=random_state, **params).fit(
        train["text"].tolist(), train[["category", "nature"]]
    )
    metrics: dict = {"train_size": len(train)}
    examples = {}
    if (corpus_dir / "test.jsonl").is_file():
        res = evaluate(model, read_split(corpus_dir, "test"))
        examples["test"] = res.pop("predictions")
        metrics["test"] = res
    real = load_realdev(realdev)
    if real is not None:
        res = evaluate(model, real)
        examples["realdev"] = res.pop("predictions")
        metrics["realdev"] = res
    metrics["oof_review"] = {
        "review_rate": model.review_rate,
        "threshold": model.review_threshold_,
        "temperature": model.temperature_,
    }
    meta = {
        "name": name or out.name,
        "training_data_sha256": _sha256(corpus_dir / "train.jsonl"),
        "random_state": random_state,
        "metrics": {k: {kk: vv for kk, vv in v.items() if kk in ("n", "category_macro_f1", "nature_accuracy")} if isinstance(v, dict) else v for k, v in metrics.items()},
    }
    save_model(model, out, metadata=meta)
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1), encoding="utf-8")
    write_card(out, meta, metrics, examples)
    return model
