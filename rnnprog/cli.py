"""The `rnnprog` command line: thin commands that parse options, call the library and print."""

from __future__ import annotations

import csv
import json
import sys

import click

import rnnprog
from rnnprog import api
from rnnprog.device import DEVICES, DTYPES
from rnnprog.errors import CompileError, RnnprogError
from rnnprog.iir.cli import filter_command
from rnnprog.rm import report
from rnnprog.rm.result import DEFAULT_MAX_STEPS
from rnnprog.rm.trace import first_divergence

EXIT_NOT_HALTED = 3


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
def run(file, assignments, inputs_csv, tape, head, device, dtype, max_steps, trace, trace_limit,
        as_json):
    """Run FILE as a recurrent network and print its outputs."""
    program = api.load(file)
    if file.endswith(".iir"):
        raise click.UsageError("filters run with `rnnprog filter FILE.iir --input x.csv`")
    if file.endswith(".tm"):
        from rnnprog.tm.cli import run_main
        sys.exit(run_main(program, tape=tape, head=head, max_steps=max_steps, device=device,
                          dtype=dtype, trace=trace, as_json=as_json))
    compiled = api.compile(program)
    kind = api.kind_of(program)
    if inputs_csv:
        rows = _read_rows(inputs_csv)
        batch = kind.run_batch(compiled, rows, device=device, dtype=dtype, max_steps=max_steps)
        _print_rows(rows, batch.results, as_json)
        sys.exit(0 if all(r.halted for r in batch.results) else EXIT_NOT_HALTED)
    inputs = _assignments(assignments)
    batch = kind.run_batch(compiled, [inputs], device=device, dtype=dtype, max_steps=max_steps,
                           record=trace)
    result = batch.results[0]
    if as_json:
        click.echo(json.dumps(report.result_json(result, batch.seconds)))
    else:
        if trace:
            reference = kind.interpret(compiled.lowered, inputs, max_steps=max_steps, trace=True)
            states = batch.states[: result.steps + 1, 0]
            for line in report.trace_rows(compiled, states, list(reference.trace), trace_limit):
                click.echo(line)
            divergence = first_divergence(compiled, states, reference.trace)
            if divergence is not None:
                raise CompileError(report.divergence_text(compiled, divergence))
        for name, value in result.outputs.items():
            click.echo(f"{name} = {value}")
        click.echo(report.summary(result, batch.seconds, max_steps))
    sys.exit(0 if result.halted else EXIT_NOT_HALTED)


def _assignments(words: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for word in words:
        name, sep, value = word.partition("=")
        if not sep or not name:
            raise click.UsageError(f"expected NAME=VALUE, got {word!r}")
        values[name] = value
    return values


def _read_rows(path: str) -> list[dict[str, str]]:
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f, skipinitialspace=True))
    if not rows:
        raise click.UsageError(f"{path}: no rows under the header")
    return rows


def _print_rows(rows, results, as_json: bool) -> None:
    if as_json:
        for row, result in zip(rows, results):
            click.echo(json.dumps({"inputs": row, **report.result_json(result)}))
        return
    outputs = list(results[0].outputs) if results else []
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([*rows[0], *outputs, "steps", "halted"])
    for row, result in zip(rows, results):
        writer.writerow([*row.values(), *result.outputs.values(), result.steps, result.halted])
