"""Run compiled register programs: batched, chunked ticks, per-row halting, precision guard."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from rnnprog.device import (
    EXACT_INTEGER_LIMIT,
    resolve_device,
    resolve_dtype,
    threads_for,
    torch_dtype,
)
from rnnprog.errors import PrecisionError
from rnnprog.rm import exact, kernels
from rnnprog.rm.compile import CompiledProgram
from rnnprog.rm.result import DEFAULT_MAX_STEPS, Result, check_inputs

#: Elements of the (ticks, batch, units) output one chunk may materialise.
CHUNK_ELEMENTS = 1 << 21
MAX_CHUNK_TICKS = 4096
FIRST_CHUNK_TICKS = 64
SPARSE_CHUNK_TICKS = 256


@dataclass
class BatchRun:
    """Every row's Result, the ticks the network ran, and (if recorded) every state.

    `states` is (ticks + 1, batch, units): rows that halted early repeat their final state.
    """

    results: list[Result]
    ticks: int
    seconds: float
    states: np.ndarray | None = None


def initial_states(compiled: CompiledProgram, rows: Sequence[Mapping[str, object]]) -> np.ndarray:
    """h(0) = relu(E @ [1, *inputs]) for each row, as exact Python ints (object array (B, H))."""
    program = compiled.program
    columns = [[1, *check_inputs(program, row).values()] for row in rows]
    x = np.array(columns, dtype=object).reshape(len(rows), 1 + len(program.inputs))
    if max(x.max(initial=0), -x.min(initial=0)) < 2**31:  # small: int64 cannot overflow
        return np.maximum(x.astype(np.int64) @ compiled.encoder.T, 0).astype(object)
    return np.maximum(x @ compiled.encoder.astype(object).T, 0)


def run_batch(compiled: CompiledProgram, rows: Sequence[Mapping[str, object]], *,
              device: str | torch.device | None = None, dtype: str | None = None,
              max_steps: int = DEFAULT_MAX_STEPS, record: bool = False,
              backend: str = "auto", progress=None) -> BatchRun:
    """Run many input rows through one network until each halts or `max_steps` ticks pass.

    Args:
        compiled: the compiled program.
        rows: one mapping of input values per row.
        device: "cpu", "cuda" or "auto"/None.
        dtype: "float32", "float64" or "exact" (integer arithmetic, unbounded registers).
        max_steps: the step budget; rows still running then report halted=False.
        record: keep every tick's hidden state (for traces and tests; memory grows with ticks).
        backend: "rnn" (the stock nn.RNN), "sparse" (the same weights, zeros skipped) or
            "auto" (sparse for large batches); float dtypes only.
        progress: optional callback progress(steps_done, rows_halted, rows) after each chunk
            of ticks (float dtypes), e.g. to draw a progress bar.
    Raises:
        InputError: bad inputs. PrecisionError: a float run would leave exact integers.
    """
    dtype = resolve_dtype(dtype)
    start = time.perf_counter()
    h0 = initial_states(compiled, rows)
    if dtype == "exact":
        final, steps, ticks, states = exact.run(compiled.weight, h0, compiled.layout.halt,
                                                max_steps=max_steps, record=record)
        dev = "cpu"
    else:
        dev_obj = resolve_device(device)
        final, steps, ticks, states = _run_float(compiled, h0, dev_obj, dtype, max_steps, record,
                                                    backend, progress)
        dev = dev_obj.type
    seconds = time.perf_counter() - start
    return BatchRun(_results(compiled, final, steps, dev, dtype), ticks, seconds, states)


def _results(compiled: CompiledProgram, final: np.ndarray, steps: np.ndarray, device: str,
             dtype: str) -> list[Result]:
    """One Result per row of final states (B, H): registers by name, outputs, halted, steps."""
    layout, program = compiled.layout, compiled.program
    names = program.registers
    columns = final[:, [layout.registers[name] for name in names]]
    values = (columns if final.dtype == object else columns.astype(np.int64)).tolist()
    halted = (final[:, layout.halt] == 1).tolist()
    results = []
    for row, count, done in zip(values, steps.tolist(), halted):
        registers = dict(zip(names, map(int, row)))
        results.append(Result({name: registers[name] for name in program.outputs}, registers,
                              count, done, ticks=count * compiled.ticks_per_step,
                              units=compiled.units, device=device, dtype=dtype))
    return results


def _run_float(compiled, h0, device, dtype, max_steps, record, backend, progress=None):
    guarded = _incremented_units(compiled)
    _check_start(compiled, h0, dtype)
    kernel = kernels.choose(backend, len(h0))
    advance = _kernel(compiled, kernel, dtype, device)
    halt = compiled.layout.halt
    h = torch.tensor(h0.astype(np.float64), dtype=torch_dtype(dtype), device=device)  # (B, H)
    rows = torch.arange(len(h0), device=device)  # which input row each simulated row is
    running = h[:, halt] < 0.5
    steps = np.where(running.cpu().numpy(), max_steps, 0)
    final = np.zeros(h0.shape, dtype=np.float64)
    recorded = [h.cpu().numpy()[None]] if record else None
    tick = 0
    while tick < max_steps and bool(running.any()):
        if not record:  # drop halted rows; a recording keeps them (they are fixed points)
            final[rows[~running].cpu().numpy()] = h[~running].cpu().numpy()
            h, rows, running = h[running], rows[running], running[running]
        span = min(_chunk_ticks(len(rows), h.shape[1], tick, kernel, record), max_steps - tick,
                   _guard_ticks(compiled, h[running], guarded, dtype, tick))
        with threads_for(len(rows) * h.shape[1], device):
            h, first, out = advance(h, span, halt, record)
        if record:
            recorded.append(out.cpu().numpy())
        newly = (first >= 0) & running
        steps[rows[newly].cpu().numpy()] = (first[newly] + tick + 1).cpu().numpy()
        running = running & ~newly
        tick += span
        if progress is not None:
            progress(min(tick, max_steps), len(h0) - int(running.sum()), len(h0))
    final[rows.cpu().numpy()] = h.cpu().numpy()
    states = np.concatenate(recorded) if record else None
    return final, steps, tick, states


def _kernel(compiled: CompiledProgram, name: str, dtype: str, device: torch.device):
    if name == "rnn":
        module = compiled.module(dtype, device)
        return lambda h, span, halt, record: kernels.rnn_chunk(module, h, span, halt, record)
    weight = torch.tensor(compiled.weight, dtype=torch_dtype(dtype), device=device)
    weight = weight.to_sparse_coo().coalesce()
    return lambda h, span, halt, record: kernels.sparse_chunk(weight, h, span, halt, record)


def _chunk_ticks(batch: int, size: int, done: int, kernel: str, record: bool) -> int:
    """Ticks per call into torch: doubling from FIRST_CHUNK_TICKS, so a short run does not pay
    for a long chunk, up to a cap. nn.RNN keeps every tick's state (T, B, H), so its cap is long
    for small batches and short for large ones; the sparse loop keeps only the last state, so
    its cap is how long halted rows may wait to be dropped."""
    if kernel == "sparse" and not record:
        cap = SPARSE_CHUNK_TICKS
    else:
        cap = max(1, min(MAX_CHUNK_TICKS, CHUNK_ELEMENTS // max(1, batch * size)))
    return max(1, min(cap, max(FIRST_CHUNK_TICKS, done)))


def _incremented_units(compiled: CompiledProgram) -> dict[int, str]:
    """Register units some `inc` can grow: only they can leave the exact range."""
    layout = compiled.layout
    return {layout.registers[c.register]: c.register
            for c in compiled.lowered.code if c.op == "inc"}


def _check_start(compiled: CompiledProgram, h0: np.ndarray, dtype: str) -> None:
    limit = EXACT_INTEGER_LIMIT[dtype]
    for name, unit in compiled.layout.registers.items():
        top = max(h0[:, unit], default=0)
        if top >= limit:
            raise PrecisionError(
                f"input {name}={top} at step 0 is not below 2^{limit.bit_length() - 1}, where "
                f"{dtype} stops counting exactly; rerun with --dtype float64 or --dtype exact")


def _guard_ticks(compiled, h, guarded: dict[int, str], dtype: str, tick: int) -> int:
    """How many ticks can run before an incremented register could reach `limit`.

    Each tick adds at most 1 to a register, so from a largest value v, limit - 1 - v ticks are
    safe. At the edge, raise if some row is about to increment a register holding limit - 1.
    """
    if not guarded:
        return MAX_CHUNK_TICKS
    limit = EXACT_INTEGER_LIMIT[dtype]
    units = list(guarded)
    top = int(h[:, units].max().item())
    if top < limit - 1:
        return limit - 1 - top
    layout = compiled.layout
    for k, core in enumerate(compiled.lowered.code):
        if core.op != "inc":
            continue
        unit = layout.registers[core.register]
        at_edge = (h[:, layout.pc[k]] > 0.5) & (h[:, unit] >= limit - 1)
        if bool(at_edge.any()):
            raise PrecisionError(
                f"register {core.register} holds {limit - 1} at step {tick} and the next "
                f"instruction increments it, but {dtype} counts exactly only below "
                f"2^{limit.bit_length() - 1}; rerun with --dtype float64 or --dtype exact")
    return 1
