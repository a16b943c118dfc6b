"""The certificate of a loop jump: how many more times a block of ticks can repeat.

A stretch where the pattern of active units is fixed is linear: one block of ticks maps h to
A h + c. When the block's change d = h(t+L) - h(t) has A d = d, h(t + jL) = h(t) + j d while the
pattern holds, and every pre-activation along that orbit is affine in j, so its sign holds for
all j in [0, m] iff it holds at both ends; for a float run every value must also stay at most
limit - 2. A block that holds earlier jumps is affine in every loop counter, and each sign is
checked at the corners of the box of counters. `Certificate` is the part of `Accelerator` that
works this out; it reads the accelerator's `apply`, `pre`, `bias`, `limit`, `blocks` and
`templates`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import NamedTuple

#: "No bound": a repetition count no run reaches (steps are int64 and budgets at most 2^62).
UNBOUNDED = 1 << 62


def float_top(limit: int | None) -> int | None:
    """The largest |value| a jump or a replay may hold in a float run of exact limit `limit`
    (None: exact arithmetic, no top): limit - 2. The guard stops a plain run at a value of
    limit - 1 that the next tick would grow; keeping every value inside a jump at most one below
    that, no state a jump skips is one the plain run would have stopped at, and every value
    (limit - 2 < limit) is held exactly."""
    return None if limit is None else limit - 2


# A run's events, as recorded and compared (tuples: blocks of them are compared and hashed often).
class Tick(NamedTuple):
    """A tick computed one by one; `pattern`: the units active after it."""

    pattern: frozenset


class LoopJump(NamedTuple):
    """`blocks` further repetitions of a known `block` of events, jumped."""

    block: tuple
    blocks: int


class Replayed(NamedTuple):
    """A recorded stretch replayed from here, then its own jump of `blocks` repetitions."""

    stretch: object
    blocks: int


class Known(NamedTuple):
    """A block seen and certified before: each repetition adds `delta` in `block_ticks` ticks."""

    delta: dict
    block_ticks: int


class Certificate:
    """Certified jump counts for `Accelerator` (a mixin: see the module docstring)."""

    def _certify(self, block, base: dict, delta: dict) -> int:
        """The most further repetitions j = 1..m of `block` (j = 0 ran from `base`) whose every
        tick keeps its pattern (and, for floats, every value under the limit); 0 if the block's
        linear part does not fix `delta`."""
        constraints: dict = {}
        end = self._propagate(block, (base, [delta]), (None,), constraints)
        if end is None or difference(end[1][0], delta):
            return 0
        return _solve(constraints)

    def _certify_flat(self, block, delta: dict, pres: list) -> int:
        """`_certify` for a block of single ticks, from the pre-activations z_i its last run
        computed (from the base): at repetition j tick i has z_i + j s_i, with the slopes
        s_i = W d_i (d_0 = delta, d_{i+1} = d_i masked to tick i's pattern, the same for every
        base, so they are worked out once per block and delta). Every constraint is then
        the sign of z_i(u) + j s_i(u), or for floats |z_i(u) + j s_i(u)| <= limit - 2."""
        key = (block, frozenset(delta.items()))
        if key not in self.templates:
            self.templates[key] = self._slopes(block, delta)
        slopes = self.templates[key]
        if slopes is None:
            return 0
        best, top = UNBOUNDED, float_top(self.limit)
        bias = self.bias
        for event, row, z in zip(block, slopes, pres):
            pattern = event.pattern
            for u, slope in row:
                a0 = z.get(u)
                if a0 is None:
                    a0 = bias.get(u, 0)
                bound = _integer_bound(u in pattern, slope, a0, top)
                if bound < best:
                    best = bound
                    if best <= 0:
                        return 0
        return best

    def _slopes(self, block, delta: dict) -> list | None:
        """Per tick of a flat block, (unit, slope) for every unit W d_i reaches that can bound
        the jump; None when the block's linear part does not fix `delta` (A d != d: no jump).
        In exact arithmetic only an active unit falling or an inactive one rising can: the
        others keep the sign the pattern gives them for every j."""
        direction, rows, exact = delta, [], self.limit is None
        for event in block:
            z = self.apply(direction, False)
            rows.append(tuple((u, v) for u, v in z.items()
                              if v and (not exact or (u in event.pattern) == (v < 0))))
            direction = {u: v for u, v in z.items() if u in event.pattern and v}
        return None if difference(direction, delta) else rows

    def _propagate(self, block, vector, ranges, constraints):
        """Push an affine vector (base, one direction per counter) through a block, collecting
        constraints; `ranges` gives each counter's top (None for the outer one, unknown).

        Returns the vector after the block, or None where a nested block does not fix a
        direction (the outer block is then not certified).
        """
        for event in expand(block):
            if type(event) is Tick:
                vector = self._tick_affine(vector, event.pattern, ranges, constraints)
                continue
            inner, count = event.block, event.blocks
            delta = self.blocks[inner].delta
            base, directions = vector
            for direction in directions:  # the inner block's linear part must fix each
                fixed = self._linear(inner, direction)
                if fixed is None or difference(fixed, direction):
                    return None
            inside = self._propagate(inner, (base, [*directions, delta]), (*ranges, count - 1),
                                     constraints)
            if inside is None:
                return None
            vector = (moved(base, delta, count), directions)
        return vector

    def _tick_affine(self, vector, pattern: frozenset, ranges: list, constraints: list):
        """One tick of an affine vector: z = W v + b per unit; record the sign constraints of
        this tick's pattern (and, for floats, |z| <= limit - 2); keep the active units."""
        base, directions = vector
        z0 = self.apply(base, True)
        zs = [self.apply(d, False) for d in directions]
        pre = self.pre
        # A unit the outer direction does not reach is the same for every j: its sign held at
        # j = 0 (that block ran), so only the units in W d_outer are constrained.
        for u in zs[0]:
            slopes = tuple(z.get(u, 0) for z in zs)
            if not slopes[0]:
                continue
            a0 = pre(z0, u)
            _tighten(constraints, (u in pattern, slopes, ranges), a0)
            if self.limit is not None:  # z - B <= 0 and -z - B <= 0: "inactive" constraints
                top = float_top(self.limit)
                _tighten(constraints, (False, slopes, ranges), a0 - top)
                _tighten(constraints, (False, tuple(-c for c in slopes), ranges), -a0 - top)
        keep = lambda z: {u: v for u, v in z.items() if u in pattern and v}  # noqa: E731
        return keep(z0), [keep(z) for z in zs]

    def _linear(self, block, direction: dict):
        """The block's linear part applied to a direction (masks of its patterns, W), or None
        where a nested block does not fix it."""
        for event in expand(block):
            if type(event) is Tick:
                z = self.apply(direction, False)
                direction = {u: v for u, v in z.items() if u in event.pattern and v}
                continue
            fixed = self._linear(event.block, direction)
            if fixed is None or difference(fixed, direction):
                return None
        return direction


