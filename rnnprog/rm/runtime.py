"""Run compiled register programs on the shared runner: batched, per-row halting, precision guard."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from rnnprog.device import EXACT_INTEGER_LIMIT, resolve_device, resolve_dtype
from rnnprog.network import exact, kernels, runner
from rnnprog.rm import accelerated
from rnnprog.rm.compile import CompiledProgram
from rnnprog.rm.guard import Guard, check_start
from rnnprog.rm.result import DEFAULT_MAX_STEPS, Result, check_inputs


@dataclass
class BatchRun:
    """Every row's Result, the ticks the network ran, and (if recorded) every state.

    `states` is (ticks + 1, batch, units): rows that halted early repeat their final state.
    """

    results: list[Result]
    ticks: int
    seconds: float
    states: np.ndarray | None = None
    jumps: list | None = None


def initial_states(compiled, rows: Sequence[Mapping[str, object]]) -> np.ndarray:
    """h(0) = relu(E @ [1, *inputs]) for each row, as exact Python ints (object array (B, H)).

    `compiled` needs `.program` (for the input check) and `.network.encoder`.
    """
    program, encoder = compiled.program, compiled.network.encoder
    dense = np.zeros(encoder.shape, dtype=np.int64)  # (H, 1 + inputs): few columns
    for i, j, w in encoder.entries:
        dense[i, j] = w
    numbered = len(rows) > 1  # a batch's error names its row
    columns = [[1, *check_inputs(program, row, row=b if numbered else None).values()]
               for b, row in enumerate(rows)]
    x = np.array(columns, dtype=object).reshape(len(rows), encoder.shape[1])
    if max(x.max(initial=0), -x.min(initial=0)) < 2**31:  # small: int64 cannot overflow
        return np.maximum(x.astype(np.int64) @ dense.T, 0).astype(object)
    return np.maximum(x @ dense.astype(object).T, 0)


def run_batch(compiled: CompiledProgram, rows: Sequence[Mapping[str, object]], *,
              device: str | torch.device | None = None, dtype: str | None = None,
              max_steps: int = DEFAULT_MAX_STEPS, record: bool = False,
              backend: str = "auto", progress=None, accelerate: bool = False) -> BatchRun:
    """Run many input rows through one network until each halts or `max_steps` ticks pass.

    Args:
        compiled: the compiled program.
        rows: one mapping of input values per row.
        device: "cpu", "cuda" or "auto"/None.
        dtype: "float32", "float64" or "exact" (integer arithmetic, unbounded registers).
        max_steps: the step budget; rows still running then report halted=False.
        record: keep every tick's hidden state (for traces and tests; memory grows with ticks).
        backend: "rnn" (the stock nn.RNN), "sparse" (the same weights, zeros skipped) or
            "auto" (sparse for large batches or networks); float dtypes only.
        progress: optional callback progress(steps_done, rows_halted, rows) after each chunk
            of ticks (float dtypes), e.g. to draw a progress bar.
        accelerate: jump over loops with a certificate (rnnprog.rm.accelerated): the same
            results, steps and precision errors, far fewer ticks computed; batches of up to
            accelerated.MAX_ROWS rows, without `record` (its `jumps` then say what was skipped).
    Raises:
        InputError: bad inputs. PrecisionError: a float run would leave exact integers.
    """
    dtype = resolve_dtype(dtype)
    kernels.check_backend(backend)
    start = time.perf_counter()
    h0 = initial_states(compiled, rows)
    on_cpu = dtype == "exact" or resolve_device(device).type == "cpu"  # jumps are CPU work
    small = compiled.units < accelerated.MAX_UNITS  # a tick in Python costs O(active weights)
    if accelerate and on_cpu and small and not record and len(rows) <= accelerated.MAX_ROWS:
        if dtype != "exact":
            check_start(compiled, h0, dtype)
        final, steps, halted, jumps = accelerated.run_rows(compiled, h0, dtype=dtype, device=device,
                                                              max_steps=max_steps)
        run = BatchRun(results(compiled, final, steps, halted, "cpu", dtype),
                       int(max(steps, default=0)), time.perf_counter() - start, jumps=jumps)
        return run
    if dtype == "exact" and not record and _fits_int64(h0):
        final, steps, halted, ticks = _run_int64(compiled, h0, max_steps, progress)
        states, dev = None, "cpu"
    elif dtype == "exact":
        done = exact.run(compiled.network, h0.tolist(), max_steps=max_steps, record=record)
        final = np.array(done.final, dtype=object).reshape(h0.shape)
        steps, halted, ticks, dev = np.array(done.steps), done.halted, done.ticks, "cpu"
        states = _padded(done.traces, ticks, h0.shape) if record else None
    else:
        dev_obj = resolve_device(device)
        done = runner.run(compiled.network, h0, dtype=dtype, device=dev_obj, max_steps=max_steps,
                          record=record, backend=backend, hooks=Guard(compiled, dtype),
                          progress=progress)
        final, steps, halted, ticks, states = done.final, done.steps, done.halted, done.ticks, done.states
        dev = dev_obj.type
    seconds = time.perf_counter() - start
    return BatchRun(results(compiled, final, steps, halted, dev, dtype), ticks, seconds, states)


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


def results(compiled: CompiledProgram, final: np.ndarray, steps, halted, device: str,
            dtype: str) -> list[Result]:
    """One Result per row of final states (B, H): registers by name, outputs, halted, steps."""
    layout, program = compiled.layout, compiled.program
    names = program.registers
    columns = final[:, [layout.registers[name] for name in names]]
    values = (columns if final.dtype == object else columns.astype(np.int64)).tolist()
    out = []
    for row, count, done in zip(values, np.asarray(steps).tolist(), list(halted)):
        registers = dict(zip(names, map(int, row)))
        out.append(Result({name: registers[name] for name in program.outputs}, registers,
                          count, bool(done), ticks=count * compiled.ticks_per_step,
                          units=compiled.units, device=device, dtype=dtype))
    return out
