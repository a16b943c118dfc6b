"""`rnnprog train FILE.seq`: learned versus compiled, as a table, JSON or a plot (accuracy against
input length for both networks, and the trained recurrent matrix W_hh beside the compiled one)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from rnnprog.seq.learn.data import task
from rnnprog.seq.learn.model import CELLS


def _train_lengths(_ctx, param, value: str) -> tuple[int, int]:
    try:
        lo, hi = (int(v) for v in value.split(".."))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not MIN..MAX (e.g. 1..20)", param=param) from None
    if not 1 <= lo <= hi:
        raise click.BadParameter(f"{value!r}: need 1 <= MIN <= MAX", param=param)
    return lo, hi


def _test_lengths(_ctx, param, value: str) -> tuple[int, ...]:
    try:
        lengths = tuple(int(v) for v in value.split(","))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a comma-separated list of lengths", param=param) from None
    if min(lengths) < 1 or any(a >= b for a, b in zip(lengths, lengths[1:], strict=False)):
        raise click.BadParameter(f"{value!r}: lengths must be positive and in increasing order", param=param)
    return lengths


def save_plot(report, learner, compiled, path: str) -> None:
    """Write the three panels to `path` (PNG, Agg backend)."""
    import torch

    from rnnprog import plots
    from rnnprog.network.torch_build import dense

    plt = plots.pyplot()

    figure, (curve, learned, exact) = plt.subplots(1, 3, figsize=(17, 5.2),
                                                   gridspec_kw={"width_ratios": [1.1, 1, 1]})
    lengths = [r.length for r in report.rows]
    curve.plot(lengths, [100 * r.compiled for r in report.rows], "o-", label="compiled (run)")
    curve.plot(lengths, [100 * r.trained for r in report.rows], "s--",
               label=f"trained {report.cell} ({report.hidden} units)")
    if report.task == "recogniser":
        curve.axhline(50, color="0.6", linewidth=0.8, linestyle=":", label="chance (balanced)")
    curve.axvspan(report.train_lengths[0], report.train_lengths[1], color="0.9",
                  label="training lengths")
    curve.set_xscale("log")
    curve.set(xlabel="input length", ylabel="whole-sequence accuracy (%)", ylim=(-3, 103),
              title=f"{report.program}: accuracy against length")
    curve.legend(fontsize=8, loc="lower left")
    weight = learner.rnn.weight_hh_l0.detach()
    hidden = learner.hidden
    if weight.shape[0] != hidden:  # LSTM / GRU: the gates stacked; show the candidate block
        weight = weight[-hidden:] if learner.cell == "gru" else weight[2 * hidden:3 * hidden]
    names = [f"h{i}" for i in range(hidden)]
    plots.plot_weights(learned, weight.numpy(), names, ["learned"] * hidden)
    learned.set_title(f"trained W_hh ({report.cell}{'' if learner.cell == 'rnn' else ', cell block'})")
    units = compiled.network.units
    plots.plot_weights(exact, dense(compiled.network.recurrent, torch.float64).numpy(),
                       [u.label for u in units], [u.role for u in units])
    exact.set_title("compiled W_hh")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


@click.command("train")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--cell", type=click.Choice(sorted(CELLS)), default="rnn", show_default=True,
              help="The trained cell: stock nn.RNN(relu), nn.LSTM or nn.GRU.")
@click.option("--hidden", type=click.IntRange(min=1), default=None,
              help="Hidden units of the trained model [default: the compiled network's].")
@click.option("--steps", type=click.IntRange(min=1), default=1000, show_default=True, help="Adam steps.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--batch", type=click.IntRange(min=1), default=32, show_default=True)
@click.option("--lr", type=click.FloatRange(min=0, min_open=True), default=0.01, show_default=True)
@click.option("--train-lengths", default="1..20", show_default=True, callback=_train_lengths,
              help="Input lengths MIN..MAX of the training inputs.")
@click.option("--test-lengths", default="20,200,2000", show_default=True, callback=_test_lengths,
              help="Increasing input lengths of the held-out inputs.")
@click.option("--samples", type=click.IntRange(min=2), default=100, show_default=True,
              help="Held-out inputs per test length.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--plot", type=click.Path(dir_okay=False), default=None, help="Write a PNG of the curves.")
@click.option("--save", type=click.Path(dir_okay=False), default=None,
              help="Save the trained model (safetensors).")
def train_command(file, cell, hidden, steps, seed, batch, lr, train_lengths, test_lengths, samples,
                  as_json, plot, save):
    """Train a stock recurrent network on a sequence program's interpreter (FILE.seq) and compare
    it with the compiled network on held-out inputs at and far beyond the training lengths."""
    import rnnprog
    from rnnprog.errors import RnnprogError
    from rnnprog.seq.learn import experiment, model

    if Path(file).suffix != ".seq":
        raise click.BadParameter(f"{file} is not a sequence program (.seq)", param_hint="FILE")
    try:
        compiled = rnnprog.compile(rnnprog.load(file))
    except RnnprogError as error:
        raise click.ClickException(str(error)) from None
    if task(compiled.program) is None:
        raise click.BadParameter(f"{file}: train handles recognisers (no outputs) and synchronous "
                                 "programs (an output on every input tick)", param_hint="FILE")
    report, learner = experiment.run(compiled, name=Path(file).name, cell=cell, hidden=hidden,
                                     steps=steps, seed=seed, train_lengths=train_lengths,
                                     test_lengths=test_lengths, samples=samples, batch=batch, lr=lr)
    if save:
        model.save(learner, save)
    if plot:
        save_plot(report, learner, compiled, plot)
    click.echo(json.dumps(report.as_dict(), indent=2) if as_json else report.table())
