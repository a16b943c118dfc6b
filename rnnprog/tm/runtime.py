"""Run compiled machines: batched float runs on torch with a capacity guard, or exact rational runs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from rnnprog import device as devices
from rnnprog.errors import InputError, PrecisionError
from rnnprog.network import exact, runner
from rnnprog.tm import capacity, codec, interpreter
from rnnprog.tm.compiler import CompiledProgram, compile
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
    if any(isinstance(h, bool) or not isinstance(h, int) for h in heads):
        raise InputError(f"head={head!r}: a head position is a whole number (or one per tape)")
    if len(heads) != n:
        raise InputError(f"{len(heads)} head positions for {n} tapes")
    return heads


def run(program_or_compiled: Program | CompiledProgram, tapes: str | Sequence[str], *,
        head: int | Sequence[int] = 0, device: str | None = None, dtype: str | None = None,
        max_steps: int | None = DEFAULT_MAX_STEPS) -> Result | list[Result]:
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
    if not single and not (isinstance(tapes, (list, tuple)) and all(isinstance(t, str) for t in tapes)):
        raise InputError(f"a Turing machine's input is a tape string (or a list of them), not "
                         f"{type(tapes).__name__}")
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
    max_steps = DEFAULT_MAX_STEPS if max_steps is None else max_steps
    configs = [initial_config(compiled.program, t, h) for t, h in zip(tapes, _heads(head, len(tapes)),
                                                                     strict=True)]
    dtype = devices.resolve_dtype(dtype or DEFAULT_DTYPE)
    h0 = [codec.encode(compiled, c) for c in configs]
    if dtype == "exact":
        done = exact.run(compiled.network, h0, max_steps=max_steps, record=keep_trace)
        final, steps, halted = done.final, done.steps, done.halted
        states = None if done.traces is None else [list(t) for t in done.traces]
    else:
        guard = Guard(compiled, dtype, max_steps)
        for row, config in enumerate(configs):
            guard.check_fits(row, config, 0, len(configs))
        done = runner.run(compiled.network, np.array(h0, dtype=object), dtype=dtype,
                          device=devices.resolve_device(device), max_steps=max_steps,
                          record=keep_trace, backend="rnn", hooks=guard)
        final, steps, halted = done.final, done.steps.tolist(), done.halted.tolist()
        states = None if done.states is None else [done.states[:, b] for b in range(len(configs))]
    blank = compiled.program.blank
    results = [result_of(codec.decode(compiled, list(h)), halted=bool(stop), steps=int(n), blank=blank)
               for h, n, stop in zip(final, steps, halted, strict=True)]
    traces = [None] * len(configs)
    if states is not None:
        traces = [[codec.decode(compiled, list(h)) for h in rows[: n + 1]]
                  for rows, n in zip(states, steps, strict=True)]
    return results, traces


class Guard(runner.Hooks):
    """The capacity guard: no stack may outgrow the cells the dtype holds exactly, nor the head
    the integer counter; and every chunk's gates must be exactly one-hot."""

    inspects_chunks = True

    def __init__(self, compiled: CompiledProgram, dtype: str, max_steps: int):
        self.compiled, self.dtype, self.max_steps = compiled, dtype, max_steps
        self.cap = capacity.capacity(compiled, dtype)
        self.head_limit = capacity.head_limit(dtype)
        self.gates = list(compiled.layout.gate_units)

    def inspect(self, states: torch.Tensor, rows: torch.Tensor, tick: int) -> None:
        gates = states[:, :, self.gates]
        if not (((gates == 0) | (gates == 1)).all() and (gates.sum(-1) <= 1).all()):
            raise PrecisionError("the gates are not exactly one-hot: the float run lost exactness")

    def safe_ticks(self, h: torch.Tensor, rows: torch.Tensor, tick: int) -> int:
        """Ticks safe to run now: no stack can outgrow the capacity, nor the head the counter."""
        active = [(int(r), codec.decode(self.compiled, v)) for r, v in zip(rows.tolist(), h.tolist())]
        if not active:
            return runner.MAX_CHUNK_TICKS
        # A stack grows by at most one cell a step, except that an empty R (blank head cell,
        # nothing to its right) can take two at once (the written cell and the new head cell):
        # so R counts as at least 1 here.
        slack = min(self.cap - max(*stack_depths(c), 1) for _, c in active)
        head_slack = min(self.head_limit - abs(c.head) for _, c in active)
        n = min(CHUNK, slack, head_slack)
        if n >= 1:
            return n
        for row, c in active:
            nxt = interpreter.step(self.compiled.program, c)
            if nxt is not None:
                self.check_fits(row, nxt, tick + 1, len(rows))
        return 1

    def check_fits(self, row: int, config: Config, step: int, batch: int) -> None:
        """Raises PrecisionError when `config` does not fit the dtype (naming row, stack, fix)."""
        where_row = f"row {row}: " if batch > 1 else ""
        left, right = stack_depths(config)
        stacks = (("L (cells left of the head)", left), ("R (the head cell and rightwards)", right))
        fix = f"{'--dtype float64 or ' if self.dtype == 'float32' else ''}--dtype exact (unbounded tape)"
        for name, depth in stacks:
            if depth > self.cap:
                where = "the initial tape" if step == 0 else f"step {step}"
                raise PrecisionError(
                    f"{where_row}at {where} stack {name} would hold {depth} cells, but "
                    f"{self.dtype} holds {self.cap} cells per stack exactly for this machine; "
                    f"rerun with {fix}")
        if abs(config.head) > self.head_limit:
            raise PrecisionError(f"{where_row}the head reached cell {config.head}, beyond what "
                                 f"{self.dtype} counts exactly; rerun with --dtype exact")
