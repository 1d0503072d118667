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
# How real lists explain a shortfall (codebook rule 11) and the commentary
# voice they talk in; both were far rarer in our first three rounds.
_CAUSAL = re.compile(r"由于|导致|致使|造成|以致|使得|从而|受.{1,12}影响")
_COMMENTARY = re.compile(r"一些地方|一些单位|一些部门|有的|少数|个别|所谓|基层")
_SYSTEM_WORDS = re.compile(r"机制|制度|体系|考核|长效")
# Common words that round 5 wrote into their other categories: in rounds 1-4
# each sat mostly in one category, so models read the word as the answer.
HOME_WORDS = ["创新", "发展", "干部", "人员", "部门", "规划", "制约", "要求", "认为", "作用", "重视", "经济"]


#: Writing rounds of the training split, by the first letter of the writer id.
ROUNDS = {"rounds 1-3": ("w", "r", "s"), "round 4": ("u", "v", "q"), "round 5": ("x",)}
#: Writing rounds of the test split, by writer id.
TEST_ROUNDS = {"round 1": ("t1", "t2"), "round 4": ("t3", "t4")}


def kappa_table() -> pd.DataFrame:
    rows = [json.loads(line) for line in open(shipped_dir("corpora") / "double_labels.jsonl", encoding="utf-8")]
    df = pd.DataFrame(rows)
    # Train labels were checked round by round; keep the rounds apart.
    rounds = {w: name for name, prefixes in ROUNDS.items() for w in prefixes}
    df["split"] = [
        split if split != "train" else f"train {rounds[i[0]]}" for split, i in zip(df["split"], df["id"])
    ]
    out = []
    for split, g in df.groupby("split", sort=False):
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


def profile(texts: pd.Series, categories: pd.Series | None = None) -> dict:
    m = CueMatcher()
    lengths = texts.str.len()
    subj = texts.map(m.hits).map(lambda h: bool(h.subjective_own or h.subjective_unattributed or h.style))
    return {
        "n": len(texts),
        "length_p10": int(lengths.quantile(0.1)), "length_median": int(lengths.median()),
        "length_p90": int(lengths.quantile(0.9)),
        "share_with_digits": round(texts.map(lambda t: bool(_DIGIT.search(t))).mean(), 3),
        "share_with_subjective_cue": round(subj.mean(), 3),
        "share_causal": round(texts.str.contains(_CAUSAL).mean(), 3),
        "share_commentary": round(texts.str.contains(_COMMENTARY).mean(), 3),
        "institutional_with_system_word": (
            round(texts[categories == "institutional_innovation"].str.contains(_SYSTEM_WORDS).mean(), 3)
            if categories is not None else None
        ),
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
    rows = {"train": profile(train.text, train.category), "test": profile(test.text, test.category)}
    for name, rounds in ROUNDS.items():
        part = train[train.writer.str[0].isin(rounds)]
        if len(part):
            rows[f"train {name}"] = profile(part.text, part.category)
    for name, writers in TEST_ROUNDS.items():
        part = test[test.writer.isin(writers)]
        if len(part):
            rows[f"test {name}"] = profile(part.text, part.category)
    real = load_realdev()
    if real is not None:
        rows["realdev"] = profile(real.text, real.category)
        for nat in ("thinking", "work"):
            for name, df in (("train", train), ("realdev", real)):
                part = df[df.nature == nat]
                rows[f"{name} {nat}"] = profile(part.text, part.category)
    print(pd.DataFrame(rows).T.to_markdown())
    print("\n### where common words sit\n")
    sets = {"train rounds 1-4": train[train.writer.str[0] != "x"], "train": train}
    if real is not None:
        sets["realdev"] = real
    print(word_homes(sets).to_markdown())


def word_homes(sets: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per word and set: statements containing it, and the share of its most frequent category."""
    out = {}
    for word in HOME_WORDS:
        row = {}
        for name, df in sets.items():
            cats = df.category[df.text.str.contains(word, regex=False)]
            top = cats.value_counts(normalize=True)
            row[f"{name} n"] = len(cats)
            row[f"{name} top"] = f"{top.index[0]} {top.iloc[0]:.2f}" if len(top) else ""
        out[word] = row
    return pd.DataFrame(out).T


if __name__ == "__main__":
    main()
