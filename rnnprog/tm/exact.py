"""Run the compiled weights in exact rational arithmetic: the same rows, no rounding, unbounded tape."""

from __future__ import annotations

from fractions import Fraction

from rnnprog.tm.compiler import CompiledProgram


def sparse_rows(compiled: CompiledProgram) -> list[tuple[list[tuple[int, Fraction]], Fraction]]:
    """Each unit's row as (column, weight) pairs and a bias, with labels turned into indices."""
    index = {label: i for i, label in enumerate(compiled.labels)}
    return [([(index[label], w) for label, w in row.terms.items()], row.const) for row in compiled.rows]


def tick(rows, values: list[Fraction]) -> list[Fraction]:
    """One RNN tick: h'[i] = relu(sum_j W[i, j] h[j] + b[i]), skipping the many zero units."""
    out = []
    for terms, bias in rows:
        total = bias
        for j, w in terms:
            v = values[j]
            if v:
                total += w * v
        out.append(total if total > 0 else Fraction(0))
    return out
