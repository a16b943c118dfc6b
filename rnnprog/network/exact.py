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


def tick(table, h: list[Exact], inputs=None, x: list[Exact] | None = None) -> list[Exact]:
    """One tick: h'_i = max(0, b_i + sum_j W[i, j] h_j + sum_k U[i, k] x_k), skipping zero
    activations and zero inputs (`inputs` is `network.input.rows`; none for zero-input kinds)."""
    out = []
    for i, (terms, bias) in enumerate(table):
        total = bias
        for j, w in terms:
            v = h[j]
            if v:
                total += w * v
        if inputs is not None:
            for k, w in inputs[i]:
                if x[k]:
                    total += w * x[k]
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

    A row halted in h(0) takes 0 steps; traces hold h(0) .. the last state of each row. Dyadic
    weights (Turing machines) run as scaled integers (see `run_dyadic`), the same numbers.
    """
    if dyadic_shift(network) not in (None, 0):
        return run_dyadic(network, h0, max_steps=max_steps, record=record)
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
    """One tick with an input x (one-hot symbols cost one look-up a unit): `tick` with inputs."""
    return tick(table, h, inputs, x)


def dyadic_shift(network: Network) -> int | None:
    """k such that every weight and bias times 2^k is an integer, or None if some is not dyadic."""
    k = 0
    for value in [*network.recurrent.values(), *(network.bias.values() if network.bias else [])]:
        den = Fraction(value).denominator
        if den & (den - 1):
            return None
        k = max(k, den.bit_length() - 1)
    return k


def run_dyadic(network: Network, h0: list[list[Exact]], *, max_steps: int, record: bool = False) -> ExactRun:
    """`run` in fixed point: each state is integers n_i and one exponent e, h_i = n_i / 2^e.

    With weights p_ij / 2^k and biases c_i / 2^k, a tick is
        n_i' = max(0, c_i 2^e + sum_j p_ij n_j),   e' = e + k,
    then every n_i' and e' drop their common factors of two: integer arithmetic throughout, no
    gcd per operation, and exactly the rational run's values (returned as Fractions).
    """
    k = dyadic_shift(network)
    scale = 1 << k
    table = [([(j, int(w * scale)) for j, w in row], int(network.bias_of(i) * scale))
             for i, row in enumerate(network.recurrent.rows)]
    finals, steps, done, traces = [], [], [], []
    for start in h0:
        n, e = _scaled(start)
        trace = [_fractions(n, e)] if record else None
        t = 0
        stopped = _halted_scaled(network, n, e)
        while not stopped and t < max_steps:
            n, e = _tick_scaled(table, n, e, k)
            t += 1
            stopped = _halted_scaled(network, n, e)
            if record:
                trace.append(_fractions(n, e))
        finals.append(_fractions(n, e))
        steps.append(t)
        done.append(stopped)
        traces.append(trace)
    return ExactRun(finals, steps, done, max(steps, default=0), traces if record else None)


def _scaled(values) -> tuple[list[int], int]:
    e = max((Fraction(v).denominator.bit_length() - 1 for v in values), default=0)
    return [int(Fraction(v) * (1 << e)) for v in values], e


def _tick_scaled(table, n: list[int], e: int, k: int) -> tuple[list[int], int]:
    out = []
    for terms, bias in table:
        total = bias << e
        for j, w in terms:
            v = n[j]
            if v:
                total += w * v
        out.append(total if total > 0 else 0)
    e += k
    common = 0
    for v in out:
        common |= v
    if common:  # drop the factors of two every value shares (at most e of them)
        shift = min((common & -common).bit_length() - 1, e)
        if shift:
            out = [v >> shift for v in out]
            e -= shift
    return out, e


def _halted_scaled(network: Network, n: list[int], e: int) -> bool:
    return 2 * sum(n[u] for u in network.halt_units) > (1 << e)


def _fractions(n: list[int], e: int) -> list[Exact]:
    return [Fraction(v, 1 << e) if v else 0 for v in n]
