"""The `rnnprog run FILE.tm` command body: run the network, print the tape, head, state and size."""

from __future__ import annotations

import json
from pathlib import Path

import click
import numpy as np
import torch

from rnnprog import device as devices
from rnnprog import plots, source
from rnnprog.network import torch_build
from rnnprog.options import RunOptions, echo_trace
from rnnprog.tm import capacity, codec, interpreter, runtime
from rnnprog.tm.compiler import compile
from rnnprog.tm.interpreter import DEFAULT_MAX_STEPS
from rnnprog.tm.ir import Config, Program, Result, initial_config
from rnnprog.tm.parser import parse

#: A plotted run shows at most this many ticks (a raster wider than this is unreadable anyway).
MAX_PLOT_TICKS = 5000


def load(path_or_program: str | Path | Program) -> Program:
    """A Program from a path to a `.tm` file, or the Program itself.

    Raises:
        ProgramError: the file is unreadable or malformed.
    """
    if isinstance(path_or_program, Program):
        return path_or_program
    return parse(source.read_text(path_or_program), path=str(path_or_program))


def run_command(program: Program, file: str, options: RunOptions) -> int:
    """`rnnprog run FILE.tm [--tape T] [--head N]`: the CLI body; returns the exit code.

    Raises:
        click.UsageError: register-program inputs (NAME=VALUE, --inputs) given to a machine.
    """
    options.refuse("Turing-machine", "assignments", "inputs_csv", "function")
    max_steps = DEFAULT_MAX_STEPS if options.max_steps is None else options.max_steps
    tape, head = options.tape or "", options.head or 0
    code = run_main(program, tape=tape, head=head, max_steps=max_steps, device=options.device,
                    dtype=options.dtype, trace=options.trace, as_json=options.as_json,
                    echo=echo_trace, trace_limit=options.trace_limit)
    if options.plot:
        steps = interpreter.interpret(program, tape, head=head,
                                      max_steps=min(max_steps, MAX_PLOT_TICKS)).steps
        save_run(options.plot, compile(program), tape, head, steps, file)
    return code


def machine_states(compiled, tape: str, head: int, ticks: int) -> np.ndarray:
    """The stock RNN's hidden states (ticks + 1, units) from the encoded tape, in float64."""
    h0 = [float(v) for v in codec.encode(compiled, initial_config(compiled.program, tape, head))]
    rnn = torch_build.module(compiled.network, "float64", "cpu")
    h = torch.tensor(h0, dtype=torch.float64).view(1, 1, -1)
    with torch.no_grad():
        out, _ = rnn(torch.zeros(ticks, 1, 1, dtype=torch.float64), h)
    return np.concatenate([h[0].numpy(), out[:, 0].numpy()])


def save_run(path: str, compiled, tape: str, head: int, steps: int, file: str) -> None:
    """A Turing machine's run as a PNG: raster, the state it is in, and the head cell, tick by tick."""
    states = machine_states(compiled, tape, head, min(steps, MAX_PLOT_TICKS))
    network, lay = compiled.network, compiled.layout
    names = list(compiled.program.all_states)
    positions = []
    for h in states:
        on = [i for i in lay.gate_units if h[i] > 0.5]
        positions.append(names.index(network.units[on[0]].get("state")) if on else 0)
    head_cell = states[:, lay.unit("head", "+")] - states[:, lay.unit("head", "-")]
    plots.save_run(path, f"{Path(file).name}: {len(states) - 1} steps of a {network.size}-unit RNN",
                   states, network.labels, [u.role for u in network.units], (positions, names),
                   {"head cell": head_cell}, "head")


