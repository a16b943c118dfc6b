"""scipy.signal.lfilter's interface (y, zf, axis, a[0] normalisation) on the compiled network."""

from __future__ import annotations

import numpy as np
import torch

from rnnprog.device import resolve_device, resolve_dtype, torch_dtype
from rnnprog.errors import InputError
from rnnprog.iir import layout, network, runtime
from rnnprog.iir.ir import Program


def lfilter(b, a, x, axis: int = -1, zi=None, *, device=None, dtype=None, method: str = "step"):
    """Filter `x` along `axis` with numerator `b` and denominator `a`, as scipy.signal.lfilter.

    y[n] = (sum_k b[k] x[n-k] - sum_{k>=1} a[k] y[n-k]) / a[0], computed by a stock
    nn.RNN(relu) ("step") or its chunked parallel form ("scan").

    Args:
        b, a: 1-D coefficient sequences; a[0] must not be 0.
        x: N-D numpy array (or array-like) or torch tensor of real numbers.
        axis: the axis of x to filter along.
        zi: initial state in transposed direct form II, shaped like x except for length
            max(len(a), len(b)) - 1 along `axis` (a 1-D zi is broadcast to every signal).
        device: None/"auto", "cpu" or "cuda"; a tensor input defaults to its own device.
        dtype: "float32" or "float64" (default float64, like scipy).
        method: "step" or "scan".

    Returns:
        y (shaped like x), or (y, zf) when zi is given; numpy for numpy input, torch for torch.

    Raises:
        InputError: bad coefficients, axis or zi shape, or non-real input.
        DeviceError: unknown device, dtype or method.
    """
    program = coefficient_program(b, a)
    is_tensor = isinstance(x, torch.Tensor)
    if device is None and is_tensor:
        device = x.device
    dev = resolve_device(device)
    kind = resolve_dtype(dtype or "float64")
    compiled = network.compile(program, dtype=kind)
    signals = runtime.to_tensor(x, torch_dtype(kind), dev, "x")
    if signals.ndim == 0:
        raise InputError("x must have at least one dimension")
    axis = _check_axis(axis, signals.ndim)
    moved = signals.movedim(axis, -1)
    order, batch = program.order, moved.shape[:-1].numel()
    state = None
    if zi is not None:
        state = runtime.to_tensor(zi, torch_dtype(kind), dev, "zi")
        if state.ndim == signals.ndim and state.ndim > 1:
            state = state.movedim(axis, -1)
        state = runtime.check_state(state, moved.shape, order).reshape(batch, order)
    y, zf = runtime.filter_tensor(compiled, moved.reshape(batch, moved.shape[-1]), state, method)
    y = y.reshape(moved.shape).movedim(-1, axis)
    if zi is None:
        return _like(y, x, is_tensor)
    zf = zf.reshape(*moved.shape[:-1], order).movedim(-1, axis)
    return _like(y, x, is_tensor), _like(zf, x, is_tensor)


def lfilter_zi(b, a) -> np.ndarray:
    """The initial state for the steady state of the step response, as scipy.signal.lfilter_zi.

    Solves (I - F) zi = g, where F and g are the transposed direct form II matrices
    (layout.StateSpace), so that lfilter(b, a, ones, zi=zi) is constant from the first sample.

    Raises:
        InputError: bad coefficients, or a pole at z = 1 (no steady state exists).
    """
    space = layout.state_space(coefficient_program(b, a))
    n = space.order
    f = np.array([[float(v) for v in row] for row in space.transition]).reshape(n, n)
    g = np.array([float(v) for v in space.input_gain])
    try:
        return np.linalg.solve(np.eye(n) - f, g)
    except np.linalg.LinAlgError:
        raise InputError("the filter has a pole at z = 1, so its step response has no "
                         "steady state and lfilter_zi is undefined") from None


def coefficient_program(b, a) -> Program:
    """A Program from coefficient sequences (floats kept exactly).

    Raises:
        InputError: b or a is not 1-D, is empty, is not real, or a[0] == 0.
    """
    coefficients = []
    for name, values in (("b", b), ("a", a)):
        if isinstance(values, torch.Tensor):
            values = values.detach().cpu().numpy()
        array = np.atleast_1d(np.asarray(values))
        if array.ndim != 1 or array.size == 0 or array.dtype.kind not in "biuf":
            raise InputError(f"{name} must be a non-empty 1-D sequence of real numbers")
        if not np.all(np.isfinite(array)):
            raise InputError(f"{name} holds a NaN or infinity")
        coefficients.append(tuple(float(v) for v in array))
    if coefficients[1][0] == 0:
        raise InputError("a[0] is 0; it normalises every coefficient and must not be 0")
    return Program(*coefficients)


def _check_axis(axis: int, ndim: int) -> int:
    """Normalise a possibly negative axis (InputError when out of range)."""
    if not -ndim <= axis < ndim:
        raise InputError(f"axis {axis} is out of range for an input with {ndim} dimensions")
    return axis % ndim


def _like(result: torch.Tensor, x, is_tensor: bool):
    """Tensor on x's device for tensor input, numpy otherwise."""
    return result.to(x.device) if is_tensor else result.cpu().numpy()
