"""Check a compiled filter against the interpreter on one signal, sample by sample."""

from __future__ import annotations

import numpy as np

from rnnprog.compare.outcome import Limits, Mismatch, Outcome, Target
from rnnprog.iir import runtime, strategies, tolerances
from rnnprog.iir.interpret import interpret
from rnnprog.iir.network import CompiledProgram


class FilterTarget(Target):
    """A compiled filter (its dtype is the network's) and the device to run it on."""

    kind = "iir"
    approximate = True

    def __init__(self, compiled: CompiledProgram, *, device: str | None, **_):
        super().__init__(compiled, dtype=compiled.dtype, device=device)

    def inputs(self, limits: Limits):
        """Signals of up to max_length samples in [-amplitude, amplitude]; shrinks to []."""
        return strategies.signals(max_size=limits.max_length, bound=limits.amplitude)

    def describe(self, case: list[float]) -> str:
        return "x = [" + ", ".join(repr(float(v)) for v in case) + "]"

    def rerun(self, path: str, case: list[float]) -> str:
        return ""

    def compare(self, case: list[float]) -> Outcome:
        """Every output sample and the final state within the named tolerance of the interpreter."""
        x = np.asarray(case, dtype=float)
        reference = interpret(self.program, x)
        result = runtime.run(self.compiled, x, device=self.device)
        allowed = tolerances.tolerance(self.program, x, self.dtype)
        errors = np.abs(result.y - reference.y)
        final = np.abs(result.zf - reference.zf)
        error = float(max(np.max(errors, initial=0.0), np.max(final, initial=0.0)))
        if error <= allowed:  # also False for NaN
            return Outcome(len(x), error=error)
        return Outcome(len(x), self._mismatch(x, result, reference, allowed), error)

    def _mismatch(self, x, result, reference, allowed: float) -> Mismatch:
        """The first sample where an output or any unit (against the interpreter's state after
        that sample) is off by more than the tolerance; else the final state."""
        hidden = runtime.hidden_states(self.compiled, x).tolist()
        for n in range(len(x)):
            want, got = float(reference.y[n]), float(result.y[n])
            expected = self._expected_units(x, n, want)
            units = tuple((label, e, a) for label, e, a
                          in zip(self.compiled.labels, expected, hidden[n], strict=True)
                          if not abs(a - e) <= allowed)
            if units or not abs(got - want) <= allowed:
                return Mismatch(n, f"sample {n}: x[{n}] = {float(x[n])!r}", f"y[{n}] = {want!r}",
                                f"y[{n}] = {got!r}", units,
                                note=f"|error| {abs(got - want):.3g}, tolerance {allowed:.3g}")
        return Mismatch(len(x), "the last sample", f"zf = {reference.zf.tolist()}",
                        f"zf = {result.zf.tolist()}", note=f"tolerance {allowed:.3g}")

    def _expected_units(self, x, n: int, y: float) -> list[float]:
        """s_i+/- = relu(+/-z_i) after sample n (the interpreter's state of x[:n+1]), y+/- = relu(+/-y)."""
        z = [float(v) for v in interpret(self.program, x[: n + 1]).zf]
        return [max(sign * v, 0.0) for v in [*z, y] for sign in (1, -1)]
