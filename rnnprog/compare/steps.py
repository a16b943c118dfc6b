"""The generic comparison for any kind: decode the network's state at every tick and compare it
with the interpreter's trace (the kind supplies trace, decode and an input strategy)."""

from __future__ import annotations

from rnnprog import device as devices
from rnnprog.compare.outcome import Mismatch, Outcome, Target
from rnnprog.errors import RnnprogError
from rnnprog.network import exact, runner


class StepTarget(Target):
    """A compiled program of any kind, checked state by state through the kind protocol."""

    def __init__(self, kind, compiled, *, dtype: str, device, max_steps: int):
        super().__init__(compiled, dtype=devices.resolve_dtype(dtype), device=device,
                         max_steps=max_steps)
        self.kind_object = kind
        self.kind = kind.name

    def inputs(self, limits):
        return self.kind_object.inputs(self.program, limits)

    def describe(self, case) -> str:
        return repr(case)

    def rerun(self, path: str, case) -> str:
        return ""

    def states(self, case) -> tuple[list, int, bool]:
        """The network's hidden states h(0).. for one input, its steps and whether it halted."""
        kind, network = self.kind_object, self.kind_object.network(self.compiled)
        h0 = kind.initial_states(self.compiled, [case])
        if self.dtype == "exact":
            done = exact.run(network, h0.tolist(), max_steps=self.max_steps, record=True)
            return done.traces[0], done.steps[0], done.halted[0]
        done = runner.run(network, h0, dtype=self.dtype, device=devices.resolve_device(self.device),
                          max_steps=self.max_steps, record=True,
                          hooks=kind.hooks(self.compiled, self.dtype))
        steps = int(done.steps[0])
        return [list(h) for h in done.states[: steps + 1, 0]], steps, bool(done.halted[0])

    def compare(self, case) -> Outcome:
        """Every decoded state equals the interpreter's, and so do the steps."""
        expected = self.kind_object.trace(self.program, case, max_steps=self.max_steps)
        try:
            states, steps, _ = self.states(case)
        except RnnprogError:  # precision guards and the like: the kind's own verdict
            raise
        except Exception as err:  # noqa: BLE001 - a network that crashes has failed the check
            return Outcome(len(expected) - 1, Mismatch(None, "the network run", str(expected[-1]),
                                                       f"crashed: {type(err).__name__}: {err}"))
        decoded = [self.kind_object.decode(self.compiled, h) for h in states]
        for t in range(max(len(decoded), len(expected))):
            want = expected[min(t, len(expected) - 1)]
            got = decoded[min(t, len(decoded) - 1)]
            if got != want:
                location = "the initial state h(0)" if t == 0 else f"tick {t}"
                return Outcome(len(expected) - 1, Mismatch(t, location, str(want), str(got)))
        return Outcome(steps)
