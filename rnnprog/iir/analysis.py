"""Facts about a filter from its coefficients: poles, impulse and frequency response, gain."""

from __future__ import annotations

import numpy as np

from rnnprog.iir.interpret import interpret
from rnnprog.iir.ir import Program


def pole_radius(program: Program) -> float:
    """The largest |pole| (roots of z^N a(1/z)); 0 for an FIR filter. Stable iff it is < 1."""
    _, a = program.normalized()
    coefficients = np.trim_zeros(np.array([float(v) for v in a]), "b")
    roots = np.roots(coefficients) if len(coefficients) > 1 else np.zeros(0)
    return float(np.max(np.abs(roots), initial=0.0))


def impulse(length: int) -> np.ndarray:
    """The unit impulse [1, 0, 0, ...] of `length` samples."""
    signal = np.zeros(length)
    if length:
        signal[0] = 1.0
    return signal


def frequency_response(y_impulse: np.ndarray, points: int = 512) -> tuple[np.ndarray, np.ndarray]:
    """|H| at `points` frequencies in [0, pi] from an impulse response (its DTFT, truncated).

    Returns:
        (omega, magnitude): angular frequencies in radians per sample and |H(e^{j omega})|.
    """
    omega = np.linspace(0, np.pi, points)
    spectrum = np.exp(-1j * np.outer(omega, np.arange(len(y_impulse)))) @ y_impulse
    return omega, np.abs(spectrum)


def l1_gain(program: Program, length: int = 2048) -> float:
    """sum |h[k]| over the first `length` impulse-response samples: max |y| <= gain * max |x|."""
    return float(np.sum(np.abs(interpret(program, impulse(length)).y)))


def transient_growth(program: Program, length: int = 2048) -> float:
    """max ||F^k||_inf over k < `length` (at least 1): how far the state z(t) = F z(t-1) + g x[t]
    can amplify a rounding error before it decays. The scan method's matrix powers carry its
    rounding through the state, so its error bound grows by this factor (filters with clustered
    poles: a 4th-order filter with every pole near -0.81 has 247 and an l1 gain of 422)."""
    from rnnprog.iir import layout

    space = layout.state_space(program)
    if space.order == 0:
        return 1.0
    transition = np.array([[float(v) for v in row] for row in space.transition])
    power, largest = np.eye(space.order), 1.0
    for _ in range(max(min(length, 2048), 1)):
        power = transition @ power
        largest = max(largest, float(np.abs(power).sum(axis=1).max()))
    return largest
