"""Named filter cases and tolerances shared by every level of the iir tests."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np

from rnnprog import iir
from rnnprog.iir.analysis import l1_gain

PROGRAMS = Path(__file__).resolve().parents[2] / "programs"

#: Largest |network - interpreter| allowed, relative to the signal's scale max|x| * max(1, sum|h|).
RTOL_FLOAT32 = 2e-5
RTOL_FLOAT64 = 1e-13
#: Absolute floor: float32 flushes values below ~1e-38 (signals drawn near 1e-300 become 0).
ATOL_UNDERFLOW = 1e-30
RTOL = {"float32": RTOL_FLOAT32, "float64": RTOL_FLOAT64}
#: scipy and rnnprog both run float64 TDF-II; they differ only in summation order.
RTOL_SCIPY = 1e-12


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


def scale(program: iir.Program, x, zi=None) -> float:
    """The signal's scale: max(|x|, |zi|) times the filter's l1 gain over len(x) samples (at
    least 1), a bound on max|y| from x alone."""
    x = np.asarray(x, dtype=float)
    peak = max(np.max(np.abs(x), initial=0.0), np.max(np.abs(np.asarray(zi or 0.0)), initial=0.0))
    return float(peak) * max(1.0, l1_gain(program, length=max(x.shape[-1], 1)))


def assert_close(actual, expected, program: iir.Program, x, dtype: str, zi=None) -> None:
    """Every sample within RTOL[dtype] * scale + ATOL_UNDERFLOW of the reference."""
    tolerance = RTOL[dtype] * scale(program, x, zi) + ATOL_UNDERFLOW
    error = np.max(np.abs(np.asarray(actual, float) - np.asarray(expected, float)), initial=0.0)
    assert error <= tolerance, f"max error {error:.3g} > tolerance {tolerance:.3g} ({dtype})"
