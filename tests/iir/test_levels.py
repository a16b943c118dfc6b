"""Every named case at every level: exact interpreter, float interpreter, RNN step, scan, scipy."""

import numpy as np
import pytest
import scipy.signal
import torch

from rnnprog import iir
from rnnprog.iir import runtime
from tests.iir.cases import CASES, RTOL_SCIPY, assert_close

NAMES = sorted(CASES)


@pytest.mark.parametrize("name", NAMES)
def test_float_interpreter_matches_exact_interpreter(name):
    program, x, zi = CASES[name]
    exact = iir.interpret(program, x, zi=zi, exact=True)
    floats = iir.interpret(program, x, zi=zi)
    assert_close(floats.y, exact.y.astype(float), program, x, "float64", zi)
    assert_close(floats.zf, exact.zf.astype(float), program, x, "float64", zi)


@pytest.mark.parametrize("method", ["step", "scan"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", NAMES)
def test_network_matches_interpreter(name, dtype, method):
    program, x, zi = CASES[name]
    reference = iir.interpret(program, x, zi=zi)
    result = iir.run(program, x, dtype=dtype, method=method, zi=zi, device="cpu")
    assert result.y.shape == x.shape and result.zf.shape == (program.order,)
    assert_close(result.y, reference.y, program, x, dtype, zi)
    assert_close(result.zf, reference.zf, program, x, dtype, zi)
    assert result.ticks == len(x) and result.units == 2 * program.order + 2


@pytest.mark.parametrize("method", ["step", "scan"])
@pytest.mark.parametrize("name", NAMES)
def test_lfilter_matches_scipy(name, method):
    program, x, zi = CASES[name]
    b, a = [float(v) for v in program.b], [float(v) for v in program.a]
    zi = np.zeros(program.order) if zi is None else np.asarray(zi, float)
    y, zf = iir.lfilter(b, a, x, zi=zi, method=method, device="cpu")
    want_y, want_zf = scipy.signal.lfilter(b, a, x, zi=zi)
    assert_close(y, want_y, program, x, "float64", list(zi))
    if len(x):  # scipy 1.17 returns uninitialised memory as zf for an empty signal; ours is zi
        np.testing.assert_allclose(zf, want_zf, rtol=RTOL_SCIPY, atol=RTOL_SCIPY)
    else:
        np.testing.assert_array_equal(zf, zi)


@pytest.mark.parametrize("name", NAMES)
def test_compiled_network_is_stock_and_labelled(name):
    program = CASES[name][0]
    compiled = iir.compile(program, dtype="float32")
    assert type(compiled.rnn).__name__ == "RNN" and compiled.rnn.nonlinearity == "relu"
    assert compiled.rnn.weight_hh_l0.dtype == compiled.readout.weight.dtype
    assert len(compiled.labels) == compiled.rnn.hidden_size == 2 * program.order + 2
    assert compiled.labels[-2:] == ("y+", "y-") and compiled.ticks_per_step == 1
    assert str(compiled.rnn.weight_hh_l0.dtype) == "torch.float32"


def test_batch_rows_are_independent_signals():
    program, x, _ = CASES["biquad-lowpass"]
    batch = np.stack([x, -2 * x, x[::-1]])
    for method in ("step", "scan"):
        result = iir.run(program, batch, method=method, device="cpu")
        for row, signal in zip(result.y, batch, strict=True):
            assert_close(row, iir.interpret(program, signal).y, program, batch, "float64")


def test_step_shards_rows_across_threads_and_chunks(monkeypatch):
    """Sharded, chunked step runs give every row its own exact result and final state."""
    program = iir.parse("y[n] = 0.5*x[n] + 0.25*x[n-1] + 0.5*y[n-1] - 0.25*y[n-2]\n")
    gen = np.random.default_rng(3)
    x, zi = gen.integers(-9, 10, size=(5, 37)).astype(float), gen.integers(-4, 5, size=(5, 2))
    monkeypatch.setattr(runtime, "SHARD_ROWS", 1)
    monkeypatch.setattr(runtime, "STEP_BUFFER", 30)  # 3 ticks a chunk for 1 row of 10 units
    before = torch.get_num_threads()
    torch.set_num_threads(3)
    try:
        assert runtime.step_shards(len(x), torch.device("cpu")) == 3
        result = iir.run(program, x, zi=zi, method="step", device="cpu")
        assert torch.get_num_threads() == 3  # the caller's setting is restored
    finally:
        torch.set_num_threads(before)
    for row in range(len(x)):
        exact = iir.interpret(program, x[row], zi=zi[row], exact=True)
        assert result.y[row].tolist() == [float(v) for v in exact.y]
        assert result.zf[row].tolist() == [float(v) for v in exact.zf]
