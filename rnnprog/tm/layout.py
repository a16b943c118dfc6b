"""Name every hidden unit and say which linear sums of units hold the gates, stacks and top digits."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from rnnprog.tm.ir import Program


class Expr:
    """An affine expression over unit labels with exact rational coefficients: sum(c * unit) + const."""

    __slots__ = ("terms", "const")

    def __init__(self, terms: dict[str, Fraction] | None = None, const=0):
        self.terms = {k: Fraction(v) for k, v in (terms or {}).items() if v != 0}
        self.const = Fraction(const)

    @staticmethod
    def unit(label: str) -> Expr:
        return Expr({label: 1})

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
    """Unit labels in order, the digit code of each symbol and the stack base.

    `gate_dirs[q]` lists the moves ("R", "L") after which state q can be current: one set of
    gate units `gate:q/a via R` per (state, move) pair.
    """

    labels: tuple[str, ...]
    codes: dict[str, int]
    base: int
    gate_dirs: dict[str, tuple[str, ...]]

    @property
    def n_symbols(self) -> int:
        return len(self.codes)

    def index(self, label: str) -> int:
        return self.labels.index(label)


def stack_base(n_symbols: int) -> int:
    """The smallest power of two B >= 2k - 1: the digits below the top then sum to under 1/2."""
    base = 2
    while base < 2 * n_symbols - 1:
        base *= 2
    return base


def allocate(program: Program) -> Layout:
    """Give every unit of the compiled network a label.

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
    k = len(program.symbols)
    labels = [f"gate:{q}/{a} via {d}" for q in program.all_states for d in dirs[q] for a in program.symbols]
    labels += ["stackL:push", "stackL:pop", "stackR:push", "stackR:pop"]
    for name in ("topL", "secondR"):
        for j in range(1, k):
            labels += [f"{name}>={j}:write", f"{name}>={j}:ramp+", f"{name}>={j}:ramp-"]
    labels += ["head:+", "head:-"]
    codes = {s: i for i, s in enumerate(program.symbols)}
    return Layout(tuple(labels), codes, stack_base(k), {q: d for q, d in dirs.items() if d})


def gate(layout: Layout, state: str, symbol: str) -> Expr:
    """gate(q, a) = 1 exactly when the machine is in state q reading a: the sum of its units."""
    return total(Expr.unit(f"gate:{state}/{symbol} via {d}") for d in layout.gate_dirs.get(state, ()))


def stack(name: str) -> Expr:
    """The value of stack L or R: the sum of its push and pop units (one of them is 0)."""
    return Expr.unit(f"stack{name}:push") + Expr.unit(f"stack{name}:pop")


def at_least(layout: Layout, name: str, j: int) -> Expr:
    """[digit >= j] for name topL (top of L) or secondR (second digit of R); 1 for j=0, 0 for j=k."""
    if j <= 0:
        return Expr(const=1)
    if j >= layout.n_symbols:
        return Expr()
    return (Expr.unit(f"{name}>={j}:write") + Expr.unit(f"{name}>={j}:ramp+")
            - Expr.unit(f"{name}>={j}:ramp-"))


def digit(layout: Layout, name: str) -> Expr:
    """The digit itself: the sum of its thresholds [digit >= j], j = 1..k-1."""
    return total(at_least(layout, name, j) for j in range(1, layout.n_symbols))


def head() -> Expr:
    """The head cell: head:+ minus head:-."""
    return Expr.unit("head:+") - Expr.unit("head:-")
