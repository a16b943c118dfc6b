"""Run compiled register programs on the shared runner: batched, per-row halting, precision guard."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch

from rnnprog.device import EXACT_INTEGER_LIMIT, resolve_device, resolve_dtype
from rnnprog.network import exact, kernels, runner
from rnnprog.rm import accelerated, columns
from rnnprog.rm.columns import Columns
from rnnprog.rm.compile import CompiledProgram
from rnnprog.rm.guard import Guard, check_start
from rnnprog.rm.result import DEFAULT_MAX_STEPS, Result, check_inputs


@dataclass
class BatchRun:
    """A batch's results as arrays (`columns`), the ticks the network ran and, if recorded,
    every state; `results` is the same as one Result per row, built when first read.

    `states` is (ticks + 1, batch, units): rows that halted early repeat their final state.
    """

    columns: Columns
    ticks: int
    seconds: float
    states: np.ndarray | None = None
    jumps: list | None = None
    compiled: CompiledProgram | None = field(default=None, repr=False)
    device: str = "cpu"
    dtype: str = "float32"
    _results: list[Result] | None = field(default=None, repr=False)

    @property
    def results(self) -> list[Result]:
        """One Result per row (a view of `columns`; for large batches read the arrays)."""
        if self._results is None:
            self._results = result_list(self.compiled, self.columns, self.device, self.dtype)
        return self._results


def initial_states(compiled, rows: Sequence[Mapping[str, object]]) -> np.ndarray:
    """h(0) = relu(E @ [1, *inputs]) for each row, as exact Python ints (object array (B, H)).

    `compiled` needs `.program` (for the input check) and `.network.encoder`.
    """
    program = compiled.program
    numbered = len(rows) > 1  # a batch's error names its row
    columns = [[1, *check_inputs(program, row, row=b if numbered else None).values()]
               for b, row in enumerate(rows)]
    x = np.array(columns, dtype=object).reshape(len(rows), compiled.network.encoder.shape[1])
    return encode(compiled, x).astype(object)


def encode(compiled, x: np.ndarray) -> np.ndarray:
    """h(0) = relu(E @ x) for rows x (B, 1 + inputs), the first column ones: int64 where every
    value is below 2^31 (so no sum of a few small weights times them can overflow), else exact
    Python ints (object)."""
    encoder = compiled.network.encoder
    dense = np.zeros(encoder.shape, dtype=np.int64)  # (H, 1 + inputs): few columns
    for i, j, w in encoder.entries:
        dense[i, j] = w
    if max(x.max(initial=0), -x.min(initial=0)) < 2**31 and np.abs(dense).sum(1).max(initial=0) < 2**20:
        # a float64 matmul (BLAS) of integers whose sums stay below 2^51: exact, and far faster
        # than numpy's int64 matmul at a million rows
        return np.maximum(x.astype(np.float64) @ dense.T.astype(np.float64), 0).astype(np.int64)
    return np.maximum(x.astype(object) @ dense.astype(object).T, 0)


def start_states(compiled, inputs) -> np.ndarray:
    """h(0) for a list of input mappings (object ints) or for columns (rnnprog.rm.columns)."""
    if not columns.is_columnar(inputs):
        return initial_states(compiled, inputs)
    x = columns.input_matrix(compiled.program, inputs)
    return encode(compiled, np.concatenate([np.ones((len(x), 1), dtype=np.int64), x], axis=1))


def run_batch(compiled: CompiledProgram, rows, *,
              device: str | torch.device | None = None, dtype: str | None = None,
              max_steps: int = DEFAULT_MAX_STEPS, record: bool = False,
              backend: str = "auto", progress=None, accelerate: bool = False) -> BatchRun:
    """Run many input rows through one network until each halts or `max_steps` ticks pass.

    Args:
        compiled: the compiled program.
        rows: one mapping of input values per row, or columns: a mapping of input name ->
            1-D array (numpy, torch, list), or a 2-D array (rows, inputs) in declared order.
        device: "cpu", "cuda" or "auto"/None.
        dtype: "float32", "float64" or "exact" (integer arithmetic, unbounded registers).
        max_steps: the step budget; rows still running then report halted=False.
        record: keep every tick's hidden state (for traces and tests; memory grows with ticks).
        backend: "rnn" (the stock nn.RNN), "sparse" (the same weights, zeros skipped), "fused"
            (many ticks per launch, rnnprog.network.fused) or "auto"; float dtypes only.
        progress: optional callback progress(steps_done, rows_halted, rows) after each chunk
            of ticks (float dtypes), e.g. to draw a progress bar.
        accelerate: jump over loops with a certificate (rnnprog.rm.accelerated): the same
            results, steps and precision errors, far fewer ticks computed, without `record`.
            On the CPU batches of up to accelerated.MAX_ROWS rows go row by row (`jumps` then
            says what was skipped); in a larger batch, or any batch on CUDA, the rows still
            running after accelerated.handoff_ticks batched ticks go on row by row.
    Raises:
        InputError: bad inputs. PrecisionError: a float run would leave exact integers.
    """
    dtype = resolve_dtype(dtype)
    kernels.check_backend(backend)
    start = time.perf_counter()
    h0 = start_states(compiled, rows)
    where = "cpu" if dtype == "exact" else resolve_device(device).type
    fast = accelerate and compiled.units < accelerated.MAX_UNITS and not record
    # On CUDA every batch runs its hand-over of batched ticks there first (the jumps are Python
    # on the CPU): a row still running after it is fast-forwarded as on the CPU.
    rows_for_handoff = len(h0) if where == "cpu" else max(len(h0), accelerated.MAX_ROWS + 1)
    budget = min(max_steps, accelerated.handoff_ticks(rows_for_handoff)) if fast else max_steps
    if fast and where == "cpu" and len(h0) <= accelerated.MAX_ROWS:
        if dtype != "exact":
            check_start(compiled, h0, dtype)
        final, steps, halted, jumps = accelerated.run_rows(compiled, h0, dtype=dtype, device=device,
                                                              max_steps=max_steps)
        return _done(compiled, final, steps, halted, int(max(steps, default=0)), start, where, dtype,
                     jumps=jumps)
    final, steps, halted, ticks, states = _plain(compiled, h0, dtype, device, budget, record, backend,
                                                 progress)
    if budget < max_steps:
        final, steps, halted = accelerated.run_rest(compiled, final, steps, halted, budget,
                                                    dtype=dtype, device=device, max_steps=max_steps)
        ticks = int(np.max(steps, initial=0))
    return _done(compiled, final, steps, halted, ticks, start, where, dtype, states)


def _done(compiled, final, steps, halted, ticks: int, start: float, where: str, dtype: str,
          states=None, jumps=None) -> BatchRun:
    table = columns_of(compiled, final, steps, halted)
    return BatchRun(table, ticks, time.perf_counter() - start, states, jumps, compiled, where, dtype)


def _plain(compiled, h0: np.ndarray, dtype: str, device, max_steps: int, record: bool, backend: str,
           progress):
    """Tick by tick (no jumps): (final (B, H), steps, halted, ticks, states or None)."""
    if dtype == "exact" and not record and _fits_int64(h0):
        final, steps, halted, ticks = _run_int64(compiled, h0, max_steps, progress)
        return final, steps, np.asarray(halted, dtype=bool), ticks, None
    if dtype == "exact":
        done = exact.run(compiled.network, h0.tolist(), max_steps=max_steps, record=record)
        final = np.array(done.final, dtype=object).reshape(h0.shape)
        states = _padded(done.traces, done.ticks, h0.shape) if record else None
        return final, np.array(done.steps), np.asarray(done.halted, dtype=bool), done.ticks, states
    done = runner.run(compiled.network, h0, dtype=dtype, device=resolve_device(device),
                      max_steps=max_steps, record=record, backend=backend,
                      hooks=Guard(compiled, dtype), progress=progress)
    return done.final, done.steps, done.halted, done.ticks, done.states


def _fits_int64(h0: np.ndarray) -> bool:
    return int(max(h0.max(initial=0), -h0.min(initial=0))) < EXACT_INTEGER_LIMIT["int64"] - 1


def _run_int64(compiled: CompiledProgram, h0: np.ndarray, max_steps: int, progress):
    """Exact runs in int64 torch arithmetic (the sparse kernel) while every register stays below
    2^62 (the guard, as for floats: a register grows by at most 1 a tick, so no product or sum
    can overflow); rows that would pass it go on in Python integers from where they stand."""
    done = runner.run(compiled.network, h0, dtype="int64", device=torch.device("cpu"),
                      max_steps=max_steps, hooks=Guard(compiled, "int64", stop_at_edge=True),
                      progress=progress)
    final, steps, halted = done.final.astype(object), done.steps.copy(), list(done.halted)
    rest = [b for b, stop in enumerate(halted) if not stop] if done.stopped else []
    if rest:
        more = exact.run(compiled.network, [[int(v) for v in final[b]] for b in rest],
                         max_steps=max_steps - done.ticks)
        for b, state, count, stop in zip(rest, more.final, more.steps, more.halted):
            final[b], steps[b], halted[b] = state, done.ticks + count, stop
    return final, steps, halted, int(max(steps, default=0))


def _padded(traces, ticks: int, shape) -> np.ndarray:
    """Per-row exact traces as (ticks + 1, B, H), rows that halted early repeating their end."""
    padded = [t + [t[-1]] * (ticks + 1 - len(t)) for t in traces]
    return np.array(padded, dtype=object).reshape(shape[0], ticks + 1, shape[1]).transpose(1, 0, 2)


def columns_of(compiled: CompiledProgram, final: np.ndarray, steps, halted) -> Columns:
    """The registers of final states (B, H) as arrays by name (int64 where every value fits,
    else Python ints), with steps (int64) and halted (bool)."""
    layout, program = compiled.layout, compiled.program
    registers = {name: _integers(final[:, layout.registers[name]]) for name in program.registers}
    return Columns({name: registers[name] for name in program.outputs}, registers,
                   np.asarray(steps, dtype=np.int64), np.asarray(halted, dtype=bool))


def _integers(column: np.ndarray) -> np.ndarray:
    if column.dtype != object:
        return column.astype(np.int64)  # float states of a guarded run: exact integers
    if all(-2**63 <= v < 2**63 for v in column.tolist()):
        return column.astype(np.int64)
    return column


def result_list(compiled: CompiledProgram, table: Columns, device: str, dtype: str) -> list[Result]:
    """One Result per row of a Columns table."""
    names, outputs = compiled.program.registers, compiled.program.outputs
    values = list(zip(*(table.registers[name].tolist() for name in names))) if names else \
        [()] * len(table)
    out = []
    for row, count, done in zip(values, table.steps.tolist(), table.halted.tolist()):
        registers = dict(zip(names, map(int, row)))
        out.append(Result({name: registers[name] for name in outputs}, registers,
                          count, bool(done), ticks=count * compiled.ticks_per_step,
                          units=compiled.units, device=device, dtype=dtype))
    return out


def results(compiled: CompiledProgram, final: np.ndarray, steps, halted, device: str,
            dtype: str) -> list[Result]:
    """One Result per row of final states (B, H): registers by name, outputs, halted, steps."""
    return result_list(compiled, columns_of(compiled, final, steps, halted), device, dtype)
