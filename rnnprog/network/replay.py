"""Replay of known stretches: the ticks from one jump to the next, certified from a new start.

A program passes the same stretch many times with other register values: one loop's exit, the
next loop's entry and first pass, then a jump. From a state whose active units U were the start
of a recorded stretch (patterns P_1..P_k, then a jump over its last L ticks), every value is
affine in the values x of U while those patterns hold: h_i = M_i x + c_i, and every
pre-activation z_i = W h_{i-1} + b is a x + c, with a and c worked out once (a `Plan`, in int64
with room, on the block of W the stretch touches). From x:

- the stretch holds iff every z_i(u) that depends on x has the sign P_i recorded (one that does
  not is the value the recorded run had); the start's control units (the program position) must
  have the recorded values, which the plan is worked out for;
- the jump is certified as in `Certificate._certify_flat`: h_k - h_{k-L} = d, A d = d (the
  block's slopes exist), and every bounded z_i(u) + j s_i(u) keeps its sign up to j = m;
- for a float run every value along it stays at most limit - 2, so the float network and its
  guard see what they would tick by tick.

The rows are evaluated in Python integers, exact at any size. Where a check fails the stretch is
not replayed and the caller ticks on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Stretches kept per start (the most recent first).
CANDIDATES = 4


@dataclass(frozen=True, eq=False)
class Stretch:
    """k single ticks with `patterns`, then `block` (its last `block_ticks` ticks) jumped,
    each repetition adding `delta`; `slopes[i]` are (unit, s_i(u)) of the block's tick i and
    `units` those active in the block; `fixed` are (unit, value) of the start's control units
    (the program's position, 0/1 in a register network): a replay needs the same values there,
    and the plan is worked out for them. Events name it by identity (its delta is a dict); `key`
    compares two."""

    patterns: tuple
    block: tuple
    delta: dict
    block_ticks: int
    slopes: tuple
    units: frozenset = frozenset()
    fixed: tuple = ()

    @property
    def block_patterns(self) -> tuple:
        return self.patterns[len(self.patterns) - self.block_ticks:]

    @property
    def key(self) -> tuple:
        return self.patterns, self.block, frozenset(self.delta.items()), self.block_ticks, self.fixed


class Plan:
    """A Stretch laid out over its start units as sparse rows over x: `checks` (each a x + c
    must be >= 0), `counts` ((a x + c) // d bound the jump) and `finals` (the state after it);
    `usable` is False where a number on the way is too large for int64 with room, or a float
    run would pass its limit."""

    def __init__(self, accelerator, units: tuple, stretch: Stretch, bounds: tuple):
        self.units, self.stretch, self.usable = units, stretch, False
        forms = _forms(accelerator, units, stretch, bounds)
        if forms is None:
            return
        checks, bounds, divisors, finals = forms
        self.checks = [_terms(row) for row in checks.tolist()]
        self.counts = [(*_terms(row), d) for row, d in zip(bounds.tolist(), divisors.tolist())]
        after = {u: _terms(row) for u, row in finals.items()}
        self.finals = [(u, *after.get(u, ((), 0)), stretch.delta.get(u, 0))
                       for u in sorted(after.keys() | stretch.delta.keys())]
        self.usable = True

    def replay(self, x: list, blocks: int):
        """(state after the jump, jump count) from start values x, or None where the stretch
        does not hold from x or its jump would be empty; `blocks` is the most repetitions the
        step budget allows. In Python integers: exact at any size, and for these few short
        rows faster than an array product."""
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


def _forms(accelerator, units: tuple, stretch: Stretch, spec: tuple):
    """(checks, bounds, divisors, {unit: final form}) of a stretch, as [a | c] rows, the checks
    and bounds with only the tightest of each kind; None where it cannot be laid out."""
    top = None if accelerator.limit is None else accelerator.limit - 2
    fixed = dict(stretch.fixed)
    orbit = _Orbit.of(accelerator, units, fixed, stretch.patterns)
    if orbit is None or not set(stretch.delta) <= orbit.col.keys():
        return None
    checks, constant = orbit.conditions(top)
    if top is not None and constant > top:
        return None
    checks += [orbit.equal(fixed), orbit.moved(stretch)]
    spec, divisors = spec
    bounds = orbit.bounds(stretch, spec)
    bounds = _tightest(np.hstack([bounds[:, :-1], divisors[:, None], bounds[:, -1:]]))
    final = sorted(stretch.patterns[-1])
    return (_tightest(np.vstack(checks)), np.delete(bounds, -2, axis=1), bounds[:, -2],
            dict(zip(final, orbit.states(final).tolist())))


def _terms(row: list) -> tuple:
    """A form [a | c] as ((i, a_i) for a_i != 0, c)."""
    return tuple((i, a) for i, a in enumerate(row[:-1]) if a), row[-1]


class _Orbit:
    """h_0..h_k and z_1..z_k of a stretch as affine forms over x: rows [coefficients | constant]
    over the units ever active (h) and those they reach (z), worked out on the dense block of W
    between them (small: a stretch touches a few dozen units)."""

    def __init__(self, accelerator, units, fixed, active, reached, weights, bias, patterns):
        self.units, self.patterns, self.n = units, patterns, len(units)
        self.col = {u: i for i, u in enumerate(active)}
        self.row = {u: i for i, u in enumerate(reached)}
        self.bias = accelerator.bias
        h = np.zeros((len(active), self.n + 1), dtype=np.int64)
        for i, u in enumerate(units):  # a fixed unit starts at its value, any other at x_i
            h[self.col[u], -1 if u in fixed else i] = fixed.get(u, 1)
        # W gets a zero last row, so one gather masks z to a pattern: an active unit outside it
        # reads that row. A unit of a pattern that W does not reach is on by its bias alone:
        # such a stretch is not laid out (a register network has none).
        weights = np.vstack([weights, np.zeros((1, len(active)), dtype=np.int64)])
        bias = np.append(bias, 0)
        hs, zs, picks, masks = [h], [], {}, []
        for pattern in patterns:
            if pattern not in picks:  # loops repeat their patterns: index each once
                picks[pattern] = self._pick(pattern, len(reached))
            pick, mask = picks[pattern]
            z = weights @ h
            if accelerator.bias:
                z[:, -1] += bias
            h = z[pick]  # h_i = D_i (W h_{i-1} + b), over the active units
            hs.append(h)
            zs.append(z)
            masks.append(mask)
        self.hs = hs
        self.zs = np.array(zs, dtype=np.int64).reshape(len(zs), len(reached) + 1, self.n + 1)[:, :-1]
        self.masks = np.array(masks, dtype=bool).reshape(len(patterns), len(reached))
        # With |W| row sums and every earlier |z| under 2^31 no product could wrap, so the first
        # large z is computed right and seen here.
        if np.abs(self.zs).max(initial=0) >= 1 << 31:
            raise OverflowError

    def _pick(self, pattern: frozenset, reached: int) -> tuple[np.ndarray, np.ndarray]:
        """For each active unit, its row of z if it is in the pattern, else the zero row; and
        which reached units the pattern holds."""
        if any(u not in self.row for u in pattern):
            raise OverflowError  # not laid out (see above)
        pick = [reached] * len(self.col)
        mask = [False] * reached
        for u in pattern:
            pick[self.col[u]] = self.row[u]
            mask[self.row[u]] = True
        return np.array(pick, dtype=np.intp), mask

    @staticmethod
    def of(accelerator, units: tuple, fixed: dict, patterns: tuple):
        """The orbit, or None where a number on the way is not a small integer (the weights
        are: `Replays` lays out nothing otherwise)."""
        active = sorted(set(units).union(*patterns))
        columns = accelerator.columns
        reached = sorted({i for j in active for i, _ in columns[j]})
        index = {u: i for i, u in enumerate(reached)}
        at = [(index[i], c, w) for c, j in enumerate(active) for i, w in columns[j]]
        weights = np.zeros((len(reached), len(active)), dtype=np.int64)
        if at:
            rows, cols, values = zip(*at)
            weights[list(rows), list(cols)] = values
        bias = np.array([accelerator.bias.get(u, 0) for u in reached], dtype=np.int64)
        if np.abs(weights).sum(axis=1).max(initial=0) >= 1 << 31:
            return None
        try:
            return _Orbit(accelerator, units, fixed, active, reached, weights, bias, patterns)
        except OverflowError:
            return None

    def conditions(self, top: int | None) -> tuple[list, int]:
        """Every z_i(u) that depends on x keeps its recorded sign: z - 1 >= 0 for an active
        unit, -z >= 0 for an inactive one (integers), and for floats |z| <= top, of which only
        top - z >= 0 (active) or top + z >= 0 (inactive) is not implied by the sign. A z that
        does not depend on x is what the recorded run had; returns the largest such |z| too
        (a float run must hold it), and every bias (those of units nothing reaches)."""
        depends = self.zs[..., :-1].any(axis=2)
        constant = max(0, *map(abs, self.bias.values()),
                       int(np.abs(self.zs[..., -1][~depends]).max(initial=0)))
        z, active = self.zs[depends], self.masks[depends]
        signed = z * np.where(active, 1, -1)[:, None]
        kept = signed.copy()
        kept[:, -1] -= active
        out = [kept]
        if top is not None:  # and the start's own values
            out += [_shifted(-signed, top), _shifted(-np.eye(self.n, self.n + 1, dtype=np.int64), top)]
        return out, constant

    def equal(self, fixed: dict) -> np.ndarray:
        """x_i - v >= 0 and v - x_i >= 0 for each fixed unit: the plan holds only at its values."""
        out = []
        for i, u in enumerate(self.units):
            if u in fixed:
                row = np.zeros(self.n + 1, dtype=np.int64)
                row[i], row[-1] = 1, -fixed[u]
                out += [row, -row]
        return np.array(out, dtype=np.int64).reshape(len(out), self.n + 1)

    def moved(self, stretch: Stretch) -> np.ndarray:
        """h_k - h_{k-L} - d >= 0 and <= 0: the block's last run moved the state by the delta."""
        d = self.hs[-1] - self.hs[-1 - stretch.block_ticks]
        for u, step in stretch.delta.items():
            d[self.col[u], -1] -= step
        d = d[d.any(axis=1)]
        return np.vstack([d, -d])

    def bounds(self, stretch: Stretch, spec: tuple) -> np.ndarray:
        """The jump's bounding numerators over x (see `bound_spec`); each z is a row of the
        orbit's (the slopes' units are reached by W from the block's active units)."""
        offsets, units, signs, shifts = spec
        ticks = offsets + (len(self.patterns) - stretch.block_ticks)
        forms = self.zs[ticks, [self.row[u] for u in units]] * signs[:, None]
        forms[:, -1] += shifts
        return forms.reshape(len(units), self.n + 1)

    def states(self, units: list) -> np.ndarray:
        """h_k of `units` as forms."""
        return self.hs[-1][[self.col[u] for u in units]].reshape(len(units), self.n + 1)


def bound_spec(stretch: Stretch, top: int | None) -> tuple:
    """`_integer_bound` of every (u, s) of the block's tick i, as numerator // divisor over
    z = z_i(u): (z - 1) // -s (active, s < 0), -z // s (inactive, s > 0) and for floats
    (top - z) // s (s > 0), (top + z) // -s (s < 0). Returns (tick offsets in the block, units,
    signs of z, constants) and the divisors; the same for every stretch ending in this jump."""
    rows = []
    for i, (pattern, slopes) in enumerate(zip(stretch.block_patterns, stretch.slopes)):
        for u, s in slopes:
            if u in pattern and s < 0:
                rows.append((i, u, 1, -1, -s))
            elif u not in pattern and s > 0:
                rows.append((i, u, -1, 0, s))
            if top is not None:
                rows.append((i, u, -1, top, s) if s > 0 else (i, u, 1, top, -s))
    offsets, units, signs, shifts, divisors = zip(*rows) if rows else ((),) * 5
    spec = (np.array(offsets, dtype=np.intp), list(units), np.array(signs, dtype=np.int64),
            np.array(shifts, dtype=np.int64))
    return spec, np.array(divisors, dtype=np.int64)


def _shifted(forms: np.ndarray, constant: int) -> np.ndarray:
    """The forms plus a constant (a copy)."""
    out = np.array(forms, dtype=np.int64)
    out[..., -1] += constant
    return out


def _tightest(forms: np.ndarray) -> np.ndarray:
    """Of conditions a x + c >= 0 alike but for c, only the least c counts (the rows of gates
    that test one register repeat every tick); so too of bounds (a x + c) // d alike but for c
    (rows [a | d | c])."""
    if len(forms) < 2:
        return forms
    forms = forms[np.lexsort([forms[:, -1], *forms[:, :-1].T])]  # by coefficients, then c
    keep = np.ones(len(forms), dtype=bool)
    keep[1:] = (forms[1:, :-1] != forms[:-1, :-1]).any(axis=1)
    return forms[keep]


def _small(matrix) -> bool:
    """Every entry an integer below 2^31 in size (the matrix's int64 arrays are cached)."""
    arrays = matrix.arrays
    return arrays is not None and int(np.abs(arrays[2]).max(initial=0)) < 1 << 31


class Replays:
    """The stretches recorded by one Accelerator, by the active units they start from; each is
    laid out (a Plan) the first time a run comes back to its start."""

    def __init__(self, accelerator):
        self.accelerator = accelerator
        self.plans: dict[frozenset, list] = {}  # start -> [[stretch, Plan or None], ...]
        self.specs: dict[tuple, tuple] = {}  # (block, delta) -> its bound_spec
        # Plans hold int64 rows: only small integer weights and biases are laid out.
        network = accelerator.network
        self.usable = all(_small(matrix) for matrix in (network.recurrent, network.bias)
                          if matrix is not None)

    def record(self, start: dict, stretch: Stretch) -> None:
        """Keep a stretch that ran from `start` (no halt unit in it: a replay never halts)."""
        if not self.usable or any(p & self.accelerator.halt for p in stretch.patterns):
            return
        plans = self.plans.setdefault(frozenset(start), [])
        if any(known.key == stretch.key for known, _ in plans):
            return
        plans.insert(0, [stretch, None])
        del plans[CANDIDATES:]

    def _spec(self, stretch: Stretch) -> tuple:
        """The jump's bound_spec, worked out once for every stretch that ends in it."""
        key = (stretch.block, frozenset(stretch.delta.items()))
        if key not in self.specs:
            limit = self.accelerator.limit
            self.specs[key] = bound_spec(stretch, None if limit is None else limit - 2)
        return self.specs[key]

    def replay(self, state: dict, budget: int):
        """(state after the jump, the stretch, its jump count) of the first recorded stretch
        that holds from `state` within `budget` ticks, or None."""
        key = frozenset(state)
        plans = self.plans.get(key)
        if not plans:
            return None
        for entry in plans:
            stretch, plan = entry
            blocks = (budget - len(stretch.patterns)) // stretch.block_ticks
            if blocks <= 0:
                continue
            if plan is None:
                plan = entry[1] = Plan(self.accelerator, tuple(sorted(key)), stretch, self._spec(stretch))
            done = plan.replay([state[u] for u in plan.units], blocks)
            if done is not None:
                if entry is not plans[0]:  # the one that holds is tried first next time
                    plans.remove(entry)
                    plans.insert(0, entry)
                return done[0], stretch, done[1]
        return None
