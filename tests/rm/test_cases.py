"""The shared case table at every level: parse round trip, interpreter, RNN (all dtypes)."""

import pytest

import rnnprog
from rnnprog.rm import compile, interpret, lower, parse, run_batch
from rnnprog.rm.trace import first_divergence
from tests.rm.cases import CASES

DTYPES = ["float32", "float64", "exact"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_round_trip(case):
    program = parse(case.source)
    assert parse(str(program)) == program


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_interpreter(case):
    result = interpret(parse(case.source), case.inputs)
    assert (result.outputs, result.steps, result.halted) == (case.outputs, case.steps, True)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_rnn_every_step(case, dtype):
    compiled = compile(parse(case.source))
    batch = run_batch(compiled, [case.inputs], dtype=dtype, record=True)
    result = batch.results[0]
    assert (result.outputs, result.steps, result.halted) == (case.outputs, case.steps, True)
    reference = interpret(compiled.lowered, case.inputs, trace=True).trace
    assert first_divergence(compiled, batch.states[:, 0], reference) is None


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_public_api(case):
    program = rnnprog.parse(case.source)
    assert rnnprog.run(program, case.inputs).outputs == case.outputs
    assert rnnprog.interpret(program, case.inputs).outputs == case.outputs
    assert rnnprog.compile(program).ticks_per_step == 1


def test_lowered_program_has_only_core_instructions():
    for case in CASES:
        assert {c.op for c in lower(parse(case.source)).code} <= {"inc", "dec", "jz", "jnz", "jmp",
                                                                  "halt"}
