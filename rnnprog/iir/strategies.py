"""Hypothesis strategies for filter programs and signals; they shrink to simpler filters."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from rnnprog.iir.ir import Program

__all__ = ["dyadic_filters", "integer_signals", "signals", "stable_filters"]


def _poles(max_radius: float):
    """One real pole (r,) or a conjugate pair (r, angle); shrinks towards a pole at 0."""
    radius = st.floats(-max_radius, max_radius, allow_nan=False, allow_infinity=False)
    angle = st.floats(0, np.pi, allow_nan=False, allow_infinity=False)
    return st.one_of(st.tuples(radius), st.tuples(radius, angle))


@st.composite
def stable_filters(draw, *, min_order: int = 0, max_order: int = 6, max_radius: float = 0.9,
                   scale_a0: bool = True) -> Program:
    """Filters with every pole strictly inside the circle |z| <= max_radius < 1.

    Poles are drawn (real ones, or conjugate pairs) and expanded into a; b has up to order + 1
    coefficients in [-1, 1]. Shrinks towards fewer poles at 0 (an FIR filter, then b = [0]),
    and a[0] towards 1 (a[0] is otherwise one of 2, 1/2 or -4, exercising normalisation).

    Raises:
        InvalidArgument: for orders outside 0..20 or a radius outside [0, 1).
    """
    if not 0 <= min_order <= max_order <= 20 or not 0 <= max_radius < 1:
        raise InvalidArgument("need 0 <= min_order <= max_order <= 20 and 0 <= max_radius < 1")
    specs = draw(st.lists(_poles(max_radius), max_size=max_order))
    roots: list = []
    for spec in specs:  # keep the prefix that fits in max_order
        if len(roots) + len(spec) > max_order:
            break
        roots += [spec[0]] if len(spec) == 1 else [spec[0] * np.exp(1j * spec[1]),
                                                  spec[0] * np.exp(-1j * spec[1])]
    while len(roots) < min_order:
        roots.append(0.0)
    a = np.real(np.poly(roots)) if roots else np.ones(1)
    order = len(a) - 1
    b = draw(st.lists(st.floats(-1, 1, allow_nan=False), min_size=1, max_size=order + 1))
    a0 = draw(st.sampled_from([1.0, 2.0, 0.5, -4.0])) if scale_a0 else 1.0
    return Program(tuple(b), tuple(float(v) * a0 for v in a))


@st.composite
def dyadic_filters(draw, *, max_order: int = 2, max_numerator: int = 8) -> Program:
    """Filters with coefficients k/4 (|k| <= max_numerator) and a[0] = 1, not necessarily stable.

    With small integer signals of a few samples every value is exactly representable in
    float64, so the network must match the exact result bit for bit. Shrinks to b = [0], a = [1].
    """
    quarter = st.integers(-max_numerator, max_numerator).map(lambda k: Fraction(k, 4))
    b = draw(st.lists(quarter, min_size=1, max_size=max_order + 1))
    a = draw(st.lists(quarter, max_size=max_order))
    return Program(tuple(b), (Fraction(1), *a))


def signals(*, min_size: int = 0, max_size: int = 64, bound: float = 100.0):
    """Real signals (lists of floats in [-bound, bound]); shrinks to short runs of zeros."""
    return st.lists(st.floats(-bound, bound, allow_nan=False, allow_infinity=False),
                    min_size=min_size, max_size=max_size)


def integer_signals(*, min_size: int = 0, max_size: int = 8, bound: int = 16):
    """Small integer signals; shrinks to short runs of zeros."""
    return st.lists(st.integers(-bound, bound), min_size=min_size, max_size=max_size)
