"""Python functions as networks from Python: compile_function(f) and @on_rnn read the source
(with the functions it calls) and return a callable that runs the RNN; rnnprog.load/run/
interpret work on `.py` files as on any program."""

import pytest

import rnnprog
from rnnprog.errors import ProgramError
from rnnprog.py import compile_function, on_rnn


def double(x):
    return 2 * x


def quadruple_minus(x, y):
    return double(double(x)) - y


@on_rnn
def safe_div(a, b):
    assert b != 0, "no division by zero"
    return a // b, a % b


def uses_floats(x):
    return x / 2


def test_compile_function_runs_the_network_and_its_callees():
    f = compile_function(quadruple_minus)
    assert f(3, -5) == 17 == quadruple_minus(3, -5)
    assert f.run(3, -5).steps > 0 and f.run(3, -5).units == f.compiled.units
    assert f.interpret(-2, 1) == f.interpret(-2, 1) and f.interpret(-2, 1).value == -9
    assert "double" in {name for name in f.compiled.lowering.variables}


def test_the_decorator_returns_and_raises_as_python_does():
    assert safe_div(-7, 2) == (-4, 1) == divmod(-7, 2)
    with pytest.raises(AssertionError, match="no division by zero"):
        safe_div(1, 0)
    assert repr(safe_div).startswith("<safe_div on a ") and safe_div.compiled.rnn.nonlinearity == "relu"


def test_a_function_outside_the_subset_is_refused_where_it_stands():
    with pytest.raises(ProgramError) as caught:
        compile_function(uses_floats)
    first = caught.value.diagnostics[0]
    assert first.code == "true-division" and caught.value.path == __file__
    assert caught.value.source.splitlines()[first.line - 1].strip() == "return x / 2"


def test_wrong_argument_counts_are_type_errors():
    with pytest.raises(TypeError, match="takes 2 arguments"):
        safe_div(1)


def test_load_run_and_interpret(tmp_path):
    path = tmp_path / "abs_diff.py"
    path.write_text("def abs_diff(a, b):\n    return abs(a - b)\n")
    program = rnnprog.load(path)
    result = rnnprog.run(program, {"a": -3, "b": 4})
    assert result.value == 7 and str(result) == "abs_diff(-3, 4) = 7" and result.dtype == "exact"
    assert rnnprog.interpret(program, {"a": -3, "b": 4}).value == 7
    batch = rnnprog.run(program, [{"a": 1, "b": 2}, {"a": -5, "b": 5}], dtype="float64")
    assert [r.value for r in batch] == [1, 10]
    assert rnnprog.compile(program).network.encoder_names == ("a", "b")
