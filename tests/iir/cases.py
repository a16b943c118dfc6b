"""Named filter cases and tolerances shared by every level of the iir tests."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np

from rnnprog import iir
from rnnprog.iir.tolerances import (  # noqa: F401 - re-exported for the tests
    ATOL_UNDERFLOW,
    RTOL,
    RTOL_FLOAT32,
    RTOL_FLOAT64,
    RTOL_SCIPY,
    scale,
    tolerance,
)

PROGRAMS = Path(__file__).resolve().parents[2] / "programs"


def _ramp(n: int) -> np.ndarray:
    return np.sin(np.arange(n) * 0.37) * 3 + np.arange(n) % 5 - 2


def _program(name: str) -> iir.Program:
    return iir.load(PROGRAMS / f"{name}.iir")


#: name -> (program, signal, zi or None)
CASES = {
    "moving-average": (_program("moving-average"), _ramp(40), None),
    "low-pass": (_program("low-pass"), _ramp(50), [0.5]),
    "dc-blocker": (_program("dc-blocker"), _ramp(70) + 10, None),
    "biquad-lowpass": (_program("biquad-lowpass"), _ramp(65), [0.25, -0.5]),
    "resonator": (_program("resonator"), np.r_[1.0, np.zeros(99)], None),
    "echo": (_program("echo"), _ramp(33), list(np.linspace(-1, 1, 8))),
    "gain-only": (iir.Program((Fraction(-3, 2),), (Fraction(2),)), _ramp(10), None),
    "a-longer-than-b": (iir.Program((Fraction(1),), (Fraction(1), Fraction(-1, 2), Fraction(1, 4))),
                        _ramp(20), [1.0, 2.0]),
    "b-longer-than-a": (iir.Program((1.0, 0.0, 0.0, -1.0), (1.0, -0.5)), _ramp(20), None),
    "unstable": (iir.Program((Fraction(1),), (Fraction(1), Fraction(-11, 10))), _ramp(30), None),
    "empty-signal": (_program("biquad-lowpass"), np.zeros(0), [1.0, 1.0]),
}


def assert_close(actual, expected, program: iir.Program, x, dtype: str, zi=None,
                 method: str = "step") -> None:
    """Every sample within the named tolerance of the reference (rnnprog.iir.tolerances)."""
    allowed = tolerance(program, x, dtype, zi, method)
    error = np.max(np.abs(np.asarray(actual, float) - np.asarray(expected, float)), initial=0.0)
    assert error <= allowed, f"max error {error:.3g} > tolerance {allowed:.3g} ({dtype})"
