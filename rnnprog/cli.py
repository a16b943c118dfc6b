"""The `rnnprog` command line: thin commands that parse options, call the library and print."""

from __future__ import annotations

import json
import sys

import click

import rnnprog
from rnnprog import api
from rnnprog import rows as rows_io
from rnnprog.artifacts import cli as artifacts_cli
from rnnprog.check.cli import check_command, fuzz_command
from rnnprog.device import DEVICES, DTYPES
from rnnprog.errors import CompileError, RnnprogError
from rnnprog.iir.cli import filter_command
from rnnprog.inspect import cli as inspect_cli
from rnnprog.progress import Progress
from rnnprog.rm import report
from rnnprog.rm.result import DEFAULT_MAX_STEPS
from rnnprog.rm.trace import first_divergence
from rnnprog.rows import EXIT_NOT_HALTED


class Group(click.Group):
    """Turns every RnnprogError into its message on stderr and its exit code, no traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RnnprogError as err:
            prefix = "" if isinstance(err, rnnprog.ProgramError) else "error: "
            click.echo(prefix + str(err), err=True)
            sys.exit(err.exit_code)


def device_options(f):
    """--device, --dtype and --max-steps, shared by every command that runs a network."""
    f = click.option("--max-steps", type=click.IntRange(min=0), default=DEFAULT_MAX_STEPS,
                     show_default=True, help="Stop a run that has not halted after this many steps.")(f)
    f = click.option("--dtype", type=click.Choice(DTYPES), default=None,
                     help="Arithmetic of the network: float32 (the default for register programs), "
                     "float64 (the default for Turing machines) or exact (unbounded).")(f)
    f = click.option("--device", type=click.Choice(DEVICES), default="auto", show_default=True,
                     help="Where the network runs (auto picks cuda when present).")(f)
    return f


@click.group(cls=Group)
@click.version_option(rnnprog.__version__, prog_name="rnnprog")
def main():
    """Compile small programs into the weights of a stock PyTorch RNN, run them, and check them."""


main.add_command(filter_command)
main.add_command(artifacts_cli.compile_command)
main.add_command(artifacts_cli.export_command)
main.add_command(check_command)
main.add_command(fuzz_command)
main.add_command(inspect_cli.show_command)
main.add_command(inspect_cli.explain_command)
main.add_command(inspect_cli.demo_command)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("assignments", nargs=-1, metavar="[NAME=VALUE]...")
@click.option("--inputs", "inputs_csv", type=click.Path(exists=True, dir_okay=False),
              help="CSV with a header of input names; every row runs in one batch.")
@click.option("--tape", default="", help="Turing machines: the initial tape, cell 0 first.")
@click.option("--head", type=int, default=0, help="Turing machines: the starting cell.")
@device_options
@click.option("--trace", is_flag=True, help="Show every step decoded from the RNN beside the "
              "interpreter's.")
@click.option("--trace-limit", type=click.IntRange(min=1), default=200, show_default=True,
              help="At most this many trace rows.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (JSON lines with --inputs).")
@click.option("--plot", type=click.Path(dir_okay=False),
              help="Save an activation raster, the program counter's path and the values (PNG).")
def run(file, assignments, inputs_csv, tape, head, device, dtype, max_steps, trace, trace_limit,
        as_json, plot):
    """Run FILE as a recurrent network and print its outputs.

    Exit codes: 0 halted, 1 user error, 2 usage error, 3 did not halt within --max-steps,
    4 precision limit (rerun with --dtype float64 or --dtype exact).
    """
    if file.endswith(".onnx"):
        from rnnprog.artifacts.cli import run_onnx
        sys.exit(run_onnx(file, assignments, inputs_csv, device=device, dtype=dtype,
                          max_steps=max_steps, traced=trace or bool(plot), as_json=as_json))
    program = api.load(file)
    extension = api.kind_of(program).EXTENSION  # a .rnn file holds a program of any kind
    if extension == ".iir":
        raise click.UsageError("filters run with `rnnprog filter FILE.iir --input x.csv`")
    if extension == ".tm":
        from rnnprog.tm.cli import run_main
        code = run_main(program, tape=tape, head=head, max_steps=max_steps, device=device,
                        dtype=dtype, trace=trace, as_json=as_json, echo=inspect_cli.echo_trace,
                        trace_limit=trace_limit)
        if plot:
            inspect_cli.plot_machine_run(plot, program, tape, head, max_steps, file)
        sys.exit(code)
    _run_registers(program, file, assignments, inputs_csv, device, dtype, max_steps, trace,
                   trace_limit, as_json, plot)


def _run_registers(program, file, assignments, inputs_csv, device, dtype, max_steps, trace,
                   trace_limit, as_json, plot):
    """`run` for a register program: one row (with trace, plot, JSON) or a CSV batch."""
    kind = api.kind_of(program)
    compiled = api.compile(program)
    rows = rows_io.read_rows(inputs_csv) if inputs_csv else [rows_io.parse_assignments(assignments)]
    with Progress(max_steps) as bar:
        batch = kind.run_batch(compiled, rows, device=device, dtype=dtype, max_steps=max_steps,
                               record=not inputs_csv and (trace or bool(plot)), progress=bar)
    if inputs_csv:
        rows_io.print_rows(rows, batch.results, as_json)
        sys.exit(0 if all(r.halted for r in batch.results) else EXIT_NOT_HALTED)
    result = batch.results[0]
    states = batch.states[: result.steps + 1, 0] if batch.states is not None else None
    if plot:
        inspect_cli.plot_register_run(plot, compiled, states, file)
    if as_json:
        click.echo(json.dumps(report.result_json(result, batch.seconds)))
    else:
        if trace:
            _print_trace(kind, compiled, rows[0], states, max_steps, trace_limit)
        for name, value in result.outputs.items():
            click.echo(f"{name} = {value}")
        click.echo(report.summary(result, batch.seconds, max_steps))
    sys.exit(0 if result.halted else EXIT_NOT_HALTED)


def _print_trace(kind, compiled, inputs, states, max_steps: int, limit: int) -> None:
    """The decoded trace beside the interpreter's; a divergence is a compiler bug (exit 1)."""
    reference = kind.interpret(compiled.lowered, inputs, max_steps=max_steps, trace=True)
    for line in report.trace_rows(compiled, states, list(reference.trace), limit):
        inspect_cli.echo_trace(line)
    divergence = first_divergence(compiled, states, reference.trace)
    if divergence is not None:
        raise CompileError(report.divergence_text(compiled, divergence))
