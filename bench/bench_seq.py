"""Benchmark: sequence programs, input symbols per second, interpreter against the network.

Run: .venv/bin/python bench/bench_seq.py [--length 1000000] [--end-ticks 1000000]
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


END_LOOP = "alphabet: a\ncounters: n\nstart: s\ns a -> s n+1\ns $ -> s n+1\n"
IDLE = "alphabet: a\nstart: s\ns a -> s\ns $ -> s\n"


def end_ticks(length: int) -> None:
    """The ticks after the input, where the end symbol repeats: a loop that emits every tick
    (unary_echo: computed one by one) and one that does not (certified jumps)."""
    print("\n| end ticks | dtype | fast-forward | ticks | seconds |")
    print("|---|---|---|---|---|")
    echo = rnnprog.compile(rnnprog.load(os.path.join(PROGRAMS, "unary_echo.seq")))
    loop = rnnprog.compile(rnnprog.parse(END_LOOP, kind="seq"))
    idle = rnnprog.compile(rnnprog.parse(IDLE, kind="seq"))
    cases = [("unary_echo, emits every tick", echo, "a" * length, length, (True, False)),
             ("a counting loop", loop, "a", length, (True, False)),
             ("an idle loop, budget 2^62", idle, "a", 2**62, (True,))]
    for name, compiled, text, budget, modes in cases:
        for dtype in ("float32", "exact"):
            for fast in modes:
                start = time.perf_counter()
                result = runtime.run_batch(compiled, [text], dtype=dtype, max_steps=budget,
                                           accelerate=fast).results[0]
                took = time.perf_counter() - start
                print(f"| {name} | {result.dtype} | {'on' if fast else 'off'} | {result.ticks:,} | "
                      f"{took:.3f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--length", type=int, default=1_000_000, help="Symbols of the batch-1 input.")
    parser.add_argument("--end-ticks", type=int, default=1_000_000, help="End ticks after the input.")
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
    end_ticks(args.end_ticks)


if __name__ == "__main__":
    main()
