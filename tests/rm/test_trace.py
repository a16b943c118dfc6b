"""Decoding states and finding the first divergence, including on deliberately broken weights."""

import numpy as np

import rnnprog
from rnnprog.rm import compile, interpret, parse, report, run_batch
from rnnprog.rm.trace import decode, expected_units, first_divergence
from tests.helpers import rewire
from tests.rm.cases import PROGRAMS


def states_and_reference(compiled, inputs, dtype="float64"):
    batch = run_batch(compiled, [inputs], dtype=dtype, max_steps=500, record=True)
    return batch.states[:, 0], interpret(compiled.lowered, inputs, max_steps=500, trace=True).trace


def test_decode_reads_back_every_expected_state():
    compiled = compile(rnnprog.load(PROGRAMS / "gcd.rm"))
    states, reference = states_and_reference(compiled, {"a": 4, "b": 6})
    for h, want in zip(states, reference):
        assert decode(compiled, h) == want
        assert np.array_equal(expected_units(compiled, want).astype(float), h)


def test_a_flipped_sign_is_caught_at_its_step_and_unit():
    compiled = compile(parse("in a\nout b\nloop: jz a end\ndec a\ninc b\njmp loop\nend: halt\n"))
    compiled = rewire(compiled, {("reg:b", "pc:2"): -1})  # `inc b` now decrements
    states, reference = states_and_reference(compiled, {"a": 2})
    divergence = first_divergence(compiled, states, reference)
    assert divergence.step == 3  # after jz, dec, inc: the first state that inc b wrote
    assert [u[0] for u in divergence.units][:1] == ["reg:b"]
    assert "reg:b = 0 (expected 1)" in report.divergence_text(compiled, divergence)


def test_a_dropped_gate_is_caught():
    compiled = compile(parse("in a\nout a\nloop: jz a end\ndec a\njmp loop\nend: halt\n"))
    compiled = rewire(compiled, zero_rows=["gate:loop"])  # the zero test never fires
    states, reference = states_and_reference(compiled, {"a": 1})
    divergence = first_divergence(compiled, states, reference)
    assert divergence is not None and ("gate:loop", 1, 0) in divergence.units


def test_an_off_by_one_jump_is_caught():
    compiled = compile(parse("in a\nout b\njmp x\ninc b\nx: inc b\n"))
    compiled = rewire(compiled, {("pc:1", "pc:0"): 1}, zero_columns=["pc:0"])  # jmp lands one too early
    states, reference = states_and_reference(compiled, {"a": 0})
    divergence = first_divergence(compiled, states, reference)
    assert divergence.step == 1 and divergence.actual.pc == 1 and divergence.expected.pc == 2


def test_trace_rows_show_the_interpreter_beside_a_difference():
    compiled = compile(parse("in a\nout a\ninc a\ninc a\n"))
    compiled = rewire(compiled, {("reg:a", "pc:1"): 0})
    states, reference = states_and_reference(compiled, {"a": 0})
    rows = report.trace_rows(compiled, states, list(reference), limit=10)
    assert rows[3].endswith("DIFF, interpreter: halted a=2")
