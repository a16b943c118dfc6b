"""The options of one training run, checked once, whichever kind is trained."""

from __future__ import annotations

from dataclasses import dataclass

from rnnprog.errors import OptionError

CELL_NAMES = ("gru", "lstm", "rnn")
INITS = ("random", "compiled")


@dataclass(frozen=True)
class TrainOptions:
    """`train_lengths`/`test_lengths` None take the kind's defaults; `noise` is the standard
    deviation of the Gaussian added to every compiled weight (with init="compiled")."""

    cell: str = "rnn"
    hidden: int | None = None
    steps: int = 1000
    seed: int = 0
    batch: int = 32
    lr: float = 0.01
    train_lengths: tuple[int, int] | None = None
    test_lengths: tuple[int, ...] | None = None
    samples: int = 100
    init: str = "random"
    noise: float = 0.0
    device: str | None = None

    def checked(self, compiled_units: int) -> TrainOptions:
        """These options, or OptionError naming the one that cannot work."""
        if self.cell not in CELL_NAMES:
            raise OptionError(f"unknown cell {self.cell!r}; choose one of {', '.join(CELL_NAMES)}")
        if self.init not in INITS:
            raise OptionError(f"unknown init {self.init!r}; choose one of {', '.join(INITS)}")
        if self.steps < 1 or self.batch < 1 or self.samples < 2:
            raise OptionError("steps and batch must be at least 1, samples at least 2")
        if not self.noise >= 0:  # also refuses nan
            raise OptionError(f"--noise must be a standard deviation >= 0, not {self.noise}")
        if self.init == "random" and self.noise:
            raise OptionError("--noise perturbs the compiled weights: add --init compiled")
        if self.init == "compiled":
            if self.cell != "rnn":
                raise OptionError(f"--init compiled sets the weights of the compiled nn.RNN(relu); "
                                  f"a {self.cell} cell has other weights: use --cell rnn")
            if self.hidden not in (None, compiled_units):
                raise OptionError(f"--init compiled needs the compiled network's {compiled_units} "
                                  f"hidden units, not --hidden {self.hidden}")
        return self


def train_lengths(text: str) -> tuple[int, int]:
    """"A..B" -> (A, B) with 1 <= A <= B; ValueError with the reason otherwise."""
    try:
        lo, hi = (int(v) for v in text.split(".."))
    except ValueError:
        raise ValueError(f"{text!r} is not MIN..MAX (e.g. 1..20)") from None
    if not 1 <= lo <= hi:
        raise ValueError(f"{text!r}: need 1 <= MIN <= MAX")
    return lo, hi


def test_lengths(text: str) -> tuple[int, ...]:
    """"20,200,2000" -> (20, 200, 2000), positive and increasing; ValueError otherwise."""
    try:
        lengths = tuple(int(v) for v in text.split(","))
    except ValueError:
        raise ValueError(f"{text!r} is not a comma-separated list of lengths") from None
    if min(lengths) < 1 or any(a >= b for a, b in zip(lengths, lengths[1:], strict=False)):
        raise ValueError(f"{text!r}: lengths must be positive and in increasing order")
    return lengths
