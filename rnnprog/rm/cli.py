"""`rnnprog run FILE.rm`: one row (with trace, plot, JSON) or a CSV batch, printed."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
import numpy as np

from rnnprog import plots
from rnnprog.device import resolve_dtype
from rnnprog.errors import CompileError
from rnnprog.options import RunOptions, echo_trace
from rnnprog.progress import Progress
from rnnprog.rm import accelerated, columns, report, rows
from rnnprog.rm.compile import compile
from rnnprog.rm.guard import check_start
from rnnprog.rm.interpret import interpret
from rnnprog.rm.result import DEFAULT_MAX_STEPS
from rnnprog.rm.runtime import initial_states, results, run_batch
from rnnprog.rm.trace import decode, first_divergence

#: An accelerated trace compares its rows with the interpreter up to this many steps.
INTERPRETER_BUDGET = 10_000_000
#: A plotted run shows at most this many ticks (a raster wider than this is unreadable anyway).
MAX_PLOT_TICKS = 5000


def run_main(program, file: str, options: RunOptions) -> int:
    """Run a register program as the CLI does; returns the exit code (0 halted, 3 not).

    Raises:
        click.UsageError: Turing-machine options, or --trace/--plot with --inputs.
    """
    options.refuse("register", "tape", "head", "function")
    options.refuse_trace_json("register")
    if options.inputs_csv and (options.assignments or options.trace or options.plot):
        raise click.UsageError("--inputs runs a batch from the CSV file: give no NAME=VALUE, "
                               "--trace or --plot with it")
    max_steps = DEFAULT_MAX_STEPS if options.max_steps is None else options.max_steps
    compiled = compile(program)
    if options.inputs_csv:
        table = columns.read_batch(options.inputs_csv, compiled.program)
        if isinstance(table, dict):
            return _run_columns(compiled, table, options, max_steps)
    else:
        table = input_rows(options)
    if options.trace and options.accelerate and not options.inputs_csv and not options.plot \
            and not options.as_json and compiled.units < accelerated.MAX_UNITS:
        return _accelerated_trace(compiled, table[0], options, max_steps)
    if options.plot and not options.trace and options.accelerate and not options.inputs_csv \
            and compiled.units < accelerated.MAX_UNITS:
        return _accelerated_plot(compiled, table[0], options, max_steps, file)
    # A trace or plot keeps only the states it shows (memory stays bounded however long the run).
    shown = max(options.trace_limit if options.trace else 0, MAX_PLOT_TICKS if options.plot else 0)
    states = None
    if shown and not options.inputs_csv:
        recorded = run_batch(compiled, table, device=options.device, dtype=options.dtype,
                             max_steps=min(max_steps, shown), record=True)
        states = recorded.states[: recorded.results[0].steps + 1, 0]
    with Progress(max_steps) as bar:
        batch = run_batch(compiled, table, device=options.device, dtype=options.dtype,
                          max_steps=max_steps, progress=bar, accelerate=options.accelerate)
    if states is not None:
        total = batch.results[0].steps + 1
        if options.plot:
            save_run(options.plot, compiled, states, file)
        if options.trace and not options.as_json:
            _print_trace(compiled, table[0], states, options.trace_limit, total)
    return echo_results(table, batch.results, batch.seconds, options)


def _run_columns(compiled, inputs: dict, options: RunOptions, max_steps: int) -> int:
    """A batch file numpy read: run it as columns and print the columns (exit 0 or 3)."""
    with Progress(max_steps) as bar:
        batch = run_batch(compiled, inputs, device=options.device, dtype=options.dtype,
                          max_steps=max_steps, progress=bar, accelerate=options.accelerate)
    table = batch.columns
    rows.print_columns(inputs, table, options.as_json, batch.results if options.as_json else None)
    return 0 if table.halted.all() else rows.EXIT_NOT_HALTED


def input_rows(options: RunOptions) -> list[dict[str, str]]:
    """The input rows of a run: the CSV file's rows, or the one row of NAME=VALUE words."""
    return rows.read_rows(options.inputs_csv) if options.inputs_csv else [options.named_inputs()]


def echo_results(table, results, seconds: float, options: RunOptions) -> int:
    """Print a run's results (CSV or JSON lines for a batch; outputs and a summary for one row)
    and return the exit code: 0 when every row halted, else 3."""
    halted = all(r.halted for r in results)
    code = 0 if halted else rows.EXIT_NOT_HALTED
    if options.inputs_csv:
        rows.print_rows(table, results, options.as_json)
        return code
    result = results[0]
    if options.as_json:
        click.echo(json.dumps(report.result_json(result, seconds)))
        return code
    for name, value in result.outputs.items():
        click.echo(f"{name} = {value}")
    max_steps = DEFAULT_MAX_STEPS if options.max_steps is None else options.max_steps
    click.echo(report.summary(result, seconds, max_steps))
    return code


