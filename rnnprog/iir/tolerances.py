"""Named tolerances for comparing a filter network with the interpreter, shared by tests and checks."""

from __future__ import annotations

import numpy as np

from rnnprog.iir.analysis import l1_gain, transient_growth
from rnnprog.iir.ir import Program

#: Largest |network - interpreter| allowed, relative to the signal's scale max|x| * max(1, sum|h|).
RTOL_FLOAT32 = 2e-5
RTOL_FLOAT64 = 1e-13
#: Absolute floor: float32 flushes values below ~1e-38 (signals drawn near 1e-300 become 0).
ATOL_UNDERFLOW = 1e-30
RTOL = {"float32": RTOL_FLOAT32, "float64": RTOL_FLOAT64}
#: scipy and rnnprog both run float64 TDF-II; they differ only in summation order.
RTOL_SCIPY = 1e-12


def scale(program: Program, x, zi=None) -> float:
    """The signal's scale: max(|x|, |zi|) times the filter's l1 gain over len(x) samples (at
    least 1), a bound on max|y| from x alone."""
    x = np.asarray(x, dtype=float)
    peak = max(np.max(np.abs(x), initial=0.0), np.max(np.abs(np.asarray(zi or 0.0)), initial=0.0))
    return float(peak) * max(1.0, l1_gain(program, length=max(x.shape[-1], 1)))


def tolerance(program: Program, x, dtype: str, zi=None, method: str = "step") -> float:
    """The largest |network - interpreter| allowed for any sample of `x` in `dtype`:
    RTOL[dtype] * scale + ATOL_UNDERFLOW, the scale multiplied for the scan method by the
    state's transient growth (its matrix powers carry rounding through the state)."""
    growth = transient_growth(program, np.asarray(x).shape[-1]) if method == "scan" else 1.0
    return RTOL[dtype] * scale(program, x, zi) * growth + ATOL_UNDERFLOW
