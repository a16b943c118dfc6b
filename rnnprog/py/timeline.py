"""The page's timeline of a Python function: the register program's (rnnprog.rm.timeline, jumps
and all), read in Python's terms: the Python line each tick is at, and the entry function's
variables (each int the difference of its two registers) beside the interpreter's."""

from __future__ import annotations

import dataclasses

from rnnprog.page.timeline import Keep, Timeline, clip
from rnnprog.py import result, runtime
from rnnprog.py.compile import CompiledFunction
from rnnprog.rm import timeline as registers
from rnnprog.rm.result import State, number_text


class PythonView(registers.RegisterView):
    """States as the Python function's: the line it is at and its variables."""

    def __init__(self, compiled: CompiledFunction):
        super().__init__(compiled.registers)
        self.function = compiled
        self.origins = compiled.lowering.origins
        self.variables = tuple(compiled.lowering.variables[compiled.module.entry].items())
        self.at = {name: k for k, name in enumerate(self.lowered.registers)}

    def source(self) -> tuple[str, ...]:
        module = self.function.module
        return tuple((module.source or str(module)).splitlines())

    def fields(self) -> tuple[str, ...]:
        return ("next", *(name for name, _ in self.variables))

    def texts(self, state: State) -> tuple[str, ...]:
        values = state.registers
        return (self._next(state.pc), *(number_text(values[self.at[p.pos]] - values[self.at[p.neg]])
                                        for _, p in self.variables))

    def _next(self, k: int) -> str:
        if k >= self.lowered.end:
            return "returned"
        origin = self.origins[self.lowered.code[k].origin]
        where = f"line {origin.line}" if origin.line else "a routine"
        inside = "" if origin.function == self.function.module.entry else \
            f"{origin.function or 'the error path'}, "  # a function it calls
        return f"{inside}{where}: {origin.text}"

    def line(self, k: int) -> int:
        return self.origins[self.lowered.code[k].origin].line

    def ran(self, k: int) -> str:
        origin = self.origins[self.lowered.code[k].origin]
        where = f"line {origin.line} ({origin.text})" if origin.line else origin.text
        return f"ran {where}: {self.lowered.text(k)}"

    def unlined(self, ks: list[int]) -> str:
        """A loop inside a routine a line calls (`a % b`, `*`): the routine's own words."""
        texts = dict.fromkeys(self.origins[self.lowered.code[k].origin].text for k in ks)
        return "the loop of " + "; ".join(texts) if texts else "the loop"

    def changes(self, delta: dict) -> str:
        """What one iteration adds to the variables: `b += 1, a -= 3`."""
        unit = self.compiled.layout.registers
        moves = []
        for name, pair in self.variables:
            d = delta.get(unit[pair.pos], 0) - delta.get(unit[pair.neg], 0)
            if d:
                moves.append(f"{name} {'+' if d > 0 else '-'}= {abs(d):,}")
        return ", ".join(moves)


def timeline(compiled: CompiledFunction, inputs=None, *, max_steps: int | None = None,
             dtype: str | None = None, keep: Keep | None = None, accelerate: bool = True) -> Timeline:
    """One call with `inputs` (arguments by parameter name); without `max_steps` it runs until
    the function returns, as `rnnprog run` does.

    Raises:
        InputError: unknown, missing or non-int arguments. PrecisionError: a float dtype that
            cannot hold the run exactly.
    """
    args = result.arguments(compiled.lowering, inputs or {})
    made = registers.timeline(compiled.registers, result.registers_of(compiled.lowering, args),
                              max_steps=runtime.MAX_STEPS if max_steps is None else max_steps,
                              dtype=dtype or "exact", keep=keep, accelerate=accelerate,
                              view=PythonView(compiled))
    names = [name for name, _ in compiled.lowering.params]
    words = clip(" ".join(f"{n}={v}" for n, v in zip(names, args))) or "no arguments"
    return dataclasses.replace(made, inputs=words)
