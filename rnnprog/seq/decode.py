"""Read a sequence network's hidden state back as the machine: rule fired, state, counters, output."""

from __future__ import annotations

from rnnprog.seq.compile import CompiledSeq
from rnnprog.seq.interpret import Step, start
from rnnprog.seq.ir import ACCEPTED, REJECTED, RUNNING

#: A float activation counts as the integer n when it is within this of n (the construction is
#: exact, so any larger deviation is a wrong network, reported as an invalid state).
TOLERANCE = 1e-6


def apply(matrix, values: list[int]) -> list[int]:
    """matrix @ values in exact integers (the decoding maps have integer weights)."""
    return [sum(w * values[j] for j, w in row) for row in matrix.rows]


def integers(values) -> list[int] | None:
    """Activations as integers, or None when one is not (within TOLERANCE) an integer."""
    out = []
    for v in values:
        if isinstance(v, int):
            out.append(v)
            continue
        n = round(float(v))
        if not abs(float(v) - n) <= TOLERANCE:
            return None
        out.append(n)
    return out


def decode(compiled: CompiledSeq, h) -> Step | None:
    """h(t) -> the machine after tick t (as the interpreter's Step), or None when h is not a
    state the construction produces (activations not integers, two rules firing, ...).

    fired = F h names the rule (none: rejected), count = C h the counters; init marks h(0).
    """
    values = integers(h)
    if values is None or min(values, default=0) < 0:
        return None
    program, layout = compiled.program, compiled.layout
    rules, counters = apply(compiled.fire, values), apply(compiled.count, values)
    if min(counters, default=0) < 0:
        return None
    if any(r not in (0, 1) for r in rules) or sum(rules) > 1 or values[layout.init] not in (0, 1):
        return None
    if values[layout.init] == 1:
        return start(program) if not any(rules) and not any(counters) else None
    if not any(rules):
        return Step(None, None, tuple(counters), None, REJECTED)
    k = rules.index(1)
    rule = program.rules[k]
    status = ACCEPTED if rule.target in program.accept else RUNNING
    return Step(k, rule.target, tuple(counters), rule.output, status)