def expand(block):
    """A block's events with each replay spelled out: its single ticks, then its jump (Tick and
    LoopJump events only)."""
    for event in block:
        if type(event) is Replayed:
            yield from (Tick(pattern) for pattern in event.stretch.patterns)
            yield LoopJump(event.stretch.block, event.blocks)
        else:
            yield event


def _tighten(constraints: dict, shape: tuple, a0) -> None:
    """Keep, of constraints alike but for their constant, only the tightest: the least constant
    of those that must stay positive, the greatest of those that must stay at most 0."""
    active = shape[0]
    old = constraints.get(shape)
    if old is None or (a0 < old if active else a0 > old):
        constraints[shape] = a0


def _solve(constraints: dict) -> int:
    """The largest m >= 0 with every constraint true for j in [0, m] and every inner counter
    in its range: each constraint is affine in the counters, so the corners decide."""
    best = None
    for (active, coefficients, ranges), a0 in constraints.items():
        a_outer, others, inner = coefficients[0], coefficients[1:], ranges[1:]
        low = a0 + sum(min(0, c) * top for c, top in zip(others, inner))
        high = a0 + sum(max(0, c) * top for c, top in zip(others, inner))
        bound = _bound(active, a_outer, low, high)
        if bound is not None:
            best = bound if best is None else min(best, bound)
            if best <= 0:
                return 0
    return best if best is not None else UNBOUNDED


def _integer_bound(active: bool, slope, a0, top) -> int:
    """The largest j keeping a0 + slope j > 0 (active) or <= 0 (inactive), and with a float
    `top` also |a0 + slope j| <= top; UNBOUNDED when unbounded. Integers take the fast way."""
    if type(a0) is not int or type(slope) is not int:  # bool and Fraction take the general way
        bounds = [_bound(active, slope, a0, a0)]
        if top is not None:
            bounds += [_bound(False, slope, a0 - top, a0 - top), _bound(False, -slope, -a0 - top, -a0 - top)]
        return min((b for b in bounds if b is not None), default=UNBOUNDED)
    best = UNBOUNDED
    if active:
        if a0 <= 0:
            return 0
        if slope < 0:
            best = (a0 - 1) // -slope  # a0 + slope j >= 1
    else:
        if a0 > 0:
            return 0
        if slope > 0:
            best = -a0 // slope
    if top is not None:
        if abs(a0) > top:
            return 0
        edge = (top - a0) // slope if slope > 0 else (top + a0) // -slope
        best = min(best, edge)
    return best


def _bound(active: bool, slope, low, high):
    """For f(j) = g + slope * j with g in [low, high] over the inner corners: the largest j
    keeping f > 0 (active) or f <= 0 (inactive) for every g, or None when j is unbounded."""
    if active:
        if low <= 0:
            return 0
        if slope >= 0:
            return None
        if isinstance(low, int) and isinstance(slope, int):
            return (low - 1) // -slope  # integers: low + slope * j >= 1
        return math.ceil(Fraction(low) / -slope) - 1
    if high > 0:
        return 0
    if slope <= 0:
        return None
    return -high // slope if isinstance(high, int) and isinstance(slope, int) else \
        math.floor(Fraction(-high) / slope)


def difference(a: dict, b: dict) -> dict:
    """a - b over the units of either, without the zeros."""
    out = {}
    for u in a.keys() | b.keys():
        d = a.get(u, 0) - b.get(u, 0)
        if d:
            out[u] = d
    return out


def moved(state: dict, delta: dict, times: int) -> dict:
    """state + times * delta, without the zeros."""
    out = dict(state)
    for u, d in delta.items():
        value = out.get(u, 0) + times * d
        if value:
            out[u] = value
        else:
            out.pop(u, None)
    return out
