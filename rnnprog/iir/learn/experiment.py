"""The filter experiment: fit on white-noise signals of the training lengths, then measure the
compiled network (run through rnnprog.iir.runtime, float64) and the trained one on the same fresh
signals at each test length, and both impulse responses.

The error of one signal is its peak error relative to its peak output,
e = max_n |y_hat[n] - y[n]| / max_n |y[n]|; a row gives the compiled network's worst e, the trained
one's median and worst, and the share of signals the trained network gets within 1%.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

import numpy as np
import torch

from rnnprog.iir import analysis, runtime
from rnnprog.iir.interpret import interpret
from rnnprog.iir.learn import model
from rnnprog.learn import loop, report
from rnnprog.learn.options import Lengths, TrainOptions

#: Default lengths, and the longest (signals are cheap: rnnprog.learn.options' work limits bind first).
LENGTHS = Lengths(train=(16, 64), test=(64, 640, 6400), max_train=10_000, max_test=1_000_000)
#: A trained signal counts as right within this relative peak error.
WITHIN = 0.01
#: Samples of the impulse responses kept for the plot (the frequency response uses them all).
IMPULSE = 2048


@dataclass
class Row:
    length: int
    samples: int
    compiled_worst: float
    trained_median: float
    trained_worst: float
    trained_within: float


class Report(report.Report):
    def table(self) -> str:
        lines = [*self.header("white noise of lengths", "relative loss"), "",
                 "relative peak error max|y_hat - y| / max|y| per signal:",
                 f"{'length':>8} {'signals':>8} {'compiled (worst)':>17} {'trained (median)':>17} "
                 f"{'trained (worst)':>16} {'trained <= 1%':>14}"]
        for r in self.rows:
            lines.append(f"{r.length:>8} {r.samples:>8} {_e(r.compiled_worst):>17} "
                         f"{_e(r.trained_median):>17} {_e(r.trained_worst):>16} "
                         f"{_share(r.trained_within):>14}")
        return "\n".join(lines)


def _e(value: float) -> str:
    return f"{value:.2e}" if math.isfinite(value) else "diverged"


def _share(value: float) -> str:
    return f"{value:.0%}" if math.isfinite(value) else "diverged"


def errors(y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per signal (columns of (T, B) arrays): max |y_hat - y| / max |y| (inf where y_hat is not finite)."""
    peak = np.maximum(np.abs(y).max(axis=0), 1e-300)
    with np.errstate(invalid="ignore", over="ignore"):
        e = np.abs(y_hat - y).max(axis=0) / peak
    return np.where(np.isfinite(y_hat).all(axis=0), e, np.inf)


def impulses(compiled, learner) -> dict[str, np.ndarray]:
    """The impulse responses of the interpreter, the compiled network and the trained one. The
    trained network has biases and is not linear: its response to silence is a constant offset,
    taken away here (y(impulse) - y(0)), and its response depends on the input's amplitude."""
    x = analysis.impulse(IMPULSE)
    both = model.predict(learner, torch.from_numpy(np.stack([x, np.zeros_like(x)], axis=1)))
    trained = (both[:, 0] - both[:, 1]).numpy()
    return {"interpreter": interpret(compiled.program, x).y,
            "compiled": runtime.run(compiled, x, dtype="float64").y, "trained": trained}


def _row(length: int, compiled: np.ndarray, trained, y) -> Row:
    """A table row from the compiled network's errors and the trained outputs (None: training
    diverged, so the trained columns are nan, printed `diverged`)."""
    if trained is None:
        return Row(length, len(compiled), float(compiled.max()), math.nan, math.nan, math.nan)
    theirs = errors(trained.numpy(), y.numpy())
    return Row(length, len(compiled), float(compiled.max()), float(np.median(theirs)),
               float(theirs.max()), float(np.mean(theirs <= WITHIN)))


def run(compiled, *, name: str, options: TrainOptions, progress: bool | None = False):
    """Fit a model (seeded), from random or compiled weights; score both networks per length."""
    program = compiled.program
    options = options.checked(compiled.network.size, LENGTHS)
    lo, hi = options.train_lengths
    began = time.perf_counter()
    hidden = options.hidden or compiled.network.size
    with loop.session(options.seed, options.device, options.batch * hidden) as device:
        rng, lengths = np.random.default_rng(options.seed), random.Random(options.seed)
        learner = model.FilterLearner(options.cell, hidden).to(device)
        draw = lambda: model.signals(program, rng, options.batch, lengths.randint(lo, hi))  # noqa: E731
        start, training = loop.train(learner, compiled, options, model.loss, draw(), draw,
                                     progress)
        out = Report(name, "filter", options.cell, hidden, compiled.network.size, options.steps,
                     options.seed, (lo, hi), training.first_loss, training.last_loss, 0.0, start,
                     device.type, training.diverged, losses=training.losses)
        for length in options.test_lengths:
            x, y = model.signals(program, rng, options.samples, length)
            exact = runtime.run(compiled, x.T.numpy(), dtype="float64", device=device).y.T
            out.rows.append(_row(length, errors(exact, y.numpy()),
                                 None if training.diverged else model.predict(learner, x), y))
    out.seconds = time.perf_counter() - began
    return out, learner
