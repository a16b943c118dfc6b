"""The `rnnprog filter` command: run a `.iir` program's network on a signal, batch, impulse or step."""

from __future__ import annotations

import json
from pathlib import Path

import click
import numpy as np

from rnnprog import kinds, options
from rnnprog.errors import InputError
from rnnprog.iir import analysis, runtime, signals_io
from rnnprog.iir import network as networks
from rnnprog.iir.interpret import interpret
from rnnprog.iir.ir import Program
from rnnprog.iir.lfilter import lfilter_zi


def filter_command(load):
    """The `filter` command; `load(path)` reads a program file, source or .rnn (the CLI passes
    `rnnprog.api.load`: a kind package sits below api and must not import it)."""

    @click.command("filter")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--input", "input_path", type=click.Path(dir_okay=False),
                  help="Signal file: .csv (one value per line, or one signal per column) or .npy.")
    @click.option("--impulse", type=click.IntRange(min=1), help="Filter a unit impulse of N samples.")
    @click.option("--step", type=click.IntRange(min=1), help="Filter a unit step of N samples.")
    @click.option("--zi", help="Initial state: numbers (comma- or space-separated) or `steady` "
                               "(lfilter_zi scaled by each signal's first sample).")
    @click.option("--output", type=click.Path(dir_okay=False),
                  help="Write y here (.csv or .npy), same layout.")
    @click.option("--method", type=click.Choice(["step", "scan"]), default="step", show_default=True,
                  help="step: the RNN, one tick per sample; scan: the chunked parallel form.")
    @options.device_option
    @options.dtype_option(("float32", "float64"), "float64", "Arithmetic of the network.")
    @click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
    @click.option("--plot", type=click.Path(dir_okay=False), callback=options.plot_path,
                  help="Save input/output, impulse and frequency response (RNN vs interpreter) as PNG.")
    def command(file, input_path, impulse, step, zi, output, method, device, dtype, as_json, plot):
        """Compile FILE.iir into a stock ReLU RNN and filter a signal with it, one tick per sample."""
        if sum(v is not None for v in (input_path, impulse, step)) != 1:
            raise click.UsageError("give exactly one of --input, --impulse N or --step N")
        program = _load_filter(load, file)
        x, columns = signals_io.signal(input_path, impulse, step)
        compiled = networks.compile(program, dtype=dtype)
        state = initial_state(program, zi, x)
        result = runtime.run(compiled, x, device=device, method=method, zi=state)
        radius = analysis.pole_radius(program)
        if radius >= 1:
            click.echo(f"warning: {file}: unstable filter, pole radius {radius:.6g} >= 1; "
                       "outputs can grow without bound", err=True)
        if output:
            signals_io.write(output, result.y, columns)
        if plot:
            save_plot(plot, file, compiled, x, result, device, state)
        summary = describe(file, compiled, result, radius, x)
        if as_json:
            if not output:
                summary["y"] = result.y.tolist()
            click.echo(json.dumps(summary))
            return
        click.echo(f"{summary['program']}: order {summary['order']}, {summary['units']} units "
                   f"({' '.join(compiled.labels)}), pole radius {radius:.6g}"
                   f" ({'stable' if summary['stable'] else 'UNSTABLE'})")
        click.echo(f"{method} on {result.device} in {result.dtype}: {result.ticks} ticks x "
                   f"{summary['signals']} signal(s)")
        if output:
            click.echo(f"wrote y to {output}")
        else:
            for row in np.atleast_2d(result.y).T:
                click.echo(", ".join(f"{v:.10g}" for v in row))
        click.echo("zf: " + "; ".join(", ".join(f"{v:.10g}" for v in row)  # one state per signal
                                      for row in np.atleast_2d(result.zf)))

    return command


def initial_state(program: Program, text: str | None, x: np.ndarray):
    """--zi as an array for `x`: None, numbers for every signal, or `steady`.

    Raises:
        InputError: the numbers do not parse or do not match the filter's order.
    """
    if text is None:
        return None
    if text.strip().lower() == "steady":
        b, a = (tuple(float(v) for v in c) for c in (program.b, program.a))
        return np.multiply.outer(x[..., 0] if x.shape[-1] else np.zeros(x.shape[:-1]),
                                 lfilter_zi(b, a))
    try:
        values = [float(v) for v in text.replace(",", " ").split()]
    except ValueError:
        raise InputError(f"--zi {text!r}: expected numbers or `steady`") from None
    if len(values) != program.order:
        raise InputError(f"--zi has {len(values)} value(s); this filter's state has {program.order}")
    return np.array(values)


def describe(file, compiled, result, radius: float, x: np.ndarray) -> dict:
    """The run's facts as a JSON-ready dict (no y)."""
    return {"program": str(file), "order": compiled.program.order, "units": len(compiled.labels),
            "labels": list(compiled.labels), "pole_radius": radius, "stable": radius < 1,
            "method": result.method, "device": result.device, "dtype": result.dtype,
            "ticks": result.ticks, "signals": int(np.prod(x.shape[:-1], dtype=int)),
            "zf": np.asarray(result.zf).tolist()}


def save_plot(path, file, compiled, x: np.ndarray, result, device, zi=None) -> None:
    """The first signal, the network's hidden state on it, and impulse/frequency responses of
    the RNN against the interpreter."""
    from rnnprog import plots

    length, shown = 4096, 64  # a long response for the spectrum, its start for the stems
    pulse = analysis.impulse(length)
    network = runtime.run(compiled, pulse, device=device).y
    reference = interpret(compiled.program, pulse).y
    omega, magnitude_network = analysis.frequency_response(network)
    _, magnitude_reference = analysis.frequency_response(reference)
    first = (slice(None),) if x.ndim == 1 else (0, slice(None))
    zi_first = None if zi is None else np.asarray(zi).reshape(-1, compiled.program.order)[0]
    roles = [unit.role for unit in compiled.network.units]
    plots.save_filter_summary(
        path, f"{Path(file).name} as a stock ReLU RNN ({len(compiled.labels)} units)",
        x[first], result.y[first],
        {"impulse_network": network[:shown], "impulse_reference": reference[:shown],
         "omega": omega, "magnitude_network": magnitude_network,
         "magnitude_reference": magnitude_reference},
        hidden=(runtime.hidden_states(compiled, x[first], zi_first), compiled.labels, roles))


def _load_filter(load, file: str) -> Program:
    """A filter from a `.iir` source or a verified `.rnn` file holding one."""
    program = load(file)
    if not isinstance(program, Program):
        raise click.UsageError(f"{file} holds a {kinds.of(program).extension} program; "
                               "`rnnprog filter` runs filters (use `rnnprog run`)")
    return program
