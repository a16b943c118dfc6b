"""`rnnprog train FILE`: learned versus compiled, for every kind whose `trainer()` is not None
(sequence programs and filters): a table, JSON, a plot, the saved model."""

from __future__ import annotations

import json
import math
from pathlib import Path

import click

from rnnprog import kinds
from rnnprog.errors import OptionError, RnnprogError
from rnnprog.learn import options as training


def _parsed(parse):
    def callback(_ctx, param, value):
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as error:
            raise click.BadParameter(str(error), param=param) from None
    return callback


def _finite(value):
    """JSON has no inf or nan: a diverged error is null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


@click.command("train")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--cell", type=click.Choice(training.CELL_NAMES), default="rnn", show_default=True,
              help="The trained cell: stock nn.RNN(relu), nn.LSTM or nn.GRU.")
@click.option("--hidden", type=click.IntRange(min=1), default=None,
              help="Hidden units of the trained model [default: the compiled network's].")
@click.option("--steps", type=click.IntRange(min=1), default=1000, show_default=True, help="Adam steps.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--batch", type=click.IntRange(min=1), default=32, show_default=True)
@click.option("--lr", type=click.FloatRange(min=0, min_open=True), default=0.01, show_default=True)
@click.option("--train-lengths", default=None, callback=_parsed(training.train_lengths),
              help="Input lengths MIN..MAX of the training inputs [default: 1..20 for sequences, "
                   "16..64 for filters].")
@click.option("--test-lengths", default=None, callback=_parsed(training.test_lengths),
              help="Increasing input lengths of the held-out inputs [default: 20,200,2000 for "
                   "sequences, 64,640,6400 for filters].")
@click.option("--samples", type=click.IntRange(min=2), default=100, show_default=True,
              help="Held-out inputs per test length.")
@click.option("--init", type=click.Choice(training.INITS), default="random", show_default=True,
              help="Start from random weights, or from the compiled network's (nn.RNN only).")
@click.option("--noise", type=click.FloatRange(min=0), default=0.0, show_default=True, metavar="SIGMA",
              help="With --init compiled: add N(0, SIGMA^2) to every weight before training.")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
              help="Where to train and evaluate (auto: CUDA when present).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--plot", type=click.Path(dir_okay=False), default=None, help="Write a PNG of the run.")
@click.option("--save", type=click.Path(dir_okay=False), default=None,
              help="Save the trained model (safetensors).")
def train_command(file, as_json, plot, save, **chosen):
    """Train a stock recurrent network on a program's interpreter (a sequence program or a
    filter) and compare it with the compiled network on held-out inputs at and far beyond the
    training lengths."""
    import rnnprog

    try:
        compiled = rnnprog.compile(rnnprog.load(file))
    except RnnprogError as error:
        raise click.ClickException(str(error)) from None
    kind = kinds.of(compiled)
    trainer = kind.trainer()
    if trainer is None:
        trainable = ", ".join(k.extension for k in kinds.all_kinds() if k.trainer() is not None)
        raise click.BadParameter(f"{file}: train handles {trainable} programs, not {kind.title}s",
                                 param_hint="FILE")
    if reason := trainer.refusal(compiled):
        raise click.BadParameter(f"{file}: {reason}", param_hint="FILE")
    for name, path in (("--plot", plot), ("--save", save)):  # fail before training, not after
        if path and not Path(path).resolve().parent.is_dir():
            raise click.BadParameter(f"{path}: no such folder", param_hint=name)
    try:
        report, learner = trainer.run(compiled, name=Path(file).name,
                                      options=training.TrainOptions(**chosen), progress=None)
    except OptionError as error:
        raise click.UsageError(str(error)) from None
    if save:
        trainer.save(learner, save)
    if plot:
        trainer.plot(report, learner, compiled, plot)
    click.echo(json.dumps(_finite(report.as_dict()), indent=2) if as_json else report.table())
