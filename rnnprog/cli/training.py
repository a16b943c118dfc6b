"""`rnnprog train FILE`: learned versus compiled, for every kind whose `trainer()` is not None
(sequence programs and filters): a table, JSON, a plot, the saved model."""

from __future__ import annotations

import json
import math
from pathlib import Path

import click

from rnnprog import kinds, options, outputs
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


class FiniteFloat(click.FloatRange):
    """A float range that refuses inf and nan (click's FloatRange lets both through)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


@click.command("train")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--cell", type=click.Choice(training.CELL_NAMES), default="rnn", show_default=True,
              help="The trained cell: stock nn.RNN(relu), nn.LSTM or nn.GRU.")
@click.option("--hidden", type=click.IntRange(1, training.MAX_HIDDEN), default=None,
              help="Hidden units of the trained model [default: the compiled network's].")
@click.option("--steps", type=click.IntRange(1, training.MAX_STEPS), default=1000, show_default=True,
              help="Adam steps.")
@click.option("--seed", type=click.IntRange(0, training.MAX_SEED), default=0, show_default=True,
              help="Seeds every random draw (0 to 2^63 - 1).")
@click.option("--batch", type=click.IntRange(1, training.MAX_BATCH), default=32, show_default=True,
              help="Inputs per Adam step.")
@click.option("--lr", type=FiniteFloat(min=0, min_open=True), default=0.01, show_default=True,
              help="Adam's learning rate (finite); a run whose loss becomes nan or inf stops and "
                   "says it diverged.")
@click.option("--train-lengths", default=None, callback=_parsed(training.train_lengths),
              help="Input lengths MIN..MAX of the training inputs [default: 1..20 for sequences, "
                   "16..64 for filters; MAX at most 200 for sequences, 10,000 for filters, and "
                   f"batch x MAX x hidden units at most {training.MAX_TRAINING_WORK:,}].")
@click.option("--test-lengths", default=None, callback=_parsed(training.test_lengths),
              help="Increasing input lengths of the held-out inputs [default: 20,200,2000 for "
                   "sequences, 64,640,6400 for filters; at most 5,000 for sequences, 1,000,000 "
                   f"for filters, and samples x the longest x hidden units at most "
                   f"{training.MAX_SCORING_WORK:,}].")
@click.option("--samples", type=click.IntRange(2, training.MAX_SAMPLES), default=100, show_default=True,
              help="Held-out inputs per test length.")
@click.option("--init", type=click.Choice(training.INITS), default="random", show_default=True,
              help="Start from random weights, or from the compiled network's (nn.RNN only).")
@click.option("--noise", type=FiniteFloat(min=0), default=0.0, show_default=True, metavar="SIGMA",
              help="With --init compiled: add N(0, SIGMA^2) to every weight before training.")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
              help="Where to train and evaluate (auto: CUDA when present).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--plot", type=click.Path(dir_okay=False), default=None, callback=options.plot_path,
              help="Write a picture of the run (PNG, or the format its extension names).")
@click.option("--save", type=click.Path(dir_okay=False), default=None,
              help="Save the trained model (safetensors), through a link to its target.")
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
    if save and (reason := outputs.refusal(save)):  # fail before training, not after
        raise click.BadParameter(reason, param_hint="--save")
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
