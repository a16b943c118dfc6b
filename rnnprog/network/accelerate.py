"""Certified fast-forward of a Network's loops, on its own weights, in exact arithmetic.

Between jumps the network ticks one step at a time (sparse, exact). A stretch where the pattern
of active units (those with a positive pre-activation) is fixed is linear: one block of ticks
maps h to A h, A = D_L W ... D_1 W. When a block repeats with the same events and the same change
d = h(t+L) - h(t), and A d = d, then h(t + jL) = h(t) + j d while the pattern holds; every
pre-activation along that orbit is affine in j, so its sign holds for all j in [0, m] iff it holds
at both ends. The largest such m is the jump. Blocks may contain earlier jumps (an outer loop
whose inner loops ran the same counts): their ticks are affine in every loop counter, so each
sign is checked at the corners of the box of counters. `steps` counts every skipped tick.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from rnnprog.network import replay
from rnnprog.network.ir import Network

#: Events kept for finding repeats (an older repeat is not found; the run stays exact).
HISTORY = 1 << 14

State = dict  # unit -> nonzero exact value


@dataclass(frozen=True)
class Jump:
    """`blocks` repetitions of a block of `block_ticks` ticks, from tick `start`, each adding
    `delta`; `units` are the units active somewhere in the block (where the loop is)."""

    start: int
    blocks: int
    block_ticks: int
    delta: dict
    units: frozenset = frozenset()

    @property
    def ticks(self) -> int:
        return self.blocks * self.block_ticks


@dataclass
class Result:
    """The final state (dense list), ticks run, halted, the jumps made and, when recorded, the
    (tick, dense state) of every tick actually computed; `stalled` when the run stopped early
    because it found no loop to jump for `stall` ticks."""

    final: list
    ticks: int
    halted: bool
    jumps: list[Jump] = field(default_factory=list)
    ticked: list | None = None
    stalled: bool = False
    computed: int = 0  # single ticks computed (the rest were jumped or replayed)
    replayed: int = 0  # ticks of known stretches, certified without being ticked one by one


class Accelerator:
    """Runs one row of a Network with fast-forward.

    Args:
        network: the weights (exact).
        control: units whose active set names a program position (register programs: the
            program counter and gates); a repeat is looked for only at equal positions.
        limit: None for exact arithmetic; else every value inside a jump stays at most
            limit - 2, so a float run of the same weights would compute the same numbers.
        guard: called as guard(state, tick) before each single tick (the kind's own
            precision guard); it raises PrecisionError where the plain run would.
        replays: replay the stretches between jumps seen before (rnnprog.network.replay).
    """

    def __init__(self, network: Network, control, *, limit: int | None = None, guard=None,
                 replays: bool = True):
        self.network, self.control, self.limit, self.guard = network, frozenset(control), limit, guard
        self.replays = replay.Replays(self) if replays else None
        self.columns = network.recurrent.columns
        self.bias = {i: v for i, _, v in network.bias.entries} if network.bias is not None else {}
        self.positive_bias = {i: v for i, v in self.bias.items() if v > 0}
        self.halt = frozenset(network.halt_units)
        self.blocks: dict[tuple, tuple] = {}  # block -> (delta, ticks per block)
        self.templates: dict[tuple, list | None] = {}  # (flat block, delta) -> slopes per tick

    # --- single ticks ------------------------------------------------------------------------
    def apply(self, vector: dict, with_bias: bool) -> dict:
        """W v (+ b): the pre-activations, sparse. With the bias, only the units W v reaches and
        those of positive bias are listed: any other unit's pre-activation is its bias b <= 0
        (`pre` reads it), so it is inactive, and copying every bias each tick would cost more
        than the tick."""
        z: dict = {}
        columns, get = self.columns, z.get
        for j, v in vector.items():
            for i, w in columns[j]:
                z[i] = get(i, 0) + w * v
        if with_bias and self.bias:  # register networks carry their constants in a unit: no bias
            bias = self.bias
            for i in z:
                z[i] += bias.get(i, 0)
            for i, b in self.positive_bias.items():
                z.setdefault(i, b)
        return z

    def pre(self, z: dict, unit: int):
        """A unit's pre-activation from `apply(..., True)`: listed, or its bias."""
        return z.get(unit, self.bias.get(unit, 0))

    def tick(self, state: State) -> tuple[State, frozenset, dict]:
        """One tick: the new state, its pattern (the active units) and the pre-activations."""
        z = self.apply(state, True)
        new = {i: v for i, v in z.items() if v > 0}
        return new, frozenset(new), z

    def halted(self, state: State) -> bool:
        """The halt units' sum passes 1/2 (read over the few active units, not every halt unit)."""
        halt = self.halt
        return 2 * sum(v for u, v in state.items() if u in halt) > 1

    # --- the run -------------------------------------------------------------------------------
    def run(self, h0: list, max_steps: int, record: bool | int = False, stall: int | None = None) -> Result:
        """Run from h0 until the halt units are on or `max_steps` ticks have run (or, with
        `stall`, until that many single ticks pass without a jump). `record` keeps the computed
        states: all (True) or the first `record` of them (stretches are replayed once those are
        kept: a replay computes no single states)."""
        keep = None if record is True else int(record)
        state = {i: v for i, v in enumerate(h0) if v}
        events, states, seen = [], [state], {}
        pres: list = []  # per event: the tick's pre-activations (None for a jump or a replay)
        jumps, ticked = [], ([(0, list(h0))] if record else None)
        tick = since = computed = replayed = segment = 0  # segment: the event after the last jump
        while not self.halted(state) and tick < max_steps:
            if stall is not None and since >= stall:
                return Result(self.dense(state), tick, False, jumps, ticked, stalled=True,
                              computed=computed, replayed=replayed)
            positions = seen.setdefault(_position(self.control, state), [])
            jump = self._repeat(events, states, pres, positions, max_steps - tick)
            positions.append(len(events))
            done = None
            if jump is None and segment == len(events) and self.replays is not None and \
                    (not record or (keep is not None and len(ticked) >= keep)):
                done = self.replays.replay(state, max_steps - tick)
            if jump is not None:
                block, delta, blocks, block_ticks = jump
                if segment is not None and all(e[0] == "tick" for e in block):
                    self._record(states[segment], events[segment:], jump)
                state = _add(state, delta, blocks)
                jumps.append(Jump(tick, blocks, block_ticks, delta, self._units(block)))
                tick += blocks * block_ticks
                since = 0
                events.append(("jump", block, blocks))
                pres.append(None)
            elif done is not None:
                state, stretch, blocks = done
                events.append(("replay", stretch, blocks))  # its single ticks are not worked out
                pres.append(None)
                ticks = len(stretch.patterns)
                jumps.append(Jump(tick + ticks, blocks, stretch.block_ticks, stretch.delta,
                                  stretch.units))
                tick += ticks + blocks * stretch.block_ticks
                since, replayed = 0, replayed + ticks
            else:
                if self.guard is not None:
                    self.guard(state, tick)
                state, pattern, z = self.tick(state)
                pres.append(z)
                tick += 1
                since += 1
                computed += 1
                events.append(("tick", pattern))
                if record and (keep is None or len(ticked) < keep):
                    ticked.append((tick, self.dense(state)))
            states.append(state)
            if jump is not None or done is not None:
                segment = len(events)
            if len(events) > HISTORY:
                cut = len(events) // 2
                events, states, pres, seen = _trim(events, states, pres, self.control)
                segment = segment - cut if segment is not None and segment >= cut else None
        return Result(self.dense(state), tick, self.halted(state), jumps, ticked, computed=computed,
                      replayed=replayed)

    def _record(self, start: State, ticks: list, jump: tuple) -> None:
        """Keep the single ticks since the last jump, and this flat jump, for replay."""
        block, delta, _, block_ticks = jump
        slopes = self.templates.get((block, frozenset(delta.items()))) if delta else ()
        if self.replays is not None and start and slopes is not None:
            self.replays.record(start, replay.Stretch(tuple(e[1] for e in ticks), block, delta,
                                                      block_ticks, tuple(slopes), self._units(block)))

    def dense(self, state: State) -> list:
        out = [0] * self.network.size
        for i, v in state.items():
            out[i] = v
        return out

    def _repeat(self, events, states, pres, positions, budget: int):
        """(block, delta, blocks, block ticks) of a certified jump from here, or None.

        `positions` are the earlier boundaries (indices into `states`) at this position; `pres`
        the pre-activations of every event's tick.
        """
        now = len(events)
        if not positions or budget <= 0:
            return None
        k1 = positions[-1]
        block = tuple(events[k1:now])
        known, delta = self.blocks.get(block), None
        if known is not None:
            delta = _difference(states[now], states[k1])
        if known is None or known[0] != delta:  # a new block: it must have run twice alike
            if len(positions) < 2:
                return None
            k0 = positions[-2]  # the cheap tests first: most places are not a loop's
            if now - k1 != k1 - k0 or events[k0:k1] != list(block):
                return None
            delta = _difference(states[now], states[k1]) if delta is None else delta
            if _difference(states[k1], states[k0]) != delta:
                return None
        block_ticks = self._ticks(block)
        blocks = budget // block_ticks
        if delta:
            flat = all(e[0] == "tick" for e in block)
            bound = self._certify_flat(block, delta, pres[k1:now]) if flat else \
                self._certify(block, states[k1], delta)
            blocks = min(blocks, bound)
        if blocks <= 0:
            return None
        self.blocks[block] = (delta, block_ticks)
        return block, delta, blocks, block_ticks

    def _units(self, block) -> frozenset:
        out = set()
        for event in _expand(block):
            out |= event[1] if event[0] == "tick" else self._units(event[1])
        return frozenset(out)

    def _ticks(self, block) -> int:
        return sum(1 if e[0] == "tick" else e[2] * self.blocks[e[1]][1] for e in _expand(block))

    # --- the certificate -------------------------------------------------------------------------
    def _certify(self, block, base: State, delta: dict) -> int:
        """The most further repetitions j = 1..m of `block` (j = 0 ran from `base`) whose every
        tick keeps its pattern (and, for floats, every value under the limit); 0 if the block's
        linear part does not fix `delta`."""
        constraints: dict = {}
        end = self._propagate(block, (base, [delta]), (None,), constraints)
        if end is None or _difference(end[1][0], delta):
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
        best, top = 1 << 62, None if self.limit is None else self.limit - 2
        bias = self.bias
        for event, row, z in zip(block, slopes, pres):
            pattern = event[1]
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
        """Per tick of a flat block, (unit, slope) for every unit W d_i reaches; None when the
        block's linear part does not fix `delta` (A d != d: no jump)."""
        direction, rows = delta, []
        for event in block:
            z = self.apply(direction, False)
            rows.append(tuple((u, v) for u, v in z.items() if v))
            direction = {u: v for u, v in z.items() if u in event[1] and v}
        return None if _difference(direction, delta) else rows

    def _propagate(self, block, vector, ranges, constraints):
        """Push an affine vector (base, one direction per counter) through a block, collecting
        constraints; `ranges` gives each counter's top (None for the outer one, unknown).

        Returns the vector after the block, or None where a nested block does not fix a
        direction (the outer block is then not certified).
        """
        for event in _expand(block):
            if event[0] == "tick":
                vector = self._tick_affine(vector, event[1], ranges, constraints)
                continue
            _, inner, count = event
            delta, _ = self.blocks[inner]
            base, directions = vector
            for direction in directions:  # the inner block's linear part must fix each
                fixed = self._linear(inner, direction)
                if fixed is None or _difference(fixed, direction):
                    return None
            inside = self._propagate(inner, (base, [*directions, delta]), (*ranges, count - 1),
                                     constraints)
            if inside is None:
                return None
            vector = (_add(base, delta, count), directions)
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
                top = self.limit - 2
                _tighten(constraints, (False, slopes, ranges), a0 - top)
                _tighten(constraints, (False, tuple(-c for c in slopes), ranges), -a0 - top)
        keep = lambda z: {u: v for u, v in z.items() if u in pattern and v}  # noqa: E731
        return keep(z0), [keep(z) for z in zs]

    def _linear(self, block, direction: dict):
        """The block's linear part applied to a direction (masks of its patterns, W), or None
        where a nested block does not fix it."""
        for event in _expand(block):
            if event[0] == "tick":
                z = self.apply(direction, False)
                direction = {u: v for u, v in z.items() if u in event[1] and v}
                continue
            fixed = self._linear(event[1], direction)
            if fixed is None or _difference(fixed, direction):
                return None
        return direction


