"""Print the measured tables of the corpus data card (corpora/README.md).

Run: python scripts/corpus_stats.py  (the realdev comparison is printed only
where ../shared/realdev is present; its sentences are never printed).
"""

from __future__ import annotations

import json
import re

import pandas as pd
from sklearn.metrics import cohen_kappa_score

from thoughtclass import corpus
from thoughtclass.cues import CueMatcher
from thoughtclass.evaluation import load_realdev
from thoughtclass.labels import CATEGORY_IDS
from thoughtclass.resources import shipped_dir

_DIGIT = re.compile(r"\d")


def kappa_table() -> pd.DataFrame:
    rows = [json.loads(line) for line in open(shipped_dir("corpora") / "double_labels.jsonl", encoding="utf-8")]
    df = pd.DataFrame(rows)
    out = []
    for split, g in df.groupby("split"):
        out.append({
            "split": split, "n": len(g),
            "kappa_category": round(cohen_kappa_score(g.category_1, g.category_2), 3),
            "kappa_nature": round(cohen_kappa_score(g.nature_1, g.nature_2), 3),
            "agreement_category": round((g.category_1 == g.category_2).mean(), 3),
            "agreement_nature": round((g.nature_1 == g.nature_2).mean(), 3),
            "disagreements": int(((g.category_1 != g.category_2) | (g.nature_1 != g.nature_2)).sum()),
            "first_label_changed": int(((g.category_1 != g.category) | (g.nature_1 != g.nature)).sum()),
        })
    return pd.DataFrame(out)


def profile(texts: pd.Series) -> dict:
    m = CueMatcher()
    lengths = texts.str.len()
    subj = texts.map(lambda t: bool(m.hits(t).subjective_own or m.hits(t).subjective_unattributed or m.hits(t).style))
    return {
        "n": len(texts),
        "length_p10": int(lengths.quantile(0.1)), "length_median": int(lengths.median()),
        "length_p90": int(lengths.quantile(0.9)),
        "share_with_digits": round(texts.map(lambda t: bool(_DIGIT.search(t))).mean(), 3),
        "share_with_subjective_cue": round(subj.mean(), 3),
    }


def main() -> None:
    train, test = corpus.load("train"), corpus.load("test")
    docs = corpus.load("documents")
    for name, df in (("train", train), ("test", test)):
        print(f"\n### {name}: {len(df)} statements, {df.unit.nunique()} units, {df.hard.sum()} hard ({df.hard.mean():.1%}), status on {df.status.notna().mean():.1%}\n")
        cells = df.groupby(["category", "nature"]).size().unstack().reindex(CATEGORY_IDS)
        print(cells.to_markdown())
        print()
        print(df.unit_type.value_counts().to_frame("statements").to_markdown())
    print("\n### documents\n")
    print(docs.groupby("split").agg(documents=("id", "size"), statements=("statements", lambda s: sum(map(len, s)))).to_markdown())
    print("\n### double labelling\n")
    print(kappa_table().to_markdown(index=False))
    print("\n### distribution vs real statements\n")
    rows = {"train": profile(train.text), "test": profile(test.text)}
    real = load_realdev()
    if real is not None:
        rows["realdev"] = profile(real.text)
        for nat in ("thinking", "work"):
            rows[f"train {nat}"] = profile(train[train.nature == nat].text)
            rows[f"realdev {nat}"] = profile(real[real.nature == nat].text)
    print(pd.DataFrame(rows).T.to_markdown())


if __name__ == "__main__":
    main()
