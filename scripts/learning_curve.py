"""How real-text quality grows with our own writing; write models/learning_curve.json.

Two curves, each point a default ``ThoughtClassifier`` (no calibration)
fitted on part of ``corpora/train.jsonl`` and scored on our test split and,
when present, on the real statements of ../shared/realdev:

- by size: random shares of the training statements (three draws each);
- by round: the corpus as it stood after each writing round (writers are
  grouped by the first letter of their id, in the order they were written).

If the realdev curve flattens while the corpus keeps growing, more of our
own writing will not close the gap to real text (issue 9).
Run: python scripts/learning_curve.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score

from thoughtclass import corpus
from thoughtclass.evaluation import load_realdev
from thoughtclass.model import ThoughtClassifier

OUT = Path(__file__).resolve().parents[1] / "models" / "learning_curve.json"
# Writer-id prefixes in the order the rounds were written (corpora/README.md).
ROUNDS = ["w", "r", "s", "u", "v", "q", "x"]
SHARES = [0.25, 0.5, 0.75]
DRAWS = 3


def _scores(train, sets) -> dict:
    clf = ThoughtClassifier(calibrate=False, review_rate=0).fit(train["text"].tolist(), train[["category", "nature"]])
    out = {"n_train": len(train)}
    for name, df in sets.items():
        pred = clf.predict(df["text"].tolist())
        out[name] = {
            "category_macro_f1": round(f1_score(df["category"], pred[:, 0], average="macro"), 4),
            "nature_accuracy": round(accuracy_score(df["nature"], pred[:, 1]), 4),
        }
    return out


def _mean(points: list[dict]) -> dict:
    out = {"n_train": points[0]["n_train"], "draws": len(points)}
    for name in points[0]:
        if name != "n_train":
            out[name] = {k: round(float(np.mean([p[name][k] for p in points])), 4) for k in points[0][name]}
    return out


def main() -> None:
    train = corpus.load("train")
    sets = {"test": corpus.load("test")}
    realdev = load_realdev()
    if realdev is not None:
        sets["realdev"] = realdev
    else:
        print("../shared/realdev not found: test split only")

    by_size = []
    for share in SHARES:
        by_size.append(_mean([_scores(train.sample(frac=share, random_state=d), sets) for d in range(DRAWS)]))
        by_size[-1]["share"] = share
    by_size.append({**_scores(train, sets), "share": 1.0, "draws": 1})

    prefix = train["writer"].str[0]
    by_round = []
    for i, letter in enumerate(ROUNDS):
        if not (prefix == letter).any():
            continue
        point = _scores(train[prefix.isin(ROUNDS[: i + 1])], sets)
        by_round.append({"through": letter, **point})

    for title, rows, key in [("by size", by_size, "share"), ("by round", by_round, "through")]:
        print(f"\n{title}")
        for r in rows:
            line = f"  {r[key]!s:>5}  n={r['n_train']:>5}"
            for name in sets:
                line += f"  {name} cat {r[name]['category_macro_f1']:.3f} nat {r[name]['nature_accuracy']:.3f}"
            print(line)
    OUT.write_text(json.dumps({"by_size": by_size, "by_round": by_round}, ensure_ascii=False, indent=1) + "\n")
    print(f"\nwrote {OUT}")


if __name__ == "__main__":
    main()
