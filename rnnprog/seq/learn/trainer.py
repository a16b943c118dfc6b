"""The sequence kind's trainer for `rnnprog train` (see rnnprog.cli.training)."""

from __future__ import annotations

from rnnprog.learn.trainer import Trainer
from rnnprog.seq.learn import data, experiment, model, plot


class SequenceTrainer(Trainer):
    """Recognisers (the verdict at the end) and synchronous programs (an output every tick)."""

    def refusal(self, compiled) -> str | None:
        return data.refusal(compiled.program)


TRAINER = SequenceTrainer(experiment, plot, model)
