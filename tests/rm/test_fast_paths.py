"""Fast paths of parsing and compiling give what the general paths give, errors included."""

import importlib
from fractions import Fraction

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnprog.errors import ProgramError
from rnnprog.network import ir, torch_build
from rnnprog.network.ir import Matrix
from rnnprog.rm import parse

parse_module = importlib.import_module("rnnprog.rm.parse")  # `rnnprog.rm.parse` is the function

# Pieces of lines: good and bad names, every op, directives, labels, comments, odd spacing.
_PIECES = ["inc", "dec", "jz", "jnz", "jmp", "halt", "mov", "add", "sub", "clr", "in", "out",
           "INC", "a", "b", "_x9", "9a", "a-b", "L1", "L2", "x", "x:", "L1:", "L2:", ":", "a:b",
           "#", ";", "\t", " ", "  ", "\f", "\u00e9"]


def _outcome(text: str):
    try:
        program = parse(text)
    except ProgramError as err:
        return [(d.code, d.line, d.col, d.message, d.hint) for d in err.diagnostics]
    return program, [(i.line, i.col) for i in program.instructions]


@settings(max_examples=400)
@given(lines=st.lists(st.lists(st.sampled_from(_PIECES), max_size=6).map(" ".join), max_size=6))
def test_the_one_match_path_parses_as_the_word_path(lines):
    text = "\n".join(lines) + "\n"
    fast = _outcome(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parse_module, "_parse_simple", lambda *_: False)
        slow = _outcome(text)
    assert fast == slow


def _slow_of(shape, items):
    """Matrix.of by the exact Python path only."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ir, "_of_integers", lambda *_: None)
        return Matrix.of(shape, items)


_ITEMS = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3), st.integers(-3, 3)), max_size=30)


@settings(max_examples=300)
@given(items=_ITEMS)
def test_numpy_matrix_of_equals_the_python_one(items):
    fast, slow = Matrix.of((5, 4), items), _slow_of((5, 4), items)
    assert fast.entries == slow.entries
    assert all(type(v) is int for _, _, v in fast.entries)
    want = slow.arrays
    assert all(np.array_equal(a, b) for a, b in zip(fast.arrays, want))


@pytest.mark.parametrize("items", [
    [(0, 0, 2**62), (0, 0, 2**62)],  # sums past int64: exact Python integers
    [(0, 0, 2**70), (0, 1, -1)],
    [(0, 0, Fraction(1, 2)), (0, 0, Fraction(1, 2))],
    [(0, 0, Fraction(4, 2))],
    [(1, 1, 1), (0, 0, 0)],
    [(0, 0, True), (1, 0, 1)],  # a bool is summed to an int, as it always was
])
def test_unusual_items_take_the_exact_path(items):
    fast, slow = Matrix.of((2, 2), items), _slow_of((2, 2), items)
    assert fast.entries == slow.entries
    assert [type(v) for *_, v in fast.entries] == [type(v) for *_, v in slow.entries]


@pytest.mark.parametrize("items, error", [
    ([(0, 0, 1), (2, 0, 1)], ValueError), ([(0, -1, 1)], ValueError),
    ([(0, 0, 1.5)], TypeError), ([(0, 0, 1, 1)], ValueError), ([(0, 0)], ValueError)])
def test_bad_items_raise_as_before(items, error):
    with pytest.raises(error) as fast:
        Matrix.of((2, 2), items)
    with pytest.raises(error) as slow:
        _slow_of((2, 2), items)
    assert str(fast.value) == str(slow.value)


def test_arrays_are_none_where_a_weight_is_not_an_int64_integer():
    assert Matrix((1, 1), ((0, 0, Fraction(1, 2)),)).arrays is None
    assert Matrix((1, 1), ((0, 0, 2**63),)).arrays is None
    assert [a.tolist() for a in Matrix((2, 2), ((0, 1, 3), (1, 0, -2))).arrays] == [
        [0, 1], [1, 0], [3, -2]]


@pytest.mark.parametrize("entries", [((0, 1, 3), (1, 0, -2)), ((0, 1, Fraction(1, 4)),)])
def test_torch_tensors_from_arrays_equal_those_from_entries(entries):
    matrix = Matrix((2, 2), entries)
    want = torch.zeros(2, 2, dtype=torch.float64)
    for i, j, v in entries:
        want[i, j] = float(v)
    assert torch.equal(torch_build.dense(matrix, torch.float64), want)
    assert torch.equal(torch_build.sparse(matrix, torch.float64).to_dense(), want)
