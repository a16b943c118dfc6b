"""Replayed stretches (rnnprog.network.replay) change nothing but the time: the same final
state, steps, halting and precision errors as the accelerator without them and as the stock
network ticking one step at a time."""

import re

import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

import rnnprog
from rnnprog.errors import PrecisionError
from rnnprog.rm import compile, run_batch
from rnnprog.rm.accelerated import accelerator
from rnnprog.rm.runtime import initial_states
from tests.rm.cases import PROGRAMS

LIMIT32 = 2**24
MACRO = st.tuples(st.sampled_from(["add", "sub", "mov"]), st.sampled_from("bcd"), st.sampled_from("abcd"))
BODY = st.tuples(st.sampled_from(["add", "sub", "mov", "clr", "inc", "dec"]),
                 st.sampled_from("bcd"), st.sampled_from("abcd"))


@st.composite
def outer_loops(draw) -> str:
    """`a` times a body of macros (each a loop whose count is some register's value) and core
    steps: the same stretches come back with other values, which is what replays are for."""
    body = [draw(MACRO), *draw(st.lists(BODY, max_size=4))]
    if draw(st.booleans()):  # b and c feed each other: the loop counts change every time round
        p, q = draw(st.permutations("bc"))
        body[:1] = [(draw(st.sampled_from(["add", "sub"])), p, q),
                    (draw(st.sampled_from(["add", "mov"])), q, p)]
    lines = [f"{op} {dest}" if op in ("inc", "dec", "clr") else f"{op} {dest} {src}"
             for op, dest, src in body]
    return "\n".join(["in a b c", "out a b c d", "outer: jz a end", "dec a", *lines,
                      "jmp outer", "end: halt"]) + "\n"


def engine(compiled, row, dtype, max_steps, replays):
    """(final state, ticks, halted, replayed) of the accelerator, or its PrecisionError."""
    h0 = initial_states(compiled, [row])[0].tolist()
    try:
        done = accelerator(compiled, dtype, replays=replays).run(h0, max_steps)
    except PrecisionError as err:
        return str(err), 0
    return (done.final, done.ticks, done.halted), done.replayed


def stock(compiled, row, dtype, max_steps):
    """(registers, steps, halted) of the plain network ticking every step, or its error."""
    try:
        result = run_batch(compiled, [row], dtype=dtype, max_steps=max_steps, accelerate=False).results[0]
    except PrecisionError as err:
        return str(err)
    return result.registers, result.steps, result.halted


@settings(max_examples=120, deadline=None)
@given(text=outer_loops(), data=st.data(), dtype=st.sampled_from(["exact", "float64", "float32"]),
       max_steps=st.one_of(st.just(10**5), st.integers(0, 3000)))
@example(text="in a b c\nout a b c d\nouter: jz a end\ndec a\nadd b c\nadd c b\njmp outer\nend: halt\n",
         data=None, dtype="float32", max_steps=3000).via("a doubling pair near the float32 limit")
def test_replays_change_nothing_but_the_time(text, data, dtype, max_steps):
    compiled = compile(rnnprog.parse(text))
    if data is None:
        row = {"a": 40, "b": 1, "c": LIMIT32 // 2**20}
    else:
        # Mostly small values: one near the float32 limit ends a run in a few jumps.
        near = data.draw(st.sampled_from([None, None, None, "b", "c"]), label="near the limit") \
            if dtype == "float32" else None
        row = {"a": data.draw(st.integers(3, 12), label="a")}  # the outer count
        row.update({name: data.draw(st.integers(LIMIT32 - 40, LIMIT32 - 2) if name == near else
                                    st.integers(0, 30), label=name) for name in "bc"})
    fast, replayed = engine(compiled, row, dtype, max_steps, True)
    event("replayed" if replayed else "nothing replayed")
    slow, _ = engine(compiled, row, dtype, max_steps, False)
    assert fast == slow
    if max_steps > 3000:  # long runs: the accelerator without replays is tested tick by tick
        return
    plain = stock(compiled, row, dtype, max_steps)
    if isinstance(fast, str):
        assert plain == fast
    else:
        registers = {name: fast[0][compiled.layout.registers[name]] for name in plain[0]}
        assert plain == (registers, fast[1], fast[2])


@pytest.mark.parametrize("name, row, dtype", [
    ("collatz.rm", {"n": 27}, "exact"), ("collatz.rm", {"n": 97}, "float32"),
    ("divmod.rm", {"a": 300, "b": 7}, "float64"), ("pow.rm", {"a": 3, "b": 9}, "exact"),
    ("factorial.rm", {"n": 7}, "float32"), ("gcd.rm", {"a": 1071, "b": 462}, "exact")])
def test_shipped_programs_replay_and_agree(name, row, dtype):
    compiled = compile(rnnprog.load(PROGRAMS / name))
    fast, replayed = engine(compiled, row, dtype, 10**9, True)
    slow, _ = engine(compiled, row, dtype, 10**9, False)
    assert fast == slow and replayed > 0, name
    assert rnnprog.interpret(rnnprog.load(PROGRAMS / name), row, max_steps=10**9).steps == fast[1]


def test_a_replay_stops_short_of_the_float32_limit_like_the_plain_run():
    """pow 2^b doubles through stretches that are replayed; in float32 the run stops at the
    same step with the same message as without replays (itself tested tick by tick)."""
    compiled = compile(rnnprog.load(PROGRAMS / "pow.rm"))
    row = {"a": 2, "b": 30}
    fast, _ = engine(compiled, row, "float32", 10**12, True)
    slow, _ = engine(compiled, row, "float32", 10**12, False)
    assert fast == slow and "2^24" in fast
    edge = int(re.search(r"at step (\d+)", fast).group(1))
    upto, replayed = engine(compiled, row, "float32", edge, True)  # stops just short of it
    assert replayed > 0 and upto == engine(compiled, row, "float32", edge, False)[0]
    assert upto[1:] == (edge, False)


def test_collatz_replays_most_of_what_it_does_not_jump():
    """n = 27: 3,805,303 steps; the loop jumps cover all but the stretches between them, and
    those are replayed but for their first passes."""
    compiled = compile(rnnprog.load(PROGRAMS / "collatz.rm"))
    h0 = initial_states(compiled, [{"n": 27}])[0].tolist()
    done = accelerator(compiled, "exact").run(h0, 10**9)
    plain = accelerator(compiled, "exact", replays=False).run(h0, 10**9)
    assert done.ticks == plain.ticks == 3_805_303 and done.final == plain.final
    assert done.computed < plain.computed / 10 and done.replayed > 10 * done.computed


def test_a_start_that_is_not_all_integers_is_not_replayed():
    """The checks read "active" as z >= 1, which needs integers: a Fraction start ticks and
    jumps as before, to the same state."""
    from fractions import Fraction

    compiled = compile(rnnprog.load(PROGRAMS / "collatz.rm"))
    h0 = initial_states(compiled, [{"n": 7}])[0].tolist()
    fractions = accelerator(compiled, "exact").run([Fraction(v) for v in h0], 10**6)
    integers = accelerator(compiled, "exact").run(h0, 10**6)
    assert fractions.replayed == 0 < integers.replayed
    assert (fractions.final, fractions.ticks) == (integers.final, integers.ticks)
