"""Hidden-unit layout of a filter network, and the state-space form every evaluator shares."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from rnnprog.iir.ir import Program


@dataclass(frozen=True)
class StateSpace:
    """Transposed direct form II as matrices, exact: with state z (scipy's zi/zf),

        y[t] = d x[t] + z[0](t-1)
        z(t) = F z(t-1) + g x[t]

    where F[i][0] = -a[i+1], F[i][i+1] = 1 and g[i] = b[i+1] - a[i+1] b[0] (normalised b, a).
    """

    transition: tuple[tuple[Fraction, ...], ...]  # F, (order, order)
    input_gain: tuple[Fraction, ...]  # g, (order,)
    direct: Fraction  # d = b[0]

    @property
    def order(self) -> int:
        return len(self.input_gain)


@dataclass(frozen=True)
class Layout:
    """Hidden units in order: s1+, s1-, ..., sN+, sN-, y+, y-.

    Unit `si+` holds relu(z[i-1]) and `si-` holds relu(-z[i-1]), so z = (si+) - (si-) exactly;
    `y+`/`y-` hold the output the same way.
    """

    order: int

    @property
    def labels(self) -> tuple[str, ...]:
        names = [f"s{i + 1}" for i in range(self.order)] + ["y"]
        return tuple(f"{name}{sign}" for name in names for sign in "+-")

    def state_unit(self, i: int, sign: int) -> int:
        """Index of unit s{i+1}+ (sign +1) or s{i+1}- (sign -1)."""
        return 2 * i + (0 if sign > 0 else 1)

    def state_units(self, sign: int) -> list[int]:
        """Indices of every s+ unit (sign +1) or every s- unit (sign -1), in state order."""
        return [self.state_unit(i, sign) for i in range(self.order)]

    def output_unit(self, sign: int) -> int:
        """Index of unit y+ (sign +1) or y- (sign -1)."""
        return 2 * self.order + (0 if sign > 0 else 1)

    @property
    def size(self) -> int:
        return 2 * self.order + 2


def state_space(program: Program) -> StateSpace:
    """The exact TDF-II matrices of a program (see StateSpace)."""
    b, a = program.normalized()
    n = program.order
    transition = tuple(tuple(-a[i + 1] if j == 0 else Fraction(int(j == i + 1)) for j in range(n))
                       for i in range(n))
    gain = tuple(b[i + 1] - a[i + 1] * b[0] for i in range(n))
    return StateSpace(transition, gain, b[0])


def allocate(program: Program) -> Layout:
    """The layout for a program: two units per state variable and two for the output."""
    return Layout(program.order)
