"""Every named case at every level: interpreter facts, the RNN exactly, in float64 and in float32."""

import pytest

from rnnprog.errors import PrecisionError
from rnnprog.tm import capacity, compile, interpret, interpreter, run, runtime
from tests.tm.cases import CASES


def _max_depth(case) -> int:
    configs = interpreter.configurations(case.program, case.tape, head=case.head, max_steps=case.max_steps)
    return max(max(runtime.stack_depths(c)) for c in configs)


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_interpreter_facts(case):
    result = interpret(case.program, case.tape, head=case.head, max_steps=case.max_steps)
    assert {k: getattr(result, k) for k in case.expect} == case.expect


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_rnn_exact_equals_interpreter(case):
    expected = interpret(case.program, case.tape, head=case.head, max_steps=case.max_steps)
    got = run(case.program, case.tape, head=case.head, dtype="exact", max_steps=case.max_steps)
    assert got == expected


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("case", CASES, ids=repr)
def test_rnn_float_equals_interpreter_within_capacity(case, dtype):
    compiled = compile(case.program)
    expected = interpret(case.program, case.tape, head=case.head, max_steps=case.max_steps)
    if _max_depth(case) > capacity.capacity(compiled, dtype):
        with pytest.raises(PrecisionError, match="cells per stack exactly"):
            run(compiled, case.tape, head=case.head, dtype=dtype, max_steps=case.max_steps)
    else:
        assert run(compiled, case.tape, head=case.head, dtype=dtype, max_steps=case.max_steps) == expected


def test_float32_covers_the_small_busy_beavers():
    """BB(2) and both BB(3) champions fit float32's 11 cells per stack; BB(4) reaches 14."""
    names = {c.name: c for c in CASES}
    for name in ("bb2[0]", "bb3[0]", "bb3_ones[0]"):
        assert _max_depth(names[name]) <= capacity.capacity(compile(names[name].program), "float32")
    assert _max_depth(names["bb4[0]"]) == 14


@pytest.mark.cuda
@pytest.mark.parametrize("case", CASES[:6], ids=repr)
def test_cuda_float64_equals_interpreter(case):
    expected = interpret(case.program, case.tape, head=case.head, max_steps=case.max_steps)
    assert run(case.program, case.tape, head=case.head, dtype="float64", device="cuda",
               max_steps=case.max_steps) == expected
