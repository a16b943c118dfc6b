"""Benchmark: sequence programs, input symbols per second, interpreter against the network.

Run: .venv/bin/python bench/bench_seq.py [--length 1000000]
Prints a table; every number comes from this run, on this machine (CPU). The network is the stock
nn.RNN, one tick per symbol, run in chunks; the interpreter is the plain-Python reference.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time

import torch

import rnnprog
from rnnprog.seq import runtime
from rnnprog.seq.interpret import interpret

PROGRAMS = os.path.join(os.path.dirname(__file__), "..", "programs")


def dyck(length: int, seed: int) -> str:
    """A balanced-parentheses string of about `length` symbols (depth kept small)."""
    rng, depth, out = random.Random(seed), 0, []
    while len(out) < length - depth:
        opening = depth == 0 or (depth < 20 and rng.random() < 0.5)
        out.append("(" if opening else ")")
        depth += 1 if opening else -1
    return "".join(out) + ")" * depth


def rate(call, symbols: int) -> tuple[float, float]:
    start = time.perf_counter()
    call()
    seconds = time.perf_counter() - start
    return symbols / seconds, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--length", type=int, default=1_000_000, help="Symbols of the batch-1 input.")
    args = parser.parse_args()
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch "
          f"{torch.__version__}, Python {platform.python_version()}, cpu; program dyck.seq\n")
    print("| runner | batch | symbols | symbols/s | x interp | seconds |")
    print("|---|---|---|---|---|---|")
    compiled = rnnprog.compile(rnnprog.load(os.path.join(PROGRAMS, "dyck.seq")))
    one = dyck(args.length, 0)
    many = [dyck(1000, seed) for seed in range(1024)]
    for batch, inputs in ((1, [one]), (1024, many)):
        symbols = sum(len(text) for text in inputs)
        base, took = rate(lambda inputs=inputs: [interpret(compiled.program, t) for t in inputs], symbols)
        print(f"| interpreter | {batch} | {symbols:,} | {base:,.0f} | 1.00 | {took:.2f} |")
        for dtype in ("float32", "exact"):
            if dtype == "exact" and batch == 1 and symbols > 100_000:
                continue  # Python integers, one unit at a time: minutes
            speed, took = rate(lambda inputs=inputs, dtype=dtype: runtime.run_batch(
                compiled, inputs, dtype=dtype), symbols)
            print(f"| network {dtype} | {batch} | {symbols:,} | {speed:,.0f} | {speed / base:.2f} "
                  f"| {took:.2f} |")


if __name__ == "__main__":
    main()
