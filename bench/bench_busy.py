"""Benchmark: a batched run on a busy CPU, and where a million rows' time goes (CPU).

Run: .venv/bin/python bench/bench_busy.py [--rows 8192] [--repeats 3]
Prints two markdown tables; every number comes from this run, on this machine:
1. mul.rm (a, b in 20..40), `--rows` rows on the sparse kernel, quiet and beside one busy process
   (a Python loop, or torch matmuls on every core), for the runner's thread policy
   (CPU_TICK_THREADS = 1) and for torch's default (every core); medians of `--repeats` runs, the
   old policy once, stopped at LIMIT seconds.
2. mul.rm (a, b in 1..8) at 1,048,576 rows: the whole run_batch (input columns in, output columns
   out) against the time spent inside the kernel's chunks of ticks.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import statistics
import subprocess
import sys
import time

import numpy as np
import torch

import rnnprog
from rnnprog.network import runner
from rnnprog.rm import compile, run_batch

PROGRAM = os.path.join(os.path.dirname(__file__), "..", "programs", "mul.rm")
#: Seconds after which a run is stopped and shown as "> LIMIT".
LIMIT = 60
LOADS = {
    "quiet": None,
    "beside a Python loop": "while True: pass",
    "beside torch matmuls": "import torch\na = torch.randn(600, 600)\nwhile True: a @ a",
}


class OutOfTime(Exception):
    pass


def timed_run(compiled, columns, threads) -> float:
    """Seconds of one batch with runner.CPU_TICK_THREADS = threads (None: torch's default)."""
    runner.CPU_TICK_THREADS = threads

    def ring(*_):
        raise OutOfTime
    signal.signal(signal.SIGALRM, ring)
    signal.alarm(LIMIT)
    try:
        start = time.perf_counter()
        batch = run_batch(compiled, columns, backend="sparse")
        seconds = time.perf_counter() - start
    except OutOfTime:
        return float("inf")
    finally:
        signal.alarm(0)
    if not np.array_equal(batch.columns.outputs["c"], columns["a"] * columns["b"]):
        raise SystemExit("wrong products")
    return seconds


def busy_table(compiled, rows: int, repeats: int) -> None:
    rng = np.random.default_rng(0)
    columns = {"a": rng.integers(20, 41, rows), "b": rng.integers(20, 41, rows)}
    run_batch(compiled, {k: v[:64] for k, v in columns.items()})  # warm-up
    print(f"\n| load | threads | seconds (median of {repeats}) | x quiet |")
    print("|---|---|---|---|")
    quiet = None
    for load, code in LOADS.items():
        other = None if code is None else subprocess.Popen([sys.executable, "-c", code])
        try:
            time.sleep(0.5)  # let the other process get going
            for threads, name, count in ((1, "1 (the runner's policy)", repeats),
                                         (None, f"{torch.get_num_threads()} (torch's default)", 1)):
                seconds = statistics.median(timed_run(compiled, columns, threads) for _ in range(count))
                quiet = seconds if quiet is None else quiet
                shown = f"> {LIMIT}" if seconds == float("inf") else f"{seconds:.2f}"
                print(f"| {load} | {name} | {shown} | {seconds / quiet:.1f} |", flush=True)
        finally:
            runner.CPU_TICK_THREADS = 1
            if other is not None:
                other.kill()
                other.wait()


def million_table(compiled) -> None:
    rows = 1 << 20
    rng = np.random.default_rng(1)
    columns = {"a": rng.integers(1, 9, rows), "b": rng.integers(1, 9, rows)}
    spent = [0.0]
    make = runner._kernel

    def timing_kernel(*args):
        advance = make(*args)

        def timed(*call):
            start = time.perf_counter()
            out = advance(*call)
            spent[0] += time.perf_counter() - start
            return out
        return timed
    runner._kernel = timing_kernel
    try:
        start = time.perf_counter()
        batch = run_batch(compiled, columns, backend="sparse")
        total = time.perf_counter() - start
    finally:
        runner._kernel = make
    ok = np.array_equal(batch.columns.outputs["c"], columns["a"] * columns["b"])
    steps = int(batch.columns.steps.sum())
    print("\n| rows | instance-steps | total s | kernel s | total / kernel | check |")
    print("|---|---|---|---|---|---|")
    print(f"| {rows:,} | {steps:,} | {total:.2f} | {spent[0]:.2f} | {total / spent[0]:.2f} | "
          f"{'ok' if ok else 'WRONG'} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=8192)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-million", action="store_true")
    args = parser.parse_args()
    compiled = compile(rnnprog.load(PROGRAM))
    load = os.getloadavg()[0]
    print(f"# {platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, Python "
          f"{platform.python_version()}; load average {load:.1f} when started (other processes "
          "of this machine count)")
    busy_table(compiled, args.rows, args.repeats)
    if not args.skip_million:
        million_table(compiled)


if __name__ == "__main__":
    main()
