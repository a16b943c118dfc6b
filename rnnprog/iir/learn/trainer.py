"""The filter kind's trainer for `rnnprog train` (see rnnprog.cli.training): a stable filter, fitted
on (x, y) pairs of white noise through the interpreter."""

from __future__ import annotations

from rnnprog.iir import analysis
from rnnprog.iir.learn import experiment, model, plot
from rnnprog.learn.trainer import Trainer


class FilterTrainer(Trainer):
    def refusal(self, compiled) -> str | None:
        """An unstable filter's output on white noise grows without bound (past float64 within
        the default test lengths), so there is nothing to fit or to score."""
        radius = analysis.pole_radius(compiled.program)
        if radius > 1:
            return (f"train fits stable filters; this one has a pole of radius {radius:.4g} > 1, "
                    "so its output on white noise grows without bound")
        return None


TRAINER = FilterTrainer(experiment, plot, model)
