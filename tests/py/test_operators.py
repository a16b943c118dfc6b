"""Every operator, builtin and form of the subset against CPython, across signs and zero: the
register program on a grid of small ints (every pair), the network on pairs of every sign and
on ints past 2^64; errors (ZeroDivisionError, the negative exponent) alike."""

import itertools

import pytest

from rnnprog.py import parse, reference, runtime
from rnnprog.py.compile import compile

#: Each expression becomes `def f(a, b): return EXPRESSION`.
EXPRESSIONS = [
    # the operators, both operands variables
    "a + b", "a - b", "a * b", "a // b", "a % b", "a ** b", "-a", "+a", "~a", "not a",
    # constants on one side take their own code paths
    "a + 5", "3 - a", "a - 100", "a * 3", "-2 * a", "a * 0", "a * 17", "a // 3", "a // -3", "a // 1",
    "a // -1", "a % 2", "a % -4", "a % 16", "a // 17", "a % -17", "7 // a", "-7 % a", "a ** 0",
    "a ** 2", "a ** 3", "2 ** b", "(-2) ** b", "a // 0", "a % 0",
    # comparisons, chains, and/or values, conditional expressions
    "a < b", "a <= b", "a > b", "a >= b", "a == b", "a != b", "a < b < 3", "-2 <= a < b != 1",
    "a == 0", "0 > a", "a and b", "a or b", "a and b or -1", "not a or b", "a if b else -a",
    "(a > b) + (a < b)", "True + a",
    # builtins
    "abs(a)", "abs(a - b)", "min(a, b)", "max(a, b, -a)", "min(b, a, 0)", "divmod(a, b)",
    "pow(a, b)", "pow(b, 2)",
    # combined
    "(a - b) * (a + b) // (b or 1) % 7 - a ** 2", "-(a // -b) if b else a % 5 * ~b",
    "max(a * b, a // (b * b + 1)) + min(abs(a), 3) ** 2",
]
SMALL = list(itertools.product(range(-6, 7), range(-4, 5)))
#: Pairs of every sign and zero, and ints past 2^64, run on the network itself.
NETWORK = [(0, 0), (5, 3), (-5, 3), (5, -3), (-5, -3), (0, -2), (6, 0), (-7, 2), (2**64 + 1, 3),
           (-(2**66) - 5, 7), (3**45, -(2**40)), (-(2**70), -(2**33) - 1)]


def compiled_for(expression: str):
    module = parse.parse(f"def f(a, b):\n    return {expression}\n", "f.py")
    return module, compile(module)


def agree(python: reference.Outcome, got) -> bool:
    return reference.agree(python, reference.outcome_of(got))


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_the_register_program_is_cpython_on_every_small_pair(expression):
    module, compiled = compiled_for(expression)
    cpython = reference.Reference(module)
    for args in SMALL:
        got = runtime.interpret(compiled, args)
        assert got.halted and agree(cpython.call(args), got), (expression, args, str(got))


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_the_network_is_cpython_across_signs_and_past_2_to_64(expression):
    module, compiled = compiled_for(expression)
    cpython = reference.Reference(module)
    for args in NETWORK:
        if "**" in expression or "pow" in expression:
            args = (args[0], max(-2, min(args[1], 5)))  # a big exponent is a big computation
        got = runtime.run(compiled, [args]).results[0]
        assert got.halted and agree(cpython.call(args), got), (expression, args, str(got))


def test_bools_print_as_python_prints_them():
    _, compiled = compiled_for("a < b")
    assert str(runtime.run(compiled, [(1, 2)]).results[0]) == "f(1, 2) = True"
    _, compiled = compiled_for("a and b")
    assert str(runtime.run(compiled, [(1, 2)]).results[0]) == "f(1, 2) = 2"


def test_the_error_messages_are_cpythons():
    for expression, args, exception in [("a // b", (1, 0), "ZeroDivisionError"),
                                        ("a % b", (1, 0), "ZeroDivisionError"),
                                        ("divmod(a, b)", (1, 0), "ZeroDivisionError"),
                                        ("a ** b", (0, -1), "ZeroDivisionError"),
                                        ("a ** b", (2, -1), "ValueError")]:
        module, compiled = compiled_for(expression)
        got = runtime.run(compiled, [args]).results[0].error
        python = reference.Reference(module).call(args)
        assert (got.exception, got.message) == (python.exception, python.message) and \
            got.exception == exception, expression
