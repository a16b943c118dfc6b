"""What every `rnnprog train` report holds, whichever kind was trained; each kind adds its rows
and its table."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rnnprog.learn.loop import Start


@dataclass
class Report:
    """One run: the program, the trained model's shape, the training (first and last tenth's mean
    loss, seconds, device), where it started, and the kind's rows per test length. `losses` (every
    step's loss, for plots) is left out of as_dict."""

    program: str
    task: str
    cell: str
    hidden: int
    compiled_units: int
    steps: int
    seed: int
    train_lengths: tuple[int, int]
    first_loss: float
    last_loss: float
    seconds: float
    start: Start
    device: str = "cpu"
    #: The step whose loss was nan or inf (training stopped; the trained network is not scored).
    diverged: int | None = None
    rows: list = field(default_factory=list)
    losses: list[float] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        out = asdict(self)
        out.pop("losses")
        return out

    def header(self, trained_on: str, loss: str = "loss") -> list[str]:
        """The lines above the table: what was trained on what, where it started, the loss."""
        lo, hi = self.train_lengths
        lines = [f"{self.program}: {self.task}; trained {self.cell} of {self.hidden} units (compiled: "
                 f"{self.compiled_units} units), {self.steps} Adam steps on {trained_on} {lo}..{hi}, "
                 f"seed {self.seed}", *self.start.lines(),
                 f"{loss} {self.first_loss:.4g} -> {self.last_loss:.4g} in {self.seconds:.1f} s "
                 f"({self.device})"]
        if self.diverged is not None:
            lines.append(f"diverged: the loss was {self.losses[-1]:g} at step {self.diverged}; training "
                         "stopped there and the trained network is not scored (try a smaller --lr "
                         "or --noise)")
        return lines
