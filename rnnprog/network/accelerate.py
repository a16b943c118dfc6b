"""Certified fast-forward of a Network's loops, on its own weights, in exact arithmetic.

A run is a sequence of events, each exact:
- a single tick, computed sparse over the few active units (between jumps);
- a jump over a loop: where a block of ticks has repeated with the same events and the same
  change, its further repetitions are certified (rnnprog.network.certificate) and skipped;
- a replay: the ticks from the last jump to the next one, recorded earlier from a state with the
  same active units, certified from this state in one check (rnnprog.network.replay), then that
  next jump.
`steps` counts every skipped tick; a float run never passes a value the float network could not
hold exactly, and single ticks meet the kind's own precision guard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from rnnprog.network import replay
from rnnprog.network.certificate import (
    Certificate,
    Known,
    LoopJump,
    Replayed,
    Tick,
    difference,
    expand,
    moved,
)
from rnnprog.network.ir import Network

#: Events kept for finding repeats (an older repeat is not found; the run stays exact).
HISTORY = 1 << 14

State = dict  # unit -> nonzero exact value


class Jump(NamedTuple):  # a tuple: a run makes one per jump, thousands of them
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


class Loop(NamedTuple):
    """A jump `_repeat` certified: `blocks` repetitions of `block` (`block_ticks` ticks each),
    each adding `delta` (Jump's fields, in Jump's order, with the block of events)."""

    block: tuple
    blocks: int
    block_ticks: int
    delta: dict


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


class Accelerator(Certificate):
    """Runs one row of a Network with fast-forward.

    Args:
        network: the weights (exact).
        control: units whose active set names a program position (register programs: the
            program counter and gates); a repeat is looked for only at equal positions.
        limit: None for exact arithmetic; else every value inside a jump stays at most
            limit - 2 (certificate.float_top: one below the guard's edge), so a float run of
            the same weights would compute the same numbers and stop where this one stops.
        guard: called as guard(state, tick) before each single tick (the kind's own
            precision guard); it raises PrecisionError where the plain run would.
        replays: replay the stretches between jumps seen before (rnnprog.network.replay).
    """

    def __init__(self, network: Network, control, *, limit: int | None = None, guard=None,
                 replays: bool = True):
        self.network, self.control, self.limit, self.guard = network, frozenset(control), limit, guard
        self.columns = network.recurrent.columns
        self.bias = {i: v for i, _, v in network.bias.entries} if network.bias is not None else {}
        self.positive_bias = {i: v for i, v in self.bias.items() if v > 0}
        self.halt = frozenset(network.halt_units)
        self.blocks: dict[tuple, Known] = {}  # block -> its delta and ticks
        self.spans: set[int] = set()  # the known blocks' lengths in events
        self.templates: dict[tuple, list | None] = {}  # (flat block, delta) -> slopes per tick
        self.replays = replay.Replays(self) if replays else None

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
        if halt.isdisjoint(state):  # the usual case, without a loop in Python
            return False
        return 2 * sum(v for u, v in state.items() if u in halt) > 1

    # --- the run -------------------------------------------------------------------------------
    def run(self, h0: list, max_steps: int, record: bool | int = False, stall: int | None = None) -> Result:
        """Run from h0 until the halt units are on or `max_steps` ticks have run (or, with
        `stall`, until that many single ticks pass without a jump). `record` keeps the computed
        states: all (True) or the first `record` of them (stretches are replayed once those are
        kept: a replay computes no single states)."""
        run = _Run(h0, record)
        while not self.halted(run.state) and run.tick < max_steps:
            if stall is not None and run.since >= stall:
                return run.result(self, stalled=True)
            self._advance(run, max_steps)
        return run.result(self)

    def _advance(self, run: _Run, max_steps: int) -> None:
        """One event: a certified jump, a replayed stretch or a single tick."""
        positions = run.seen.setdefault(_position(self.control, run.state), [])
        jump = self._repeat(run.events, run.states, run.pres, positions, max_steps - run.tick)
        positions.append(len(run.events))
        if jump is not None:
            self._jump(run, jump)
        elif not (self.replays is not None and run.replaying and self._replay(run, max_steps)):
            self._single(run)
        if len(run.events) > HISTORY:
            run.trim(self.control)

    def _jump(self, run: _Run, loop: Loop) -> None:
        if run.segment is not None and all(type(e) is Tick for e in loop.block):
            self._record(run, loop)
        run.jumps.append(Jump(run.tick, loop.blocks, loop.block_ticks, loop.delta, self._units(loop.block)))
        run.add(LoopJump(loop.block, loop.blocks), moved(run.state, loop.delta, loop.blocks), None,
                loop.blocks * loop.block_ticks)

    def _replay(self, run: _Run, max_steps: int) -> bool:
        """Replay a stretch recorded from here, if one holds (rnnprog.network.replay)."""
        done = self.replays.replay(run.state, max_steps - run.tick)
        if done is None:
            return False
        state, stretch, blocks = done
        ticks = len(stretch.patterns)
        run.jumps.append(Jump(run.tick + ticks, blocks, stretch.block_ticks, stretch.delta, stretch.units))
        run.replayed += ticks
        run.add(Replayed(stretch, blocks), state, None, ticks + blocks * stretch.block_ticks)
        return True

    def _single(self, run: _Run) -> None:
        if self.guard is not None:
            self.guard(run.state, run.tick)
        state, pattern, z = self.tick(run.state)
        run.computed += 1
        run.add(Tick(pattern), state, z, 1)
        if run.record and (run.keep is None or len(run.ticked) < run.keep):
            run.ticked.append((run.tick, self.dense(state)))

    def _record(self, run: _Run, loop: Loop) -> None:
        """Keep the single ticks since the last jump, and this flat jump, for replay. Where the
        block ran twice before its jump (a new loop is seen twice), the stretch keeps one run:
        from its end the jump is one repetition longer, and the plan is shorter to lay out."""
        block, delta, block_ticks = loop.block, loop.delta, loop.block_ticks
        slopes = self.templates.get((block, frozenset(delta.items()))) if delta else ()
        start = run.states[run.segment]
        if self.replays is None or not start or slopes is None:
            return
        fixed = tuple(sorted((u, v) for u, v in start.items() if u in self.control))
        end = len(run.events)  # the stretch is events[segment:end], states[segment:end + 1]
        while end - 2 * block_ticks >= run.segment and \
                run.events[end - 2 * block_ticks:end - block_ticks] == run.events[end - block_ticks:end] and \
                difference(run.states[end - block_ticks], run.states[end - 2 * block_ticks]) == delta:
            end -= block_ticks
        ticks = run.events[run.segment:end]
        self.replays.record(replay.Stretch(
            tuple(e.pattern for e in ticks), block, delta, block_ticks, tuple(slopes), self._units(block),
            fixed, start, tuple(run.pres[run.segment:end]), run.states[end - block_ticks], run.states[end]))

    def dense(self, state: State) -> list:
        out = [0] * self.network.size
        for i, v in state.items():
            out[i] = v
        return out

    def _repeat(self, events, states, pres, positions, budget: int) -> Loop | None:
        """The Loop of a certified jump from here, or None.

        `positions` are the earlier boundaries (indices into `states`) at this position; `pres`
        the pre-activations of every event's tick.
        """
        now = len(events)
        if not positions or budget <= 0:
            return None
        k1 = positions[-1]
        span, block, known, delta = now - k1, None, None, None
        if span in self.spans:  # only then can the block be a known one (hashing it costs)
            block = tuple(events[k1:now])
            known = self.blocks.get(block)
            if known is not None:
                delta = difference(states[now], states[k1])
        if known is None or known.delta != delta:  # a new block: it must have run twice alike
            if len(positions) < 2:
                return None
            k0 = positions[-2]  # the cheap tests first: most places are not a loop's
            if span != k1 - k0 or events[k0:k1] != events[k1:now]:
                return None
            block = tuple(events[k1:now]) if block is None else block
            delta = difference(states[now], states[k1]) if delta is None else delta
            if difference(states[k1], states[k0]) != delta:
                return None
        block_ticks = self._ticks(block)
        blocks = budget // block_ticks
        if delta:
            flat = all(type(e) is Tick for e in block)
            bound = self._certify_flat(block, delta, pres[k1:now]) if flat else \
                self._certify(block, states[k1], delta)
            blocks = min(blocks, bound)
        if blocks <= 0:
            return None
        self.blocks[block] = Known(delta, block_ticks)
        self.spans.add(span)
        return Loop(block, blocks, block_ticks, delta)

    def _units(self, block) -> frozenset:
        out = set()
        for event in expand(block):
            out |= event.pattern if type(event) is Tick else self._units(event.block)
        return frozenset(out)

    def _ticks(self, block) -> int:
        return sum(1 if type(e) is Tick else e.blocks * self.blocks[e.block].block_ticks
                   for e in expand(block))


class _Run:
    """One run's state and counts, and its history for finding repeats: every event, the state
    after it, each tick's pre-activations (None for a jump or a replay), the boundaries at each
    position, and `segment`, the first event since the last jump (None once trimmed away)."""

    def __init__(self, h0: list, record: bool | int):
        self.state = {i: v for i, v in enumerate(h0) if v}
        self.record, self.keep = record, None if record is True else int(record)
        self.ticked = [(0, list(h0))] if record else None
        self.events, self.states, self.pres, self.seen = [], [self.state], [], {}
        self.jumps: list[Jump] = []
        self.tick = self.since = self.computed = self.replayed = 0
        self.segment: int | None = 0
        # Replay checks read "active" as z >= 1: integer states only (integer weights, which
        # replays need, keep an integer start integer).
        self.integral = all(type(v) is int for v in h0)

    @property
    def replaying(self) -> bool:
        """At a stretch's start (just after a jump), with every state asked for recorded."""
        return self.integral and self.segment == len(self.events) and \
            (not self.record or (self.keep is not None and len(self.ticked) >= self.keep))

    def add(self, event: tuple, state: State, pre, ticks: int) -> None:
        self.events.append(event)
        self.pres.append(pre)
        self.states.append(state)
        self.state, self.tick = state, self.tick + ticks
        if type(event) is Tick:
            self.since += 1
        else:
            self.since, self.segment = 0, len(self.events)

    def trim(self, control) -> None:
        """Keep the newer half of the history, with the positions rebuilt."""
        cut = len(self.events) // 2
        self.events, self.states, self.pres = self.events[cut:], self.states[cut:], self.pres[cut:]
        self.seen = {}
        for index, state in enumerate(self.states[:-1]):
            self.seen.setdefault(_position(control, state), []).append(index)
        self.segment = self.segment - cut if self.segment is not None and self.segment >= cut else None

    def result(self, accelerator: Accelerator, stalled: bool = False) -> Result:
        return Result(accelerator.dense(self.state), self.tick, False if stalled else
                      accelerator.halted(self.state), self.jumps, self.ticked, stalled=stalled,
                      computed=self.computed, replayed=self.replayed)


def _position(control: frozenset, state: dict) -> frozenset:
    """The active control units (iterating the few active units, not the many control ones)."""
    return frozenset(u for u in state if u in control)
