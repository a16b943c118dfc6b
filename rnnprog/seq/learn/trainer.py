"""The sequence kind's trainer for `rnnprog train` (see rnnprog.learn.cli)."""

from __future__ import annotations

from rnnprog.seq.learn import data, experiment, model, plot


class SequenceTrainer:
    """Recognisers (the verdict at the end) and synchronous programs (an output every tick)."""

    def refusal(self, compiled) -> str | None:
        """Why this program cannot be trained, or None."""
        if data.task(compiled.program) is None:
            return ("train handles recognisers (no outputs) and synchronous programs (an output "
                    "on every input tick)")
        return None

    def run(self, compiled, *, name: str, options, progress: bool | None = None):
        return experiment.run(compiled, name=name, options=options, progress=progress)

    def plot(self, report, learner, compiled, path: str) -> None:
        plot.save_plot(report, learner, compiled, path)

    def save(self, learner, path: str) -> None:
        model.save(learner, path)


TRAINER = SequenceTrainer()
