"""Register programs on the accelerated path: certified jumps over loops, then the same results.

Each row runs in exact integers (rnnprog.network.accelerate). For float32 and float64 every jump
keeps every value at most 2^24 - 2 (2^53 - 2), and single ticks meet the same precision guard as
the plain runner, so the result, the step count and any PrecisionError (its step included) are
those of the stock network ticking one step at a time. A float row that stops finding loops is
finished by the plain runner from where it stands.
"""

from __future__ import annotations

import numpy as np

from rnnprog.device import EXACT_INTEGER_LIMIT, resolve_device
from rnnprog.errors import PrecisionError
from rnnprog.network import accelerate, runner
from rnnprog.rm.compile import CompiledProgram
from rnnprog.rm.guard import Guard, TickGuard

#: Batches up to this many rows are accelerated row by row; larger ones use the batched runner.
MAX_ROWS = 16
#: Networks this large run on the plain (sparse) runner: a Python tick would cost too much.
MAX_UNITS = 2048
#: A float row that ticks this many times without a jump goes on in the plain runner.
STALL_TICKS = 20_000


def control_units(compiled: CompiledProgram) -> set[int]:
    """The program counter and gate units: their active set is the program's position."""
    layout = compiled.layout
    return set(layout.pc_units) | set(layout.gates.values())


def handoff_ticks(rows: int) -> int:
    """Ticks a batch of `rows` runs batched before its rows still running go on row by row
    (none for a batch of at most MAX_ROWS): a batched tick costs about the same per row as a
    few Python operations, a row's accelerated run some milliseconds, so the hand-over grows
    with the batch, up to HANDOFF_TICKS."""
    return 0 if rows <= MAX_ROWS else min(HANDOFF_TICKS, 256 * rows)


#: The most batched ticks before rows still running are fast-forwarded row by row.
HANDOFF_TICKS = 1 << 16


def accelerator(compiled: CompiledProgram, dtype: str, row: int | None = None, *,
                replays: bool = True, first_tick: int = 0) -> accelerate.Accelerator:
    """The accelerator for one row, with the float guard where `dtype` is a float; `replays`
    off leaves only the loop jumps (to compare against); `first_tick` is where the row stands
    (its errors name the whole run's step)."""
    limit = EXACT_INTEGER_LIMIT.get(dtype)
    guard = None if limit is None else TickGuard(compiled, dtype, row, first_tick)
    return accelerate.Accelerator(compiled.network, control_units(compiled), limit=limit, guard=guard,
                                  replays=replays)


def run_rows(compiled: CompiledProgram, h0: np.ndarray, *, dtype: str, device, max_steps: int):
    """Run each row of h0 (B, H) accelerated; returns (final (B, H), steps, halted, jumps per row)."""
    finals, steps, halted, jumps, errors = [], [], [], [], []
    for b, start in enumerate(h0.tolist()):
        try:
            final, ticks, stopped, made = _row(compiled, start, b if len(h0) > 1 else None, 0,
                                               dtype=dtype, device=device, max_steps=max_steps)
        except PrecisionError as err:
            errors.append(err)
            final, ticks, stopped, made = start, 0, False, []
        finals.append(final)
        steps.append(ticks)
        halted.append(stopped)
        jumps.append(made)
    _raise_first(errors)
    final = np.array(finals, dtype=object).reshape(h0.shape)
    return final, np.array(steps), halted, jumps


def _raise_first(errors: list[PrecisionError]) -> None:
    """Raise the error the batched run, ticking every row at once, would meet first."""
    if errors:
        raise min(errors, key=lambda err: err.order)


def run_rest(compiled: CompiledProgram, final: np.ndarray, steps, halted, done: int, *, dtype: str,
             device, max_steps: int):
    """Go on row by row, accelerated, with the rows of a batch still running after `done`
    ticks (their states in final (B, H)); returns the updated (final, steps, halted)."""
    halted = np.asarray(halted, dtype=bool).copy()
    rest = np.flatnonzero(~halted)
    if not rest.size:
        return final, steps, halted
    final, steps = final.astype(object), np.asarray(steps).astype(object)
    errors = []
    for b in rest.tolist():
        start = [int(v) for v in final[b]]
        try:
            state, ticks, stopped, _ = _row(compiled, start, b if len(final) > 1 else None, done,
                                            dtype=dtype, device=device, max_steps=max_steps - done)
        except PrecisionError as err:
            errors.append(err)
            continue
        final[b], steps[b], halted[b] = state, done + ticks, stopped
    _raise_first(errors)
    return final, steps.astype(np.int64), halted


def _row(compiled, start: list, row: int | None, first_tick: int, *, dtype: str, device,
         max_steps: int):
    """One row from `start` (standing at `first_tick`): (final, ticks, halted, jumps)."""
    engine = accelerator(compiled, dtype, row, first_tick=first_tick)
    done = engine.run(start, max_steps, stall=None if dtype == "exact" else STALL_TICKS)
    final, ticks, stopped = done.final, done.ticks, done.halted
    if done.stalled:
        final, ticks, stopped = _finish(compiled, final, ticks, dtype, device, max_steps,
                                        first_tick, row)
    return final, ticks, stopped, done.jumps


def _finish(compiled, state: list, ticks: int, dtype: str, device, max_steps: int,
            first_tick: int = 0, row: int | None = None):
    """Go on from a stalled row's exact state in the plain runner (it holds exact floats)."""
    rest = runner.run(compiled.network, np.array([state], dtype=object), dtype=dtype,
                      device=resolve_device(device), max_steps=max_steps - ticks,
                      hooks=Guard(compiled, dtype, first_tick=first_tick + ticks, row=row))
    final = [int(v) for v in rest.final[0]]
    return final, ticks + int(rest.steps[0]), bool(rest.halted[0])
