"""The filter kind's trainer for `rnnprog train` (see rnnprog.learn.cli): any filter, fitted on
(x, y) pairs of white noise through the interpreter."""

from __future__ import annotations

from rnnprog.iir.learn import experiment, model, plot
from rnnprog.learn.trainer import Trainer

TRAINER = Trainer(experiment, plot, model)
