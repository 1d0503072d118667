"""Benchmark suite: speed and memory of thoughtclass against plain jieba.

Prints, on the same texts in one run (texts resampled from the *train* split,
never test):

* jieba-only segmentation throughput (``jieba.lcut``, precise mode);
* ``thoughtclass.classify`` throughput with the default model, and the ratio;
  the ratio again as the median over 8 blocks of texts, each block timed with
  jieba and thoughtclass back to back (the machine's speed drifts by tens of
  percent over the seconds the two long runs take);
* the same with ``n_jobs=2``;
* cold start: a new process importing thoughtclass and classifying one
  statement (median of 3), beside the floor no such process can beat: a new
  process importing only pandas and numpy (median of 3), and the difference;
* warm single-statement latency (median of 200 calls);
* peak RSS of a process classifying N statements (default 100,000);
* end-to-end time of ``thoughtclass classify`` on a 10,000-row .xlsx ledger.

    python benchmarks/run.py [--n 20000] [--rss-n 100000] [--ledger-rows 10000]

Record the printed figures in benchmarks/RESULTS.md with the machine details.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from thoughtclass import corpus


def texts(n: int, seed: int = 0) -> list[str]:
    return corpus.load("train")["text"].sample(n, replace=True, random_state=seed).tolist()


def throughput(fn, data) -> float:
    start = time.perf_counter()
    fn(data)
    return len(data) / (time.perf_counter() - start)


def block_ratio(fn, reference, data, blocks: int = 8) -> list[float]:
    """Throughput of fn over that of reference, per block, timed back to back."""
    size = len(data) // blocks
    ratios = []
    for i in range(blocks):
        block = data[i * size : (i + 1) * size]
        ratios.append(throughput(fn, block) / throughput(reference, block))
    return ratios


def child(code: str) -> tuple[float, float]:
    """Run code in a new interpreter; return (wall seconds, peak RSS MB of that child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000, help="statements for the throughput runs")
    ap.add_argument("--rss-n", type=int, default=100000, help="statements for the peak-memory run")
    ap.add_argument("--ledger-rows", type=int, default=10000)
    args = ap.parse_args()

    import jieba

    import thoughtclass as tc
    from thoughtclass.classification import get_default_classifier

    jieba.setLogLevel(logging.WARNING)
    data = texts(args.n)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"texts: {len(data):,} statements resampled from the train split, mean {sum(map(len, data)) / len(data):.0f} characters")

    jieba.lcut("预热")
    jieba_rate = throughput(lambda d: [jieba.lcut(t) for t in d], data)
    clf = get_default_classifier()
    clf.classify(data[:10])
    print(f"segmenter engine: {clf.features_.segmenter.engine if clf.features_.segmenter else 'default'}")
    tc_rate = throughput(clf.classify, data)
    tc2_rate = throughput(lambda d: clf.classify(d, n_jobs=2), data)
    print(f"jieba.lcut throughput:             {jieba_rate:10,.0f} statements/s")
    print(f"classify throughput (1 process):   {tc_rate:10,.0f} statements/s   ratio to jieba {tc_rate / jieba_rate:.2f}x")
    ratios = block_ratio(clf.classify, lambda d: [jieba.lcut(t) for t in d], data)
    print(f"ratio to jieba, interleaved:       {statistics.median(ratios):10.2f}x (median of {len(ratios)} blocks: "
          f"{', '.join(f'{r:.2f}' for r in ratios)})")
    print(f"classify throughput (n_jobs=2):    {tc2_rate:10,.0f} statements/s   speed-up {tc2_rate / tc_rate:.2f}x")

    cold, floor = [], []
    for _ in range(3):  # alternated, so both see the same machine load
        floor.append(child("import pandas, numpy")[0])
        cold.append(child("import thoughtclass as tc; tc.classify(['部分干部服务意识不强'])")[0])
    print(f"cold start (import + 1 statement): {statistics.median(cold):10.2f} s (median of 3: {', '.join(f'{c:.2f}' for c in cold)})")
    print(f"import floor (pandas + numpy):     {statistics.median(floor):10.2f} s (median of 3: {', '.join(f'{c:.2f}' for c in floor)})")
    print(f"cold start above the floor:        {statistics.median(cold) - statistics.median(floor):10.2f} s")

    one = data[0]
    lat = []
    for _ in range(200):
        start = time.perf_counter()
        clf.classify([one])
        lat.append(time.perf_counter() - start)
    print(f"warm single-statement latency:     {statistics.median(lat) * 1000:10.2f} ms (median of 200)")

    code = (
        "from thoughtclass import corpus; import thoughtclass as tc; "
        f"t = corpus.load('train')['text'].sample({args.rss_n}, replace=True, random_state=1).tolist(); "
        "tc.classify(t)"
    )
    elapsed, peak = child(code)
    print(f"peak RSS classifying {args.rss_n:,}:      {peak:10,.0f} MB ({elapsed:.1f} s)")

    with tempfile.TemporaryDirectory() as tmp:
        sample = corpus.load("train").sample(args.ledger_rows, replace=True, random_state=2)
        ledger = Path(tmp) / "ledger.xlsx"
        pd.DataFrame({"责任单位": sample["unit"].to_numpy(), "存在问题": sample["text"].to_numpy(),
                      "整改情况": sample["status"].fillna("").to_numpy()}).to_excel(ledger, index=False)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "thoughtclass.cli", "classify", str(ledger), "-o", str(Path(tmp) / "out.xlsx"),
                        "-q", "--no-charts"], check=True, capture_output=True)
        print(f".xlsx end to end, {args.ledger_rows:,} rows:   {time.perf_counter() - start:10.1f} s "
              "(new process: read, classify, write workbook and report)")


if __name__ == "__main__":
    main()
