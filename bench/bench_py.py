"""Benchmark: Python functions on their network, against the register interpreter and CPython.

Four tables, every number from this run on this machine:
1. fib(90), gcd(2**61 - 1, 10**18 + 9), isqrt(10**30), pow_mod(3, 10**6, 10**9 + 7) on the
   network (exact, fast-forwarded): steps (exact: fast-forward certifies each jump), ticks
   computed, ticks replayed, jumps and time (best of --repeats, wall and CPU), beside the
   register interpreter (run where it finishes within --interpreter-seconds, else its time at
   its measured rate) and CPython calling the same function.
2. The same functions on smaller calls: fast-forward's step counts against the register
   interpreter's, which must be equal.
3. Units and nonzero weights of every shipped programs/*.py, with its lines of Python.
4. Units against lines of Python: one function grown a statement at a time.

Run: .venv/bin/python bench/bench_py.py [--repeats 3] [--interpreter-seconds 20]
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

from rnnprog.py import parse, reference, runtime
from rnnprog.py.compile import compile
from rnnprog.rm.interpret import interpret as run_registers

PROGRAMS = Path(__file__).resolve().parent.parent / "programs"
CALLS = [("fib", (90,)), ("gcd", (2**61 - 1, 10**18 + 9)), ("isqrt", (10**30,)),
         ("pow_mod", (3, 10**6, 10**9 + 7))]
SHOWN = {"fib": "fib(90)", "gcd": "gcd(2**61 - 1, 10**18 + 9)", "isqrt": "isqrt(10**30)",
         "pow_mod": "pow_mod(3, 10**6, 10**9 + 7)"}
#: The same functions on calls the register interpreter finishes: fast-forward's step counts
#: must equal its count exactly.
SMALL_CALLS = [("fib", (22,)), ("gcd", (2**16 - 1, 10**4 + 7)), ("isqrt", (10**6,)),
               ("pow_mod", (3, 100, 1009))]


def compiled_program(name: str, entry: str | None = None):
    path = PROGRAMS / f"{name}.py"
    module = parse.parse(path.read_text(), str(path), entry=entry)
    return module, compile(module)


def best_of(repeats: int, thunk):
    """(result, best wall seconds, CPU seconds of that run)."""
    best = None
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        out = thunk()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if best is None or wall < best[1]:
            best = (out, wall, cpu)
    return best


def interpreter_rate(compiled, args, seconds: float = 1.0) -> float:
    """Register-interpreter steps per second on a slice of the same call."""
    rows = {r: v for (_, pair), a in zip(compiled.lowering.params, args)
            for r, v in ((pair.pos, max(a, 0)), (pair.neg, max(-a, 0)))}
    steps = 100_000
    start = time.perf_counter()
    while True:
        run_registers(compiled.lowered, rows, max_steps=steps)
        took = time.perf_counter() - start
        if took > seconds / 4:
            return steps / took
        steps *= 4
        start = time.perf_counter()


def speed_table(repeats: int, interpreter_seconds: float) -> list[str]:
    lines = ["| call | value | steps | ticks computed | replayed | jumps | network (wall / CPU) | "
             "register interpreter | CPython |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, args in CALLS:
        module, compiled = compiled_program(name)
        runtime.run(compiled, [args])  # warm the caches of the first run
        done, wall, cpu = best_of(repeats, lambda c=compiled, a=args: runtime.run(c, [a]))
        result = done.results[0]
        python = reference.Reference(module)
        _, py_wall, _ = best_of(repeats, lambda p=python, a=args: p.call(a))
        rate = interpreter_rate(compiled, args)
        estimate = result.steps / rate
        if estimate <= interpreter_seconds:
            interpreted, its_wall, _ = best_of(1, lambda c=compiled, a=args: runtime.interpret(c, a))
            assert interpreted.steps == result.steps and interpreted.value == result.value
            shown = f"{its_wall:.3f} s"
        else:
            shown = f"~{_duration(estimate)} at {rate:,.0f} steps/s"
        lines.append(f"| {SHOWN[name]} | {result.value} | {result.steps:,} | {done.computed:,} | "
                     f"{done.replayed:,} | {len(done.jumps):,} | {wall:.3f} s / {cpu:.3f} s | {shown} | "
                     f"{py_wall * 1e6:,.0f} us |")
    return lines


def exact_table() -> list[str]:
    """Fast-forwarded steps against the register interpreter's, on calls it can finish."""
    lines = ["| call | value | steps fast-forwarded | steps interpreted | same |",
             "| --- | --- | ---: | ---: | --- |"]
    for name, args in SMALL_CALLS:
        _, compiled = compiled_program(name)
        network = runtime.run(compiled, [args]).results[0]
        interpreted = runtime.interpret(compiled, args)
        same = (network.value, network.steps) == (interpreted.value, interpreted.steps)
        call = f"{name}({', '.join(map(str, args))})"
        lines.append(f"| {call} | {network.value} | {network.steps:,} | {interpreted.steps:,} | "
                     f"{'yes' if same else 'NO'} |")
    return lines


def units_table() -> list[str]:
    lines = ["| program | function | lines of Python | register instructions | units | nonzero weights |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    for path in sorted(PROGRAMS.glob("*.py")):
        module, compiled = compiled_program(path.stem)
        lines.append(f"| {path.name} | {module.entry} | {_python_lines(module)} | "
                     f"{len(compiled.lowered.program.instructions)} | {compiled.units} | "
                     f"{compiled.network.recurrent.nonzero:,} |")
    return lines


def growth_table(sizes=(1, 2, 4, 8, 16, 32)) -> list[str]:
    """One function grown by statements of the same mix (an add, a comparison, a floor division
    by a constant, a call of a routine): units per line settle to a constant."""
    lines = ["| statements | lines of Python | units | units per line |", "| ---: | ---: | ---: | ---: |"]
    block = ["    x = x + y * {k}", "    if x > y:", "        y = y - x // 3", "    y = y % (x * x + 1)"]
    for size in sizes:
        body = [line.format(k=k + 2) for k in range(size) for line in block]
        source = "def grow(x, y):\n" + "\n".join(body) + "\n    return x + y\n"
        compiled = compile(parse.parse(source, "grow.py"))
        count = len(body) + 2
        lines.append(f"| {size * len(block)} | {count} | {compiled.units} | {compiled.units / count:.1f} |")
    return lines


def _python_lines(module) -> int:
    """Lines of the compiled functions' source that are code (not blank, comment or docstring)."""
    text = module.source.splitlines()
    count = 0
    for function in module.functions:
        end = max([function.line] + [s.line for s in _all_statements(function.body)])
        count += sum(1 for line in text[function.line - 1:end] if line.strip() and
                     not line.strip().startswith(("#", '"""', "'''")))
    return count


def _all_statements(body):
    from rnnprog.py import check

    return list(check.statements(body))


def _duration(seconds: float) -> str:
    for unit, size in (("years", 3.156e7), ("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= size:
            return f"{seconds / size:,.0f} {unit}"
    return f"{seconds:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--interpreter-seconds", type=float, default=20.0)
    args = parser.parse_args()
    print(f"# bench_py on {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    for table in (speed_table(args.repeats, args.interpreter_seconds), exact_table(), units_table(),
                  growth_table()):
        print()
        print("\n".join(table))


if __name__ == "__main__":
    main()
