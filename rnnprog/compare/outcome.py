"""What comparing the network with the interpreter on one input found, for every program kind."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Bounds on drawn inputs: register values, tape and signal lengths, signal amplitude."""

    max_input: int = 10
    max_length: int = 16
    amplitude: float = 100.0


@dataclass(frozen=True)
class Mismatch:
    """The first step where the network and the interpreter disagree on one input.

    `step` is None when no step can be named (e.g. a run refused as a whole); `location` says
    what produced the state at `step` (the instruction, rule or sample); `expected` and `actual`
    are the interpreter's and the network's decoded state as text; `units` lists
    (label, expected, network) for every unit that differs.
    """

    step: int | None
    location: str
    expected: str
    actual: str
    units: tuple[tuple[str, object, object], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Outcome:
    """One input's comparison: steps compared, the mismatch (None when they agree), the largest
    |error| (filters), and whether a float guard stopped a run that truly left the exact range."""

    steps: int
    mismatch: Mismatch | None = None
    error: float = 0.0
    guarded: bool = False


def number(value) -> int | float:
    """An activation as an int when it is integral, else a float (for tables)."""
    as_float = float(value)
    return int(value) if as_float.is_integer() else as_float


def rerun_options(target) -> str:
    """The options of a rerun command that reproduce the check's run: dtype, step budget and
    (where one was named) device, each as ` --option value`."""
    device = "" if target.device in (None, "auto") else f" --device {target.device}"
    return f" --dtype {target.dtype} --max-steps {target.max_steps}{device}"


class Target:
    """What a kind's checker holds: the compiled program, dtype, device and step budget."""

    kind = ""
    #: True where the comparison is within a tolerance (filters), not exact.
    approximate = False
    #: What the network is compared with, as the check's summary names it.
    reference = "the interpreter"

    def __init__(self, compiled, *, dtype: str, device: str | None, max_steps: int = 0):
        self.compiled = compiled
        self.dtype = dtype
        self.device = device
        self.max_steps = max_steps

    @property
    def program(self):
        return self.compiled.program
