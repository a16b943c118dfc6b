"""Label every hidden unit of a sequence program's network: init, one per counter, and per rule
one unit for each subset of its `>0` tests (inclusion-exclusion gives the rule's firing)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from rnnprog.network.ir import Unit
from rnnprog.seq.ir import Program


@dataclass(frozen=True)
class Layout:
    """The units, and where each part of the machine lives.

    `rules[k]` lists (unit, sign) with  fired_k = sum sign * h[unit]  (1 exactly when rule k
    fires at this tick); `counters[c]` is the unit holding counter c before this tick's rule.
    """

    units: tuple[Unit, ...]
    init: int
    counters: dict[str, int]
    rules: tuple[tuple[tuple[int, int, tuple[str, ...]], ...], ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(u.label for u in self.units)


def allocate(program: Program) -> Layout:
    """init first, then the counters, then the rule units in rule order.

    Rule k with `>0` tests P gets a unit for every subset Y of P (Y = {} first), each with sign
    (-1)^|Y|; the unit for Y is 1 when the rule's state, symbol and `=0` tests hold and every
    counter in Y is 0 as well.
    """
    units = [Unit("init", "init", "1 only in h(0): the machine stands in its start state")]
    counters = {}
    for name in program.counters:
        counters[name] = len(units)
        units.append(Unit(f"ctr:{name}", "counter", f"counter {name} before this tick's rule",
                          (("counter", name),)))
    rules = []
    for k, rule in enumerate(program.rules):
        parts = []
        for size in range(len(rule.positive) + 1):
            for zeroed in itertools.combinations(rule.positive, size):
                parts.append((len(units), (-1) ** size, zeroed))
                units.append(_rule_unit(k, str(rule), zeroed, bool(rule.positive)))
        rules.append(tuple(parts))
    return Layout(tuple(units), 0, counters, tuple(rules))


def _rule_unit(k: int, text: str, zeroed: tuple[str, ...], tests_positive: bool) -> Unit:
    fields = (("rule", k), ("zeroed", zeroed))
    if not zeroed:
        meaning = "matches, its >0 tests aside" if tests_positive else "fires at this tick"
        return Unit(f"rule:{k}", "rule", f"`{text}` {meaning}", fields)
    tests = "&".join(f"{c}=0" for c in zeroed)
    return Unit(f"rule:{k}&{tests}", "rule-zero", f"`{text}` matches but {', '.join(zeroed)} = 0",
                fields)
