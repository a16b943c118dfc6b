"""The fused tick kernel against the stock nn.RNN: the same final states (torch.equal), steps,
halts and precision errors, through the torch executor of the kernel's one generated body (and
the Triton kernel itself under TRITON_INTERPRET=1 where Triton imports)."""

import importlib.util
import os

import numpy as np
import pytest
import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rnnprog import load
from rnnprog.device import EXACT_INTEGER_LIMIT
from rnnprog.errors import PrecisionError
from rnnprog.network import fused, runner
from rnnprog.rm import compile, parse
from rnnprog.rm.guard import Guard
from rnnprog.rm.runtime import start_states
from rnnprog.rm.strategies import register_inputs, register_programs

MUL = load("programs/mul.rm")
COUNT = parse("in a\nout a\nloop: inc a\njmp loop\n")


def _both(compiled, rows, dtype: str, max_steps: int):
    """(rnn, fused) FloatRuns of the same rows."""
    h0 = start_states(compiled, rows)
    return [runner.run(compiled.network, h0, dtype=dtype, device=torch.device("cpu"),
                       max_steps=max_steps, backend=backend, hooks=Guard(compiled, dtype))
            for backend in ("rnn", "fused")]


@st.composite
def programs_rows_and_budgets(draw):
    """A register program, 1-4 input rows and a budget; shrinks toward one short program."""
    program = draw(register_programs(max_registers=3, max_size=8))
    rows = draw(st.lists(register_inputs(program, max_value=5), min_size=1, max_size=4))
    return program, rows, draw(st.integers(0, 120))


@example((MUL, [{"a": 3, "b": 4}, {"a": 0, "b": 2}, {"a": 5, "b": 1}], 90))  # halts mid-launch
@example((COUNT, [{"a": 0}], 0))  # a budget of 0: nothing runs
@settings(max_examples=20, deadline=None)
@given(programs_rows_and_budgets())
def test_fused_states_steps_and_halts_are_the_stock_rnns(case):
    program, rows, budget = case
    compiled = compile(program)
    for dtype in ("float32", "float64"):
        stock, fast = _both(compiled, rows, dtype, budget)
        # the fused run keeps its states in the dtype, the stock run's come as float64: a widening
        # that changes no value, so equal arrays are equal states
        assert np.array_equal(stock.final, fast.final.astype(np.float64))
        assert fast.final.dtype == np.dtype(dtype)
        assert stock.steps.tolist() == fast.steps.tolist()
        assert stock.halted.tolist() == fast.halted.tolist()


def test_fused_meets_the_guard_at_the_same_step_with_the_same_error(monkeypatch):
    monkeypatch.setitem(EXACT_INTEGER_LIMIT, "float32", 64)
    compiled = compile(COUNT)
    rows = [{"a": 5}, {"a": 40}, {"a": 40}, {"a": 1}]  # rows 1 and 2 reach 63 first, row 1 named
    errors = []
    for backend in ("rnn", "fused"):
        with pytest.raises(PrecisionError) as caught:
            runner.run(compiled.network, start_states(compiled, rows), dtype="float32",
                       device=torch.device("cpu"), max_steps=500, backend=backend,
                       hooks=Guard(compiled, "float32"))
        errors.append(str(caught.value))
    assert errors[0] == errors[1] and errors[0].startswith("row 1: register a holds 63")


def test_the_generated_body_is_one_line_per_unit_and_edge():
    compiled = compile(COUNT)
    edges = Guard(compiled, "float32").edges()
    lines = fused.body(compiled.network, "float32", edges)
    assert sum(line.startswith("n_") for line in lines) == compiled.units
    assert sum("16777216.0" in line for line in lines) == len(edges) == 1


def test_unsupported_networks_and_hooks_fall_back():
    compiled = compile(COUNT)
    assert fused.supports(compiled.network, "float32", ())
    assert not fused.supports(compiled.network, "int64", ())
    assert not fused.supports(compiled.network, "float32", None)  # a guard of another form
    assert runner.Hooks().edges() == ()

    class Watching(runner.Hooks):
        inspects_chunks = True

        def inspect(self, states, rows, tick):
            pass

    assert Watching().edges() is None


@pytest.mark.skipif(importlib.util.find_spec("triton") is None, reason="Triton is not installed")
def test_the_triton_kernel_matches_the_torch_executor_under_the_interpreter(monkeypatch):
    monkeypatch.setenv("TRITON_INTERPRET", "1")
    compiled = compile(MUL)
    edges = Guard(compiled, "float32").edges()
    module = fused._load.__wrapped__(fused.source(compiled.network, "float32", edges))
    rng = np.random.default_rng(1)
    rows = {"a": rng.integers(0, 9, 150), "b": rng.integers(0, 9, 150)}
    h0 = start_states(compiled, rows)
    outs = []
    for on_triton in (False, True):
        state = fused.as_columns(h0, "float32", torch.device("cpu"))
        buffers = [torch.ones(150, dtype=torch.int8), torch.full((150,), 999, dtype=torch.int64),
                   torch.full((150,), -1, dtype=torch.int64), torch.full((150,), -1, dtype=torch.int32)]
        state = fused.launch(module, state, *buffers, 0, 300, on_triton)
        outs.append([state, *buffers])
    assert all(torch.equal(a, b) for a, b in zip(*outs))
    assert os.environ["TRITON_INTERPRET"] == "1"
