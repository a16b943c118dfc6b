"""The `.iir` language: both forms, the same program either way, and located errors."""

from fractions import Fraction

import pytest

from rnnprog import iir
from rnnprog.errors import ProgramError


def test_coefficient_lines_and_equation_agree():
    lines = iir.parse("# comment\nb: 0.25, 0.5 0.25\na: 1 -0.9, 0.2   # trailing\n")
    equation = iir.parse("y[n] = 0.25*x[n] + 0.5*x[n-1] + 0.25*x[n-2] + 0.9*y[n-1] - 0.2*y[n-2]")
    assert lines == equation
    assert lines.b == (Fraction(1, 4), Fraction(1, 2), Fraction(1, 4))
    assert lines.a == (1, Fraction(-9, 10), Fraction(1, 5))


@pytest.mark.parametrize("text, b, a", [
    ("b: 1/3 1/3 1/3", (Fraction(1, 3),) * 3, (1,)),
    ("b: 1e-1\na: 2", (Fraction(1, 10),), (2,)),
    ("y[n] = x[n] - x[n-1] + 0.995 y[n-1]", (1, -1), (1, Fraction(-199, 200))),
    ("y[n] = -x[n-2] + x[n-2] + 2*x[n-2]", (0, 0, 2), (1,)),
    ("y[n] = 0.5*y[n-2]", (0,), (1, 0, Fraction(-1, 2))),
])
def test_valid_programs(text, b, a):
    program = iir.parse(text)
    assert (program.b, program.a) == (b, a)
    assert iir.parse(str(program)) == program


@pytest.mark.parametrize("text, expected", [
    ("", [("empty", 1, 1)]),
    ("# only a comment\n", [("empty", 1, 1)]),
    ("y[n] = y[n] + x[n]", [("y-on-right", 1, 8)]),
    ("y[n] = x[n+1]", [("future-input", 1, 8)]),
    ("y[n] = x[n] + z[n-1]", [("unknown-name", 1, 15)]),
    ("b: 1\na: 0 1", [("a0-zero", 2, 4)]),
    ("y[n] = y[n] + x[n+1] + z[n-1] + 3",
     [("y-on-right", 1, 8), ("future-input", 1, 15), ("unknown-name", 1, 24), ("constant-term", 1, 33)]),
    ("b: 1 q 1/0\nb: 2", [("bad-number", 1, 6), ("bad-number", 1, 8), ("duplicate-key", 2, 1)]),
    ("c: 1", [("unknown-name", 1, 1)]),
    ("a: 1 2", [("missing-b", 1, 1)]),
    ("b:\na:", [("empty-coefficients", 1, 3), ("empty-coefficients", 2, 3)]),
    ("y[n] = x[n]\nb: 1", [("mixed-forms", 2, 1)]),
    ("y[n] = x[n]\ny[n] = x[n-1]", [("duplicate-equation", 2, 1)]),
    ("y[n-1] = x[n]", [("bad-lhs", 1, 1)]),
    ("y[n] = x[n] x[n-1]", [("syntax", 1, 13)]),
    ("y[n] = x[n] $ 2", [("syntax", 1, 13), ("syntax", 1, 15)]),
    ("y[n] = x[n-5000]", [("order-too-large", 1, 8)]),
])
def test_errors_are_located(text, expected):
    with pytest.raises(ProgramError) as info:
        iir.parse(text, path="f.iir")
    assert [(d.code, d.line, d.col) for d in info.value.diagnostics] == expected
    assert str(info.value).startswith(f"f.iir:{expected[0][1]}:{expected[0][2]}:")


def test_load_reads_files(tmp_path):
    path = tmp_path / "f.iir"
    path.write_text("b: 1\n")
    assert iir.load(path) == iir.Program((1,), (1,))
    with pytest.raises(ProgramError) as info:
        iir.load(tmp_path / "missing.iir")
    assert info.value.code == "no-such-file"
