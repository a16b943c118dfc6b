"""`rnnprog show`, `rnnprog explain` and `rnnprog demo`: thin wrappers over the library."""

from __future__ import annotations

import json
import sys

import click

from rnnprog import api, demo, options
from rnnprog.inspect import show


def _load(file: str):
    """(kind, compiled program, network IR) of a program file."""
    compiled = api.compile(api.load(file))
    kind = api.kind_of(compiled)
    return kind, compiled, kind.network(compiled)


@click.command("show")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print units, ticks per step and weights as JSON.")
@click.option("--plot", type=click.Path(dir_okay=False), callback=options.plot_path,
              help="Save the recurrent weight matrix as a labelled heatmap (PNG).")
def show_command(file, as_json, plot):
    """Show FILE as parsed and lowered, its units, and every weight row as an equation."""
    kind, compiled, network = _load(file)
    if plot:
        from rnnprog.inspect import runplot

        runplot.save_weights(plot, network, file)
    if as_json:
        click.echo(json.dumps(show.as_json(network, file, kind.name, kind.facts(compiled))))
        return
    for line in show.lines(network, file, kind.listing(compiled)):
        click.echo(line)
    if plot:
        click.echo(f"wrote the weight heatmap to {plot}")


@click.command("explain")
@click.argument("file", type=click.Path(dir_okay=False))
def explain_command(file):
    """Explain FILE line by line: what it lowers to, the units it owns, the weights and why."""
    kind, compiled, _ = _load(file)
    for line in kind.explain(compiled, file):
        click.echo(line)


@click.command("demo")
@click.option("--pause", is_flag=True, help="Wait for a key between steps (on a terminal).")
@click.pass_context
def demo_command(ctx, pause):
    """A short guided tour for a class: compile, show, run with a trace, and check.

    Exits 1 when any step fails (a missing file, an error, a disagreement).
    """
    failed = demo.tour(ctx.find_root().command, pause=pause)
    sys.exit(1 if failed else 0)


@click.command("examples")
@click.option("--copy", "destination", type=click.Path(file_okay=False),
              help="Copy every example program into this folder (e.g. `--copy programs`).")
def examples_command(destination):
    """List the example programs that ship with rnnprog, or copy them into a folder."""
    from rnnprog import shipped

    if destination:
        written = shipped.copy(destination)
        click.echo(f"copied {len(written)} example programs into {destination}")
        return
    for name, summary in shipped.examples():
        click.echo(f"{name:<22} {summary}")
