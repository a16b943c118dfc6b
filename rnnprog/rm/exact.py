"""The same integer weights run in exact Python integers: unbounded registers, no rounding."""

from __future__ import annotations

import numpy as np


def sparse_rows(weight: np.ndarray) -> list[list[tuple[int, int]]]:
    """For each unit i, the (j, W[i, j]) pairs with W[i, j] != 0, as Python ints."""
    return [[(int(j), int(weight[i, j])) for j in np.flatnonzero(weight[i])]
            for i in range(weight.shape[0])]


def step(rows: list[list[tuple[int, int]]], h: list[int]) -> list[int]:
    """One tick: h'_i = max(0, sum_j W[i, j] h_j), in integers."""
    return [max(0, sum(w * h[j] for j, w in row)) for row in rows]


def run(weight: np.ndarray, h0: np.ndarray, halt: int, *, max_steps: int, record: bool = False):
    """Tick every row until its halt unit is 1 or `max_steps` ticks have run.

    Returns:
        (final states (B, H) object array, steps per row, ticks run, recorded states or None);
        recorded states are (ticks + 1, B, H), rows that halted early repeating their end.
    """
    rows = sparse_rows(weight)
    finals, steps, traces = [], [], []
    for start in h0:
        h = [int(v) for v in start]
        trace = [h] if record else None
        tick = 0
        while h[halt] != 1 and tick < max_steps:
            h = step(rows, h)
            tick += 1
            if record:
                trace.append(h)
        finals.append(h)
        steps.append(tick)
        traces.append(trace)
    ticks = max(steps, default=0)
    final = np.array(finals, dtype=object).reshape(h0.shape)
    if not record:
        return final, np.array(steps), ticks, None
    padded = [t + [t[-1]] * (ticks + 1 - len(t)) for t in traces]
    states = np.array(padded, dtype=object).reshape(len(h0), ticks + 1, h0.shape[1])
    return final, np.array(steps), ticks, states.transpose(1, 0, 2)
