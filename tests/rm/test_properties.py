"""Differential property tests: the RNN equals the interpreter at every step, in every dtype."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from rnnprog.rm import compile, interpret, parse, run_batch
from rnnprog.rm.strategies import register_inputs, register_programs
from rnnprog.rm.trace import first_divergence

STEP_BUDGET = 150  # programs may loop forever; both sides compare "still running" states


@st.composite
def programs_with_inputs(draw, rows=1):
    program = draw(register_programs(max_registers=3, max_size=8))
    inputs = draw(st.lists(register_inputs(program, max_value=6), min_size=rows, max_size=rows))
    return program, inputs


@pytest.mark.parametrize("dtype", ["float32", "float64", "exact"])
@given(case=programs_with_inputs())
@example(case=(parse("in a\nout a\nL0: dec a\njnz a L0\n"), [{"a": 3}]))
@example(case=(parse("in a b\nout a b\nadd a a\nsub b a\nmov a b\n"), [{"a": 2, "b": 5}]))
def test_rnn_equals_interpreter_at_every_step(case, dtype):
    program, (inputs,) = case
    compiled = compile(program)
    batch = run_batch(compiled, [inputs], dtype=dtype, max_steps=STEP_BUDGET, record=True)
    reference = interpret(compiled.lowered, inputs, max_steps=STEP_BUDGET, trace=True)
    divergence = first_divergence(compiled, batch.states[:, 0], reference.trace)
    assert divergence is None, f"{program}\n{divergence}"
    got = batch.results[0]
    assert (got.registers, got.steps, got.halted) == (reference.registers, reference.steps,
                                                      reference.halted)


@given(case=programs_with_inputs(rows=5))
def test_batch_rows_halt_on_their_own(case):
    program, rows = case
    results = run_batch(compile(program), rows, max_steps=STEP_BUDGET).results
    for inputs, got in zip(rows, results):
        want = interpret(program, inputs, max_steps=STEP_BUDGET)
        assert (got.registers, got.steps, got.halted) == (want.registers, want.steps, want.halted)


@given(program=register_programs(max_registers=4, max_size=12))
def test_round_trip(program):
    assert parse(str(program)) == program
