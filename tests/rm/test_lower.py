"""Macro lowering checked against each macro's meaning, on every aliasing and many values."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnprog.rm import interpret, lower, parse
from rnnprog.rm.lower import TEMP

#: What each macro means, as a function of (d, s) before it runs -> (d, s) after.
MEANING = {
    "clr": lambda _d, s: (0, s),
    "mov": lambda _d, s: (s, s),
    "add": lambda d, s: (d + s, s),
    "sub": lambda d, s: (max(d - s, 0), s),
}
ALIASED = {  # the same macro with d and s the same register: n -> n after
    "clr": lambda _n: 0,
    "mov": lambda n: n,
    "add": lambda n: 2 * n,
    "sub": lambda _n: 0,
}


def _fragment(op, aliased):
    args = "n" if op == "clr" or not aliased else "n n"
    if op == "clr":
        return parse("in n m\nout n m\nclr n\n")
    return parse(f"in n m\nout n m\n{op} {args if aliased else 'n m'}\n")


def _run_macro(op, aliased, n, m):
    lowered = lower(_fragment(op, aliased))
    result = interpret(lowered, {"n": n, "m": m}, trace=True)
    final = dict(zip(lowered.registers, result.trace[-1].registers))
    assert result.halted and final.get(TEMP, 0) == 0  # the temporary is back to 0 at the end
    return result.registers["n"], result.registers["m"]


@pytest.mark.parametrize("op", sorted(MEANING))
def test_macro_meaning_on_a_grid(op):
    for n, m in itertools.product(range(6), repeat=2):
        assert _run_macro(op, False, n, m) == MEANING[op](n, m)
        if op != "clr":
            assert _run_macro(op, True, n, m) == (ALIASED[op](n), m)


@pytest.mark.parametrize("op", sorted(MEANING))
@given(n=st.integers(0, 300), m=st.integers(0, 300))
def test_macro_meaning_on_large_values(op, n, m):
    assert _run_macro(op, False, n, m) == MEANING[op](n, m)


@pytest.mark.parametrize("source", ["clr n", "mov n m", "add n m", "sub n m", "add n n", "sub n n"])
def test_macro_shape(source):
    """Every expansion only jumps inside itself or to just past its end, and uses one temporary."""
    lowered = lower(parse(f"in n m\n{source}\n"))
    assert all(c.target is None or 0 <= c.target <= lowered.end for c in lowered.code)
    assert set(lowered.temps) <= {TEMP}
    assert {c.origin for c in lowered.code} == {0}


def test_labels_on_a_macro_mark_its_first_core_instruction():
    lowered = lower(parse("in a\nx: clr a\njmp x\n"))
    assert lowered.code[-1].target == 0 and lowered.names[0] == "x"


def test_label_on_an_empty_expansion_marks_the_next_instruction():
    lowered = lower(parse("in a\nout a\nx: mov a a\ninc a\njz a x\n"))
    assert lowered.code[1].target == 0 and lowered.names[0] == "x"
