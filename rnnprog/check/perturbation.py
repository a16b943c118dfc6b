"""Perturb K weights of a compiled network (seeded) so the checker can be seen catching it.

It edits the network IR, whatever the kind: any nonzero recurrent weight, input weight or bias
may change by +1 or -1, and the kind rebuilds its compiled program around the edited network.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass

from rnnprog import kinds
from rnnprog.errors import RnnprogError
from rnnprog.network.ir import Network


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
    """Add +1 or -1 to `count` distinct nonzero weights (recurrent, input and bias), chosen
    with `seed`; the original is left unchanged.

    Args:
        compiled: a compiled program of any kind.
        count: how many weights to change.
        seed: chooses the weights and the signs.
    Returns:
        (perturbed compiled program, tuple of Perturbation).
    Raises:
        RnnprogError: the network has fewer than `count` nonzero weights.
    """
    rng = random.Random(seed)
    kind = kinds.of(compiled)
    network = kind.network(compiled)
    candidates = [("input", i, j) for i, j, _ in network.input.entries]
    candidates += [("recurrent", i, j) for i, j, _ in network.recurrent.entries]
    candidates += [("bias", i, j) for i, j, _ in (network.bias.entries if network.bias else ())]
    if count > len(candidates):
        raise RnnprogError(f"--perturb {count}: the network has only {len(candidates)} nonzero "
                           "weights")
    changes = []
    for part, i, j in rng.sample(candidates, count):
        matrix = getattr(network, part)
        before, delta = matrix.get(i, j), rng.choice((-1, 1))
        network = dataclasses.replace(network, **{part: matrix.changed(i, j, delta)}, cache={})
        changes.append(Perturbation(network.labels[i], _source(network, part, j), _plain(before),
                                    _plain(before + delta)))
    return kind.with_network(compiled, network), tuple(changes)


def _source(network: Network, part: str, j: int) -> str:
    if part == "recurrent":
        return network.labels[j]
    if part == "input":
        return network.input_names[j] if j < len(network.input_names) else f"x[{j}]"
    return "bias"


def _plain(value):
    """Integers as ints, other exact values as floats (how the report has always shown them)."""
    return int(value) if value == int(value) else float(value)
