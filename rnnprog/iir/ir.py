"""Filter-program IR: the coefficient vectors b and a of y = (b * x - a[1:] * y) / a[0]."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

Number = Fraction | float


@dataclass(frozen=True)
class Program:
    """A linear filter as written: `b` (feed-forward) and `a` (feedback), scipy's convention.

    a[0] normalises: a[0] * y[n] = sum_k b[k] x[n-k] - sum_{k>=1} a[k] y[n-k]. Coefficients are
    exact Fractions when parsed from text (0.1 is 1/10, not the nearest double).
    """

    b: tuple[Number, ...]
    a: tuple[Number, ...] = (Fraction(1),)
    source: str = field(default="", compare=False, repr=False)
    path: str = field(default="<string>", compare=False, repr=False)

    @property
    def order(self) -> int:
        """The number of state variables: max(len(a), len(b)) - 1."""
        return max(len(self.a), len(self.b)) - 1

    def normalized(self) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
        """b and a divided by a[0] and zero-padded to one length (order + 1), as Fractions."""
        a0 = Fraction(self.a[0])
        n = self.order + 1
        b = [Fraction(v) / a0 for v in self.b] + [Fraction(0)] * (n - len(self.b))
        a = [Fraction(v) / a0 for v in self.a] + [Fraction(0)] * (n - len(self.a))
        return tuple(b), tuple(a)

    def __str__(self) -> str:
        return f"b: {' '.join(map(format_number, self.b))}\na: {' '.join(map(format_number, self.a))}\n"


def format_number(value: Number) -> str:
    """Source text for a coefficient that parses back to the same value.

    Fractions print as integers, terminating decimals (1/8 -> 0.125) or p/q; floats print as the
    exact decimal of the double, so `parse(str(p)) == p` holds after Fraction conversion.
    """
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den, twos = den // 2, twos + 1
    while den % 5 == 0:
        den, fives = den // 5, fives + 1
    if den != 1 or max(twos, fives) > 20:
        return f"{value.numerator}/{value.denominator}"
    digits = max(twos, fives)
    scaled = value * 10**digits
    sign = "-" if scaled < 0 else ""
    text = str(abs(scaled.numerator)).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}"


@dataclass(frozen=True)
class Result:
    """One filter run: outputs `y` shaped like the input, final state `zf` (scipy's transposed
    direct form II state, shape (..., order)). Runtime fields are None for the interpreter."""

    y: object
    zf: object
    ticks: int | None = None
    units: int | None = None
    device: str | None = None
    dtype: str | None = None
    method: str | None = None
