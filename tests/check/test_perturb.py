"""--perturb: the check catches typical broken weights; what it misses is a ReLU-masked
(equivalent) change, confirmed on an exhaustive grid of inputs."""

from pathlib import Path

import pytest

import rnnprog
from rnnprog.check import check, check_case, perturb

PROGRAMS = Path(__file__).resolve().parents[2] / "programs"
SEEDS = range(8)


def _grid(kind):
    if kind == "rm":
        return [{"a": a, "b": b} for a in range(6) for b in range(6)]
    if kind == "tm":
        return [(tape, head) for tape in ("", "1", "11", "101", "1101") for head in (-1, 0, 2)]
    return [[1.0] + [0.0] * 20, [0.0, -1.0] + [0.0] * 19, [3.0, -2.0, 0.5] * 7]


@pytest.mark.parametrize(("name", "kind"), [("add.rm", "rm"), ("bb2.tm", "tm"),
                                            ("echo.iir", "iir")])
def test_perturbations_are_caught_or_provably_harmless(name, kind):
    program = rnnprog.load(PROGRAMS / name)
    caught = 0
    for seed in SEEDS:
        result = check(program, examples=40, perturb=1, seed=seed)
        if not result.ok:
            caught += 1
            assert result.mismatch.units or result.mismatch.note
            continue
        broken, changes = perturb(rnnprog.compile(program), 1, seed)
        missed = [case for case in _grid(kind) if check_case(broken, case).mismatch]
        assert not missed, f"seed {seed}: {changes[0]} changes {missed[0]} but the check passed"
    assert caught >= len(SEEDS) // 2, f"only {caught} of {len(SEEDS)} perturbations caught"


def test_perturbing_is_seeded_and_leaves_the_original_alone():
    compiled = rnnprog.compile(rnnprog.load(PROGRAMS / "add.rm"))
    before = dict(_weights(compiled))
    first, changes = perturb(compiled, 3, seed=5)
    again, same = perturb(compiled, 3, seed=5)
    assert changes == same and len(changes) == 3 and _weights(first) == _weights(again)
    assert _weights(compiled) == before
    changed = {key for key in {*before, *_weights(first)} if before.get(key) != _weights(first).get(key)}
    assert len(changed) == 3
    assert all(c.unit in compiled.labels and c.source in compiled.labels for c in changes)


def _weights(compiled) -> dict:
    """{(row, column): value} of the recurrent matrix."""
    return {(i, j): w for i, j, w in compiled.network.recurrent.entries}
