"""Train a model from a corpus folder, evaluate it, and write it with its card.

``thoughtclass train --corpus corpora --out models/NAME`` runs
:func:`train_model`. Training is deterministic: the same corpus and seed
give the same model file and the same predictions.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from . import corpus
from .evaluation import evaluate, load_realdev
from .model import ThoughtClassifier
from .modelcard import write_card
from .persistence import save_model

__all__ = ["train_model", "review_tradeoff"]


def review_tradeoff(model: ThoughtClassifier, test_predictions=None, rates=(0.05, 0.1, 0.18, 0.2, 0.3, 0.4)) -> list[dict]:
    """Share sent to review vs accuracy of the rest, for several review rates.

    Thresholds come from the out-of-fold predictions of training (as the
    shipped threshold does); test accuracies are reported beside them, never
    used to choose.
    """
    if not hasattr(model, "oof_confidence_"):
        return []
    score = model.oof_confidence_.prod(axis=1)
    rows = []
    for rate in rates:
        threshold = float(np.quantile(score, rate))
        keep = score >= threshold
        row = {
            "review_rate": rate,
            "threshold": threshold,
            "oof_category_accuracy_unflagged": float(model.oof_correct_[keep, 0].mean()),
            "oof_nature_accuracy_unflagged": float(model.oof_correct_[keep, 1].mean()),
        }
        if test_predictions is not None:
            t = test_predictions
            t_score = (t["category_confidence"] * t["nature_confidence"]).to_numpy()
            t_keep = t_score >= threshold
            row["test_flagged_share"] = float(1 - t_keep.mean())
            row["test_category_accuracy_unflagged"] = float((t["predicted_category"] == t["category"])[t_keep].mean())
        rows.append(row)
    return rows


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _usable_corrections(corrections, test) -> tuple:
    """Corrections minus any statement of our test split (so they never leak into it)."""
    import pandas as pd

    from .normalization import normalize

    corrections = pd.DataFrame(corrections)[["text", "category", "nature"]].reset_index(drop=True)
    if test is None:
        return corrections, 0
    seen = {normalize(t) for t in test["text"]}
    in_test = corrections["text"].map(lambda t: normalize(str(t)) in seen)
    return corrections[~in_test].reset_index(drop=True), int(in_test.sum())


def train_model(corpus_dir, out, *, name: str | None = None, random_state: int = 0, realdev=None,
                corrections=None, baseline=None, **params) -> ThoughtClassifier:
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
    corrections : DataFrame, optional
        Statements labelled by an office's reviewers (``text, category,
        nature``; see :func:`thoughtclass.review.training_rows`), added to
        ``train``. They are saved beside the model as ``corrections.jsonl``,
        never into the corpus; any that repeat a test statement are dropped.
    baseline : ThoughtClassifier, optional
        The model being improved on; the card then shows its scores beside
        the new model's ("before" and "after").
    **params
        Passed to :class:`ThoughtClassifier`.
    """
    import pandas as pd

    corpus_dir, out = Path(corpus_dir), Path(out)
    train = corpus.load("train", corpus_dir)
    test = corpus.load("test", corpus_dir) if (corpus_dir / "test.jsonl").is_file() else None
    metrics: dict = {"train_size": len(train)}
    data_hash = _sha256(corpus_dir / "train.jsonl")
    if corrections is not None:
        corrections, dropped = _usable_corrections(corrections, test)
        out.mkdir(parents=True, exist_ok=True)
        corrections.to_json(out / "corrections.jsonl", orient="records", lines=True, force_ascii=False)
        data_hash = hashlib.sha256((data_hash + _sha256(out / "corrections.jsonl")).encode()).hexdigest()
        metrics["corrections"] = {"added": len(corrections), "dropped_as_test_statements": dropped}
        train = pd.concat([train, corrections], ignore_index=True)
    model = ThoughtClassifier(random_state=random_state, **params).fit(
        train["text"].tolist(), train[["category", "nature"]]
    )
    examples = {}
    real = load_realdev(realdev)
    for split, data in (("test", test), ("realdev", real)):
        if data is not None:
            res = evaluate(model, data)
            examples[split] = res.pop("predictions")
            metrics[split] = res
            if baseline is not None:
                before = evaluate(baseline, data)
                metrics.setdefault("baseline", {"name": getattr(baseline, "metadata_", {}).get("name", "baseline")})
                metrics["baseline"][split] = {k: before[k] for k in ("n", "category_macro_f1", "category_accuracy", "nature_accuracy")}
    metrics["features"] = {k: v for k, v in model.features_.get_params().items() if k != "segmenter"}
    metrics["review_tradeoff"] = review_tradeoff(model, examples.get("test"))
    metrics["oof_review"] = {
        "review_rate": model.review_rate,
        "threshold": model.review_threshold_,
        "temperature": model.temperature_,
    }
    meta = {
        "name": name or out.name,
        "training_data_sha256": data_hash,
        "random_state": random_state,
        # Headline numbers travel inside the model file; the full set is metrics.json.
        "metrics": {"train_size": metrics["train_size"]} | {
            split: {k: metrics[split][k] for k in ("n", "category_macro_f1", "nature_accuracy")}
            for split in ("test", "realdev") if split in metrics
        },
    }
    if "corrections" in metrics:
        meta["corrections"] = metrics["corrections"]
    save_model(model, out, metadata=meta)
    model.metadata_ = meta
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1), encoding="utf-8")
    write_card(out, meta, metrics, examples)
    return model
