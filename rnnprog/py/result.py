"""What a Python function's run ends with, read off the register program's final registers: the
value returned (an int, True/False, or a tuple), or the error raised with its traceback."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rnnprog.errors import InputError
from rnnprog.py.lower import RAISED, Lowering
from rnnprog.rm.result import number_text


@dataclass(frozen=True)
class PythonError:
    """An exception the function raised: its type, message and the frames (function, line) from
    the called function down to where it was raised, outermost first."""

    exception: str
    message: str
    frames: tuple[tuple[str, int], ...]

    def __str__(self) -> str:
        return f"{self.exception}: {self.message}" if self.message else self.exception


@dataclass(frozen=True)
class PythonResult:
    """One call's end: `value` (None unless it returned), `error` (None unless it raised),
    the steps, and where it ran (None for the register interpreter)."""

    function: str
    arguments: tuple[int, ...]
    value: int | bool | tuple | None
    error: PythonError | None
    steps: int
    halted: bool
    ticks: int | None = None
    units: int | None = None
    device: str | None = None
    dtype: str | None = None
    registers: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    parameters: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def returned(self) -> bool:
        return self.halted and self.error is None

    @property
    def call(self) -> str:
        """`gcd(48, 18)`."""
        return f"{self.function}({', '.join(number_text(a) for a in self.arguments)})"

    @property
    def outputs(self) -> dict:
        """The value by name (`return`), as register programs give `outputs`."""
        return {"return": self.value} if self.returned else {}

    def __str__(self) -> str:
        if not self.halted:
            return f"{self.call} did not return within {self.steps:,} step{'s' * (self.steps != 1)}"
        if self.error is not None:
            return f"{self.call} raised {self.error}"
        return f"{self.call} = {value_text(self.value)}"


def value_text(value) -> str:
    """A returned value as Python prints it (huge ints by their size)."""
    if isinstance(value, tuple):
        return "(" + ", ".join(value_text(v) for v in value) + ")"
    if isinstance(value, bool):
        return str(value)
    return number_text(value)


def arguments(lowering: Lowering, inputs: Mapping[str, object], *, row: int | None = None
              ) -> tuple[int, ...]:
    """The call's arguments, in parameter order, as ints of either sign.

    Raises:
        InputError: an unknown or missing parameter, or a value that is not an int.
    """
    names = [name for name, _ in lowering.params]
    where = "" if row is None else f"row {row}: "
    unknown = [repr(str(k)) for k in inputs if k not in names]
    missing = [n for n in names if n not in inputs]
    problems = []
    if unknown:
        problems.append(f"unknown argument(s) {', '.join(unknown[:20])}; the function takes "
                        f"{', '.join(names) or 'no arguments'}")
    if missing:
        problems.append("missing argument(s) " + ", ".join(map(repr, missing)) + "; give each, e.g. "
                        + " ".join(f"{n}=0" for n in missing))
    values = []
    for name in names:
        if name in inputs:
            try:
                values.append(int_value(name, inputs[name]))
            except InputError as err:
                problems.append(str(err))
    if problems:
        raise InputError(where + "; ".join(problems), row=row)
    return tuple(values)


def int_value(name: str, value: object) -> int:
    """An argument as an int: an int (not a bool) or decimal digits with an optional sign.

    Raises:
        InputError: anything else.
    """
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text[:1] in "+-" else text
        if digits.isascii() and digits.isdigit() and len(digits) <= 4000:
            return int(text)
    elif not isinstance(value, bool):
        try:
            number = int(value)
            if number == value:
                return number
        except (TypeError, ValueError, OverflowError):
            pass
    raise InputError(f"argument {name}={value!r} is not an int; write it in decimal digits, "
                     "with a sign if negative")


def registers_of(lowering: Lowering, args: tuple[int, ...]) -> dict[str, int]:
    """The register program's inputs for these arguments: x_pos = max(x, 0), x_neg = max(-x, 0)."""
    out = {}
    for (_, pair), value in zip(lowering.params, args):
        out[pair.pos], out[pair.neg] = max(value, 0), max(-value, 0)
    return out


def decode(lowering: Lowering, function: str, args: tuple[int, ...], registers: Mapping[str, int],
           steps: int, halted: bool, **where) -> PythonResult:
    """A PythonResult from the final registers of a run."""
    regs = dict(registers)
    value, error = None, None
    if halted and regs.get(RAISED, 0):
        error = raised(lowering, regs)
    elif halted:
        parts = tuple(regs[p.pos] - regs[p.neg] for p in lowering.results)
        parts = tuple(bool(v) if is_bool else v for v, is_bool in zip(parts, lowering.booleans))
        value = parts[0] if len(parts) == 1 else parts
    return PythonResult(function, args, value, error, steps, halted, registers=regs, **where)


def raised(lowering: Lowering, registers: Mapping[str, int]) -> PythonError:
    """The error whose site number reg:raise holds, with its frames read off the call flags."""
    site = lowering.sites[registers[RAISED] - 1]
    frames = [(site.function, site.line)]
    function = site.function
    while True:
        caller = next((c for c in lowering.calls if c.callee == function and registers.get(c.flag)), None)
        if caller is None:
            break
        frames.insert(0, (caller.caller, caller.line))
        function = caller.caller
    return PythonError(site.exception, site.message, tuple(frames))
