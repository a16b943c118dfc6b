"""The batch-1 active-set kernel computes exactly what the stock network computes, tick by tick."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import rnnprog
from rnnprog.errors import PrecisionError
from rnnprog.network import kernels, runner
from rnnprog.network.ir import Matrix, Network, Unit
from rnnprog.rm import compile, parse, run_batch
from rnnprog.rm.strategies import register_inputs, register_programs
from tests.rm.cases import PROGRAMS

COUNT_UP = parse("in a\nout a\nloop: inc a\njmp loop\n")


@st.composite
def networks_and_states(draw, top=20):
    """A small integer network (weights -3..3, biases -2..2) and a state that may be negative."""
    size = draw(st.integers(1, 7))
    cell = st.tuples(st.integers(0, size - 1), st.integers(0, size - 1), st.integers(-3, 3))
    weights = draw(st.lists(cell, max_size=3 * size))
    bias = draw(st.lists(st.integers(-2, 2), min_size=size, max_size=size))
    state = draw(st.lists(st.integers(-3, top), min_size=size, max_size=size))
    return _network(size, weights, bias), state


def _network(size, weights, bias, halt=()):
    units = tuple(Unit(f"u{i}", "unit", "") for i in range(size))
    return Network(units, Matrix.of((size, size), weights), Matrix((size, 1)),
                   Matrix.of((size, 1), [(i, 0, b) for i, b in enumerate(bias)]), halt_units=halt)


def _dense_tick(network, state):
    """relu(W h + b) in exact Python integers, every unit visited."""
    out = [network.bias_of(i) for i in range(network.size)]
    for i, j, w in network.recurrent.entries:
        out[i] += w * state[j]
    return [max(0, v) for v in out]


@pytest.mark.parametrize("short", [kernels.SHORT_COLUMN, 0])  # 0: every column is looked up
@settings(max_examples=200)
@given(case=networks_and_states())
def test_a_tick_equals_the_dense_tick(case, short):
    network, state = case
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kernels, "SHORT_COLUMN", short)
        got = kernels.active_row(network, "float32").tick({j: v for j, v in enumerate(state) if v})
    want = _dense_tick(network, state)
    assert got is not None  # small values: always certified
    assert [got.get(i, 0) for i in range(network.size)] == want
    assert all(v > 0 for v in got.values())


def test_a_tick_past_the_exact_range_is_not_certified():
    """s' = x + y with x = 2^23 + 1, y = 2^23: float32 rounds 2^24 + 1 to 2^24."""
    network = _network(3, [(0, 0, 1), (1, 1, 1), (2, 0, 1), (2, 1, 1)], [0, 0, 0])
    row = kernels.active_row(network, "float32")
    assert row.tick({0: 2**23 + 1, 1: 2**23}) is None
    assert row.tick({0: 2**23, 1: 2**22}) == {0: 2**23, 1: 2**22, 2: 2**23 + 2**22}
    assert kernels.active_row(network, "float64").tick({0: 2**23 + 1, 1: 2**23})[2] == 2**24 + 1


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_uncertified_ticks_run_in_torch_and_round_as_the_stock_network(dtype):
    network = _network(3, [(0, 0, 1), (1, 1, 1), (2, 0, 1), (2, 1, 1)], [0, 0, 0])
    h0 = np.array([[2**23 + 1, 2**23, 0]], dtype=object)
    device = torch.device("cpu")
    runs = [runner.run(network, h0, dtype=dtype, device=device, max_steps=5, record=True,
                       backend=backend) for backend in ("rnn", "sparse")]
    assert np.array_equal(runs[0].states, runs[1].states)
    assert runs[1].final[0, 2] == (2**24 if dtype == "float32" else 2**24 + 1)


def test_a_state_that_is_not_integral_runs_in_torch():
    network = _network(2, [(0, 0, 1), (1, 0, 2)], [0, 1])
    h0 = np.array([[0.5, 0]])
    runs = [runner.run(network, h0, dtype="float64", device=torch.device("cpu"), max_steps=3,
                       record=True, backend=backend) for backend in ("rnn", "sparse")]
    assert np.array_equal(runs[0].states, runs[1].states)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("record", [True, False])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_register_programs_equal_the_stock_rnn_tick_by_tick(data, dtype, record):
    program = data.draw(register_programs(max_size=8))
    inputs = data.draw(register_inputs(program, max_value=6))
    compiled = compile(program)
    stock = run_batch(compiled, [inputs], dtype=dtype, backend="rnn", max_steps=80, record=record)
    with pytest.MonkeyPatch.context() as patch:  # 0 and 2: the look-up path is taken too
        patch.setattr(kernels, "SHORT_COLUMN", data.draw(st.sampled_from([0, 2, 32])))
        active = run_batch(compiled, [inputs], dtype=dtype, backend="sparse", max_steps=80,
                           record=record)
    if record:
        assert np.array_equal(stock.states, active.states)
    got, want = active.results[0], stock.results[0]
    assert (got.registers, got.steps, got.halted) == (want.registers, want.steps, want.halted)


def test_a_single_row_never_reaches_the_torch_sparse_kernel(monkeypatch):
    def refuse(*_):
        raise AssertionError("the sparse torch kernel ran")
    monkeypatch.setattr(kernels, "sparse_chunk", refuse)
    got = run_batch(compile(COUNT_UP), [{"a": 5}], backend="sparse", max_steps=1001).results[0]
    assert got.outputs == {"a": 5 + 501}
    mul = compile(rnnprog.load(PROGRAMS / "mul.rm"))
    assert run_batch(mul, [{"a": 6, "b": 7}], backend="sparse").results[0].outputs == {"c": 42}


def test_the_precision_guard_holds_on_the_active_kernel():
    compiled = compile(COUNT_UP)
    start = 2**24 - 1000  # the 1000th inc would reach 2^24, at step 2 * 999
    with pytest.raises(PrecisionError, match="step 1998"):
        run_batch(compiled, [{"a": start}], dtype="float32", backend="sparse", max_steps=10_000)
    done = run_batch(compiled, [{"a": start}], dtype="float32", backend="sparse", max_steps=1998)
    assert done.results[0].outputs == {"a": 2**24 - 1}


def test_exact_runs_at_batch_one_cross_the_int64_edge():
    got = run_batch(compile(COUNT_UP), [{"a": 2**62 - 3}], dtype="exact", max_steps=10)
    assert got.results[0].outputs == {"a": 2**62 - 3 + 5}
