"""Replay of known stretches: the ticks from one jump to the next, certified in one matrix product.

A program passes the same stretch many times with other register values: one loop's exit, the
next loop's entry and first iteration, then a jump. From a state whose active units U were the
start of a recorded stretch (patterns P_1..P_k, then a jump over its last L ticks), every value
is affine in the values x of U while those patterns hold: h_i = M_i x + c_i and the
pre-activations z_i = W h_{i-1} + b. One int64 matrix G stacks every z_i(u) that depends on x,
h_k - h_{k-L} and the pre-activations the jump is bounded by; from G x + g:

- the stretch holds from x iff every z_i(u) has the sign P_i recorded (a z_i(u) that does not
  depend on x is the value the recorded run had, so it holds already);
- the jump is certified as in `Accelerator._certify_flat`: h_k - h_{k-L} = d, A d = d (the
  block's slopes exist), and every bounded z_i(u) + j s_i(u) keeps its sign up to j = m.

The product is exact: it runs only where |G| x + |g| stays below 2^62. For a float run every
value it passes stays at most limit - 2, so the float network and its guard see what they would
tick by tick; otherwise the stretch is not replayed and the caller ticks on.
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
    `units` those active in the block. Events name it by identity (its delta is a dict); `key`
    compares two."""

    patterns: tuple
    block: tuple
    delta: dict
    block_ticks: int
    slopes: tuple
    units: frozenset = frozenset()

    @property
    def key(self) -> tuple:
        return self.patterns, self.block, frozenset(self.delta.items()), self.block_ticks


class Plan:
    """A Stretch laid out over its start units: one int64 matrix whose rows are, over x,
    conditions (each must be >= 0), jump bounds (numerators, each floor-divided by a positive
    divisor) and the final state, compiled to one Python function; `function` is None where
    the weights are not small integers."""

    def __init__(self, accelerator, units: tuple, stretch: Stretch):
        self.units, self.stretch, self.function = units, stretch, None
        top = None if accelerator.limit is None else accelerator.limit - 2
        orbit = _Orbit.of(accelerator, units, stretch.patterns)
        if orbit is None:
            return
        conditions, constant = orbit.conditions(top)
        if top is not None and constant > top:
            return
        if not set(stretch.delta) <= orbit.col.keys():
            return
        conditions.append(orbit.moved(stretch))
        bounds, divisors = orbit.bounds(stretch, top)
        bounds = _tightest(np.hstack([bounds[:, :-1], divisors[:, None], bounds[:, -1:]]))
        bounds, self.divisors = np.delete(bounds, -2, axis=1), bounds[:, -2].copy()
        self.final = sorted(stretch.patterns[-1])
        forms = np.vstack([_tightest(np.vstack(conditions)), bounds, orbit.states(self.final)])
        self.conditions = len(forms) - len(bounds) - len(self.final)
        self.bounds = len(bounds)
        self.function = _function(forms, self.conditions, self.bounds, self.divisors.tolist(),
                                  self.final, stretch.delta)

    def replay(self, x: list, blocks: int):
        """(state after the jump, jump count) from start values x, or None where the stretch
        does not hold from x or its jump would be empty; `blocks` is the most repetitions the
        step budget allows."""
        return None if self.function is None else self.function(x, blocks)


def _function(forms: np.ndarray, conditions: int, bounds: int, divisors: list, final: list,
              delta: dict):
    """The plan as Python source, compiled: every row a x + c written out over x0, x1, ...
    (a few terms each), so one call evaluates the stretch in Python integers, exact at any
    size, without an array in sight (arrays cost more than these few sums)."""
    rows = [_expression(row) for row in forms.tolist()]
    n = forms.shape[1] - 1
    head = ["def replay(x, blocks):", f"    {''.join(f'x{i}, ' for i in range(n))}= x"]
    if conditions:
        head.append(f"    if {' or '.join(f'{r} < 0' for r in rows[:conditions])}:")
        head.append("        return None")
    counts = [f"({r}) // {d}" for r, d in zip(rows[conditions:conditions + bounds], divisors)]
    head.append(f"    count = min(blocks, {', '.join(counts)})" if counts else "    count = blocks")
    head.append("    if count <= 0:\n        return None")
    values = dict(zip(final, rows[conditions + bounds:]))
    for u, step in delta.items():
        values[u] = f"{values.get(u, '0')} + count * {step}"
    head.append(f"    state = {{{', '.join(f'{u}: {v}' for u, v in values.items())}}}")
    head.append("    return {u: v for u, v in state.items() if v}, count")
    space: dict = {}
    exec(compile("\n".join(head), "<replay plan>", "exec"), space)  # its text holds only ints
    return space["replay"]


