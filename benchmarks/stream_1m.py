"""Benchmark: classify a large CSV ledger by streaming, and measure time and peak memory.

Builds a CSV of N rows (default 1,000,000) by resampling the *train* split
(never test) with its units and statuses, runs
``thoughtclass classify big.csv -o out.csv`` in a child process, and prints
wall time, throughput and the child's peak RSS. Also checks that the output
has exactly one row per input row.

    python benchmarks/stream_1m.py [--rows 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from thoughtclass import corpus


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--chunksize", type=int, default=20000)
    ap.add_argument("--keep", help="folder to keep the input and outputs in")
    args = ap.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="tc_bench_"))
    folder.mkdir(parents=True, exist_ok=True)
    train = corpus.load("train")
    sample = train.sample(args.rows, replace=True, random_state=0)
    src = folder / "big.csv"
    pd.DataFrame({"责任单位": sample["unit"].to_numpy(), "存在问题": sample["text"].to_numpy(),
                  "整改情况": sample["status"].fillna("").to_numpy()}).to_csv(src, index=False)
    out = folder / "out.csv"
    cmd = [sys.executable, "-m", "thoughtclass.cli", "classify", str(src), "-o", str(out), "--force",
           "--no-charts", "--chunksize", str(args.chunksize)]
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    n_out = sum(1 for _ in open(out, encoding="utf-8-sig")) - 1
    print(f"machine: {platform.machine()}, {platform.python_version()}, cores: {__import__('os').cpu_count()}")
    print(f"rows in: {args.rows:,}  rows out: {n_out:,}  (equal: {n_out == args.rows})")
    print(f"wall time: {elapsed:.1f} s  throughput: {args.rows / elapsed:,.0f} rows/s")
    print(f"peak RSS of the classify process: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
