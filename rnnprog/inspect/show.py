"""`rnnprog show`: the program as parsed and lowered, the unit table, and every weight row as an equation."""

from __future__ import annotations

from rnnprog.network.ir import Matrix, Network
from rnnprog.network.text import equation, number

#: Unit roles in the order tables group them, with a readable name for each.
ROLE_NAMES = {"pc": "program counter", "halt": "program counter", "reg": "registers",
              "gate": "gates", "stack": "stacks", "digit": "stack digits", "head": "head",
              "state": "filter state", "output": "filter output"}


def weight_stats(network: Network) -> dict:
    """Shape, nonzero count and distinct nonzero values of W (and of U and b when present)."""
    stats = {}
    inputs = network.input if network.input_names else Matrix((network.size, 0))
    bias = network.bias if network.bias is not None else Matrix((network.size, 0))
    for name, matrix in (("W_hh", network.recurrent), ("W_ih", inputs), ("bias", bias)):
        shape = list(matrix.shape) if name != "bias" else [network.size]
        values = matrix.values()
        if name != "W_hh" and not values:
            continue
        stats[name] = {"shape": shape, "nonzero": len(values),
                       "values": [number(v) for v in sorted(set(values))]}
    return stats


def unit_table(network: Network) -> list[str]:
    """Lines: index, label, kind, meaning, one per unit."""
    width = max(len(label) for label in network.labels)
    lines = [f"{'index':>5}  {'label':<{width}}  {'kind':<6}  meaning"]
    for i, unit in enumerate(network.units):
        lines.append(f"{i:>5}  {unit.label:<{width}}  {unit.role:<6}  {unit.meaning}")
    return lines


def lines(network: Network, path: str, program_lines: list[str]) -> list[str]:
    """Every line `rnnprog show` prints: program, units, weight statistics and equations."""
    size = network.size
    out = [f"{path}: {size} units, {network.ticks_per_step} tick per step", ""]
    out += program_lines + ["", f"units ({size})"] + unit_table(network) + ["", "weights"]
    for name, stats in weight_stats(network).items():
        shape = " x ".join(map(str, stats["shape"]))
        out.append(f"  {name}: {shape}, {stats['nonzero']} nonzero, values {' '.join(stats['values'])}")
    out.append(f"  {network.initial}")
    out += ["", "equations (one per unit; u' is unit u at the next tick)"]
    out += ["  " + equation(network, i) for i in range(size)]
    return out


def as_json(network: Network, path: str, kind: str, extra: dict | None = None) -> dict:
    """The JSON `rnnprog show --json` prints: units, ticks per step, weights and their statistics."""
    labels = network.labels

    def entries(matrix: Matrix, columns) -> list[dict]:
        return [{"row": labels[i], "column": columns[j], "value": float(v), "exact": number(v)}
                for i, j, v in matrix.entries if j < len(columns)]

    bias = network.bias.entries if network.bias is not None else ()
    out = {"program": path, "kind": kind, "ticks_per_step": network.ticks_per_step,
           "units": [{"index": i, "label": u.label, "kind": u.role, "meaning": u.meaning}
                     for i, u in enumerate(network.units)],
           "stats": weight_stats(network),
           "weights": entries(network.recurrent, labels),
           "input_weights": entries(network.input, network.input_names),
           "bias": [{"row": labels[i], "value": float(v), "exact": number(v)} for i, _, v in bias]}
    out.update(extra or {})
    return out
