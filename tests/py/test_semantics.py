"""Statements with Python's meaning, each against CPython on the network and the register
interpreter: loops (else, break, continue, negative and variable steps, the loop variable
assigned in the body), tuple and chained assignment, calls and their tracebacks, and the errors
CPython raises at run time."""

import pytest

from rnnprog.py import parse, reference, runtime
from rnnprog.py.compile import compile

CASES = {
    "for-else": ("def f(n):\n    for i in range(n):\n        if i == 3:\n            break\n"
                 "    else:\n        return -1\n    return i\n", [(2,), (5,), (0,)]),
    "while-else-continue": ("def f(n):\n    s = 0\n    while n > 0:\n        n -= 1\n"
                            "        if n % 3 == 0:\n            continue\n        s += n\n"
                            "    else:\n        s = -s\n    return s\n", [(10,), (0,), (-3,)]),
    "range-steps": ("def f(a, b, c):\n    s = 0\n    for i in range(a, b, c):\n        s = s * 3 + i\n"
                    "    return s\n", [(0, 10, 3), (10, -5, -4), (5, 5, 1), (-3, 9, 2), (1, 2, 0),
                                       (7, 1, 1), (2, 40, 7)]),
    "range-one-and-two": ("def f(a, b):\n    s = 0\n    for i in range(a):\n        s += i\n"
                          "    for j in range(b, a):\n        s -= j\n    return s, i\n",
                          [(4, -2), (1, 5), (0, 0)]),
    "loop-variable-assigned": ("def f(n):\n    t = 0\n    for i in range(n):\n        t += i\n"
                               "        i = 100\n    return t, i\n", [(4,), (1,)]),
    "swap-and-chain": ("def f(a, b):\n    a, b = b, a\n    x = y = a - b\n    x += 1\n"
                       "    a, a = b, x\n    return a, b, x, y\n", [(3, 8), (-1, 0)]),
    "unbound-local": ("def f(n):\n    if n > 0:\n        y = n\n    return y\n", [(2,), (-2,)]),
    "assert-without-message": ("def f(n):\n    assert n\n    return n\n", [(1,), (0,)]),
    "nested-calls": ("def g(x):\n    assert x != 3, 'three'\n    return x * 2\n\n"
                     "def h(x, y):\n    return g(x) + g(y)\n\ndef f(a):\n    return h(a, a + 1)\n",
                     [(1,), (2,), (3,)]),
    "call-as-statement": ("def g(x):\n    return 10 // x\n\ndef f(a):\n    g(a)\n    return a\n",
                          [(5,), (0,)]),
    "huge-literal": ("def f(a):\n    return a * 1000000000000000000000 + 10 ** 30 - 7\n", [(3,), (-2,)]),
    "bools-in-tuples": ("def f(a):\n    return a > 0, a, not a\n", [(2,), (0,)]),
    "tuple-from-call": ("def g(x):\n    return x + 1, x - 1\n\ndef f(a):\n    p, q = g(a)\n"
                        "    return p * q\n", [(5,), (-5,)]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_statements_mean_what_they_mean_in_cpython(name):
    source, calls = CASES[name]
    module = parse.parse(source, f"{name}.py", entry="f")
    compiled = compile(module)
    cpython = reference.Reference(module)
    for args in calls:
        python = cpython.call(args)
        network = runtime.run(compiled, [args]).results[0]
        # the register interpreter counts every step: 10 ** 30 is 10 ** 30 of them
        interpreted = [runtime.interpret(compiled, args)] if network.steps < 10**6 else []
        for got in [network, *interpreted]:
            assert got.halted and reference.agree(python, reference.outcome_of(got)), (name, args, str(got))


def test_an_unbound_local_is_cpythons_error():
    module = parse.parse(CASES["unbound-local"][0], "u.py")
    got = runtime.run(compile(module), [(-1,)]).results[0]
    assert str(got) == ("f(-1) raised UnboundLocalError: cannot access local variable 'y' where it is "
                        "not associated with a value")


def test_a_traceback_names_every_frame():
    module = parse.parse(CASES["nested-calls"][0], "nested.py")
    error = runtime.run(compile(module), [(3,)]).results[0].error
    assert error.frames == (("f", 9), ("h", 6), ("g", 2)) and str(error) == "AssertionError: three"


def test_a_function_that_runs_past_its_budget_says_so():
    module = parse.parse("def f(n):\n    while True:\n        n += 1\n    return n\n", "loop.py")
    compiled = compile(module)
    got = runtime.run(compiled, [(0,)], max_steps=10**12).results[0]
    assert not got.halted and got.steps == 10**12
    assert str(got) == "f(0) did not return within 1,000,000,000,000 steps"
