"""The Turing-completeness scorecard: each machine's network size and exact tape, beside published ones."""

from __future__ import annotations

from pathlib import Path

from rnnprog import source
from rnnprog.tm import capacity
from rnnprog.tm.compiler import compile
from rnnprog.tm.parser import parse

PROGRAMS = Path(__file__).resolve().parents[2] / "programs"

#: Published constructions, for comparison (neurons as reported by the authors).
PUBLISHED = (
    {"machine": "Siegelmann & Sontag (1995), universal", "size": "universal", "neurons": "886",
     "weights": "-", "ticks": "constant", "float32": "-", "float64": "-", "exact": "unbounded (rationals)"},
    {"machine": "Chung & Siegelmann (2021), universal", "size": "universal",
     "neurons": "54 + growing memory", "weights": "-", "ticks": "constant", "float32": "-", "float64": "-",
     "exact": "unbounded (memory grows)"},
)


def machine_row(name: str, text: str) -> dict:
    """One scorecard row for a machine's source text."""
    program = parse(text, path=name)
    compiled = compile(program)
    return {"machine": name, "size": f"{len(program.states)} x {len(program.symbols)}",
            "neurons": str(compiled.units), "weights": str(compiled.nonzero_weights),
            "ticks": str(compiled.ticks_per_step),
            "float32": str(capacity.capacity(compiled, "float32")),
            "float64": str(capacity.capacity(compiled, "float64")), "exact": "unbounded"}


def scorecard(paths=None) -> list[dict]:
    """Rows for the README table: each `.tm` program (default: programs/*.tm), then published ones.

    Args:
        paths: the `.tm` files to include (default: every file in programs/).

    Returns:
        One dict per row with keys machine, size (states x symbols), neurons, weights (nonzero),
        ticks (per step), float32 / float64 (cells per stack held exactly) and exact.
    """
    paths = sorted(PROGRAMS.glob("*.tm")) if paths is None else [Path(p) for p in paths]
    rows = [machine_row(p.name, source.read_text(p)) for p in paths]
    return rows + [dict(r) for r in PUBLISHED]


def markdown(rows: list[dict]) -> str:
    """The scorecard as a Markdown table."""
    head = ("machine", "states x symbols", "neurons", "nonzero weights", "ticks / step",
            "cells per stack, float32", "float64", "exact")
    keys = ("machine", "size", "neurons", "weights", "ticks", "float32", "float64", "exact")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row[k] for k in keys) + " |" for row in rows]
    return "\n".join(lines)
