"""A Network's weights as text: exact numbers, one equation per unit, where a unit's output goes."""

from __future__ import annotations

from fractions import Fraction

from rnnprog.network.ir import Network


def number(value) -> str:
    """An exact weight as short text: `3`, `-0.25`, `0.9`, or `1/3` when no short decimal exists."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    text = f"{float(value):.10f}".rstrip("0")
    if den == 1 and Fraction(text) == value:
        return text
    return str(value)


def term(coefficient, name: str, first: bool) -> str:
    """One term of a sum: `+ reg:c`, `- 2*gate:3`, or the first term without its `+`."""
    sign = "-" if coefficient < 0 else "+"
    size = abs(coefficient)
    body = name if size == 1 else f"{number(size)}*{name}"
    if first:
        return f"-{body}" if sign == "-" else body
    return f" {sign} {body}"


def equation(network: Network, row: int) -> str:
    """Unit `row`'s update as an equation in unit labels, e.g. `reg:c' = relu(reg:c + pc:2)`."""
    labels = network.labels
    parts = [(w, labels[j]) for j, w in network.recurrent.rows[row]]
    parts += [(w, network.input_names[j]) for j, w in network.input.rows[row]
              if j < len(network.input_names)]
    text = "".join(term(c, n, i == 0) for i, (c, n) in enumerate(parts))
    const = network.bias_of(row)
    if const != 0:
        size = number(abs(const))
        text = f"{text} {'-' if const < 0 else '+'} {size}" if parts else number(const)
    return f"{labels[row]}' = relu({text or '0'})"


def feeds(network: Network, unit: int) -> str:
    """Where a unit's activation goes: `pc:2 +1, reg:a -1` (column `unit` of W)."""
    labels = network.labels
    out = [f"{labels[i]} {'+' if w > 0 else ''}{number(w)}" for i, w in network.recurrent.columns[unit]]
    return ", ".join(out) or "nothing"