def _expand(block):
    """A block's events with each replay spelled out: its single ticks, then its jump."""
    for event in block:
        if event[0] == "replay":
            _, stretch, blocks = event
            yield from (("tick", pattern) for pattern in stretch.patterns)
            yield "jump", stretch.block, blocks
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
    return best if best is not None else 1 << 62


def _integer_bound(active: bool, slope, a0, top) -> int:
    """The largest j keeping a0 + slope j > 0 (active) or <= 0 (inactive), and with a float
    `top` also |a0 + slope j| <= top; 1 << 62 when unbounded. Integers take the fast way."""
    if type(a0) is not int or type(slope) is not int:  # bool and Fraction take the general way
        bounds = [_bound(active, slope, a0, a0)]
        if top is not None:
            bounds += [_bound(False, slope, a0 - top, a0 - top), _bound(False, -slope, -a0 - top, -a0 - top)]
        return min((b for b in bounds if b is not None), default=1 << 62)
    best = 1 << 62
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


def _difference(a: dict, b: dict) -> dict:
    out = {}
    for u in a.keys() | b.keys():
        d = a.get(u, 0) - b.get(u, 0)
        if d:
            out[u] = d
    return out


def _add(state: dict, delta: dict, times: int) -> dict:
    out = dict(state)
    for u, d in delta.items():
        value = out.get(u, 0) + times * d
        if value:
            out[u] = value
        else:
            out.pop(u, None)
    return out


def _position(control: frozenset, state: dict) -> frozenset:
    """The active control units (iterating the few active units, not the many control ones)."""
    return frozenset(u for u in state if u in control)


def _trim(events, states, pres, control):
    """Keep the newer half of the history, with the positions rebuilt."""
    cut = len(events) // 2
    events, states, pres = events[cut:], states[cut:], pres[cut:]
    seen: dict = {}
    for index, state in enumerate(states[:-1]):
        seen.setdefault(_position(control, state), []).append(index)
    return events, states, pres, seen
