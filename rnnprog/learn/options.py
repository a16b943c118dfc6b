"""The options of one training run, checked once, whichever kind is trained."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from rnnprog.errors import OptionError

CELL_NAMES = ("gru", "lstm", "rnn")
INITS = ("random", "compiled")

#: Upper limits, so a mistyped size is refused at once rather than hanging or exhausting memory.
#: Adam steps (a thousand times the default), batch, hidden units, held-out inputs per length.
MAX_STEPS, MAX_BATCH, MAX_HIDDEN, MAX_SAMPLES = 1_000_000, 1024, 1024, 10_000
MAX_SEED = 2**63 - 1  # torch, random and numpy all take a seed in 0..2^63-1
#: Activations a training step holds: batch x the longest training length x hidden units.
MAX_TRAINING_WORK = 10**8
#: Values the scoring holds: samples x the longest test length x hidden units.
MAX_SCORING_WORK = 10**8


@dataclass(frozen=True)
class Lengths:
    """A kind's default training lengths (MIN, MAX) and test lengths, and the longest of each
    it takes (what its labelling and scoring can afford)."""

    train: tuple[int, int]
    test: tuple[int, ...]
    max_train: int
    max_test: int


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

    def checked(self, compiled_units: int, lengths: Lengths) -> TrainOptions:
        """These options with the kind's default `lengths` filled in, or OptionError naming the
        one that cannot work."""
        if self.cell not in CELL_NAMES:
            raise OptionError(f"unknown cell {self.cell!r}; choose one of {', '.join(CELL_NAMES)}")
        if self.init not in INITS:
            raise OptionError(f"unknown init {self.init!r}; choose one of {', '.join(INITS)}")
        if not (math.isfinite(self.lr) and self.lr > 0):
            raise OptionError(f"--lr must be a finite number > 0, not {self.lr}")
        if not (math.isfinite(self.noise) and self.noise >= 0):
            raise OptionError(f"--noise must be a finite standard deviation >= 0, not {self.noise}")
        if self.init == "random" and self.noise:
            raise OptionError("--noise perturbs the compiled weights: add --init compiled")
        if self.init == "compiled":
            if self.cell != "rnn":
                raise OptionError(f"--init compiled sets the weights of the compiled nn.RNN(relu); "
                                  f"a {self.cell} cell has other weights: use --cell rnn")
            if self.hidden not in (None, compiled_units):
                raise OptionError(f"--init compiled needs the compiled network's {compiled_units} "
                                  f"hidden units, not --hidden {self.hidden}")
        filled = replace(self, train_lengths=self.train_lengths or lengths.train,
                         test_lengths=self.test_lengths or lengths.test)
        filled._check_sizes(compiled_units, lengths)
        return filled

    def _check_sizes(self, compiled_units: int, lengths: Lengths) -> None:
        """Every size within its limit, and the work a step and the scoring hold within theirs."""
        for flag, value, low, high in (("--steps", self.steps, 1, MAX_STEPS),
                                       ("--batch", self.batch, 1, MAX_BATCH),
                                       ("--hidden", self.hidden or 1, 1, MAX_HIDDEN),
                                       ("--samples", self.samples, 2, MAX_SAMPLES),
                                       ("--seed", self.seed, 0, MAX_SEED)):
            if not low <= value <= high:
                raise OptionError(f"{flag} must be in {low}..{high:,}, not {value:,}")
        longest_train, longest_test = self.train_lengths[1], max(self.test_lengths)
        if longest_train > lengths.max_train:
            raise OptionError(f"--train-lengths: at most {lengths.max_train:,} for this kind, "
                              f"not {longest_train:,}")
        if longest_test > lengths.max_test:
            raise OptionError(f"--test-lengths: at most {lengths.max_test:,} for this kind, "
                              f"not {longest_test:,}")
        hidden = max(self.hidden or compiled_units, compiled_units)
        for what, work, top in (("batch x longest training length x hidden units",
                                 self.batch * longest_train * hidden, MAX_TRAINING_WORK),
                                ("samples x longest test length x hidden units",
                                 self.samples * longest_test * hidden, MAX_SCORING_WORK)):
            if work > top:
                raise OptionError(f"too large: {what} is {work:,}, at most {top:,}")


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
