"""Replay of known stretches: the ticks from one jump to the next, certified from a new start.

A program passes the same stretch many times with other register values: one loop's exit, the
next loop's entry and first pass, then a jump. A stretch is recorded as it runs: its patterns
P_1..P_k, its pre-activations z_i and states, then a jump over its last L ticks. Back at a state
with the same active units, every value along the stretch is affine in the start's values x
while those patterns hold: h_i(x) = h_i + J_i (x - x0), where x0 is the recorded start and the
columns of J_i are the start's unit vectors pushed through the masked weights,
J_i = D_i W J_{i-1} (sparse: a register reaches a few units). So every pre-activation is
z_i(u)(x) = z_i(u) + (W J_{i-1})_u (x - x0), a x + c with a and c exact integers (a `Plan`). From x:

- the stretch holds iff every z_i(u) that depends on x has the sign P_i recorded (one that does
  not is what the recorded run had); the start's control units (the program position) are not
  variables: they must have the recorded values;
- the jump is certified as in `Certificate._certify_flat`: h_k - h_{k-L} = d, A d = d (the
  block's slopes exist), and every bounded z_i(u) + j s_i(u) keeps its sign up to j = m;
- for a float run every value along it stays at most limit - 2, so the float network and its
  guard see what they would tick by tick.

All in Python integers, exact at any size. Where a check fails the stretch is not replayed and
the caller ticks on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rnnprog.network.certificate import float_top

#: Stretches kept per start (the most recently useful first).
CANDIDATES = 4


@dataclass(frozen=True, eq=False)
class Stretch:
    """k single ticks with `patterns`, then `block` (its last `block_ticks` ticks) jumped,
    each repetition adding `delta`; `slopes[i]` are (unit, s_i(u)) of the block's tick i and
    `units` those active in the block. As recorded: `start` (the state it ran from), `pres`
    (each tick's pre-activations, as `Accelerator.apply` lists them), `before` and `after`
    (the states before and after the block's last run). `fixed` are (unit, value) of the
    start's control units (the program's position, 0/1 in a register network): a replay needs
    the same values there. Events name it by identity (its delta is a dict)."""

    patterns: tuple
    block: tuple
    delta: dict
    block_ticks: int
    slopes: tuple
    units: frozenset = frozenset()
    fixed: tuple = ()
    start: dict = field(default_factory=dict)
    pres: tuple = ()
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)

    @property
    def block_patterns(self) -> tuple:
        return self.patterns[len(self.patterns) - self.block_ticks:]

    @property
    def key(self) -> tuple:
        """What makes two stretches the same path (the values they ran with aside)."""
        return self.patterns, self.block, frozenset(self.delta.items()), self.block_ticks, self.fixed


class Plan:
    """A Stretch laid out over its start's free units (`units`, x) as sparse rows: `checks`
    (each a x + c must be >= 0), `counts` ((a x + c) // d bound the jump) and `finals` (the
    state after it); `usable` is False where a float run would pass its limit."""

    def __init__(self, accelerator, stretch: Stretch, spec: list, pushed: dict):
        self.stretch = stretch
        fixed = dict(stretch.fixed)
        self.units = tuple(sorted(u for u in stretch.start if u not in fixed))
        top = float_top(accelerator.limit)
        orbit = _Orbit(accelerator, stretch, self.units, pushed)
        self.usable = top is None or orbit.largest <= top
        checks = orbit.checks(top) + orbit.moved()
        self.checks = _tightest(checks)
        self.counts = _tightest_bounds(orbit.bounds(spec))
        delta = stretch.delta
        self.finals = [(u, *orbit.final(u), delta.get(u, 0))
                       for u in sorted(stretch.patterns[-1] | delta.keys())]

    def replay(self, x: list, blocks: int):
        """(state after the jump, jump count) from free values x, or None where the stretch
        does not hold from x or its jump would be empty; `blocks` is the most repetitions the
        step budget allows."""
        if not self.usable:
            return None
        for terms, value in self.checks:
            for i, a in terms:
                value += a * x[i]
            if value < 0:
                return None
        count = blocks
        for terms, value, divisor in self.counts:
            for i, a in terms:
                value += a * x[i]
            if value // divisor < count:
                count = value // divisor
        if count <= 0:
            return None
        state = {}
        for u, terms, value, step in self.finals:
            for i, a in terms:
                value += a * x[i]
            value += count * step
            if value:
                state[u] = value
        return state, count


class _Orbit:
    """The recorded stretch with, per tick, how each pre-activation moves with the free start
    values: `slopes[i][u]` = {j: (W J_{i-1})_uj}; how the states before and after the block's
    last run move, `before[u]` = {j: J_{k-L},uj} and `after` (J_k); and `largest`, the largest
    |z| that does not move with x."""

    def __init__(self, accelerator, stretch: Stretch, units: tuple, pushed: dict):
        self.stretch, self.bias = stretch, accelerator.bias
        self.x0 = [stretch.start[u] for u in units]
        directions = [{u: 1} for u in units]
        self.slopes, k = [], len(stretch.patterns)
        self.before = _by_unit(directions) if k == stretch.block_ticks else None
        slopes = last = None
        for tick, pattern in enumerate(stretch.patterns):
            if directions != last:  # a register the tick does not touch keeps its direction
                moved = [_push(accelerator, d, pushed) for d in directions]
                slopes, last = _by_unit(moved), directions
            self.slopes.append(slopes)
            directions = [{u: v for u, v in z.items() if v and u in pattern} for z in moved]
            if tick + 1 == k - stretch.block_ticks:
                self.before = _by_unit(directions)
        self.after = _by_unit(directions)
        # The pre-activations that do not move with x are the recorded ones: a float run must
        # hold them (those that move are checked from each x).
        fixed = [abs(v) for z, slopes in zip(stretch.pres, self.slopes) for u, v in z.items()
                 if u not in slopes]
        control = [abs(v) for _, v in stretch.fixed]  # the start's values that are not x
        self.largest = max([0, *fixed, *control, *map(abs, self.bias.values())])

    def form(self, slope: dict, value) -> tuple:
        """a x + c for a quantity that is `value` at x0 and moves by `slope` {j: a_j}."""
        return tuple(sorted(slope.items())), value - sum(a * self.x0[j] for j, a in slope.items())

    def pre(self, tick: int, unit: int):
        """z_tick(unit) as recorded (ticks count from 0)."""
        z = self.stretch.pres[tick]
        return z[unit] if unit in z else self.bias.get(unit, 0)

    def checks(self, top: int | None) -> list:
        """Every z_i(u) that depends on x keeps its recorded sign: z - 1 >= 0 for an active
        unit, -z >= 0 for an inactive one (integers), and for floats |z| <= top, of which only
        top - z (active) or top + z (inactive) is not implied by the sign; the free start
        values are at most top too."""
        out, last = [], {}
        for tick, (slopes, pattern) in enumerate(zip(self.slopes, self.stretch.patterns)):
            for u, slope in slopes.items():
                value, active = self.pre(tick, u), u in pattern
                if last.get(u) == (slope, value, active):
                    continue  # the same check as the tick before (most units do not move)
                last[u] = (slope, value, active)
                terms, c = self.form(slope, value)
                sign = 1 if active else -1
                signed = tuple((j, sign * a) for j, a in terms)
                out.append((signed, sign * c - active))
                if top is not None:
                    out.append((_negated(signed), top - sign * c))
        if top is not None:
            out += [(((j, -1),), top) for j in range(len(self.x0))]
        return out

    def moved(self) -> list:
        """h_k - h_{k-L} = d at x too: its slope over x, (J_k - J_{k-L}), is 0 on every unit
        (at x0 the block's last run moved the state by d)."""
        after, before = self.after, self.before
        out = []
        for u in after.keys() | before.keys():
            a, b = after.get(u, {}), before.get(u, {})
            slope = {j: a.get(j, 0) - b.get(j, 0) for j in a.keys() | b.keys()}
            slope = {j: v for j, v in slope.items() if v}
            if slope:
                terms, c = self.form(slope, 0)
                out += [(terms, c), (_negated(terms), -c)]
        return out

    def bounds(self, spec: list) -> list:
        """The jump's bounding numerators sign * z + shift over x, with their divisors."""
        k, L = len(self.stretch.patterns), self.stretch.block_ticks
        out, forms = [], {}
        for offset, u, sign, shift, divisor in spec:
            if (offset, u) not in forms:  # a float run bounds most units twice
                tick = k - L + offset
                forms[offset, u] = self.form(self.slopes[tick].get(u, {}), self.pre(tick, u))
            terms, c = forms[offset, u]
            out.append((terms if sign == 1 else _negated(terms), sign * c + shift, divisor))
        return out

    def final(self, unit: int) -> tuple:
        """h_k(unit) as a x + c (0 for a unit of the delta that is not active at the end)."""
        return self.form(self.after.get(unit, {}), self.stretch.after.get(unit, 0))


def _push(accelerator, direction: dict, pushed: dict) -> dict:
    """W d, kept by d: most directions are a register's unit vector, over and over."""
    key = tuple(sorted(direction.items()))
    if key not in pushed:
        pushed[key] = accelerator.apply(direction, False)
    return pushed[key]


def _by_unit(columns: list) -> dict:
    """Column j of a sparse matrix as {unit: value} -> its rows, {unit: {j: value}}."""
    rows: dict = {}
    for j, column in enumerate(columns):
        for u, v in column.items():
            if v:
                rows.setdefault(u, {})[j] = v
    return rows


def _negated(terms: tuple) -> tuple:
    return tuple((j, -a) for j, a in terms)


def bound_spec(stretch: Stretch, top: int | None) -> list:
    """`_integer_bound` of every (u, s) of the block's tick i, as numerator // divisor over
    z = z_i(u): (z - 1) // -s (active, s < 0), -z // s (inactive, s > 0) and for floats
    (top - z) // s (s > 0), (top + z) // -s (s < 0). Rows (tick offset in the block, unit,
    sign of z, constant, divisor); the same for every stretch ending in this jump."""
    rows = []
    for i, (pattern, slopes) in enumerate(zip(stretch.block_patterns, stretch.slopes)):
        for u, s in slopes:
            if u in pattern and s < 0:
                rows.append((i, u, 1, -1, -s))
            elif u not in pattern and s > 0:
                rows.append((i, u, -1, 0, s))
            if top is not None:
                rows.append((i, u, -1, top, s) if s > 0 else (i, u, 1, top, -s))
    return rows


def _tightest(checks: list) -> list:
    """Of checks a x + c >= 0 alike but for c, only the least c counts (the rows of gates that
    test one register repeat every tick); a check without terms is decided here, and one that
    fails makes the whole plan fail (kept as the one check `-1 >= 0`)."""
    least: dict = {}
    for terms, c in checks:
        if not terms:
            if c < 0:
                return [((), -1)]
            continue
        if terms not in least or c < least[terms]:
            least[terms] = c
    return list(least.items())


def _tightest_bounds(bounds: list) -> list:
    """Of bounds (a x + c) // d alike but for c, only the least c counts."""
    least: dict = {}
    for terms, c, d in bounds:
        if (terms, d) not in least or c < least[terms, d]:
            least[terms, d] = c
    return [(terms, c, d) for (terms, d), c in least.items()]


class Replays:
    """The stretches recorded by one Accelerator, by the active units they start from; each is
    laid out (a Plan) the first time a run comes back to its start."""

    def __init__(self, accelerator):
        self.accelerator = accelerator
        self.plans: dict[frozenset, list] = {}  # start -> [[stretch, Plan or None], ...]
        self.specs: dict[tuple, list] = {}  # (block, delta) -> its bound_spec
        self.pushed: dict[tuple, dict] = {}  # a direction d -> W d
        # "Active" is read as z >= 1: integer weights only (an integer start stays integer).
        network = accelerator.network
        self.usable = all(_integers(matrix) for matrix in (network.recurrent, network.bias)
                          if matrix is not None)

    def record(self, stretch: Stretch) -> None:
        """Keep a stretch (not one with a halt unit in it: a replay never halts)."""
        if not self.usable or any(p & self.accelerator.halt for p in stretch.patterns):
            return
        plans = self.plans.setdefault(frozenset(stretch.start), [])
        if any(known.key == stretch.key for known, _ in plans):
            return
        plans.insert(0, [stretch, None])
        del plans[CANDIDATES:]

    def _spec(self, stretch: Stretch) -> list:
        """The jump's bound_spec, worked out once for every stretch that ends in it."""
        key = (stretch.block, frozenset(stretch.delta.items()))
        if key not in self.specs:
            limit = self.accelerator.limit
            self.specs[key] = bound_spec(stretch, float_top(limit))
        return self.specs[key]

    def replay(self, state: dict, budget: int):
        """(state after the jump, the stretch, its jump count) of the first recorded stretch
        that holds from `state` within `budget` ticks, or None."""
        plans = self.plans.get(frozenset(state))
        if not plans:
            return None
        for entry in plans:
            stretch, plan = entry
            blocks = (budget - len(stretch.patterns)) // stretch.block_ticks
            if blocks <= 0 or any(state[u] != v for u, v in stretch.fixed):
                continue
            if plan is None:
                plan = entry[1] = Plan(self.accelerator, stretch, self._spec(stretch), self.pushed)
            done = plan.replay([state[u] for u in plan.units], blocks)
            if done is not None:
                if entry is not plans[0]:  # the one that holds is tried first next time
                    plans.remove(entry)
                    plans.insert(0, entry)
                return done[0], stretch, done[1]
        return None


def _integers(matrix) -> bool:
    """Every entry an int (the matrix's int64 arrays are None otherwise, or for huge ints,
    which are integers too)."""
    return matrix.arrays is not None or all(type(v) is int for _, _, v in matrix.entries)
