"""Benchmark: the Turing-machine reference interpreter's steps/s on the busy beavers.

Each figure but --full's is the best of a few runs, measured in this one process.

Run: .venv/bin/python bench/bench_tm.py [--runs 2000] [--repeats 3] [--full]
Prints a table; every number comes from this run, on this machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

from rnnprog.tm import interpreter, parse

BB4 = "1RB1LB_1LA0LC_1RZ1LD_1RD0RA"
BB5 = "1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA"


def timed(machine, runs: int, max_steps: int) -> tuple[int, float, object]:
    """Run the machine `runs` times from a blank tape: (total steps, seconds, last result)."""
    steps, start = 0, time.perf_counter()
    for _ in range(runs):
        result = interpreter.interpret(machine, max_steps=max_steps)
        steps += result.steps
    return steps, time.perf_counter() - start, result


def best(machine, runs: int, max_steps: int, repeats: int) -> tuple[int, float, object]:
    """The fastest of `repeats` timings (the fairest figure on a shared machine)."""
    return min((timed(machine, runs, max_steps) for _ in range(repeats)), key=lambda t: t[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=2000, help="BB(4) runs per timing")
    parser.add_argument("--repeats", type=int, default=3, help="timings per row; the best is shown")
    parser.add_argument("--full", action="store_true", help="also run BB(5) to its halt (timed once)")
    args = parser.parse_args()
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()} ({platform.python_implementation()})")
    print(f"{'machine':<28}{'steps':>12}{'ones':>6}{'halted':>8}{'seconds':>10}{'steps/s':>14}")
    rows = [(f"BB(4) x {args.runs}", *best(parse(BB4), args.runs, 1_000, args.repeats)),
            ("BB(5), 1,000,000 steps", *best(parse(BB5), 1, 1_000_000, args.repeats))]
    if args.full:
        rows.append(("BB(5) to its halt", *timed(parse(BB5), 1, 50_000_000)))
    for name, steps, seconds, result in rows:
        print(f"{name:<28}{steps:>12,}{result.ones:>6,}{result.halted!s:>8}{seconds:>10.3f}"
              f"{steps / seconds:>14,.0f}")


if __name__ == "__main__":
    main()
