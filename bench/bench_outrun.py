"""Benchmark: the network against its interpreter on long single runs, exact arithmetic, and size.

Run: .venv/bin/python bench/bench_outrun.py [--tick-budget 60] [--tables single,turing,exact,sizes]
Prints four tables; every number comes from this run, on this machine. The single runs' times are
each the best of 3 (the interpreter's too): this machine's speed drifts by half from one second
to the next. A tick-by-tick network run expected to take longer than --tick-budget seconds is not
run: its time is estimated from the tick rate measured on its first 20,000 ticks, and the row
says "est.".
"""

from __future__ import annotations

import argparse
import os
import platform
import time
import tracemalloc

import torch

import rnnprog
from rnnprog.errors import PrecisionError
from rnnprog.rm import compile, run_batch
from rnnprog.rm.accelerated import accelerator
from rnnprog.rm.runtime import initial_states
from rnnprog.tm import interpreter as tm_interpreter
from rnnprog.tm import parse as tm_parse

PROGRAMS = os.path.join(os.path.dirname(__file__), "..", "programs")
SINGLE = [("collatz.rm", {"n": 27}), ("mul.rm", {"a": 1000, "b": 1000}),
          ("mul.rm", {"a": 10**6, "b": 10**6}), ("divmod.rm", {"a": 300, "b": 7})]
BB4 = "1RB1LB_1LA0LC_1RZ1LD_1RD0RA"
BB5 = "1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA"
PROBE = 20_000
BB5_PROBE = 200_000
REPEAT = 3


def seconds(call, *args, **kwargs) -> tuple[float, object]:
    """(wall seconds, result) of call(*args, **kwargs)."""
    start = time.perf_counter()
    out = call(*args, **kwargs)
    return time.perf_counter() - start, out


def best(call, *args, **kwargs) -> tuple[float, object]:
    """(least wall seconds of REPEAT calls, the last result)."""
    runs = [seconds(call, *args, **kwargs) for _ in range(REPEAT)]
    return min(t for t, _ in runs), runs[-1][1]


def counts(compiled, row) -> str:
    """`computed / replayed`: the exact accelerated run's single ticks and replayed ones."""
    h0 = initial_states(compiled, [row])[0].tolist()
    done = accelerator(compiled, "exact").run(h0, 10**15)
    return f"{done.computed:,} / {done.replayed:,}"


def tick_by_tick(compiled, row, steps: int, budget: float) -> tuple[float, str]:
    """Seconds of the plain float32 network for the whole run, measured or estimated."""
    probe, _ = seconds(run_batch, compiled, [row], max_steps=min(PROBE, steps))
    estimate = probe * steps / min(PROBE, steps)
    if estimate > budget:
        return estimate, "est."
    took, batch = seconds(run_batch, compiled, [row], max_steps=steps + 1)
    assert batch.results[0].steps == steps
    return took, ""


def single_runs(budget: float) -> None:
    print("| run | steps | interpreter s | network tick by tick s | accelerated float32 s (x interp) "
          "| accelerated exact s (x interp) | jumps | ticks computed / replayed |")
    print("|---|---|---|---|---|---|---|---|")
    for name, row in SINGLE:
        program = rnnprog.load(os.path.join(PROGRAMS, name))
        compiled = compile(program)
        big = max(row.values()) > 10**4
        try:
            fast32, _ = best(run_batch, compiled, [row], dtype="float32", accelerate=True,
                             max_steps=10**15)
        except PrecisionError:  # the answer passes 2^24: float32 refuses, as it should
            fast32 = float("nan")
        fast, exact = best(run_batch, compiled, [row], dtype="exact", accelerate=True,
                           max_steps=10**15)
        steps = exact.results[0].steps
        if big:  # the interpreter's 10^12 steps would take days: not run
            interp, slow, mark = float("nan"), float("nan"), "not run"
        else:
            interp, reference = best(rnnprog.interpret, program, row, max_steps=10**15)
            assert reference.steps == steps and reference.outputs == exact.results[0].outputs
            slow, mark = tick_by_tick(compiled, row, steps, budget)
        f32 = "PrecisionError" if fast32 != fast32 else f"{fast32:.3f}"
        words = " ".join(f"{k}={v:,}" for k, v in row.items())
        print(f"| {name} {words} | {steps:,} | {interp:.2f} | {slow:.1f} {mark} | {f32}"
              f"{_ratio(interp, fast32)} | {fast:.3f}{_ratio(interp, fast)} | {len(exact.jumps[0])} "
              f"| {counts(compiled, row)} |")


