"""What `rnnprog train` asks of a kind (`Kind.trainer()`), built from the kind's own experiment,
plot and model modules."""

from __future__ import annotations


class Trainer:
    """`experiment.run(compiled, name=, options=, progress=)`, `plot.save_plot(report, model,
    compiled, path)` and `model.save(model, path)`; every program can be trained unless a
    subclass's `refusal` says why not."""

    def __init__(self, experiment, plot, model):
        self._experiment, self._plot, self._model = experiment, plot, model

    def refusal(self, compiled) -> str | None:
        """Why this program cannot be trained, or None."""
        return None

    def run(self, compiled, *, name: str, options, progress: bool | None = None):
        return self._experiment.run(compiled, name=name, options=options, progress=progress)

    def plot(self, report, learner, compiled, path: str) -> None:
        self._plot.save_plot(report, learner, compiled, path)

    def save(self, learner, path: str) -> None:
        self._model.save(learner, path)
