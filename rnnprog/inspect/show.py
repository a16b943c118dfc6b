"""`rnnprog show`: the program as parsed and lowered, the unit table, and every weight row as an equation."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from rnnprog.inspect.view import View


def number(value: Fraction) -> str:
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


def term(coefficient: Fraction, name: str, first: bool) -> str:
    """One term of a sum: `+ reg:c`, `- 2*gate:3`, or the first term without its `+`."""
    sign = "-" if coefficient < 0 else "+"
    size = abs(coefficient)
    body = name if size == 1 else f"{number(size)}*{name}"
    if first:
        return f"-{body}" if sign == "-" else body
    return f" {sign} {body}"


def equation(view: View, row: int) -> str:
    """Unit `row`'s update as an equation in unit labels, e.g. `reg:c' = relu(reg:c + pc:2)`."""
    terms = [(view.weight[row, j], label) for j, label in enumerate(view.labels)]
    terms += [(view.inputs[row, j], name) for j, name in enumerate(view.input_names)]
    parts = [(c, n) for c, n in terms if c != 0]
    text = "".join(term(c, n, i == 0) for i, (c, n) in enumerate(parts))
    const = view.bias[row]
    if const != 0:
        size = number(abs(const))
        text = f"{text} {'-' if const < 0 else '+'} {size}" if parts else number(const)
    return f"{view.labels[row]}' = relu({text or '0'})"


def weight_stats(view: View) -> dict:
    """Shape, nonzero count and distinct nonzero values of W (and of U and b when present)."""
    stats = {}
    for name, array in (("W_hh", view.weight), ("W_ih", view.inputs), ("bias", view.bias)):
        if array.size == 0:
            continue
        flat = [v for v in array.ravel() if v != 0]
        if name != "W_hh" and not flat:
            continue
        stats[name] = {"shape": list(array.shape), "nonzero": len(flat),
                       "values": [number(v) for v in sorted(set(flat))]}
    return stats


def unit_table(view: View) -> list[str]:
    """Lines: index, label, kind, meaning, one per unit."""
    width = max(len(label) for label in view.labels)
    lines = [f"{'index':>5}  {'label':<{width}}  {'kind':<6}  meaning"]
    for i, unit in enumerate(view.units):
        lines.append(f"{i:>5}  {unit.label:<{width}}  {unit.kind:<6}  {unit.meaning}")
    return lines


def text(view: View, program_lines: list[str]) -> list[str]:
    """Every line `rnnprog show` prints: program, units, weight statistics and equations."""
    lines = [f"{view.path}: {len(view.units)} units, {view.ticks_per_step} tick per step", ""]
    lines += program_lines + ["", f"units ({len(view.units)})"] + unit_table(view) + ["", "weights"]
    for name, stats in weight_stats(view).items():
        shape = " x ".join(map(str, stats["shape"]))
        lines.append(f"  {name}: {shape}, {stats['nonzero']} nonzero, "
                     f"values {' '.join(stats['values'])}")
    lines.append(f"  {view.initial}")
    lines += ["", "equations (one per unit; u' is unit u at the next tick)"]
    lines += ["  " + equation(view, i) for i in range(len(view.units))]
    return lines


def as_json(view: View, extra: dict | None = None) -> dict:
    """The JSON `rnnprog show --json` prints: units, ticks per step, weights and their statistics."""
    def entries(array, columns):
        return [{"row": view.labels[i], "column": columns[j], "value": float(v), "exact": number(v)}
                for (i, j), v in np.ndenumerate(array) if v != 0]

    out = {"program": view.path, "kind": view.kind, "ticks_per_step": view.ticks_per_step,
           "units": [{"index": i, "label": u.label, "kind": u.kind, "meaning": u.meaning}
                     for i, u in enumerate(view.units)],
           "stats": weight_stats(view),
           "weights": entries(view.weight, view.labels),
           "input_weights": entries(view.inputs, view.input_names),
           "bias": [{"row": view.labels[i], "value": float(v), "exact": number(v)}
                    for i, v in enumerate(view.bias) if v != 0]}
    out.update(extra or {})
    return out
