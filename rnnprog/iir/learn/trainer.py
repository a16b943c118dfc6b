"""The filter kind's trainer for `rnnprog train` (see rnnprog.learn.cli)."""

from __future__ import annotations

from rnnprog.iir.learn import experiment, model, plot


class FilterTrainer:
    """Any filter: fit (x, y) pairs of white noise through the interpreter."""

    def refusal(self, compiled) -> str | None:
        return None

    def run(self, compiled, *, name: str, options, progress: bool | None = None):
        return experiment.run(compiled, name=name, options=options, progress=progress)

    def plot(self, report, learner, compiled, path: str) -> None:
        plot.save_plot(report, learner, compiled, path)

    def save(self, learner, path: str) -> None:
        model.save(learner, path)


TRAINER = FilterTrainer()