def run_main(path_or_program: str | Path | Program, *, tape: str = "", head: int = 0,
             max_steps: int = DEFAULT_MAX_STEPS, device: str | None = None, dtype: str | None = None,
             trace: bool = False, as_json: bool = False, echo=click.echo,
             trace_limit: int | None = None) -> int:
    """Run a Turing machine's network on one tape and print the result.

    Args:
        path_or_program: a `.tm` file or a Program.
        tape: the initial cells from cell 0; head: the starting cell.
        max_steps: the most machine steps; device, dtype: as for runtime.run (dtype default float64).
        trace: also print every step as decoded from the network beside the interpreter's.
        as_json: print one JSON object instead of text.
        echo: where lines go.
        trace_limit: print at most this many trace rows (None: all).

    Returns:
        0 when the machine halted, 3 when it was still running after max_steps steps.

    Raises:
        ProgramError, InputError, PrecisionError (exit code 4), DeviceError.
    """
    program = load(path_or_program)
    compiled = compile(program)
    dtype = devices.resolve_dtype(dtype or runtime.DEFAULT_DTYPE)
    where = "exact rationals" if dtype == "exact" else f"{dtype} on {devices.resolve_device(device).type}"
    if trace:
        result, rnn_steps = runtime.trace(compiled, tape, head=head, device=device, dtype=dtype,
                                          max_steps=max_steps)
        ref_steps = list(interpreter.configurations(program, tape, head=head, max_steps=max_steps))
    else:
        result = runtime.run(compiled, tape, head=head, device=device, dtype=dtype, max_steps=max_steps)
    size = {"units": compiled.units, "nonzero_weights": compiled.nonzero_weights,
            "ticks_per_step": compiled.ticks_per_step, "ticks": result.steps * compiled.ticks_per_step,
            "dtype": dtype,
            "cells_per_stack": None if dtype == "exact" else capacity.capacity(compiled, dtype)}
    if as_json:
        out = {**result.as_dict(), **size}
        if trace:
            out["trace"] = [{"state": c.state, "head": c.head, "cells": dict(c.cells)} for c in rnn_steps]
            out["trace_agrees"] = rnn_steps == ref_steps
        echo(json.dumps(out))
    else:
        if trace:
            _print_trace(program, rnn_steps, ref_steps, echo, trace_limit)
        _print_result(program, result, size, where, echo)
    return 0 if result.halted else 3


def _print_result(program: Program, result: Result, size: dict, where: str, echo) -> None:
    verb = "halted" if result.halted else "still running"
    echo(f"{verb} after {result.steps} steps in state {result.state}")
    lo = min(result.origin, result.head)
    hi = max(result.origin + len(result.tape) - 1, result.head)
    window = Config(result.state, result.head, tuple(
        (result.origin + i, s) for i, s in enumerate(result.tape) if s != program.blank))
    echo(f"tape   {window.window(program.blank, lo, hi)}   (cells {lo}..{hi})")
    echo(f"head   {' ' * (result.head - lo)}^ cell {result.head}, reading "
         f"{window.symbol_at(result.head, program.blank)}")
    echo(f"ones   {result.ones}")
    cells = size["cells_per_stack"]
    cap = "" if cells is None else f", exact up to {cells} cells per stack"
    echo(f"rnn    {size['units']} units, {size['nonzero_weights']} nonzero weights, "
         f"{size['ticks_per_step']} tick per step: {size['ticks']} ticks ({where}{cap})")


def show(config: Config, blank: str) -> str:
    """A configuration as `state @head  tape`, the head cell in brackets."""
    cells = [c for c, _ in config.cells]
    lo, hi = min([config.head, *cells]), max([config.head, *cells])
    text = "".join(f"[{config.symbol_at(i, blank)}]" if i == config.head else config.symbol_at(i, blank)
                   for i in range(lo, hi + 1))
    return f"{config.state} @{config.head}  {text}"


def _print_trace(program: Program, rnn_steps: list[Config], ref_steps: list[Config], echo,
                 limit: int | None = None) -> None:
    rows = [(show(r, program.blank), show(i, program.blank) if i else "-", r == i)
            for r, i in zip(rnn_steps, ref_steps + [None] * (len(rnn_steps) - len(ref_steps)), strict=False)]
    width = max([len("network"), *(len(r) for r, _, _ in rows)])
    echo(f"{'step':>5}  {'network':<{width}}  | interpreter")
    for n, (rnn, ref, same) in enumerate(rows[:limit]):
        echo(f"{n:>5}  {rnn:<{width}}  | {ref}{'' if same else '   <-- differs'}")
    if limit is not None and len(rows) > limit:
        echo(f"... ({len(rows) - limit} more steps; raise --trace-limit to see them)")
