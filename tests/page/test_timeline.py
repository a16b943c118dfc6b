"""Every kind's page timeline agrees with its interpreter: the case table's runs (each kind's
`timeline` through the protocol), the values the cases expect at the last tick, what a page keeps
of a long run, jumps and their first iterations, and a broken weight marked where it shows."""

from __future__ import annotations

import dataclasses
import math

import pytest

import rnnprog
from rnnprog import kinds
from rnnprog.page import render
from rnnprog.page.timeline import Keep
from tests.cases_table import CASES


def fields(timeline, moment, side: str = "interpreter") -> dict[str, str]:
    return dict(zip(timeline.fields, getattr(moment, side)))


def final_facts(kind: str, expected: dict) -> dict[str, object]:
    """What the case table's expected outputs say the last moment's fields read (per kind; a
    kind not listed here is held to agreement alone)."""
    if not expected:
        return {}
    if kind == "rm":
        return {name: str(value) for name, value in expected.items()}
    if kind == "tm":
        return {"state": expected["state"], "head": str(expected["head"])}
    if kind == "seq":
        return {"status": expected["end"], "output so far": " ".join(expected["outputs"]) or "(none)"}
    if kind == "iir":
        return {"y[n]": expected["y"][-1]}
    return {}


#: Every tick of a short case; a long one (collatz.py: 37,000 ticks) at its first 400, 100 samples
#: and its last 100 (the default Keep is tested on its own below).
CASE_KEEP = Keep(head=400, samples=100, tail=100)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_case_agrees_with_the_interpreter_at_every_tick(case):
    kind, compiled, timeline = render.record(rnnprog.load(case.path), case.inputs, keep=CASE_KEEP)
    units = len(kind.network(compiled).units)
    assert timeline.agrees
    ticks = [m.tick for m in timeline.moments]
    assert ticks[0] == 0 and ticks[-1] == timeline.ticks and ticks == sorted(set(ticks))
    for moment in timeline.moments:
        assert moment.network == moment.interpreter or kind.name == "iir"  # floats: within tolerance
        assert len(moment.interpreter) == len(timeline.fields) and len(moment.state) == units
    if case.steps is not None:
        assert timeline.ticks == case.steps
    last = fields(timeline, timeline.moments[-1])
    for name, want in final_facts(kind.name, case.expected).items():
        got = last[name]
        assert math.isclose(float(got), want, abs_tol=1e-6) if isinstance(want, float) else got == want


def test_keep_every_tick_of_a_short_run_and_samples_of_a_long_one():
    keep = Keep(head=10, samples=5, tail=3)
    assert keep.ticks(12) == list(range(13))
    ticks = keep.ticks(1000)
    assert ticks[:11] == list(range(11)) and ticks[-3:] == [998, 999, 1000]
    middle = [t for t in ticks if 10 < t < 997]
    assert len(middle) <= 5 and all(t % keep.stride(1000) == 0 for t in middle)
    assert "one tick in 198" in keep.words(1000)


def test_a_long_register_run_keeps_the_kept_ticks_and_every_jump():
    program = rnnprog.load("programs/mul.rm")
    keep = Keep(head=20, samples=10, tail=5)
    _, _, timeline = render.record(program, {"a": 40, "b": 30}, keep=keep)
    jumps = [m for m in timeline.moments if m.jump]
    assert timeline.agrees and timeline.ticks > 1000 and jumps
    singles = {m.tick for m in timeline.moments if not m.jump}
    assert singles <= set(keep.ticks(timeline.ticks))
    for moment in jumps:
        jump = moment.jump
        first = [m.tick for m in jump.first]
        assert first == list(range(first[0], first[0] + len(first)))  # ticked one by one
        assert len(first) == keep.opened(jump.block_ticks, jump.ticks)
        assert first[0] == moment.tick - jump.ticks + 1
        assert all(m.network == m.interpreter for m in jump.first)
        assert "iterations of line" in moment.doing and jump.where.startswith("line")


def test_no_accelerate_shows_every_tick():
    program = rnnprog.load("programs/mul.rm")
    _, _, timeline = render.record(program, {"a": 3, "b": 2}, accelerate=False)
    assert [m.tick for m in timeline.moments] == list(range(timeline.ticks + 1))
    assert not any(m.jump for m in timeline.moments)


def test_the_page_shows_the_source_line_each_tick_is_at():
    program = rnnprog.load("programs/mul.rm")
    _, _, timeline = render.record(program, {"a": 1, "b": 1}, accelerate=False)
    lines = [m.where[0].line if m.where else None for m in timeline.moments]
    assert lines[:3] == [6, 7, 7]  # loop: jz a done, then the add macro's core instructions
    assert timeline.source[5].startswith("loop: jz a done")
    assert timeline.moments[1].doing == "ran line 6: jz a done"


def test_a_broken_weight_shows_as_a_difference():
    program = rnnprog.load("programs/mul.rm")
    kind = rnnprog.api.kind_of(program)
    compiled = kind.compile(program)
    network = kind.network(compiled)
    c = network.index["reg:c"]
    i, j, _ = next(e for e in network.recurrent.entries if e[0] == c and e[1] != c)  # feeds c
    broken = kind.with_network(compiled, dataclasses.replace(
        network, recurrent=network.recurrent.changed(i, j, 1), cache={}))
    timeline = kind.timeline(broken, {"a": 2, "b": 2}, max_steps=None, dtype="exact", accelerate=False)
    assert not timeline.agrees
    first = next(m for m in timeline.moments if m.differs)
    assert timeline.fields[first.differs[0]] == "c"
    assert fields(timeline, first, "network")["c"] != fields(timeline, first)["c"]


def test_the_default_any_kind_gets(toy):
    """A kind that does not write its own timeline (tests/toykind.py) still makes a page."""
    kind, _, timeline = render.record(toy, {"n": 3})
    assert timeline.agrees and [m.tick for m in timeline.moments] == [0, 1, 2, 3, 4]
    assert timeline.fields == ("state",) and timeline.moments[-1].network == ("('halted', 0)",)
    assert "countdown" in render.page(timeline, kind.network(kind.compile(toy)), title="t", kind="toy")


@pytest.fixture
def toy():
    from tests import toykind

    kinds.register(toykind.KIND)
    yield toykind.Countdown("n")
    kinds.unregister(toykind.KIND.name)


@pytest.fixture
def python_kind():
    """The Python kind, registered for the test where the registry does not list it yet."""
    from rnnprog.py import kind

    listed = kind.KIND.name in [k.name for k in kinds.all_kinds()]
    kinds.register(kind.KIND)
    yield kind.KIND
    if not listed:
        kinds.unregister(kind.KIND.name)


@pytest.mark.usefixtures("python_kind")
def test_a_python_function_reads_as_its_lines_and_variables():
    program = rnnprog.load("programs/gcd.py")
    _, _, timeline = render.record(program, {"a": 48, "b": 18})
    assert timeline.agrees and timeline.halted and timeline.fields == ("next", "a", "b")
    assert timeline.inputs == "a=48 b=18" and timeline.source[9].strip() == "while b:"
    last = fields(timeline, timeline.moments[-1])
    assert (last["next"], last["a"], last["b"]) == ("returned", "6", "0")
    lines = {span.line for m in timeline.moments for span in m.where}
    assert lines <= {10, 11, 12} and 11 in lines
    jumps = [m for m in timeline.moments if m.jump]
    assert jumps and all(m.jump.where.startswith(("line", "the loop of a % b")) for m in jumps)
    assert any("a -= 1" in m.jump.changes for m in jumps)  # a % b counts a down, one by one
