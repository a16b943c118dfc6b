"""Run compiled machines: batched float runs on torch with a capacity guard, or exact rational runs."""

from __future__ import annotations

from collections.abc import Sequence

import torch

from rnnprog import device as devices
from rnnprog.errors import InputError, PrecisionError
from rnnprog.tm import capacity, codec, exact, interpreter
from rnnprog.tm.compiler import CompiledProgram, build_rnn, compile
from rnnprog.tm.interpreter import DEFAULT_MAX_STEPS
from rnnprog.tm.ir import Config, Program, Result, initial_config, result_of

#: Turing machines default to float64: float32 holds only about ten cells per stack.
DEFAULT_DTYPE = "float64"
#: The most ticks per call into torch; fewer near the capacity limit.
CHUNK = 256


def stack_depths(config: Config) -> tuple[int, int]:
    """Cells held by stack L (left of the head) and stack R (the head cell and rightwards)."""
    if not config.cells:
        return 0, 0
    lo, hi = config.cells[0][0], config.cells[-1][0]
    return max(config.head - lo, 0), max(hi - config.head + 1, 0)


def _as_compiled(program_or_compiled: Program | CompiledProgram) -> CompiledProgram:
    if isinstance(program_or_compiled, CompiledProgram):
        return program_or_compiled
    return compile(program_or_compiled)


def _heads(head: int | Sequence[int], n: int) -> list[int]:
    heads = [head] * n if isinstance(head, int) else list(head)
    if len(heads) != n:
        raise InputError(f"{len(heads)} head positions for {n} tapes")
    return heads


def run(program_or_compiled: Program | CompiledProgram, tapes: str | Sequence[str], *,
        head: int | Sequence[int] = 0, device: str | None = None, dtype: str | None = None,
        max_steps: int = DEFAULT_MAX_STEPS) -> Result | list[Result]:
    """Run the network on one tape or a batch of tapes, each row halting on its own.

    Args:
        program_or_compiled: a Program (compiled here) or a CompiledProgram.
        tapes: one tape string, or a list of them (cells from cell 0, one character each).
        head: the starting cell, for all rows or one per row.
        device: "cpu", "cuda" or "auto" (float dtypes only).
        dtype: "float32", "float64" (default) or "exact".
        max_steps: the most machine steps per row.

    Returns:
        A Result for a single tape string, or a list of Results, one per tape.

    Raises:
        InputError: a tape symbol the machine does not use, or mismatched heads.
        PrecisionError: a stack would outgrow what the float dtype holds exactly.
        DeviceError: an unavailable device or unsupported dtype.
    """
    single = isinstance(tapes, str)
    results, _ = _simulate(program_or_compiled, [tapes] if single else list(tapes), head,
                           device, dtype, max_steps, keep_trace=False)
    return results[0] if single else results


def trace(program_or_compiled: Program | CompiledProgram, tape: str, *, head: int = 0,
          device: str | None = None, dtype: str | None = None,
          max_steps: int = DEFAULT_MAX_STEPS) -> tuple[Result, list[Config]]:
    """Run one tape and decode the configuration the network holds at every tick.

    Returns:
        The Result and the decoded configurations, before step 1 through the last one.

    Raises:
        The same errors as run().
    """
    results, traces = _simulate(program_or_compiled, [tape], head, device, dtype, max_steps,
                                keep_trace=True)
    return results[0], traces[0]


def _simulate(program_or_compiled, tapes, head, device, dtype, max_steps, *, keep_trace):
    compiled = _as_compiled(program_or_compiled)
    configs = [initial_config(compiled.program, t, h) for t, h in zip(tapes, _heads(head, len(tapes)),
                                                                     strict=True)]
    dtype = devices.resolve_dtype(dtype or DEFAULT_DTYPE)
    traces = [[] if keep_trace else None for _ in configs]
    if dtype == "exact":
        return [_run_exact(compiled, c, max_steps, tr) for c, tr in zip(configs, traces, strict=True)], traces
    runner = _FloatRun(compiled, dtype, devices.resolve_device(device), max_steps)
    return runner.run(configs, traces), traces


def _halting_units(compiled: CompiledProgram) -> list[bool]:
    """For each unit: is it a gate whose (state, symbol) has no rule to execute?"""
    out = []
    for label in compiled.labels:
        pair = label[len("gate:"):].rsplit(" via ", 1)[0] if label.startswith("gate:") else None
        out.append(pair is not None and compiled.program.rule_for(pair[:-2], pair[-1]) is None)
    return out


def _run_exact(compiled: CompiledProgram, config: Config, max_steps: int, record: list | None) -> Result:
    rows, halting = exact.sparse_rows(compiled), _halting_units(compiled)
    values = codec.encode(compiled, config)
    blank = compiled.program.blank
    for t in range(max_steps + 1):
        if record is not None:
            record.append(codec.decode(compiled, values))
        if any(h and v for h, v in zip(halting, values, strict=True)):
            return result_of(codec.decode(compiled, values), halted=True, steps=t, blank=blank)
        if t < max_steps:
            values = exact.tick(rows, values)
    return result_of(codec.decode(compiled, values), halted=False, steps=max_steps, blank=blank)


