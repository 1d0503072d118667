"""Benchmark: copied-statement detection (``thoughtclass.similarity.similar``) on 50,000 statements.

Builds N statements (default 50,000) over ~300 units by resampling the
*train* split of the corpus, plants a known number of copies with small
edits (a number changed, a clause added or dropped, punctuation or a word
changed, an enumerator added), each in a unit other than its source's, runs
:func:`similar` once and prints wall time, peak RSS, the number of groups
and the recall of the planted copies (a planted copy counts as found when it
lands in its source's copy group).

Resampling 50,000 rows from the training statements (9,238 since corpus
round 4) repeats each one about five times across random units, so most rows are exact repeats; ``--distinct``
instead splices every base statement from the clauses of two corpus
statements, which gives ~50,000 different texts, the harder case for speed.

    python benchmarks/similar_50k.py [--rows 50000] [--units 300] [--planted 1000] [--distinct]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import time

import numpy as np
import pandas as pd

from thoughtclass import corpus
from thoughtclass.similarity import THRESHOLD, similar

_CLAUSE = re.compile(r"(?<=[，；。])")
_WORD_SWAPS = [("不够", "不足"), ("不强", "不高"), ("存在", "仍有"), ("部分", "个别"), ("工作", "业务"), ("意识", "观念")]
_ADDED = ["，整改成效不明显。", "，群众反映较多。", "，需进一步加强。", "，工作推进缓慢。", "，有待提高。"]
_ENUMERATORS = ["1.", "（一）", "一是", "问题三：", "②"]


def unit_names(n: int, rng: np.random.Generator) -> list[str]:
    """Plausible, distinct unit names: townships and county departments."""
    chars = list("东西南北新安宁和平兴隆永庆丰华红旗大罗巨宝山河林泉石桥城关长青福寿")
    suffixes = ["镇", "乡", "街道", "局", "委", "办"]
    names: set[str] = set()
    while len(names) < n:
        names.add("".join(rng.choice(chars, 2)) + str(rng.choice(suffixes)))
    return sorted(names)


def clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c]


def splice(texts: np.ndarray, n: int, rng: np.random.Generator) -> list[str]:
    """Statements made of the first clauses of one corpus statement and the rest of another."""
    a = texts[rng.integers(0, len(texts), n)]
    b = texts[rng.integers(0, len(texts), n)]
    out = []
    for x, y in zip(a, b):
        cx, cy = clauses(x), clauses(y)
        out.append("".join(cx[: max(1, len(cx) // 2)] + cy[len(cy) // 2:]) if len(cy) > 1 else x + y)
    return out


def edit(text: str, rng: np.random.Generator) -> str:
    """A light edit, as a unit copying another's list would make."""
    kind = int(rng.integers(0, 6))
    if kind == 0 and re.search(r"\d", text):
        return re.sub(r"\d+", lambda m: str(int(m.group()) + int(rng.integers(1, 9))), text, count=1)
    if kind == 1:
        return text.rstrip("。") + str(rng.choice(_ADDED))
    if kind == 2 and len(clauses(text)) >= 3:
        parts = clauses(text)
        del parts[int(rng.integers(1, len(parts)))]
        return "".join(parts)
    if kind == 3:
        for old, new in _WORD_SWAPS:
            if old in text:
                return text.replace(old, new, 1)
    if kind == 4:
        return str(rng.choice(_ENUMERATORS)) + text
    return text.replace("，", ",").replace("。", "").replace("、", " ")


def build(rows: int, n_units: int, planted: int, distinct: bool, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    texts = corpus.load("train")["text"].to_numpy()
    units = np.array(unit_names(n_units, rng))
    n_base = rows - planted
    base = splice(texts, n_base, rng) if distinct else list(texts[rng.integers(0, len(texts), n_base)])
    base_units = units[rng.integers(0, n_units, n_base)]
    sources = rng.choice(n_base, planted, replace=False)
    copies, copy_units = [], []
    for s in sources:
        copies.append(edit(base[s], rng))
        others = units[units != base_units[s]]
        copy_units.append(others[rng.integers(0, len(others))])
    df = pd.DataFrame({"unit": np.concatenate([base_units, copy_units]), "text": base + copies})
    planted_pairs = pd.DataFrame({"source": sources, "copy": np.arange(n_base, rows)})
    order = rng.permutation(rows)  # copies spread through the frame, labels kept
    return df.iloc[order], planted_pairs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--units", type=int, default=300)
    ap.add_argument("--planted", type=int, default=1_000)
    ap.add_argument("--threshold", type=float, default=THRESHOLD)
    ap.add_argument("--distinct", action="store_true", help="splice base statements so that few repeat exactly")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    df, planted = build(args.rows, args.units, args.planted, args.distinct, args.seed)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    out = similar(df, threshold=args.threshold)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    group = out["copy_group"]
    found = (group.loc[planted["source"]].to_numpy() == group.loc[planted["copy"]].to_numpy())
    found = np.asarray(pd.array(found, dtype="boolean").fillna(False), dtype=bool)
    groups = out.dropna(subset=["copy_group"]).groupby("copy_group")["boilerplate"].first()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, cores: {os.cpu_count()}")
    print(f"statements: {len(df):,} over {df['unit'].nunique()} units, distinct texts: {df['text'].nunique():,} "
          f"({'spliced' if args.distinct else 'resampled'} from train), planted copies: {len(planted):,}")
    print(f"similar(): {elapsed:.1f} s wall, threshold {args.threshold}")
    print(f"peak RSS: {peak:,.0f} MB (before the call: {rss_before:,.0f} MB)")
    print(f"copy groups: {len(groups):,} ({int(groups.sum()):,} boilerplate), rows in a group: {group.notna().sum():,}")
    print(f"planted copies found in their source's group: {found.sum():,}/{len(found):,} (recall {found.mean():.3f})")


if __name__ == "__main__":
    main()
