"""The one exact ticker: the Network's weights in Python integers and Fractions, no rounding.

Register programs (integer weights) stay in unbounded integers; Turing machines (dyadic
weights) in exact rationals. Only the nonzero weights are visited, so a tick costs
O(nonzeros) whatever the number of units.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from rnnprog.network.ir import Exact, Network

HALF = Fraction(1, 2)


def rows(network: Network) -> list[tuple[tuple[tuple[int, Exact], ...], Exact]]:
    """Each unit's (column, weight) pairs and its bias (zero-input kinds: U x = 0)."""
    return [(row, network.bias_of(i)) for i, row in enumerate(network.recurrent.rows)]


def tick(table, h: list[Exact]) -> list[Exact]:
    """One tick: h'_i = max(0, b_i + sum_j W[i, j] h_j), skipping zero activations."""
    out = []
    for terms, bias in table:
        total = bias
        for j, w in terms:
            v = h[j]
            if v:
                total += w * v
        out.append(total if total > 0 else 0)
    return out


def halted(network: Network, h: list[Exact]) -> bool:
    """The halt units sum to more than 1/2."""
    return sum(h[u] for u in network.halt_units) > HALF


@dataclass
class ExactRun:
    """Final states (one list per row), steps per row, halted flags, ticks, and per-row traces."""

    final: list[list[Exact]]
    steps: list[int]
    halted: list[bool]
    ticks: int
    traces: list[list[list[Exact]]] | None = None


def run(network: Network, h0: list[list[Exact]], *, max_steps: int, record: bool = False) -> ExactRun:
    """Tick every row until it halts or `max_steps` ticks have run.

    A row halted in h(0) takes 0 steps; traces hold h(0) .. the last state of each row.
    """
    table = rows(network)
    finals, steps, done, traces = [], [], [], []
    for start in h0:
        h = list(start)
        trace = [h] if record else None
        t = 0
        stopped = halted(network, h)
        while not stopped and t < max_steps:
            h = tick(table, h)
            t += 1
            stopped = halted(network, h)
            if record:
                trace.append(h)
        finals.append(h)
        steps.append(t)
        done.append(stopped)
        traces.append(trace)
    return ExactRun(finals, steps, done, max(steps, default=0), traces if record else None)


def tick_with_input(table, inputs, h: list[Exact], x: list[Exact]) -> list[Exact]:
    """One tick with an input: h'_i = max(0, b_i + sum_j W[i, j] h_j + sum_k U[i, k] x_k).

    `table` is `rows(network)`, `inputs` is `network.input.rows`; zero activations and zero
    inputs are skipped, so a one-hot x costs one look-up a unit.
    """
    out = []
    for (terms, bias), feeds in zip(table, inputs):
        total = bias
        for j, w in terms:
            v = h[j]
            if v:
                total += w * v
        for k, w in feeds:
            v = x[k]
            if v:
                total += w * v
        out.append(total if total > 0 else 0)
    return out
