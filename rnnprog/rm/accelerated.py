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


def accelerator(compiled: CompiledProgram, dtype: str, row: int | None = None, *,
                replays: bool = True) -> accelerate.Accelerator:
    """The accelerator for one row, with the float guard where `dtype` is a float; `replays`
    off leaves only the loop jumps (to compare against)."""
    limit = EXACT_INTEGER_LIMIT.get(dtype)
    guard = None if limit is None else TickGuard(compiled, dtype, row)
    return accelerate.Accelerator(compiled.network, control_units(compiled), limit=limit, guard=guard,
                                  replays=replays)


def run_rows(compiled: CompiledProgram, h0: np.ndarray, *, dtype: str, device, max_steps: int):
    """Run each row of h0 (B, H) accelerated; returns (final (B, H), steps, halted, jumps per row)."""
    finals, steps, halted, jumps = [], [], [], []
    for b, start in enumerate(h0.tolist()):
        engine = accelerator(compiled, dtype, b if len(h0) > 1 else None)
        done = engine.run(start, max_steps, stall=None if dtype == "exact" else STALL_TICKS)
        final, ticks, stopped = done.final, done.ticks, done.halted
        if done.stalled:
            final, ticks, stopped = _finish(compiled, final, ticks, dtype, device, max_steps)
        finals.append(final)
        steps.append(ticks)
        halted.append(stopped)
        jumps.append(done.jumps)
    final = np.array(finals, dtype=object).reshape(h0.shape)
    return final, np.array(steps), halted, jumps


def _finish(compiled, state: list, ticks: int, dtype: str, device, max_steps: int):
    """Go on from a stalled row's exact state in the plain runner (it holds exact floats)."""
    rest = runner.run(compiled.network, np.array([state], dtype=object), dtype=dtype,
                      device=resolve_device(device), max_steps=max_steps - ticks,
                      hooks=Guard(compiled, dtype, first_tick=ticks))
    final = [int(v) for v in rest.final[0]]
    return final, ticks + int(rest.steps[0]), bool(rest.halted[0])
