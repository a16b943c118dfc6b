"""The sequence kind's trainer for `rnnprog train` (see rnnprog.cli.training)."""

from __future__ import annotations

from rnnprog.learn.trainer import Trainer
from rnnprog.seq.learn import data, experiment, model, plot


class SequenceTrainer(Trainer):
    """Recognisers (the verdict at the end) and synchronous programs (an output every tick)."""

    def refusal(self, compiled) -> str | None:
        if data.task(compiled.program) is None:
            return ("train handles recognisers (no outputs) and synchronous programs (an output "
                    "on every input tick)")
        return None


TRAINER = SequenceTrainer(experiment, plot, model)
