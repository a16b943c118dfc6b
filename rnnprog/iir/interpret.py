"""Reference interpreter: the plain difference equation in Python floats (or exact Fractions)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from rnnprog.errors import InputError
from rnnprog.iir.ir import Program, Result


def interpret(program: Program, x, *, zi=None, exact: bool = False) -> Result:
    """Filter `x` sample by sample with y[n] = sum_k b[k] x[n-k] - sum_{k>=1} a[k] y[n-k] (+ zi[n]).

    Written from the difference equation alone (no state-space form, no torch, no scipy): past
    samples before n = 0 count as zero, and the initial state `zi` (scipy's convention) adds
    zi[n] to the first `order` outputs, which is what a transposed direct form II state means.

    Args:
        program: the filter; coefficients are divided by a[0] exactly, then rounded to float.
        x: one signal (shape (T,)) or a batch of signals (shape (B, T)).
        zi: initial state, shape (order,) or (B, order); None means zeros.
        exact: compute with Fractions (y and zf are object arrays of Fractions).

    Returns:
        Result with y shaped like x and zf shaped (..., order).

    Raises:
        InputError: x is not 1-D or 2-D, or zi has the wrong length.
    """
    x = np.asarray(x)
    if x.ndim not in (1, 2):
        raise InputError(f"the interpreter takes one signal or a 2-D batch, not shape {x.shape}")
    b, a = program.normalized()
    num = Fraction if exact else float
    b, a = [num(v) for v in b], [num(v) for v in a]
    signals = x.reshape(-1, x.shape[-1]) if x.ndim == 2 else x[None]
    states = _initial_states(zi, len(signals), len(a) - 1)
    ys, zfs = [], []
    for signal, state in zip(signals, states, strict=True):
        y, zf = _filter_one(b, a, [num(v) for v in signal.tolist()], [num(v) for v in state])
        ys.append(y)
        zfs.append(zf)
    kind = object if exact else np.float64
    y = np.array(ys, dtype=kind).reshape(x.shape)
    zf = np.array(zfs, dtype=kind).reshape(x.shape[:-1] + (len(a) - 1,))
    return Result(y=y, zf=zf)


def _initial_states(zi, count: int, order: int) -> list:
    """zi as `count` lists of `order` numbers (zeros when None)."""
    if zi is None:
        return [[0] * order] * count
    zi = np.asarray(zi)
    if zi.shape[-1:] != (order,) or zi.ndim > 2:
        raise InputError(f"zi must have shape (..., {order}) for this filter, not {zi.shape}")
    return np.broadcast_to(zi.reshape(-1, order), (count, order)).tolist()


def _filter_one(b: list, a: list, x: list, zi: list) -> tuple[list, list]:
    """One signal: the difference equation, then zf[i] = what the past adds to y[T+i]."""
    order, length = len(a) - 1, len(x)
    y: list = []
    for n in range(length):
        acc = zi[n] if n < order else 0 * x[n]
        for k in range(min(n, order) + 1):
            acc += b[k] * x[n - k]
        for k in range(1, min(n, order) + 1):
            acc -= a[k] * y[n - k]
        y.append(acc)
    zf = []
    for i in range(order):
        acc = zi[length + i] if length + i < order else 0 * zi[i]
        for k in range(i + 1, order + 1):
            if length + i - k >= 0:
                acc += b[k] * x[length + i - k] - a[k] * y[length + i - k]
        zf.append(acc)
    return y, zf
