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
