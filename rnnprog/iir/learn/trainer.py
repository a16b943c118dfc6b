"""The filter kind's trainer for `rnnprog train` (see rnnprog.cli.training): a stable filter, fitted
on (x, y) pairs of white noise through the interpreter."""

from __future__ import annotations

from rnnprog.iir import analysis
from rnnprog.iir.learn import experiment, model, plot
from rnnprog.learn.trainer import Trainer


class FilterTrainer(Trainer):
    def refusal(self, compiled) -> str | None:
        """An unstable filter's output on white noise grows without bound (past float64 within
        the default test lengths), and a filter with every b = 0 outputs 0 for every input: in
        both there is nothing to fit, and no error relative to the output to score."""
        if all(v == 0 for v in compiled.program.b):
            return ("train fits a filter's response, but every b coefficient is 0: the output is 0 "
                    "for every input, so there is nothing to learn or to measure an error against")
        radius = analysis.pole_radius(compiled.program)
        if radius > 1:
            return (f"train fits stable filters; this one has a pole of radius {radius:.4g} > 1, "
                    "so its output on white noise grows without bound")
        return None


TRAINER = FilterTrainer(experiment, plot, model)
