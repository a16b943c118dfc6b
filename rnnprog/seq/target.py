"""Check a compiled sequence program against the interpreter on one input, every tick."""

from __future__ import annotations

from rnnprog.compare.outcome import Limits, Mismatch, Outcome, Target, rerun_options
from rnnprog.device import resolve_dtype
from rnnprog.errors import PrecisionError, RnnprogError
from rnnprog.seq import decode, runtime, strategies
from rnnprog.seq.compile import CompiledSeq
from rnnprog.seq.interpret import interpret
from rnnprog.seq.ir import END

INVALID = "not a valid state (activations not integers, or not exactly one rule firing)"


def divergence(compiled: CompiledSeq, states, reference) -> int | None:
    """The first tick whose decoded network state differs from the interpreter's, or None
    (also when one run is longer than the other: the extra ticks count as different)."""
    for t in range(max(len(states), len(reference.steps))):
        if t >= len(states) or t >= len(reference.steps):
            return t
        if decode.decode(compiled, states[t]) != reference.steps[t]:
            return t
    return None


class SequenceTarget(Target):
    """A compiled sequence program, where to run it, and the END-tick budget."""

    kind = "seq"

    def __init__(self, compiled: CompiledSeq, *, dtype: str | None, device, max_steps: int):
        super().__init__(compiled, dtype=resolve_dtype(dtype or "float32"), device=device,
                         max_steps=max_steps)

    def inputs(self, limits: Limits):
        """Strings over the alphabet up to limits.max_length symbols; shrinks to ""."""
        return strategies.sequence_inputs(self.program, max_size=limits.max_length)

    def describe(self, case: str) -> str:
        return repr(case)

    def rerun(self, path: str, case: str) -> str:
        return f"rnnprog run {path} --tape '{case}' --trace{rerun_options(self)}"

    def compare(self, case: str) -> Outcome:
        """Decode the network's state at every tick and compare it with the interpreter's step."""
        reference = interpret(self.program, case, max_steps=self.max_steps)
        try:
            batch = runtime.run_batch(self.compiled, [case], dtype=self.dtype, device=self.device,
                                      max_steps=self.max_steps, record=True)
        except PrecisionError:
            return Outcome(reference.ticks, guarded=True)
        except RnnprogError:
            raise
        except Exception as err:  # noqa: BLE001 - a network that crashes has failed the check
            return Outcome(reference.ticks, Mismatch(None, "the network run", str(reference.steps[-1]),
                                                     f"crashed: {type(err).__name__}: {err}"))
        states = batch.states[0]
        t = divergence(self.compiled, states, reference)
        if t is None:
            return Outcome(reference.ticks)
        expected = str(reference.steps[t]) if t < len(reference.steps) else "(the run had ended)"
        got = decode.decode(self.compiled, states[t]) if t < len(states) else "(the run had ended)"
        return Outcome(reference.ticks, Mismatch(t, self._location(reference, t), expected,
                                                 INVALID if got is None else str(got),
                                                 self._units(states, reference, t)))

    def _location(self, reference, t: int) -> str:
        if t == 0:
            return "the initial state h(0)"
        symbol = reference.symbols[t - 1] if t <= len(reference.symbols) else END
        return f"tick {t}, reading `{symbol}`"

    def _units(self, states, reference, t: int) -> tuple:
        """(label, expected, network) for the rule and counter units that differ at tick t."""
        if t >= len(states) or t >= len(reference.steps):
            return ()
        want = reference.steps[t]
        got = decode.integers(states[t])
        rules = [1 if want.rule == k else 0 for k in range(len(self.program.rules))]
        out = []
        if got is not None:
            fired = decode.apply(self.compiled.fire, got)
            out += [(f"fired:{k}", r, f) for k, (r, f) in enumerate(zip(rules, fired)) if r != f]
            counts = decode.apply(self.compiled.count, got)
            out += [(f"count:{c}", w, g) for c, w, g in zip(self.program.counters, want.counters, counts)
                    if w != g]
        return tuple(out)
