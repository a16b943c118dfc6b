"""`rnnprog page FILE -o run.html`: one run as a self-contained HTML step debugger."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from rnnprog import api, options
from rnnprog.errors import InputError
from rnnprog.options import RunOptions
from rnnprog.page import render


@click.command("page")
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("assignments", nargs=-1, metavar="[NAME=VALUE]...")
@click.option("--input", "--tape", "text", default=None,
              help="Turing machines: the tape; sequence programs: the input; filters: the samples, "
              "e.g. \"1 0 0 0\" (default: an impulse).")
@click.option("--head", type=int, default=None, help="Turing machines: the starting cell (default 0).")
@options.dtype_option()
@options.max_steps_option(None)
@click.option("--accelerate/--no-accelerate", default=True, show_default=True,
              help="Register programs: show each certified loop jump as one step; "
              "--no-accelerate keeps every tick.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The HTML file to write.")
def page_command(file, assignments, text, head, dtype, max_steps, accelerate, output):
    """Write one run of FILE as a page to step through in a browser: the source with the current
    line, the state decoded from the network beside the interpreter's, h(t), the weights that
    acted, and a raster of the run. One self-contained file: it opens from disk.

    Exit codes: 0 written, 1 a user error or a network that differs from the interpreter (the
    page is still written, with the differences marked).
    """
    program = api.load(file)
    sys.exit(write(program, file, inputs(assignments, text), output, dtype=dtype,
                   max_steps=max_steps, head=head, accelerate=accelerate))


def inputs(assignments: tuple[str, ...], text: str | None):
    """The run's inputs from the command line: NAME=VALUE words as a mapping, or the text of
    --input / --tape, or None (the kind's default).

    Raises:
        click.UsageError: both given.
    """
    if assignments and text is not None:
        raise click.UsageError("give NAME=VALUE inputs or --input, not both")
    if assignments:
        return RunOptions(assignments=assignments).named_inputs()
    return text


def write(program, file: str, given, output: str, *, dtype: str | None, max_steps: int | None,
          head: int | None = None, accelerate: bool = True) -> int:
    """Write the page of one run and say what it holds; the exit code (1 where the network
    differs from the interpreter)."""
    extra = {}
    if head is not None:
        extra["head"] = head
    if not accelerate:
        extra["accelerate"] = False
    try:
        kind, compiled, timeline = render.record(program, given, max_steps=max_steps, dtype=dtype,
                                                 **extra)
    except TypeError as err:
        if "unexpected keyword argument" not in str(err):
            raise
        flag = "--head" if "head" in str(err) else "--no-accelerate"
        raise click.UsageError(f"{flag} does not apply to a {api.kind_of(program).title}") from None
    except ValueError as err:  # e.g. a filter's samples that are not numbers
        raise InputError(str(err)) from None
    html = render.page(timeline, kind.network(compiled), title=Path(file).name, kind=kind.title)
    try:
        Path(output).write_text(html, encoding="utf-8")
    except OSError as err:
        raise click.UsageError(f"cannot write {output}: {err.strerror or err}") from None
    ended = "halted" if timeline.halted else "still running"
    click.echo(f"wrote {output}: {file} with {timeline.inputs}, {timeline.ticks:,} ticks, {ended}; "
               f"{len(timeline.moments):,} steps kept")
    if timeline.agrees:
        click.echo("the network's decoded state equals the interpreter's at every one")
        return 0
    first = next(m for m in timeline.moments
                 if m.differs or (m.jump and any(f.differs for f in m.jump.first)))
    click.echo(f"error: the network differs from the interpreter at tick {first.tick:,} "
               "(marked on the page)", err=True)
    return 1
