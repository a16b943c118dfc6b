"""Differential properties: at every step the network's decoded configuration is the interpreter's."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rnnprog.errors import PrecisionError
from rnnprog.tm import capacity, compile, interpret, interpreter, parse, run, runtime, strategies

#: Machines that do not halt are compared over this many steps.
STEP_BUDGET = 40


@st.composite
def machines_and_tapes(draw, notation="bb"):
    machine = draw(strategies.turing_machines(max_states=4, max_symbols=3, notation=notation))
    return machine, draw(strategies.tapes(machine, max_size=6)), draw(st.integers(-2, 7))


def _check_trace(machine, tape, head, dtype):
    compiled = compile(machine)
    expected = list(interpreter.configurations(machine, tape, head=head, max_steps=STEP_BUDGET))
    try:
        result, got = runtime.trace(compiled, tape, head=head, dtype=dtype, max_steps=STEP_BUDGET)
    except PrecisionError:
        # the guard may only stop a run that really outgrows the dtype
        assert dtype != "exact"
        assert max(max(runtime.stack_depths(c)) for c in expected) > capacity.capacity(compiled, dtype)
        return
    assert got == expected
    assert result == interpret(machine, tape, head=head, max_steps=STEP_BUDGET)


@pytest.mark.parametrize("dtype", ["exact", "float64", "float32"])
@example(case=(parse("1RB1LB_1LA1RZ"), "", 0))
@example(case=(parse("1RB2LA0RA_2LA0RB1LB"), "1221", 2))  # both stacks, three symbols, no halt
@example(case=(parse("0LA"), "", 0))  # runs left over blanks forever: stacks stay empty
@given(case=machines_and_tapes())
def test_every_step_agrees(dtype, case):
    _check_trace(*case, dtype)


@given(case=machines_and_tapes(notation="table"))
def test_every_step_agrees_for_rule_tables(case):
    _check_trace(*case, "float64")


@settings(max_examples=50)  # each example runs a whole batch; rows are checked above one by one
@given(machine=strategies.turing_machines(max_states=3, max_symbols=3), data=st.data())
def test_batched_rows_halt_independently(machine, data):
    tapes = data.draw(st.lists(strategies.tapes(machine, max_size=4), min_size=1, max_size=4))
    expected = [interpret(machine, t, max_steps=STEP_BUDGET) for t in tapes]
    try:
        got = run(machine, tapes, dtype="float64", max_steps=STEP_BUDGET)
    except PrecisionError:
        # a batch stops as a whole, and only when one of its rows truly outgrows float64
        limit = capacity.capacity(compile(machine), "float64")
        assert any(max(max(runtime.stack_depths(c)) for c in interpreter.configurations(
            machine, tape, max_steps=STEP_BUDGET)) > limit for tape in tapes)
        return
    assert got == expected
