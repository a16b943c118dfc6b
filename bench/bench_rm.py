"""Benchmark: the multiplication program, interpreter steps/s vs RNN instance-steps/s (CPU).

Each figure is the best of a few runs (the interpreter's too), measured in this one process.

Run: .venv/bin/python bench/bench_rm.py [--batches 1,64,1024,8192] [--dtype float32]
Prints a table; every number comes from this run, on this machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time

import torch

from rnnprog import load as load_program
from rnnprog.rm import compile, interpret, lower, run_batch

PROGRAM = os.path.join(os.path.dirname(__file__), "..", "programs", "mul.rm")


def rows_for(batch: int, seed: int = 0) -> list[dict[str, int]]:
    rng = random.Random(seed)
    return [{"a": rng.randint(20, 40), "b": rng.randint(20, 40)} for _ in range(batch)]


def interpreter_rate(lowered, seconds: float = 1.0, repeats: int = 3) -> float:
    """The best of `repeats` runs of about `seconds` each (the interpreter's fairest figure)."""
    best = 0.0
    for repeat in range(repeats):
        steps, start = 0, time.perf_counter()
        for row in rows_for(10_000, seed=1 + repeat):
            steps += interpret(lowered, row).steps
            if time.perf_counter() - start > seconds:
                break
        best = max(best, steps / (time.perf_counter() - start))
    return best


def rnn_rate(compiled, batch: int, dtype: str, device: str, backend: str,
             repeats: int = 2) -> tuple[float, float]:
    """The best of `repeats` runs of one batch: (instance-steps/s, seconds)."""
    rows = rows_for(batch)
    run_batch(compiled, rows[:2], dtype=dtype, device=device, backend=backend)  # warm-up
    best = (0.0, 0.0)
    for _ in range(repeats):
        start = time.perf_counter()
        results = run_batch(compiled, rows, dtype=dtype, device=device, backend=backend).results
        seconds = time.perf_counter() - start
        assert all(r.halted for r in results)
        best = max(best, (sum(r.steps for r in results) / seconds, seconds))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", default="1,64,1024,8192")
    parser.add_argument("--dtype", default="float32")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    program = load_program(PROGRAM)
    lowered, compiled = lower(program), compile(program)
    base = interpreter_rate(lowered)
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"torch {torch.__version__}, {args.device}, {args.dtype}; program mul.rm "
          f"({compiled.units} units), inputs a, b in 20..40")
    print(f"{'runner':<22}{'batch':>7}{'steps/s':>14}{'x interp':>10}{'seconds':>9}")
    print(f"{'interpreter (Python)':<22}{1:>7}{base:>14,.0f}{1.0:>10.2f}{'':>9}")
    for backend, name in (("rnn", "RNN, stock nn.RNN"), ("sparse", "RNN, sparse kernel")):
        for batch in [int(b) for b in args.batches.split(",")]:
            rate, seconds = rnn_rate(compiled, batch, args.dtype, args.device, backend)
            print(f"{name:<22}{batch:>7}{rate:>14,.0f}{rate / base:>10.2f}{seconds:>9.2f}")


if __name__ == "__main__":
    main()