def _accelerated_run(compiled, row, options: RunOptions, max_steps: int, keep: int):
    """One row on the accelerated path, keeping the first `keep` computed states:
    (the accelerator's Result, seconds, dtype)."""
    dtype = resolve_dtype(options.dtype)
    start = time.perf_counter()
    h0 = initial_states(compiled, [row])
    if dtype != "exact":
        check_start(compiled, h0, dtype)
    done = accelerated.accelerator(compiled, dtype).run(h0[0].tolist(), max_steps, record=keep)
    return done, time.perf_counter() - start, dtype


def _accelerated_trace(compiled, row, options: RunOptions, max_steps: int) -> int:
    """`--trace` of an accelerated run: computed ticks beside the interpreter, one row per jump.

    The interpreter runs up to the last step shown or INTERPRETER_BUDGET steps, whichever is
    less; rows past that say `not compared`.
    """
    done, seconds, dtype = _accelerated_run(compiled, row, options, max_steps, options.trace_limit + 1)
    shown = sorted(t for t, _ in done.ticked)[: options.trace_limit]
    wanted = {t for t in shown if t <= INTERPRETER_BUDGET}
    reference = interpret(compiled.lowered, row, max_steps=max(wanted, default=0), trace_at=wanted)
    at = {state_step: state for state_step, state in zip(sorted(wanted), reference.trace)}
    rows = report.accelerated_rows(compiled, done.ticked, done.jumps, at, options.trace_limit,
                                   total=done.computed + done.replayed + 1 + len(done.jumps))
    for line in rows:
        echo_trace(line)
    if any("DIFF" in line for line in rows):
        raise CompileError("the accelerated network and the interpreter disagree (see DIFF above)")
    final = np.array([done.final], dtype=object)
    result = results(compiled, final, [done.ticks], [done.halted], "cpu", dtype)[0]
    return echo_results([row], [result], seconds, options)


def _accelerated_plot(compiled, row, options: RunOptions, max_steps: int, file: str) -> int:
    """`--plot` of an accelerated run: the ticks computed, each jump marked where it happened."""
    done, seconds, dtype = _accelerated_run(compiled, row, options, max_steps, MAX_PLOT_TICKS + 1)
    ticks = [t for t, _ in done.ticked]
    save_run(options.plot, compiled, [h for _, h in done.ticked], file, done.jumps, ticks)
    result = results(compiled, np.array([done.final], dtype=object), [done.ticks], [done.halted],
                     "cpu", dtype)[0]
    return echo_results([row], [result], seconds, options)


def _print_trace(compiled, inputs, states, limit: int, total: int) -> None:
    """The decoded trace (the first states of a run of `total` states) beside the interpreter's;
    a divergence is a compiler bug (exit 1)."""
    reference = interpret(compiled.lowered, inputs, max_steps=len(states) - 1,
                          trace_at=set(range(len(states))))
    for line in report.trace_rows(compiled, states, list(reference.trace), limit, total):
        echo_trace(line)
    divergence = first_divergence(compiled, states, reference.trace)
    if divergence is not None:
        raise CompileError(report.divergence_text(compiled, divergence))


def save_run(path: str, compiled, states: np.ndarray, file: str, jumps=(), ticks=None) -> None:
    """A recorded run as a PNG: raster, program counter path and register values.

    Args:
        states: the network's hidden states (ticks + 1, units), one row; with `jumps`, the
            states of the ticks computed, `ticks` their tick numbers.
    """
    states = np.asarray(states, dtype=float)[:MAX_PLOT_TICKS + 1]
    lowered, layout = compiled.lowered, compiled.layout
    decoded = [decode(compiled, h) for h in states]
    positions = [lowered.end if s is None else s.pc for s in decoded]
    names = [*lowered.names, "halted"]
    values = {name: states[:, layout.registers[name]] for name in lowered.program.registers}
    roles = [u.role for u in layout.units]
    marks = []
    for jump in jumps:
        column = sum(1 for t in (ticks or [])[:len(states)] if t <= jump.start) - 1
        if 0 <= column < len(states) - 1:
            marks.append((column, f"x {jump.blocks:,}: {jump.ticks:,} ticks"))
    total = (ticks[len(states) - 1] if ticks else len(states) - 1)
    plots.save_run(path, f"{Path(file).name}: {total:,} ticks of a {compiled.units}-unit RNN"
                   + (f", {len(states) - 1} computed" if jumps else ""),
                   states, compiled.labels, roles, (positions, names), values, jumps=marks)
