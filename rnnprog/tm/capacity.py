"""How many cells per stack a float dtype holds exactly, derived from the weights and the mantissa."""

from __future__ import annotations

import functools
import math
from fractions import Fraction

from rnnprog.device import MANTISSA_BITS
from rnnprog.tm.compiler import CompiledProgram

#: A bound no realistic mantissa reaches; capacity() stops searching here.
MAX_DEPTH = 1000


def _two_adic(value: Fraction) -> int:
    """v such that value = odd / odd * 2**v (value != 0)."""
    num, den = value.numerator, value.denominator
    return ((num & -num).bit_length() - 1) - ((den & -den).bit_length() - 1)


def row_span(terms, const, units) -> tuple[int, int, int]:
    """(E, finest fixed bit, finest stack bit at depth 0) of a row's partial sums.

    A stack unit is a multiple of 2**(-m*depth) below 1; every other unit feeding a stack-reading
    row is 0 or 1, and of each exclusive group (see _exclusive_group) at most one is nonzero. So
    every partial sum of the row is below 2**E = 2**ceil(log2(sum |w| + |b|)) in magnitude and a
    multiple of 2**min(fixed, stack - m*depth): any summation order is exact when that span fits
    the mantissa.
    """
    const = Fraction(const)
    fixed, stack, size = (0 if const == 0 else _two_adic(const)), MAX_DEPTH, abs(const)
    exclusive: dict[str, Fraction] = {}
    for j, w in terms:
        w = Fraction(w)
        if units[j].role == "stack":
            stack = min(stack, _two_adic(w))
        else:
            fixed = min(fixed, _two_adic(w))
        group = _exclusive_group(units[j])
        if group:
            exclusive[group] = max(exclusive.get(group, Fraction(0)), abs(w))
        else:
            size += abs(w)
    size += sum(exclusive.values())
    return (math.ceil(math.log2(size)) if size else 0), fixed, stack


def _exclusive_group(unit) -> str | None:
    """Units of which at most one is nonzero at a time: the gates (one-hot), and each stack's
    push and pop units (the other is masked to 0)."""
    if unit.role == "gate":
        return "gate"
    if unit.role == "stack":
        return "stack" + unit.get("stack")
    return None


@functools.lru_cache(maxsize=256)
def capacity(compiled: CompiledProgram, dtype: str) -> int:
    """The most digits (cells) a stack may hold so that every tick is computed exactly in `dtype`.

    Args:
        compiled: the network.
        dtype: "float32" or "float64".

    Returns:
        The largest depth D such that every row reading a stack stays within the mantissa when
        both stacks hold at most D cells. Head-counter rows are integer and guarded separately.
        A push row only has to be exact when its push happens, and the runtime's guard only
        lets one happen from depth D - 1 (the result holds at most D cells); when its move does
        not fire, its pre-activation is below -1/2 and rounding cannot lift it past relu's 0.
    """
    bits = MANTISSA_BITS[dtype]
    base_bits = compiled.layout.base.bit_length() - 1
    depth = MAX_DEPTH
    network = compiled.network
    for i, unit in enumerate(network.units):
        if unit.role == "head":
            continue
        top, fixed, stack = row_span(network.recurrent.rows[i], network.bias_of(i), network.units)
        if top - fixed > bits:
            return 0
        if stack < MAX_DEPTH:  # E - (stack - m*D) <= bits
            pushes = unit.role == "stack" and unit.get("op") == "push"
            depth = min(depth, (bits - top + stack) // base_bits + pushes)
    return max(depth, 0)


def head_limit(dtype: str) -> int:
    """The largest |head| the integer head counter holds exactly, with room for one step."""
    return 2 ** MANTISSA_BITS[dtype] - 2