class _FloatRun:
    """One batched float run: chunks of ticks through nn.RNN, halting and capacity checked between."""

    def __init__(self, compiled: CompiledProgram, dtype: str, device: torch.device, max_steps: int):
        self.compiled, self.dtype, self.device, self.max_steps = compiled, dtype, device, max_steps
        self.cap = capacity.capacity(compiled, dtype)
        self.head_limit = capacity.head_limit(dtype)
        self.rnn = build_rnn(compiled.layout, compiled.rows, devices.torch_dtype(dtype), device)
        self.gates = [i for i, label in enumerate(compiled.labels) if label.startswith("gate:")]
        halting = _halting_units(compiled)
        self.halt_mask = torch.tensor([halting[i] for i in self.gates], dtype=torch.bool)

    def run(self, configs: list[Config], traces: list) -> list[Result]:
        self.last = list(configs)
        for row, config in enumerate(configs):
            self._check_fits(row, config, 0)
        values = [[float(v) for v in codec.encode(self.compiled, c)] for c in configs]
        h = torch.tensor(values, dtype=devices.torch_dtype(self.dtype), device=self.device)[None]
        self.results: list[Result | None] = [None] * len(configs)
        self._scan(h.cpu(), 0, traces)
        t = 0
        while t < self.max_steps and any(r is None for r in self.results):
            n = self._chunk(t)
            with torch.no_grad():
                out, _ = self.rnn(torch.zeros(n, len(configs), 1, dtype=h.dtype, device=self.device), h)
            self._scan(out.cpu(), t + 1, traces)
            h, t = out[-1:], t + n
        blank = self.compiled.program.blank
        return [r or result_of(self.last[i], halted=False, steps=self.max_steps, blank=blank)
                for i, r in enumerate(self.results)]

    def _scan(self, out: torch.Tensor, first_tick: int, traces: list) -> None:
        """Record halts (and traces) among the ticks in out (n, batch, H), the first being first_tick."""
        gates = out[:, :, self.gates]
        if not (((gates == 0) | (gates == 1)).all() and (gates.sum(-1) <= 1).all()):
            raise PrecisionError("the gates are not exactly one-hot: the float run lost exactness")
        halts = (gates * self.halt_mask.to(gates.dtype)).sum(-1) > 0  # (n, batch)
        blank = self.compiled.program.blank
        for row, result in enumerate(self.results):
            if result is not None:
                continue
            stop = int(halts[:, row].nonzero()[0, 0]) if halts[:, row].any() else out.shape[0] - 1
            if traces[row] is not None:
                traces[row].extend(codec.decode(self.compiled, out[i, row].tolist()) for i in range(stop + 1))
            self.last[row] = codec.decode(self.compiled, out[stop, row].tolist())
            if halts[stop, row]:
                self.results[row] = result_of(self.last[row], halted=True, steps=first_tick + stop,
                                              blank=blank)

    def _chunk(self, t: int) -> int:
        """Ticks safe to run now: no stack can outgrow the capacity, nor the head the counter."""
        active = [(row, c) for row, c in enumerate(self.last) if self.results[row] is None]
        # A stack grows by at most one cell a step, except that an empty R (blank head cell,
        # nothing to its right) can take two at once (the written cell and the new head cell):
        # so R counts as at least 1 here.
        slack = min(self.cap - max(*stack_depths(c), 1) for _, c in active)
        head_slack = min(self.head_limit - abs(c.head) for _, c in active)
        n = min(CHUNK, self.max_steps - t, slack, head_slack)
        if n >= 1:
            return n
        for row, c in active:
            nxt = interpreter.step(self.compiled.program, c)
            if nxt is not None:
                self._check_fits(row, nxt, t + 1)
        return 1

    def _row(self, row: int) -> str:
        return f"row {row}: " if len(self.last) > 1 else ""

    def _check_fits(self, row: int, config: Config, step: int) -> None:
        left, right = stack_depths(config)
        stacks = (("L (cells left of the head)", left), ("R (the head cell and rightwards)", right))
        fix = f"{'--dtype float64 or ' if self.dtype == 'float32' else ''}--dtype exact (unbounded tape)"
        for name, depth in stacks:
            if depth > self.cap:
                where = "the initial tape" if step == 0 else f"step {step}"
                raise PrecisionError(
                    f"{self._row(row)}at {where} stack {name} would hold {depth} cells, but "
                    f"{self.dtype} holds {self.cap} cells per stack exactly for this machine; "
                    f"rerun with {fix}")
        if abs(config.head) > self.head_limit:
            raise PrecisionError(f"{self._row(row)}the head reached cell {config.head}, beyond what "
                                 f"{self.dtype} counts exactly; rerun with --dtype exact")
