"""`rnnprog run FILE.py NAME=VALUE...`: call the function on the network and print what it returns
(or the error it raises, with its traceback), with a trace or a plot when asked."""

from __future__ import annotations

import json
from pathlib import Path

import click
import numpy as np

from rnnprog import plots
from rnnprog.errors import CompileError
from rnnprog.options import echo_trace
from rnnprog.py import parse, report, result, runtime
from rnnprog.py.compile import CompiledFunction, compile
from rnnprog.rm import trace as rm_trace
from rnnprog.rm.interpret import interpret as run_registers

#: The register interpreter replays a trace up to this many steps (rows past it: not compared).
INTERPRETER_BUDGET = 10_000_000
#: A plot shows at most this many computed ticks.
MAX_PLOT_TICKS = 5000
#: The exit code of a call that raised (as `python` exits on an uncaught exception).
EXIT_RAISED = 1
EXIT_NOT_HALTED = 3


def run_main(program, file: str, options) -> int:
    """The body of `rnnprog run FILE.py`; returns the exit code (0 returned, 1 raised, 3 stopped).

    Raises:
        click.UsageError: options of other kinds (--tape, --head, --inputs).
    """
    options.refuse("Python", "tape", "head", "inputs_csv")
    function = getattr(options, "function", None)
    if function is not None and function != program.entry:
        program = parse.parse(program.source, program.path, entry=function)
    compiled = compile(program)
    args = result.arguments(compiled.lowering, options.named_inputs())
    if options.trace and options.as_json:
        raise click.UsageError("--trace prints a table; give --json without it")
    keep = max(options.trace_limit + 1 if options.trace else 0, MAX_PLOT_TICKS + 1 if options.plot else 0)
    if keep and not options.accelerate:
        done = runtime.run(compiled, [args], device=options.device, dtype=options.dtype,
                           max_steps=options.max_steps, accelerate=False, record=True)
        states = done.states[: done.results[0].steps + 1, 0]
        ticked = list(enumerate(states))
    else:
        done = runtime.run(compiled, [args], device=options.device, dtype=options.dtype,
                           max_steps=options.max_steps, accelerate=options.accelerate, keep=keep)
        ticked = done.ticked or []
    if options.trace:
        print_trace(compiled, args, ticked[: options.trace_limit], done.jumps, options.trace_limit)
    if options.plot:
        save_plot(options.plot, compiled, ticked[:MAX_PLOT_TICKS + 1], done.jumps, file)
    return echo_results(done.results, done.seconds, options, done, file, program.source)


def echo_results(results, seconds: float, options, done=None, file: str = "", source: str = "") -> int:
    """Print each call's outcome and the run line (or JSON); the exit code: 0 when every call
    returned, 1 when one raised, 3 when one was stopped by the step budget."""
    for one in results:
        if options.as_json:
            click.echo(json.dumps(report.as_json(one, seconds)))
            continue
        for line in report.outcome_lines(one, file, source):
            click.echo(line)
        if done is not None and done.computed is not None:
            click.echo(report.summary(one, seconds, done.computed, done.replayed, len(done.jumps)))
        else:
            click.echo(report.summary(one, seconds))
    if not all(r.halted for r in results):
        return EXIT_NOT_HALTED
    return EXIT_RAISED if any(r.error is not None for r in results) else 0


def print_trace(compiled: CompiledFunction, args, ticked, jumps, limit: int) -> None:
    """The computed ticks beside the register interpreter, a row per fast-forward jump between
    them; a difference is a compiler bug (exit 1)."""
    wanted = {t for t, _ in ticked if t <= INTERPRETER_BUDGET}
    rows = result.registers_of(compiled.lowering, args)
    reference = run_registers(compiled.lowered, rows, max_steps=max(wanted, default=0), trace_at=wanted)
    at = dict(zip(sorted(wanted), reference.trace))
    events = sorted([(t, 0, h) for t, h in ticked] + [(j.start, 1, j) for j in jumps],
                    key=lambda e: (e[0], e[1]))
    lines = [report.header(compiled)]
    for t, kind, item in events[:limit]:
        lines.append(report.tick_row(compiled, t, item, at.get(t)) if kind == 0 else
                     report.jump_row(compiled, item))
    if len(events) > limit:
        lines.append(f"... (raise --trace-limit to see more than {limit} rows)")
    for line in lines:
        echo_trace(line)
    if any("DIFF" in line for line in lines):
        raise CompileError("the network and the register interpreter disagree (see DIFF above)")


def save_plot(path: str, compiled: CompiledFunction, ticked, jumps, file: str) -> None:
    """The run as a PNG: the raster of unit activations, the Python line at each computed tick,
    and the entry function's variables."""
    if not ticked:
        raise click.UsageError("nothing to plot")
    ticks = [t for t, _ in ticked]
    states = np.array([[float(v) for v in h] for _, h in ticked])
    decoded = [rm_trace.decode(compiled.registers, h) for _, h in ticked]
    lowered, lowering = compiled.lowered, compiled.lowering
    entry = compiled.module.entry
    rows = []  # the entry's lines, then each routine or called function, then the end
    for origin in lowering.origins:
        row = _row(origin, entry)
        if row not in rows:
            rows.append(row)
    lines = sorted((r for r in rows if r.startswith("line ")), key=lambda r: int(r[5:]))
    names = lines + [r for r in rows if not r.startswith("line ")] + ["returned"]
    positions = []
    for s in decoded:
        if s is None or s.pc == lowered.end:
            positions.append(len(names) - 1)
            continue
        origin = lowering.origins[lowered.code[s.pc].origin]
        row = _row(origin, entry)
        positions.append(names.index(row))
    variables = lowering.variables[entry]
    layout = compiled.layout
    values = {name: states[:, layout.registers[p.pos]] - states[:, layout.registers[p.neg]]
              for name, p in variables.items()}
    marks = []
    for jump in jumps:
        column = sum(1 for t in ticks if t <= jump.start) - 1
        if 0 <= column < len(ticks) - 1:
            marks.append((column, f"x {jump.blocks:,}: {jump.ticks:,} ticks"))
    title = (f"{Path(file).name}: {compiled.module.entry}, {ticks[-1]:,} ticks of a {compiled.units}-unit "
             f"RNN" + (f", {len(ticks) - 1:,} computed" if jumps else ""))
    roles = [u.role for u in compiled.network.units]
    plots.save_run(path, title, states, compiled.labels, roles, (positions, names), values,
                   values_title="variables", jumps=marks)


def _row(origin, entry: str) -> str:
    """The program-counter panel's row of an instruction: its line in the called function, or the
    function, routine or error chain it belongs to."""
    if origin.function == entry and origin.line:
        return f"line {origin.line}"
    if origin.line:
        return f"in {origin.function}()"
    return f"routine {origin.function}" if origin.function else "raising"