def _expression(row: list) -> str:
    """a x + c as source: `x0 - 2*x3 + 5`."""
    terms = [f"{'' if a == 1 else '-' if a == -1 else f'{a}*'}x{i}" for i, a in enumerate(row[:-1]) if a]
    text = " + ".join(terms).replace("+ -", "- ") or "0"
    c = row[-1]
    return text if not c else f"{text} {'+' if c > 0 else '-'} {abs(c)}" if terms else str(c)


class _Orbit:
    """h_0..h_k and z_1..z_k of a stretch as affine forms over x: rows [coefficients | constant]
    over the units ever active (h) and those they reach (z), worked out on the dense block of W
    between them (small: a stretch touches a few dozen units)."""

    def __init__(self, accelerator, units, active, reached, weights, bias, patterns):
        self.units, self.patterns, self.n = units, patterns, len(units)
        self.col = {u: i for i, u in enumerate(active)}
        self.row = {u: i for i, u in enumerate(reached)}
        self.bias = accelerator.bias
        h = np.zeros((len(active), self.n + 1), dtype=np.int64)
        h[[self.col[u] for u in units], np.arange(self.n)] = 1
        hs, steps = [h], {}
        for pattern in patterns:
            if pattern not in steps:  # loops repeat their patterns: lay out each once
                steps[pattern] = self._step(pattern, weights, bias)
            to, fixed, _ = steps[pattern]
            h = to @ h + fixed  # h_i = D_i (W h_{i-1} + b), over the active units
            hs.append(h)
        self.hs = hs
        self.masks = np.array([steps[p][2] for p in patterns], dtype=bool).reshape(len(patterns), -1)
        self.zs = weights @ np.array(hs[:-1]).reshape(len(patterns), len(active), self.n + 1)
        self.zs[..., -1] += bias
        # With |W| row sums and every earlier |z| under 2^31 no product could wrap, so the first
        # large z is computed right and seen here.
        if np.abs(self.zs).max(initial=0) >= 1 << 31:
            raise OverflowError

    def _step(self, pattern: frozenset, weights: np.ndarray, bias: np.ndarray):
        """(D W, D b) of a pattern over the active units, and the pattern's reached units.
        A unit of the pattern that W does not reach is on by its (positive) bias alone."""
        inside = [u for u in pattern if u in self.row]
        rows, cols = [self.row[u] for u in inside], [self.col[u] for u in inside]
        to = np.zeros((len(self.col), weights.shape[1]), dtype=np.int64)
        to[cols] = weights[rows]
        fixed = np.zeros((len(self.col), self.n + 1), dtype=np.int64)
        fixed[cols, -1] = bias[rows]
        for u in pattern:
            if u not in self.row:
                fixed[self.col[u], -1] = self.bias.get(u, 0)
        mask = np.zeros(len(self.row), dtype=bool)
        mask[rows] = True
        return to, fixed, mask

    @staticmethod
    def of(accelerator, units: tuple, patterns: tuple):
        """The orbit, or None where a weight or a number on the way is not a small integer."""
        active = sorted(set(units).union(*patterns))
        reached = sorted({i for j in active for i, _ in accelerator.columns[j]})
        index = {u: i for i, u in enumerate(reached)}
        weights = np.zeros((len(reached), len(active)), dtype=np.int64)
        for c, j in enumerate(active):
            for i, w in accelerator.columns[j]:
                if type(w) is not int or abs(w) >= 1 << 31:
                    return None
                weights[index[i], c] = w
        bias = [accelerator.bias.get(u, 0) for u in reached]
        if any(type(b) is not int or abs(b) >= 1 << 31 for b in bias) or \
                np.abs(weights).sum(axis=1).max(initial=0) >= 1 << 31:
            return None
        try:
            return _Orbit(accelerator, units, active, reached, weights,
                          np.array(bias, dtype=np.int64), patterns)
        except OverflowError:
            return None

    def conditions(self, top: int | None) -> tuple[list, int]:
        """Every z_i(u) that depends on x keeps its recorded sign: z - 1 >= 0 for an active
        unit, -z >= 0 for an inactive one (integers), and for floats top -+ z >= 0. A z that
        does not depend on x is what the recorded run had; returns the largest such |z| too
        (a float run must hold it), and every bias (those of units nothing reaches)."""
        depends = self.zs[..., :-1].any(axis=2)
        constant = max(0, *map(abs, self.bias.values()),
                       int(np.abs(self.zs[..., -1][~depends]).max(initial=0)))
        z, active = self.zs[depends], self.masks[depends]
        kept = z * np.where(active, 1, -1)[:, None]
        kept[:, -1] -= active
        out = [kept]
        if top is not None:  # and the start's own values
            out += [_shifted(-z, top), _shifted(z, top),
                    _shifted(-np.eye(self.n, self.n + 1, dtype=np.int64), top)]
        return out, constant

    def moved(self, stretch: Stretch) -> np.ndarray:
        """h_k - h_{k-L} - d >= 0 and <= 0: the block's last run moved the state by the delta."""
        d = self.hs[-1] - self.hs[-1 - stretch.block_ticks]
        for u, step in stretch.delta.items():
            d[self.col[u], -1] -= step
        d = d[d.any(axis=1)]
        return np.vstack([d, -d])

    def bounds(self, stretch: Stretch, top: int | None) -> tuple[np.ndarray, np.ndarray]:
        """`_integer_bound` of every (u, s) of the block's ticks i, as numerator // divisor over
        z = z_i(u): (z - 1) // -s (active, s < 0), -z // s (inactive, s > 0) and for floats
        (top - z) // s (s > 0), (top + z) // -s (s < 0)."""
        k, L = len(self.patterns), stretch.block_ticks
        at = [(k - L + i, u, s) for i, row in enumerate(stretch.slopes) for u, s in row]
        z = np.zeros((len(at), self.n + 1), dtype=np.int64)
        reached = np.array([u in self.row for _, u, _ in at], dtype=bool)
        if reached.any():
            z[reached] = self.zs[[t for t, u, _ in at if u in self.row],
                                 [self.row[u] for _, u, _ in at if u in self.row]]
        z[~reached, -1] = [self.bias.get(u, 0) for _, u, _ in at if u not in self.row]
        s = np.array([s for _, _, s in at], dtype=np.int64)
        active = np.array([u in self.patterns[t] for t, u, _ in at], dtype=bool)
        falling, rising = active & (s < 0), ~active & (s > 0)
        forms = [_shifted(z[falling], -1), -z[rising]]
        divisors = [-s[falling], s[rising]]
        if top is not None:
            forms += [_shifted(-z[s > 0], top), _shifted(z[s < 0], top)]
            divisors += [s[s > 0], -s[s < 0]]
        return np.vstack(forms), np.concatenate(divisors)

    def states(self, units: list) -> np.ndarray:
        """h_k of `units` as forms."""
        return self.hs[-1][[self.col[u] for u in units]].reshape(len(units), self.n + 1)


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


class Replays:
    """The stretches recorded by one Accelerator, by the active units they start from; each is
    laid out (a Plan) the first time a run comes back to its start."""

    def __init__(self, accelerator):
        self.accelerator = accelerator
        self.plans: dict[frozenset, list] = {}  # start -> [[stretch, Plan or None], ...]

    def record(self, start: dict, stretch: Stretch) -> None:
        """Keep a stretch that ran from `start` (no halt unit in it: a replay never halts)."""
        if any(p & self.accelerator.halt for p in stretch.patterns):
            return
        plans = self.plans.setdefault(frozenset(start), [])
        if any(known.key == stretch.key for known, _ in plans):
            return
        plans.insert(0, [stretch, None])
        del plans[CANDIDATES:]

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
                plan = entry[1] = Plan(self.accelerator, tuple(sorted(key)), stretch)
            done = plan.replay([state[u] for u in plan.units], blocks)
            if done is not None:
                return done[0], stretch, done[1]
        return None
