"""`rnnprog check` and `rnnprog fuzz`: parse options, call the checker, print."""

from __future__ import annotations

import sys

import click

from rnnprog import api, options
from rnnprog.check import checker, fuzzing, report
from rnnprog.compare.outcome import Limits
from rnnprog.device import resolve_device

EXIT_DISAGREE = 1


def _finite(value: float) -> float:
    """click's FloatRange lets nan through (every comparison with nan is false)."""
    if value != value:
        raise click.BadParameter("must be a number, not nan")
    return value


def _run_options(f):
    """--seed, --dtype and --device, shared by check and fuzz."""
    return options.device_option(options.dtype_option()(options.seed_option(f)))


@click.command("check")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--examples", type=click.IntRange(min=1), default=200, show_default=True,
              help="How many inputs to draw.")
@_run_options
@options.max_steps_option(checker.DEFAULT_CHECK_STEPS, "Step budget per run; runs still going "
                          "compare as 'both still running'.")
@click.option("--max-input", type=click.IntRange(min=0), default=10, show_default=True,
              help="Register programs: the largest input value drawn.")
@click.option("--max-length", type=click.IntRange(min=0), default=16, show_default=True,
              help="Turing machines and filters: the longest tape or signal drawn.")
@click.option("--amplitude", type=click.FloatRange(min=0, max=1e300, min_open=True), default=100.0,
              callback=lambda _ctx, _param, value: _finite(value),
              show_default=True, help="Filters: signals are drawn in [-amplitude, amplitude].")
@click.option("--perturb", type=click.IntRange(min=0), default=0, metavar="K",
              help="First add +/-1 to K nonzero weights (chosen by --seed), to watch the check "
              "catch it.")
def check_command(file, examples, seed, dtype, device, max_steps, max_input, max_length,
                  amplitude, perturb):
    """Check FILE: draw inputs, run the network and the interpreter, compare every step.

    Exit 0 when every example agrees; exit 1 with the shrunk counterexample and its first
    divergence (step, instruction, both states, the differing units by label) when one does not.
    """
    program = api.load(file)
    limits = Limits(max_input=max_input, max_length=max_length, amplitude=amplitude)
    result = checker.check(program, examples=examples, dtype=dtype, device=device, seed=seed,
                           max_steps=max_steps, limits=limits, perturb=perturb, path=file)
    for line in report.perturbations(result):
        click.echo(line)
    lines = (report.summary(result, file, resolve_device(device).type) if result.ok
             else report.failure(result, file))
    for line in lines:
        click.echo(line)
    sys.exit(0 if result.ok else EXIT_DISAGREE)


@click.command("fuzz")
@click.option("--kind", type=options.KindChoice(), default="rm",
              show_default=True, help="Which program kind to fuzz.")
@click.option("--examples", type=click.IntRange(min=1), default=200, show_default=True,
              help="How many random (program, input) pairs.")
@_run_options
@options.max_steps_option(fuzzing.FUZZ_STEPS, "Step budget per run.")
def fuzz_command(kind, examples, seed, dtype, device, max_steps):
    """Fuzz the compiler: random programs and inputs, every step compared with the interpreter.

    On failure, exit 1 and print the shrunk program as source text, ready to save and rerun.
    """
    result = fuzzing.fuzz(kind, examples=examples, seed=seed, dtype=dtype, device=device,
                       max_steps=max_steps)
    name = f"fuzz --kind {kind}"
    if result.ok:
        for line in report.summary(result.check, name, resolve_device(device).type):
            click.echo(line)
        sys.exit(0)
    for line in report.failure(result.check, name):
        click.echo(line)
    click.echo(f"shrunk program (save it as bug.{kind}, then `rnnprog check bug.{kind}`):")
    click.echo(result.source, nl=False)
    sys.exit(EXIT_DISAGREE)
