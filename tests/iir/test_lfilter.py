"""rnnprog.lfilter against scipy.signal.lfilter, the external oracle: N-D, every axis, zi/zf."""

import numpy as np
import pytest
import scipy.signal
import torch
from hypothesis import given
from hypothesis import strategies as st

from rnnprog import iir
from rnnprog.errors import DeviceError, InputError
from rnnprog.iir import strategies
from tests.iir.cases import RTOL_SCIPY, scale

SHAPES = st.lists(st.integers(1, 5), min_size=1, max_size=3).map(tuple)


def _close(actual, expected, size):
    np.testing.assert_allclose(actual, expected, rtol=0, atol=RTOL_SCIPY * size + 1e-300)


@given(strategies.stable_filters(max_order=6), SHAPES, st.data(), st.sampled_from(["step", "scan"]))
def test_equals_scipy_on_every_axis(program, shape, data, method):
    b, a = [float(v) for v in program.b], [float(v) for v in program.a]
    x = data.draw(st.lists(st.floats(-10, 10), min_size=int(np.prod(shape)),
                           max_size=int(np.prod(shape))).map(lambda v: np.reshape(v, shape)))
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    zi_shape = list(shape)
    zi_shape[axis] = program.order
    zi = np.linspace(-1, 1, int(np.prod(zi_shape))).reshape(zi_shape)
    size = scale(program, np.moveaxis(x, axis, -1).reshape(-1), [1.0])  # |zi| <= 1
    _close(iir.lfilter(b, a, x, axis, method=method, device="cpu"),
           scipy.signal.lfilter(b, a, x, axis), size)
    y, zf = iir.lfilter(b, a, x, axis, zi, method=method, device="cpu")
    want_y, want_zf = scipy.signal.lfilter(b, a, x, axis, zi)
    _close(y, want_y, size)
    _close(zf, want_zf, size)


def test_torch_in_torch_out_and_float32():
    b, a = scipy.signal.butter(4, 0.2)
    x = torch.linspace(-1, 1, 100, dtype=torch.float32).reshape(4, 25)
    y = iir.lfilter(b, a, x, axis=0, dtype="float32")
    assert isinstance(y, torch.Tensor) and y.dtype == torch.float32 and y.shape == x.shape
    want = scipy.signal.lfilter(b, a, x.numpy().astype(float), axis=0)
    np.testing.assert_allclose(y.numpy(), want, atol=1e-5)
    assert iir.lfilter(b, a, [1.0, 2.0]).dtype == np.float64


def test_lfilter_zi_matches_scipy_and_gives_steady_state():
    b, a = scipy.signal.butter(3, 0.3)
    zi = iir.lfilter_zi(b, a)
    np.testing.assert_allclose(zi, scipy.signal.lfilter_zi(b, a), rtol=1e-12)
    y, _ = iir.lfilter(b, a, np.ones(20), zi=zi, method="scan")
    np.testing.assert_allclose(y, np.ones(20), rtol=1e-12)


@pytest.mark.parametrize("call", [
    lambda: iir.lfilter([1.0], [0.0, 1.0], [1.0]),
    lambda: iir.lfilter([], [1.0], [1.0]),
    lambda: iir.lfilter([1.0], [1.0], [1.0], axis=1),
    lambda: iir.lfilter([1.0, 1.0], [1.0], np.ones((2, 3)), zi=np.ones((2, 5))),
    lambda: iir.lfilter([1.0], [1.0], np.ones(3) * 1j),
    lambda: iir.lfilter_zi([1.0], [1.0, -1.0]),
])
def test_bad_arguments_raise_input_error(call):
    with pytest.raises(InputError):
        call()


def test_bad_method_and_dtype_raise_device_error():
    with pytest.raises(DeviceError):
        iir.lfilter([1.0], [1.0], [1.0], method="fft")
    with pytest.raises(DeviceError):
        iir.lfilter([1.0], [1.0], [1.0], dtype="float16")
    with pytest.raises(DeviceError):
        iir.compile(iir.Program((1,), (1,)), dtype="exact")


@pytest.mark.cuda
@pytest.mark.parametrize("method", ["step", "scan"])
def test_cuda_matches_scipy(method):
    b, a = scipy.signal.butter(4, 0.2)
    x = np.random.default_rng(0).standard_normal((3, 1000))
    y = iir.lfilter(b, a, x, device="cuda", method=method)
    np.testing.assert_allclose(y, scipy.signal.lfilter(b, a, x), atol=1e-10)


def test_an_overflowing_filter_gives_scipys_inf_not_nan():
    """a = [1, -1e200]: y = 1, 1e200, inf, as scipy's lfilter (the readout once gave 0 * inf = nan)."""
    import numpy as np

    import rnnprog

    program = rnnprog.parse("b: 1\na: 1 -1e200\n", kind="iir")
    y = rnnprog.run(program, [1.0, 0.0, 0.0], method="step").y
    assert y[0] == 1 and y[1] == 1e200 and np.isposinf(y[2])
