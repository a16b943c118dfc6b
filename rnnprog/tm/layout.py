"""Name every hidden unit and say which linear sums of units hold the gates, stacks and top digits.

Units are structured (`rnnprog.network.Unit` with the state, symbol and move of a gate, the
stack and operation of a stack unit, ...); the compiler's affine expressions refer to units by
index, looked up by those fields, never by parsing a label.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from fractions import Fraction

from rnnprog.network.ir import Unit
from rnnprog.tm.ir import Program


class Expr:
    """An affine expression over unit indices with exact rational coefficients: sum(c * unit) + const."""

    __slots__ = ("terms", "const")

    def __init__(self, terms: dict[int, Fraction] | None = None, const=0):
        self.terms = {k: Fraction(v) for k, v in (terms or {}).items() if v != 0}
        self.const = Fraction(const)

    @staticmethod
    def unit(index: int) -> Expr:
        return Expr({index: 1})

    def __add__(self, other) -> Expr:
        if not isinstance(other, Expr):
            other = Expr(const=other)
        terms = dict(self.terms)
        for k, v in other.terms.items():
            terms[k] = terms.get(k, 0) + v
        return Expr(terms, self.const + other.const)

    __radd__ = __add__

    def __neg__(self) -> Expr:
        return Expr({k: -v for k, v in self.terms.items()}, -self.const)

    def __sub__(self, other) -> Expr:
        return self + (-other if isinstance(other, Expr) else Expr(const=-other))

    def __rsub__(self, other) -> Expr:
        return (-self) + other

    def __mul__(self, scale) -> Expr:
        scale = Fraction(scale)
        return Expr({k: v * scale for k, v in self.terms.items()}, self.const * scale)

    __rmul__ = __mul__

    def __truediv__(self, scale) -> Expr:
        return self * (1 / Fraction(scale))

    def __repr__(self) -> str:
        parts = [f"{v}*{k}" for k, v in self.terms.items()]
        return " + ".join(parts + [str(self.const)])


def total(exprs) -> Expr:
    """The sum of expressions (Expr() when there are none)."""
    return sum(exprs, Expr())


@dataclass(frozen=True)
class Layout:
    """The units in order, the digit code of each symbol, the stack base, and each unit's index
    by its key: ("gate", q, a, move), ("stack", "L"|"R", "push"|"pop"), ("digit", "topL"|"secondR",
    j, "write"|"ramp+"|"ramp-") and ("head", "+"|"-").

    `gate_dirs[q]` lists the moves ("R", "L") after which state q can be current: one set of
    gate units `gate:q/a via R` per (state, move) pair.
    """

    units: tuple[Unit, ...]
    keys: dict[tuple, int]
    codes: dict[str, int]
    base: int
    gate_dirs: dict[str, tuple[str, ...]]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(u.label for u in self.units)

    @property
    def n_symbols(self) -> int:
        return len(self.codes)

    def unit(self, *key) -> int:
        """The index of the unit with this key, e.g. unit("stack", "L", "push")."""
        return self.keys[key]

    @functools.cached_property
    def gate_units(self) -> tuple[int, ...]:
        """Indices of every gate unit."""
        return tuple(i for key, i in self.keys.items() if key[0] == "gate")


def stack_base(n_symbols: int) -> int:
    """The smallest power of two B >= 2k - 1: the digits below the top then sum to under 1/2."""
    base = 2
    while base < 2 * n_symbols - 1:
        base *= 2
    return base


def _units(program: Program, dirs: dict[str, tuple[str, ...]], base: int) -> list[tuple[tuple, Unit]]:
    """(key, Unit) for every unit, in the network's order: gates, stacks, digit thresholds, head."""
    out = []
    for q in program.all_states:
        for d in dirs[q]:
            for a in program.symbols:
                out.append((("gate", q, a, d), Unit(
                    f"gate:{q}/{a} via {d}", "gate",
                    f"1 exactly when in state {q} reading {a}, arrived by a move {d}",
                    (("state", q), ("symbol", a), ("move", d)))))
    for name, op in (("L", "push"), ("L", "pop"), ("R", "push"), ("R", "pop")):
        side = "left of the head, nearest first" if name == "L" else "from the head rightwards"
        out.append((("stack", name, op), Unit(
            f"stack{name}:{op}", "stack",
            f"stack {name} (cells {side}, base-{base} digits) when this step "
            f"{'pushes' if op == 'push' else 'pops'} it; 0 otherwise", (("stack", name), ("op", op)))))
    for name in ("topL", "secondR"):
        digit = "top digit of stack L" if name == "topL" else "second digit of stack R"
        for j in range(1, len(program.symbols)):
            for part in ("write", "ramp+", "ramp-"):
                out.append((("digit", name, j, part), Unit(
                    f"{name}>={j}:{part}", "digit", f"part of [{digit} >= {j}] ({part})",
                    (("digit", name), ("at_least", j), ("part", part)))))
    for sign in "+-":
        out.append((("head", sign), Unit(
            f"head:{sign}", "head",
            f"the head cell's {'positive' if sign == '+' else 'negative'} part", (("sign", sign),))))
    return out


def allocate(program: Program) -> Layout:
    """Lay out every unit of the compiled network.

    Args:
        program: the machine.

    Returns:
        The Layout: gates (state, symbol, entering move), the two stacks' update units, the
        top-digit threshold units of each stack and the two head-counter units.
    """
    dirs = {q: tuple(d for d in ("R", "L") if any(r.next == q and r.move == d for r in program.rules))
            for q in program.all_states}
    if not dirs[program.start]:
        dirs[program.start] = ("R",)  # the start gate needs a unit even if no rule enters it
    base = stack_base(len(program.symbols))
    pairs = _units(program, dirs, base)
    codes = {s: i for i, s in enumerate(program.symbols)}
    return Layout(tuple(u for _, u in pairs), {key: i for i, (key, _) in enumerate(pairs)}, codes,
                  base, {q: d for q, d in dirs.items() if d})


def gate(layout: Layout, state: str, symbol: str) -> Expr:
    """gate(q, a) = 1 exactly when the machine is in state q reading a: the sum of its units."""
    return total(Expr.unit(layout.unit("gate", state, symbol, d)) for d in layout.gate_dirs.get(state, ()))


def stack(layout: Layout, name: str) -> Expr:
    """The value of stack L or R: the sum of its push and pop units (one of them is 0)."""
    return Expr.unit(layout.unit("stack", name, "push")) + Expr.unit(layout.unit("stack", name, "pop"))


def at_least(layout: Layout, name: str, j: int) -> Expr:
    """[digit >= j] for name topL (top of L) or secondR (second digit of R); 1 for j=0, 0 for j=k."""
    if j <= 0:
        return Expr(const=1)
    if j >= layout.n_symbols:
        return Expr()
    part = lambda p: Expr.unit(layout.unit("digit", name, j, p))  # noqa: E731
    return part("write") + part("ramp+") - part("ramp-")


def digit(layout: Layout, name: str) -> Expr:
    """The digit itself: the sum of its thresholds [digit >= j], j = 1..k-1."""
    return total(at_least(layout, name, j) for j in range(1, layout.n_symbols))


def head(layout: Layout) -> Expr:
    """The head cell: head:+ minus head:-."""
    return Expr.unit(layout.unit("head", "+")) - Expr.unit(layout.unit("head", "-"))
