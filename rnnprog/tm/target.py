"""Check a compiled Turing machine against the interpreter on one tape, configuration by configuration."""

from __future__ import annotations

import torch
from hypothesis import strategies as st

from rnnprog import device as devices
from rnnprog.compare.outcome import Limits, Mismatch, Outcome, Target, number, rerun_options
from rnnprog.errors import PrecisionError, RnnprogError
from rnnprog.network import exact, torch_build
from rnnprog.tm import capacity, codec, interpreter, runtime, strategies
from rnnprog.tm.compiler import CompiledProgram
from rnnprog.tm.ir import Config


class MachineTarget(Target):
    """A compiled machine, its unperturbed twin (`clean`, for the unit table), dtype, device, budget."""

    kind = "tm"

    def __init__(self, compiled: CompiledProgram, *, dtype: str | None, device: str | None,
                 max_steps: int, clean: CompiledProgram | None = None):
        super().__init__(compiled, dtype=devices.resolve_dtype(dtype or runtime.DEFAULT_DTYPE),
                         device=device, max_steps=max_steps)
        self.clean = clean or compiled

    def inputs(self, limits: Limits):
        """(tape, head): tapes up to max_length cells, heads in -2..max_length; shrinks to ("", 0)."""
        return st.tuples(strategies.tapes(self.program, max_size=limits.max_length),
                         st.integers(-2, max(limits.max_length, 0)))

    def describe(self, case: tuple[str, int]) -> str:
        tape, head = case
        return f"tape {tape!r}, head {head}"

    def rerun(self, path: str, case: tuple[str, int]) -> str:
        tape, head = case
        return f"rnnprog run {path} --tape '{tape}' --head {head} --trace{rerun_options(self)}"

    def compare(self, case: tuple[str, int]) -> Outcome:
        """Decode the network's configuration at every tick and compare it with the interpreter's.

        A run the capacity guard stops passes only if the interpreter's tape really outgrows it.
        """
        tape, head = case
        expected = list(interpreter.configurations(self.program, tape, head=head,
                                                   max_steps=self.max_steps))
        steps = len(expected) - 1
        try:
            result, got = runtime.trace(self.compiled, tape, head=head, device=self.device,
                                        dtype=self.dtype, max_steps=self.max_steps)
        except PrecisionError:
            if self._outgrows(expected):
                return Outcome(steps, guarded=True)
            result, got = None, None
        except RnnprogError:
            raise
        except Exception:  # noqa: BLE001 - a network that crashes has failed the check
            result, got = None, None
        want = interpreter.interpret(self.program, tape, head=head, max_steps=self.max_steps)
        if got == expected and result == want:
            return Outcome(steps)
        return Outcome(steps, self._diagnose(expected, result, want))

    def _outgrows(self, expected: list[Config]) -> bool:
        if self.dtype == "exact":
            return False
        cells = max(max(runtime.stack_depths(c)) for c in expected)
        heads = max(abs(c.head) for c in expected)
        return (cells > capacity.capacity(self.clean, self.dtype)
                or heads > capacity.head_limit(self.dtype))

    def _diagnose(self, expected: list[Config], result, want) -> Mismatch:
        """Step the network tick by tick beside the interpreter and the clean weights run in
        exact arithmetic; report the first tick whose decoded configuration differs."""
        values = codec.encode(self.compiled, expected[0])
        clean_rows = exact.rows(self.clean.network)
        reference = codec.encode(self.clean, expected[0])
        advance = self._ticker()
        for t, config in enumerate(expected):
            try:
                decoded = codec.decode(self.compiled, values)
            except (PrecisionError, OverflowError, ValueError):  # inf or nan: off the rails
                decoded = None
            if decoded != config:
                units = tuple((label, number(r), number(v)) for label, r, v
                              in zip(self.compiled.labels, reference, values, strict=True)
                              if v != r)
                return Mismatch(t, self._location(expected, t), self._text(config),
                                self._text(decoded), units)
            values, reference = advance(values), exact.tick(clean_rows, reference)
        note = f"every configuration agrees, but the run reports {result} (interpreter: {want})"
        return Mismatch(None, "the end of the run", str(want), str(result), note=note)

    def _ticker(self):
        """One network tick on a list of unit values, in the target's dtype and device."""
        if self.dtype == "exact":
            rows = exact.rows(self.compiled.network)
            return lambda values: exact.tick(rows, values)
        kind, dev = devices.torch_dtype(self.dtype), devices.resolve_device(self.device)
        rnn = torch_build.build_rnn(self.compiled.network, self.dtype, dev)

        def tick(values):
            h = torch.tensor([[[float(v) for v in values]]], dtype=kind, device=dev)
            with torch.no_grad():
                out, _ = rnn(torch.zeros(1, 1, 1, dtype=kind, device=dev), h)
            return out[0, 0].tolist()
        return tick

    def _location(self, expected: list[Config], step: int) -> str:
        """The rule executed just before `step` (what wrote the differing configuration)."""
        if step == 0:
            return "the initial state h(0), encoding the tape"
        before = expected[step - 1]
        rule = self.program.rule_for(before.state, before.symbol_at(before.head, self.program.blank))
        return f"line {rule.line}: {rule}"

    def _text(self, config: Config | None) -> str:
        if config is None:
            return "not a valid configuration (gates not one-hot or a stack digit out of range)"
        blank = self.program.blank
        cells = [cell for cell, _ in config.cells]
        lo, hi = min([config.head, *cells]), max([config.head, *cells])
        tape = "".join(f"[{s}]" if i == config.head else s
                       for i, s in zip(range(lo, hi + 1), config.window(blank, lo, hi)))
        return f"state {config.state}, head {config.head}, tape {tape} (from cell {lo})"
