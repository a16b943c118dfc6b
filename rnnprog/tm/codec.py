"""Encode a configuration as the network's hidden state, and decode one back, exactly."""

from __future__ import annotations

from fractions import Fraction

from rnnprog.errors import PrecisionError
from rnnprog.tm.compiler import CompiledProgram
from rnnprog.tm.ir import Config


def stack_value(digits: list[int], base: int) -> Fraction:
    """sum(d_i * base**-(i+1)): the top digit is the most significant."""
    value = Fraction(0)
    for d in reversed(digits):
        value = (value + d) / base
    return value


def stack_digits(value: Fraction, base: int, n_symbols: int) -> list[int]:
    """The digits of a stack value, top first, without trailing blanks (zeros).

    Raises:
        PrecisionError: the value is not a stack of valid digits (exactness was lost).
    """
    digits = []
    while value:
        value *= base
        d = int(value)
        value -= d
        if not 0 <= d < n_symbols:
            raise PrecisionError(f"a stack holds digit {d}, not a symbol: the run lost exactness")
        digits.append(d)
    return digits


def depth(value: Fraction, base: int) -> int:
    """How many digits a stack value has (its deepest non-blank cell)."""
    bits = value.denominator.bit_length() - 1
    m = base.bit_length() - 1
    return -(-bits // m)


def encode(compiled: CompiledProgram, config: Config) -> list[Fraction]:
    """The hidden state (one exact value per unit) that holds `config`.

    The start gate goes in the first unit set of its state; L in stackL:push, R in stackR:pop,
    the threshold digits in their :write units, the head in head:+ or head:-.
    """
    lay, program = compiled.layout, compiled.program
    tape = dict(config.cells)
    codes, base = lay.codes, lay.base
    lo = min([config.head, *tape])
    hi = max([config.head, *tape])
    left = [codes[tape.get(i, program.blank)] for i in range(config.head - 1, lo - 1, -1)]
    right = [codes[tape.get(i, program.blank)] for i in range(config.head, hi + 1)]
    symbol = program.symbols[right[0]]
    values = [Fraction(0)] * len(lay.units)
    values[lay.unit("gate", config.state, symbol, lay.gate_dirs[config.state][0])] = Fraction(1)
    values[lay.unit("stack", "L", "push")] = stack_value(left, base)
    values[lay.unit("stack", "R", "pop")] = stack_value(right, base)
    for name, d in (("topL", left[0] if left else 0), ("secondR", right[1] if len(right) > 1 else 0)):
        for j in range(1, lay.n_symbols):
            values[lay.unit("digit", name, j, "write")] = Fraction(int(d >= j))
    values[lay.unit("head", "+" if config.head >= 0 else "-")] = Fraction(abs(config.head))
    return values


def active_gate(compiled: CompiledProgram, values) -> tuple[str, str]:
    """The (state, symbol) whose gate is 1; all other gates must be exactly 0.

    Raises:
        PrecisionError: the gates are not exactly one-hot.
    """
    units = compiled.layout.units
    found = [(i, values[i]) for i in compiled.layout.gate_units if values[i] != 0]
    if len(found) != 1 or found[0][1] != 1:
        shown = [(units[i].label, v) for i, v in found[:4]]
        raise PrecisionError(f"the gates are not one-hot ({shown}): the run lost exactness")
    unit = units[found[0][0]]
    return unit.get("state"), unit.get("symbol")


def decode(compiled: CompiledProgram, values) -> Config:
    """Read the configuration back from a hidden state (floats are converted exactly).

    Raises:
        PrecisionError: the state is not a valid encoding (exactness was lost).
    """
    lay, program = compiled.layout, compiled.program
    if len(values) != len(lay.units):
        raise PrecisionError(f"a state of {len(values)} values for a {len(lay.units)}-unit network")
    v = [Fraction(float(x)) if not isinstance(x, (Fraction, int)) else Fraction(x) for x in values]
    state, symbol = active_gate(compiled, v)
    head = v[lay.unit("head", "+")] - v[lay.unit("head", "-")]
    left = stack_digits(v[lay.unit("stack", "L", "push")] + v[lay.unit("stack", "L", "pop")],
                        lay.base, lay.n_symbols)
    right = stack_digits(v[lay.unit("stack", "R", "push")] + v[lay.unit("stack", "R", "pop")],
                         lay.base, lay.n_symbols)
    if head.denominator != 1 or (right[0] if right else 0) != lay.codes[symbol]:
        raise PrecisionError("the head cell and the active gate disagree: the run lost exactness")
    head = int(head)
    cells = [(head - 1 - i, d) for i, d in enumerate(left)] + [(head + i, d) for i, d in enumerate(right)]
    return Config(state, head, tuple(sorted((i, program.symbols[d]) for i, d in cells if d)))
