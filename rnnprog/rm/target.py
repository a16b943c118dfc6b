"""Check a compiled register program against the interpreter on one input, every unit every step."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from rnnprog.compare.outcome import Limits, Mismatch, Outcome, Target, rerun_options
from rnnprog.device import EXACT_INTEGER_LIMIT, resolve_dtype
from rnnprog.errors import PrecisionError, RnnprogError
from rnnprog.rm import report, strategies, trace
from rnnprog.rm.compile import CompiledProgram
from rnnprog.rm.interpret import interpret
from rnnprog.rm.result import State
from rnnprog.rm.runtime import run_batch

INVALID = "not a valid state (the program counter is not one-hot or a register is not a natural number)"


class RegisterTarget(Target):
    """A compiled register program, the dtype and device to run it on, and the step budget."""

    kind = "rm"

    def __init__(self, compiled: CompiledProgram, *, dtype: str | None, device: str | None,
                 max_steps: int):
        super().__init__(compiled, dtype=resolve_dtype(dtype or "float32"), device=device,
                         max_steps=max_steps)

    def inputs(self, limits: Limits):
        """Every declared input in 0..max_input; shrinks to all zeros."""
        return strategies.register_inputs(self.program, max_value=limits.max_input)

    def describe(self, case: Mapping[str, int]) -> str:
        return " ".join(f"{name}={value}" for name, value in case.items()) or "(no inputs)"

    def rerun(self, path: str, case: Mapping[str, int]) -> str:
        words = " ".join(f"{name}={value}" for name, value in case.items())
        return f"rnnprog run {path} {words} --trace{rerun_options(self)}".replace("  ", " ")

    def compare(self, case: Mapping[str, int]) -> Outcome:
        """Run the network (recording every state) and the interpreter, and compare every unit.

        A run the precision guard stops passes only if the interpreter's registers really
        reach the dtype's limit within the step budget.
        """
        reference = interpret(self.compiled.lowered, case, max_steps=self.max_steps, trace=True)
        try:
            batch = run_batch(self.compiled, [case], device=self.device, dtype=self.dtype,
                              max_steps=self.max_steps, record=True)
        except PrecisionError as err:
            return self._guarded(case, reference, err)
        except RnnprogError:
            raise
        except Exception as err:  # noqa: BLE001 - a network that crashes has failed the check
            return Outcome(reference.steps, self._in_exact(case, reference, err))
        result = batch.results[0]
        states = batch.states[: result.steps + 1, 0]
        divergence = trace.first_divergence(self.compiled, states, reference.trace)
        if divergence is not None:
            return Outcome(reference.steps, self._mismatch(divergence, reference.trace))
        got = (result.registers, result.steps, result.halted)
        if got != (reference.registers, reference.steps, reference.halted):
            note = f"every state agrees, but the run reports {result} (interpreter: {reference})"
            return Outcome(reference.steps, Mismatch(None, "the end of the run", str(reference),
                                                     str(result), note=note))
        return Outcome(reference.steps)

    def _guarded(self, case, reference, err: PrecisionError) -> Outcome:
        limit = EXACT_INTEGER_LIMIT[self.dtype]
        top = max((max(s.registers, default=0) for s in reference.trace), default=0)
        if top >= limit:
            return Outcome(reference.steps, guarded=True)
        return Outcome(reference.steps, self._in_exact(case, reference, err))

    def _in_exact(self, case, reference, err: Exception) -> Mismatch:
        """A float run that failed (refused or crashed) while the interpreter stays in range:
        find the divergence by running the same weights in exact integer arithmetic."""
        note = f"the {self.dtype} run failed: {type(err).__name__}: {err}"
        batch = run_batch(self.compiled, [case], dtype="exact", max_steps=self.max_steps,
                          record=True)
        states = batch.states[: batch.results[0].steps + 1, 0]
        divergence = trace.first_divergence(self.compiled, states, reference.trace)
        if divergence is None:
            return Mismatch(None, "the float run", str(reference), "failed", note=note)
        note += "; the states below are the same weights run in exact arithmetic"
        return dataclasses.replace(self._mismatch(divergence, reference.trace), note=note)

    def _mismatch(self, divergence: trace.Divergence, reference: tuple[State, ...]) -> Mismatch:
        actual = divergence.actual
        return Mismatch(divergence.step, self._location(divergence.step, reference),
                        report.state_text(self.compiled, divergence.expected),
                        INVALID if actual is None else report.state_text(self.compiled, actual),
                        divergence.units)

    def _location(self, step: int, reference: tuple[State, ...]) -> str:
        """The instruction executed just before `step` (what wrote the differing state)."""
        if step == 0:
            return "the initial state h(0), built by the encoder from the inputs"
        lowered = self.compiled.lowered
        k = reference[min(step, len(reference)) - 1].pc
        if k >= lowered.end:
            return "a halted state (the network kept running)"
        source = lowered.program.instructions[lowered.code[k].origin]
        text = report.instruction_text(self.compiled, k)
        macro = "" if source.op in ("inc", "dec", "jz", "jnz", "jmp", "halt") else f" (in `{source}`)"
        return f"line {source.line}: {text}{macro}"
