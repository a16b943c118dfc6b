"""`rnnprog check FILE.py`: every step of the network against the register interpreter (rm's own
check), then the value or error against CPython calling the same function."""

from __future__ import annotations

from rnnprog.compare.outcome import Limits, Mismatch, Outcome, Target
from rnnprog.device import resolve_dtype
from rnnprog.py import reference, result, runtime, strategies
from rnnprog.py.compile import CompiledFunction
from rnnprog.rm.target import RegisterTarget

#: Checks tick the stock module in float64 unless told otherwise: every value below 2^53 is exact
#: there, rm's guard stops a run that would pass it (counted, and rerun with --dtype exact), and a
#: float tick costs the same at any size where the exact ticker visits every weight.
CHECK_DTYPE = "float64"


class PythonTarget(Target):
    """A compiled function, checked in two ways on each drawn call."""

    kind = "py"
    reference = "the register interpreter and CPython"

    def __init__(self, compiled: CompiledFunction, *, dtype: str | None, device: str | None,
                 max_steps: int):
        super().__init__(compiled, dtype=resolve_dtype(dtype or CHECK_DTYPE), device=device,
                         max_steps=max_steps)
        self.registers = RegisterTarget(compiled.registers, dtype=self.dtype, device=device,
                                        max_steps=max_steps)
        self.cpython = reference.Reference(compiled.module)

    def inputs(self, limits: Limits):
        """Every argument in -max_input..max_input; shrinks towards 0."""
        return strategies.python_arguments(self.program, min_value=-limits.max_input,
                                           max_value=limits.max_input)

    def arguments(self, case) -> tuple[int, ...]:
        return result.arguments(self.compiled.lowering, case)

    def describe(self, case) -> str:
        args = ", ".join(str(a) for a in self.arguments(case))
        return f"{self.compiled.module.entry}({args})"

    def rerun(self, path: str, case) -> str:
        words = " ".join(f"{name}={value}" for name, value in case.items())
        return f"rnnprog run {path} {words} --trace --dtype {self.dtype}".replace("  ", " ")

    def compare(self, case) -> Outcome:
        """The network against the register interpreter at every step and every unit; where the
        call returns within the budget, its value (or error) against CPython's, CPython given as
        much fuel as a run of that many steps can need (reference.fuel_for)."""
        args = self.arguments(case)
        steps = self.registers.compare(result.registers_of(self.compiled.lowering, args))
        if steps.mismatch is not None or steps.guarded:
            return steps
        mine = runtime.interpret(self.compiled, args, max_steps=self.max_steps)
        if not mine.halted:
            return steps  # both still running: nothing to compare with CPython yet
        try:
            python = self.cpython.call(args, fuel=reference.fuel_for(self.program, mine.steps))
        except reference.TooBig:
            python = self.cpython.call(args)
        network = reference.outcome_of(mine)
        if reference.agree(python, network):
            return steps
        note = ("CPython needs more loop passes and calls than a run of that many steps can make"
                if python.how == "fuel" else "the network and the register interpreter agree at "
                "every step; the register program does not do what CPython does")
        return Outcome(steps.steps, Mismatch(None, f"the end of the call {self.describe(case)}",
                                             f"CPython {python}", f"the network {network}", note=note))
