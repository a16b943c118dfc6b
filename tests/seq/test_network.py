"""The network against the interpreter: at every tick the rule fired, the state, the counters and
the output decoded from h(t) equal the interpreter's, in float32, float64 and exact."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rnnprog import device as devices
from rnnprog.errors import InputError, PrecisionError
from rnnprog.network import torch_build
from rnnprog.seq import runtime
from rnnprog.seq.compile import compile
from rnnprog.seq.decode import decode
from rnnprog.seq.interpret import interpret
from rnnprog.seq.parse import parse
from rnnprog.seq.strategies import sequence_inputs, sequence_programs

ANBN = parse("alphabet: a b\ncounters: n\nstart: s\naccept: yes\ns a -> s n+1\ns b n>0 -> t n-1\n"
             "s $ n=0 -> yes\nt b n>0 -> t n-1\nt $ n=0 -> yes\n")
DTYPES = ("float32", "float64", "exact")


@st.composite
def machines_and_inputs(draw):
    program = draw(sequence_programs(max_symbols=3, max_counters=2, max_states=3))
    return program, draw(st.lists(sequence_inputs(program, max_size=12), min_size=1, max_size=3))


@example((ANBN, ["aabb", "aab", ""]))
@given(machines_and_inputs())
def test_every_tick_of_the_network_is_the_interpreters(case):
    program, texts = case
    compiled = compile(program)
    references = [interpret(program, text, max_steps=8) for text in texts]
    for dtype in DTYPES:
        batch = runtime.run_batch(compiled, texts, dtype=dtype, max_steps=8, record=True)
        for reference, result, states in zip(references, batch.results, batch.states):
            assert [decode(compiled, h) for h in states] == list(reference.steps), dtype
            assert (result.outputs, result.end, result.ticks) == \
                (reference.outputs, reference.end, reference.ticks)
            assert result.counters == dict(zip(program.counters, reference.steps[-1].counters))


def test_the_stock_module_has_the_promised_shape():
    compiled = compile(ANBN)
    rnn = torch_build.build_rnn(compiled.network, "float32")
    assert (rnn.input_size, rnn.hidden_size, rnn.nonlinearity, rnn.bias) == (3, 9, "relu", True)
    assert torch_build.build_readout(compiled.network, "float32").out_features == 2
    assert compiled.network.labels[:3] == ("init", "ctr:n", "rule:0")


def test_rows_of_different_lengths_end_on_their_own_ticks():
    results = runtime.run_batch(compile(ANBN), ["ab", "aaaabbbb", "ba", "aaa"], dtype="float32").results
    assert [(r.end, r.ticks) for r in results] == [("accepted", 3), ("accepted", 9), ("rejected", 1),
                                                   ("rejected", 4)]


def test_a_long_input_runs_in_chunks_in_every_dtype():
    text = "a" * 6000 + "b" * 6000
    for dtype in DTYPES:
        result = runtime.run_batch(compile(ANBN), [text, text + "b"], dtype=dtype).results
        assert [(r.end, r.ticks) for r in result] == [("accepted", 12001), ("rejected", 12001)]


@pytest.mark.slow
def test_a_million_symbols_run_in_one_call():
    text = "a" * 500_000 + "b" * 500_000
    result = runtime.run_batch(compile(ANBN), [text], dtype="float32").results[0]
    assert (result.end, result.ticks, result.length) == ("accepted", 1_000_001, 1_000_000)


def test_the_guard_stops_a_counter_before_the_dtypes_limit(monkeypatch):
    monkeypatch.setitem(runtime.LIMIT, "float32", 100)
    assert runtime.run_batch(compile(ANBN), ["a" * 98], dtype="float32").results[0].end == "rejected"
    with pytest.raises(PrecisionError, match="counter n = 99 .* --dtype float64"):
        runtime.run_batch(compile(ANBN), ["a" * 99], dtype="float32")
    assert runtime.run_batch(compile(ANBN), ["a" * 200], dtype="exact").results[0].counters == {"n": 200}


def test_the_budget_counts_end_ticks_after_the_input():
    echo = parse("alphabet: a\ncounters: n\nstart: s\ns a -> s n+1\ns $ -> s out x\n")
    for dtype in DTYPES:
        result = runtime.run_batch(compile(echo), ["aa"], dtype=dtype, max_steps=5).results[0]
        assert (result.end, result.ticks, result.outputs) == ("running", 7, ("x",) * 5)
        assert interpret(echo, "aa", max_steps=5).ticks == 7


def test_a_symbol_outside_the_alphabet_is_an_input_error():
    with pytest.raises(InputError, match="input symbol 2 is 'c'"):
        runtime.run_batch(compile(ANBN), ["ac"])
    with pytest.raises(InputError, match="added after the input by itself"):
        interpret(ANBN, "a$")


@pytest.mark.cuda
def test_cuda_gives_the_same_ticks():
    text = "a" * 3000 + "b" * 3000
    devices.resolve_device("cuda")
    for dtype in ("float32", "float64"):
        batch = runtime.run_batch(compile(ANBN), [text, "aab"], dtype=dtype, device="cuda", record=True)
        assert [(r.end, r.ticks, r.device) for r in batch.results] == \
            [("accepted", 6001, "cuda"), ("rejected", 4, "cuda")]
        assert [decode(compile(ANBN), h) for h in batch.states[1]] == list(interpret(ANBN, "aab").steps)


ECHO = parse("alphabet: a\ncounters: n\nstart: s\naccept: done\ns a -> s n+1\n"
             "s $ n>0 -> s n-1 out b\ns $ n=0 -> done\n")
FOREVER = parse("alphabet: a\ncounters: n\nstart: s\ns a -> s n+1\ns $ -> s n+1\n")


def _ends(batch):
    return [(r.outputs, r.end, r.ticks, r.counters) for r in batch.results]


def test_a_budget_of_zero_ends_an_empty_input_at_tick_zero_in_every_dtype_and_batch():
    for dtype in DTYPES:
        for texts in ([""], ["a", "", "aa"]):
            batch = runtime.run_batch(compile(ECHO), texts, dtype=dtype, max_steps=0)
            want = [interpret(ECHO, t, max_steps=0) for t in texts]
            assert [(r.outputs, r.end, r.ticks) for r in batch.results] == \
                [(w.outputs, w.end, w.ticks) for w in want], dtype
            assert batch.results[texts.index("")].end == "running"


@example((ECHO, ["aaa", ""]), 0)
@example((FOREVER, ["a"]), 50)
@settings(max_examples=15)
@given(machines_and_inputs(), st.integers(0, 60))
def test_fast_forwarded_end_ticks_are_the_plain_networks(case, budget):
    program, texts = case
    compiled = compile(program)
    for dtype in DTYPES:
        plain = runtime.run_batch(compiled, texts, dtype=dtype, max_steps=budget, accelerate=False)
        fast = runtime.run_batch(compiled, texts, dtype=dtype, max_steps=budget)
        assert _ends(fast) == _ends(plain), dtype
        with pytest.MonkeyPatch.context() as patch:  # rows handed back to the plain ticker
            patch.setattr(runtime, "ENDTICK_STALL", 2)
            assert _ends(runtime.run_batch(compiled, texts, dtype=dtype, max_steps=budget)) == \
                _ends(plain), dtype
        for text, result in zip(texts, fast.results):
            reference = interpret(program, text, max_steps=budget)
            assert (result.outputs, result.end, result.ticks) == \
                (reference.outputs, reference.end, reference.ticks)


def test_a_budget_of_two_to_the_62_end_ticks_is_jumped():
    for dtype in ("float64", "exact"):  # 17 rows: past ENDTICK_ROWS, handed over after 4096 ticks
        result = runtime.run_batch(compile(FOREVER), ["a"] * 17, dtype=dtype,
                                   max_steps=2**40).results[0]
        assert (result.end, result.ticks, result.counters) == ("running", 2**40 + 1, {"n": 2**40 + 1})
    result = runtime.run_batch(compile(ECHO), ["a" * 5], dtype="float32", max_steps=2**62).results[0]
    assert (result.end, result.outputs) == ("accepted", ("b",) * 5)


def test_the_guard_stops_fast_forwarded_end_ticks_where_the_plain_run_stops(monkeypatch):
    monkeypatch.setitem(runtime.LIMIT, "float32", 100)
    errors = []
    for accelerate in (True, False):
        with pytest.raises(PrecisionError) as caught:
            runtime.run_batch(compile(FOREVER), ["aa"], dtype="float32", max_steps=500,
                              accelerate=accelerate)
        errors.append(str(caught.value))
    assert errors[0] == errors[1] and "counter n = 99" in errors[0]
    assert runtime.run_batch(compile(FOREVER), ["aa"], dtype="float32", max_steps=96).results[0].end \
        == "running"
