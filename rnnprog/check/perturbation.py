"""Perturb K weights of a compiled network (seeded) so the checker can be seen catching it."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import torch

from rnnprog import iir, rm, tm
from rnnprog.errors import RnnprogError
from rnnprog.tm.compiler import build_rnn
from rnnprog.tm.layout import Expr


@dataclass(frozen=True)
class Perturbation:
    """The weight from `source` into `unit` changed from `before` to `after`."""

    unit: str
    source: str
    before: object
    after: object

    def __str__(self) -> str:
        return f"{self.unit} <- {self.source}: {self.before} -> {self.after}"


def perturb(compiled, count: int, seed: int = 0):
    """Add +1 or -1 to `count` distinct nonzero weights (biases included for Turing machines,
    input weights for filters), chosen with `seed`; the original is left unchanged.

    Args:
        compiled: a CompiledProgram of any kind, not yet run (register modules are cached).
        count: how many weights to change.
        seed: chooses the weights and the signs.
    Returns:
        (perturbed CompiledProgram, tuple of Perturbation).
    Raises:
        RnnprogError: the network has fewer than `count` nonzero weights.
    """
    rng = random.Random(seed)
    if isinstance(compiled, rm.CompiledProgram):
        return _registers(compiled, count, rng)
    if isinstance(compiled, tm.CompiledProgram):
        return _machines(compiled, count, rng)
    return _filters(compiled, count, rng)


def _pick(candidates: list, count: int, rng: random.Random) -> list:
    if count > len(candidates):
        raise RnnprogError(f"--perturb {count}: the network has only {len(candidates)} nonzero "
                           "weights")
    return rng.sample(candidates, count)


def _registers(compiled: rm.CompiledProgram, count: int, rng: random.Random):
    weight = compiled.weight.copy()
    labels = compiled.labels
    changes = []
    for row, col in _pick([tuple(map(int, rc)) for rc in np.argwhere(weight)], count, rng):
        before = int(weight[row, col])
        weight[row, col] += rng.choice((-1, 1))
        changes.append(Perturbation(labels[row], labels[col], before, int(weight[row, col])))
    return dataclasses.replace(compiled, weight=weight, _modules={}), tuple(changes)


def _machines(compiled: tm.CompiledProgram, count: int, rng: random.Random):
    rows = list(compiled.rows)
    candidates = [(i, label) for i, row in enumerate(rows) for label in row.terms]
    candidates += [(i, None) for i, row in enumerate(rows) if row.const]
    changes = []
    for i, source in _pick(candidates, count, rng):
        row, delta = rows[i], Fraction(rng.choice((-1, 1)))
        if source is None:
            rows[i] = Expr(row.terms, row.const + delta)
            before, after = row.const, row.const + delta
        else:
            rows[i] = row + delta * Expr.unit(source)
            before, after = row.terms[source], row.terms[source] + delta
        changes.append(Perturbation(compiled.labels[i], source or "bias", before, after))
    rows = tuple(rows)
    rnn = build_rnn(compiled.layout, rows)
    return dataclasses.replace(compiled, rows=rows, rnn=rnn), tuple(changes)


def _filters(compiled: iir.CompiledProgram, count: int, rng: random.Random):
    fresh = iir.compile(compiled.program, dtype=compiled.dtype)
    with torch.no_grad():
        fresh.rnn.load_state_dict(compiled.rnn.state_dict())
    params = {"x": fresh.rnn.weight_ih_l0, "h": fresh.rnn.weight_hh_l0}
    candidates = [(name, int(r), int(c)) for name, p in params.items() for r, c in p.nonzero()]
    labels = compiled.labels
    changes = []
    for name, row, col in _pick(candidates, count, rng):
        weight = params[name]
        before = float(weight[row, col])
        with torch.no_grad():
            weight[row, col] += rng.choice((-1, 1))
        source = "x" if name == "x" else labels[col]
        changes.append(Perturbation(labels[row], source, before, float(weight[row, col])))
    return fresh, tuple(changes)
