"""Runtime: batching, per-row halting, step budgets, the precision guard, kernels, devices."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings

import rnnprog
from rnnprog.errors import DeviceError, InputError, PrecisionError
from rnnprog.network import runner, torch_build
from rnnprog.rm import compile, interpret, parse, run_batch
from rnnprog.rm.strategies import register_inputs, register_programs
from tests.rm.cases import PROGRAMS

COUNT_UP = parse("in a\nout a\nloop: inc a\njmp loop\n")  # never halts; a grows by 1 every 2 steps
ADD_ONE = parse("in a\nout a\ninc a\n")


def test_rows_halt_on_their_own_with_exact_step_counts():
    compiled = compile(rnnprog.load(PROGRAMS / "mul.rm"))
    rows = [{"a": a, "b": b} for a, b in [(0, 9), (6, 7), (3, 0), (1, 1)]]
    results = run_batch(compiled, rows).results
    for row, got in zip(rows, results):
        want = interpret(compiled.program, row)
        assert (got.outputs, got.steps, got.halted) == (want.outputs, want.steps, True)


def test_max_steps_stops_a_running_program():
    got = rnnprog.run(COUNT_UP, {"a": 0}, max_steps=101)
    assert (got.halted, got.steps, got.outputs) == (False, 101, {"a": 51})
    assert rnnprog.interpret(COUNT_UP, {"a": 0}, max_steps=101).outputs == {"a": 51}


def test_zero_max_steps_runs_nothing():
    got = rnnprog.run(ADD_ONE, {"a": 1}, max_steps=0)
    assert (got.halted, got.steps, got.outputs) == (False, 0, {"a": 1})


def test_chunk_boundaries_do_not_change_results(monkeypatch):
    monkeypatch.setattr(runner, "CHUNK_ELEMENTS", 7)
    monkeypatch.setattr(runner, "SPARSE_CHUNK_TICKS", 3)
    compiled = compile(rnnprog.load(PROGRAMS / "gcd.rm"))
    rows = [{"a": 12, "b": 18}, {"a": 7, "b": 0}, {"a": 5, "b": 3}]
    for backend in ("rnn", "sparse"):
        got = run_batch(compiled, rows, backend=backend).results
        assert [(r.outputs["g"], r.steps) for r in got] == [
            (6, interpret(compiled.program, rows[0]).steps),
            (7, interpret(compiled.program, rows[1]).steps),
            (1, interpret(compiled.program, rows[2]).steps)]


@settings(max_examples=50)
@given(program=register_programs(max_size=8))
def test_sparse_kernel_gives_identical_states_to_stock_rnn(program):
    compiled = compile(program)
    rows = [dict.fromkeys(program.inputs, v) for v in (0, 1, 3)]
    a = run_batch(compiled, rows, backend="rnn", max_steps=60, record=True)
    b = run_batch(compiled, rows, backend="sparse", max_steps=60, record=True)
    assert np.array_equal(a.states, b.states)


def test_guard_stops_float32_before_a_register_reaches_2_pow_24():
    with pytest.raises(PrecisionError, match=r"register a .* step 0 .*--dtype float64"):
        rnnprog.run(ADD_ONE, {"a": 2**24 - 1}, dtype="float32")
    assert rnnprog.run(ADD_ONE, {"a": 2**24 - 2}, dtype="float32").outputs == {"a": 2**24 - 1}
    assert rnnprog.run(ADD_ONE, {"a": 2**24 - 1}, dtype="float64").outputs == {"a": 2**24}


def test_guard_names_the_step_inside_a_long_run():
    start = 2**24 - 1000  # the 1000th inc would reach 2^24, at step 2 * 999
    with pytest.raises(PrecisionError, match="step 1998"):
        rnnprog.run(COUNT_UP, {"a": start}, dtype="float32", max_steps=10_000)
    assert rnnprog.run(COUNT_UP, {"a": start}, dtype="float32", max_steps=1998).outputs == {
        "a": 2**24 - 1}


def test_guard_rejects_inputs_outside_the_exact_range():
    with pytest.raises(PrecisionError, match="input a"):
        rnnprog.run(parse("in a\nout a\nhalt\n"), {"a": 2**24}, dtype="float32")


def test_exact_dtype_has_unbounded_registers():
    big = 2**80 + 7
    assert rnnprog.run(ADD_ONE, {"a": big}, dtype="exact").outputs == {"a": big + 1}
    program = parse("in a b\nout a b\njz a z\ndec a\ninc b\nz: halt\n")
    got = rnnprog.run(program, {"a": big, "b": big}, dtype="exact")
    assert got.outputs == {"a": big - 1, "b": big + 1}


def test_the_weights_are_a_plain_stock_rnn():
    """Load the weights into a fresh torch.nn.RNN, set h(0) from the encoder, run, read off c."""
    compiled = compile(rnnprog.load(PROGRAMS / "mul.rm"))
    rnn = torch.nn.RNN(1, compiled.units, nonlinearity="relu")
    rnn.load_state_dict(compiled.rnn.state_dict())
    encoder = torch_build.dense(compiled.network.encoder, torch.float32)
    h0 = torch.relu(encoder @ torch.tensor([1., 6, 7]))
    with torch.no_grad():
        out, _ = rnn(torch.zeros(409, 1, 1), h0.view(1, 1, -1))
    labels = compiled.labels
    assert out[-1, 0, labels.index("reg:c")].item() == 42
    assert out[-1, 0, labels.index("pc:halt")].item() == 1
    assert out[-2, 0, labels.index("pc:halt")].item() == 0
    assert type(compiled.rnn) is torch.nn.RNN and compiled.rnn.nonlinearity == "relu"


def test_weights_are_small_integers():
    values = compile(rnnprog.load(PROGRAMS / "collatz.rm")).network.recurrent.values()
    assert all(type(v) is int for v in values) and max(map(abs, values)) <= 3


def test_float64_module_is_built_in_float64():
    module = compile(ADD_ONE).module("float64", torch.device("cpu"))
    assert module.weight_hh_l0.dtype == torch.float64


@pytest.mark.parametrize("inputs, fragment", [
    ({"b": 1}, "unknown input"), ({}, "missing input"), ({"a": -1}, "not a non-negative"),
    ({"a": "1.5"}, "not a non-negative"), ({"a": True}, "not a non-negative")])
def test_bad_inputs(inputs, fragment):
    with pytest.raises(InputError, match=fragment):
        rnnprog.run(ADD_ONE, inputs)


def test_unknown_dtype_and_missing_cuda():
    with pytest.raises(DeviceError):
        rnnprog.run(ADD_ONE, {"a": 1}, dtype="float16")
    if not torch.cuda.is_available():
        with pytest.raises(DeviceError, match="--device cpu"):
            rnnprog.run(ADD_ONE, {"a": 1}, device="cuda")


@pytest.mark.cuda
@settings(max_examples=30)
@given(program=register_programs(max_size=8))
def test_cuda_states_equal_cpu_states(program):
    compiled = compile(program)
    rows = [dict.fromkeys(program.inputs, v) for v in (0, 2, 5)]
    for dtype in ("float32", "float64"):
        cpu = run_batch(compiled, rows, device="cpu", dtype=dtype, max_steps=80, record=True)
        for backend in ("rnn", "sparse"):
            gpu = run_batch(compiled, rows, device="cuda", dtype=dtype, max_steps=80, record=True,
                            backend=backend)
            assert np.array_equal(cpu.states, gpu.states)


@given(example=register_inputs(parse("in a b\nout a\nhalt\n"), max_value=3))
def test_register_inputs_strategy_covers_every_input(example):
    assert set(example) == {"a", "b"} and all(0 <= v <= 3 for v in example.values())
