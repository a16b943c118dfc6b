"""Run a zero-input network and keep only the hidden states a page keeps.

A long run's states would not fit in memory (10^6 ticks of 28 float64 units is 224 MB), so the
run goes twice: once to learn how many ticks it takes, and once more keeping, chunk by chunk,
only the kept ticks and the tick before each (whose active units are the weights that acted).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnprog import device as devices
from rnnprog.network import exact, runner
from rnnprog.network.ir import Network
from rnnprog.page.timeline import Keep


@dataclass
class Sampled:
    """The states kept (tick -> h(tick) as a list), the ticks kept in order, the run's steps
    and whether it halted."""

    states: dict
    kept: list
    steps: int
    halted: bool


def sample(network: Network, h0: list, *, dtype: str, device, max_steps: int,
           hooks: runner.Hooks | None, keep: Keep) -> Sampled:
    """Run one row from h0 (exact values) in `dtype` until it halts or `max_steps` ticks pass.

    Raises:
        PrecisionError: from the kind's hooks, as a plain run would.
    """
    if dtype == "exact":
        return _exact(network, h0, max_steps, keep)
    dev = devices.resolve_device(device)
    start = np.array([h0], dtype=object)
    first = runner.run(network, start, dtype=dtype, device=dev, max_steps=max_steps, hooks=hooks)
    steps, halted = int(first.steps[0]), bool(first.halted[0])
    kept = keep.ticks(steps)
    collect = _Collect(hooks or runner.Hooks(), _with_before(kept))
    runner.run(network, start, dtype=dtype, device=dev, max_steps=steps, hooks=collect)
    collect.states[0] = list(h0)
    return Sampled(collect.states, kept, steps, halted)


def _with_before(kept: list) -> np.ndarray:
    """The kept ticks and the tick before each, sorted."""
    return np.unique(np.array([*kept, *(t - 1 for t in kept if t)], dtype=np.int64))


class _Collect(runner.Hooks):
    """The kind's hooks, plus keeping the wanted ticks of each chunk."""

    inspects_chunks = True

    def __init__(self, inner: runner.Hooks, wanted: np.ndarray):
        self.inner, self.wanted, self.states = inner, wanted, {}

    def start(self, h0):
        self.inner.start(h0)

    def safe_ticks(self, h, rows, tick):
        return self.inner.safe_ticks(h, rows, tick)

    def inspect(self, states, rows, tick):
        if self.inner.inspects_chunks:
            self.inner.inspect(states, rows, tick)
        span = states.shape[0]  # states[k] is tick + 1 + k
        lo, hi = np.searchsorted(self.wanted, [tick + 1, tick + 1 + span])
        for t in self.wanted[lo:hi].tolist():
            self.states[t] = states[t - tick - 1, 0].cpu().tolist()


def _exact(network: Network, h0: list, max_steps: int, keep: Keep) -> Sampled:
    """The exact ticker, twice: once for the length, once keeping."""
    done = exact.run(network, [list(h0)], max_steps=max_steps)
    steps, halted = done.steps[0], done.halted[0]
    kept = keep.ticks(steps)
    wanted = set(_with_before(kept).tolist())
    table, h, states = exact.rows(network), list(h0), {0: list(h0)}
    for t in range(1, steps + 1):
        h = exact.tick(table, h)
        if t in wanted:
            states[t] = h
    return Sampled(states, kept, steps, halted)