def _ratio(interp: float, took: float) -> str:
    """` (12x)`: how many times the interpreter's time, or nothing where either was not run."""
    if interp != interp or took != took:
        return ""
    ratio = interp / took
    return f" ({ratio:,.0f}x)" if ratio >= 10 else f" ({ratio:.2g}x)"


def turing_rows() -> None:
    print("\n| machine | steps | interpreter s | network float64 s | network exact s |")
    print("|---|---|---|---|---|")
    bb4 = tm_parse(BB4)
    interp, result = seconds(tm_interpreter.interpret, bb4)
    f64, _ = seconds(rnnprog.run, bb4, "", dtype="float64")
    exact, _ = seconds(rnnprog.run, bb4, "", dtype="exact")
    print(f"| BB(4) | {result.steps} | {interp:.4f} | {f64:.3f} | {exact:.3f} |")
    bb5 = tm_parse(BB5)
    interp, result = seconds(tm_interpreter.interpret, bb5, max_steps=10**8)
    probe, _ = seconds(rnnprog.run, bb5, "", dtype="exact", max_steps=BB5_PROBE)
    rate = BB5_PROBE / probe  # a lower bound on the whole run's time: the stacks only grow
    print(f"| BB(5) | {result.steps:,} ({result.ones:,} ones) | {interp:.1f} | not run (float64 holds "
          f"25 cells a stack) | not run: {rate:,.0f} ticks/s over the first {BB5_PROBE:,} steps, so "
          f"over {result.steps / rate / 60:.0f} min for all (no chain fast-forward) |")


def exact_rates() -> None:
    print("\n| dtype | batch | ticks/s (no acceleration) |")
    print("|---|---|---|")
    compiled = compile(rnnprog.load(os.path.join(PROGRAMS, "mul.rm")))
    for batch in (1, 1024):
        rows = [{"a": 30 + i % 7, "b": 30} for i in range(batch)]
        for dtype in ("float32", "exact"):
            took, out = seconds(run_batch, compiled, rows, dtype=dtype, accelerate=False)
            print(f"| {dtype} | {batch} | {out.ticks * batch / took:,.0f} |")


def sizes() -> None:
    print("\n| blocks | units | compile s | compile peak MB | ticks run | ticks/s (sparse runner) "
          "| ticks/s (accelerated path) |")
    print("|---|---|---|---|---|---|---|")
    for n in (100, 1000, 10000):
        text = "in a\nout a\n" + "".join(f"b{i}: jz a c{i}\ndec a\nc{i}: inc a\ninc a\n" for i in range(n))
        took, program = seconds(rnnprog.parse, text)
        built, compiled = seconds(compile, program)
        tracemalloc.start()  # a second compile, measured for memory only (tracing slows it)
        compile(program)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        sparse, run = seconds(run_batch, compiled, [{"a": 1}], max_steps=10_000, backend="sparse")
        fast, _ = seconds(run_batch, compiled, [{"a": 1}], max_steps=10_000, accelerate=True)
        ticks = run.results[0].steps  # 4 a block, at most 10,000
        print(f"| {n:,} | {compiled.units:,} | {took + built:.2f} | {peak:.0f} | {ticks:,} "
              f"| {ticks / sparse:,.0f} | {ticks / fast:,.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tick-budget", type=float, default=60.0,
                        help="Longest tick-by-tick network run to measure (seconds); longer are estimated.")
    parser.add_argument("--tables", default=",".join(TABLES),
                        help="Comma-separated tables to print (default: all), e.g. sizes.")
    args = parser.parse_args()
    chosen = args.tables.split(",")
    unknown = sorted(set(chosen) - set(TABLES))
    if unknown:
        parser.error(f"unknown table {', '.join(unknown)}; choose from {', '.join(TABLES)}")
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch "
          f"{torch.__version__}, Python {platform.python_version()}, cpu\n")
    for name in TABLES:  # in the usual order, whatever order they were asked in
        if name in chosen:
            TABLES[name](args)


TABLES = {"single": lambda args: single_runs(args.tick_budget), "turing": lambda _: turing_rows(),
          "exact": lambda _: exact_rates(), "sizes": lambda _: sizes()}


if __name__ == "__main__":
    main()
