"""The `show`, `explain` and `demo` commands: thin wrappers over rnnprog.inspect."""

from __future__ import annotations

import json

import click

from rnnprog.inspect import explain, listing, show, view


def _extra(compiled, kind: str) -> dict:
    """Kind-specific facts for --json: a Turing machine's tape capacity per float dtype."""
    if kind != "tm":
        return {}
    from rnnprog.tm import capacity

    return {"tape_capacity": {dtype: capacity.capacity(compiled, dtype)
                              for dtype in ("float32", "float64")}}


@click.command("show")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print units, ticks per step and weights as JSON.")
@click.option("--plot", type=click.Path(dir_okay=False),
              help="Save the recurrent weight matrix as a labelled heatmap (PNG).")
def show_command(file, as_json, plot):
    """Show FILE as parsed and lowered, its units, and every weight row as an equation."""
    compiled, seen = view.load(file)
    if plot:
        from rnnprog.inspect import runplot

        runplot.save_weights(plot, seen)
    if as_json:
        click.echo(json.dumps(show.as_json(seen, _extra(compiled, seen.kind))))
        return
    for line in show.text(seen, listing.lines(compiled)):
        click.echo(line)
    if plot:
        click.echo(f"wrote the weight heatmap to {plot}")


@click.command("explain")
@click.argument("file", type=click.Path(dir_okay=False))
def explain_command(file):
    """Explain FILE line by line: what it lowers to, the units it owns, the weights and why."""
    compiled, seen = view.load(file)
    for line in explain.lines(compiled, seen):
        click.echo(line)


@click.command("demo")
@click.option("--pause", is_flag=True, help="Wait for a key between steps (on a terminal).")
def demo_command(pause):
    """A short guided tour for a class: compile, show, run with a trace, and check."""
    from rnnprog import demo

    demo.tour(pause=pause)


def echo_trace(line: str) -> None:
    """Echo one trace line; on a terminal the header is bold, `ok` green, differences red
    (click strips the colour when output is piped)."""
    stripped = line.lstrip()
    if stripped.startswith("step"):
        line = click.style(line, bold=True)
    elif line.endswith("  ok"):
        line = line[:-2] + click.style("ok", fg="green")
    elif "DIFF" in line or "<-- differs" in line:
        line = click.style(line, fg="red")
    click.echo(line)


def plot_register_run(path: str, compiled, states, file: str) -> None:
    """`run FILE.rm --plot PATH`: the recorded states as a raster, pc path and registers."""
    from rnnprog.inspect import runplot

    runplot.save_register_run(path, compiled, states, file)


def plot_machine_run(path: str, program, tape: str, head: int, max_steps: int, file: str) -> None:
    """`run FILE.tm --plot PATH`: rerun the stock RNN (float64) and plot its hidden states."""
    from rnnprog.inspect import runplot
    from rnnprog.tm import compile, interpret

    steps = interpret(program, tape, head=head, max_steps=min(max_steps, runplot.MAX_PLOT_TICKS)).steps
    runplot.save_machine_run(path, compile(program), tape, head, steps, file)
