"""What a register-program run returns, shared by the interpreter and the RNN runtime."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rnnprog.errors import InputError
from rnnprog.rm.ir import Program

DEFAULT_MAX_STEPS = 1_000_000


@dataclass(frozen=True)
class State:
    """A machine state between steps: the core instruction index (the program's length once
    halted) and every register of the lowered program, temporaries included, in order."""

    pc: int
    registers: tuple[int, ...]


@dataclass(frozen=True)
class Result:
    """The end of one run. `registers` holds the program's own registers (no temporaries).

    `ticks`, `units`, `device` and `dtype` are set by RNN runs and are None for the interpreter.
    """

    outputs: dict[str, int]
    registers: dict[str, int]
    steps: int
    halted: bool
    ticks: int | None = None
    units: int | None = None
    device: str | None = None
    dtype: str | None = None
    trace: tuple[State, ...] | None = field(default=None, repr=False, compare=False)

    def __str__(self) -> str:
        outs = ", ".join(f"{k} = {v}" for k, v in self.outputs.items())
        status = "halted" if self.halted else "still running"
        return f"{outs} ({status} after {self.steps} steps)"


def check_inputs(program: Program, inputs: Mapping[str, object]) -> dict[str, int]:
    """Validate input values by name and return them as ints, in declared order.

    Values may be ints or decimal strings. Every declared input must be given, so a typo never
    runs silently with 0.

    Raises:
        InputError: naming every unknown, missing, negative or non-integer input at once.
    """
    problems = []
    unknown = [name for name in inputs if name not in program.inputs]
    if unknown:
        declared = " ".join(program.inputs) or "(none)"
        problems.append(f"unknown input(s) {', '.join(map(repr, unknown))}; "
                        f"the program declares: in {declared}")
    missing = [name for name in program.inputs if name not in inputs]
    if missing:
        problems.append(f"missing input(s) {', '.join(map(repr, missing))}; give every declared "
                        "input, e.g. " + " ".join(f"{n}=0" for n in missing))
    values = {}
    for name in program.inputs:
        if name in inputs:
            value = _as_natural(inputs[name])
            if value is None:
                problems.append(f"input {name}={inputs[name]!r} is not a non-negative integer; "
                                "registers hold 0, 1, 2, ...")
            values[name] = value
    if problems:
        raise InputError("; ".join(problems))
    return values


def _as_natural(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        return int(text) if text.isdigit() else None
    try:
        number = int(value)  # numpy and torch integers
    except (TypeError, ValueError, OverflowError):
        return None
    return number if number == value and number >= 0 else None
