"""What a register-program run returns, shared by the interpreter and the RNN runtime."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rnnprog.errors import InputError, clip, plural
from rnnprog.rm.ir import Program
from rnnprog.values import input_value

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
        outs = ", ".join(f"{k} = {number_text(v)}" for k, v in self.outputs.items())
        status = "halted" if self.halted else "still running"
        return f"{outs} ({status} after {plural(self.steps, 'step')})"


def number_text(value: int) -> str:
    """`str(value)`, or `<N-bit integer>` past Python's limit on printing ints in decimal."""
    try:
        return str(value)
    except ValueError:
        return f"<{value.bit_length()}-bit integer>"


def check_inputs(program: Program, inputs: Mapping[str, object], *, row: int | None = None
                 ) -> dict[str, int]:
    """Validate input values by name and return them as ints, in declared order.

    Values may be ints or strings of ASCII digits (see `input_value`). Every declared input must
    be given, so a typo never runs silently with 0.

    Args:
        row: the row's number in a batch, named in the message when given.
    Raises:
        InputError: naming every unknown, missing, negative or non-integer input at once.
    """
    problems = _name_problems(program, inputs)
    values = {}
    for name in program.inputs:
        if name in inputs:
            try:
                values[name] = input_value(name, inputs[name])
            except InputError as err:
                problems.append(str(err))
    if problems:
        prefix = "" if row is None else f"row {row}: "
        raise InputError(prefix + "; ".join(problems), row=row)
    return values


def _name_problems(program: Program, inputs: Mapping[str, object]) -> list[str]:
    """Unknown and missing input names, as message parts (at most 20 names each)."""
    problems = []
    unknown = [repr(clip(str(name))) for name in inputs if name not in program.inputs]
    if unknown:
        declared = clip(" ".join(program.inputs) or "(none)", 400)
        problems.append(f"unknown input(s) {', '.join(unknown[:20])}; "
                        f"the program declares: in {declared}")
    missing = [name for name in program.inputs if name not in inputs][:20]
    if missing:
        problems.append(f"missing input(s) {', '.join(map(repr, missing))}; give "
                        "every declared input, e.g. " + " ".join(f"{n}=0" for n in missing))
    return problems
