"""Random functions of the subset (drawn as IR, compiled from their printed source) against CPython
on random arguments: the value, the error, or running past a budget, alike.

The budget is in loop passes and calls: CPython gets FUEL of them, and a run of N steps makes at
most reference.fuel_for(module, N); so where CPython needs more, the network must not return
within reference.steps_for(module, FUEL) steps, and where CPython returns, the network must
return the same (run until it does). Draws whose values
pass BIG_BITS bits are skipped (CPython and the network would only take longer).

CI runs a few dozen programs; the long run is
    RNNPROG_PY_PROGRAMS=10000 .venv/bin/python -m pytest tests/py/test_random.py -s -p no:cacheprovider
which prints how many programs and calls it compared.
"""

import os

from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from rnnprog.py import parse, reference, runtime
from rnnprog.py.compile import compile
from rnnprog.py.strategies import python_arguments, python_functions

PROGRAMS = int(os.environ.get("RNNPROG_PY_PROGRAMS", "25"))
FUEL = 300
BIG_BITS = 256
#: The register interpreter is compared as well on runs up to this many steps.
INTERPRETED_STEPS = 20_000
COUNTS = {"programs": 0, "calls": 0, "returned": 0, "raised": 0, "fuel": 0}


@settings(max_examples=PROGRAMS, deadline=None, suppress_health_check=list(HealthCheck))
@given(python_functions(), st.data())
def test_random_functions_agree_with_cpython(drawn, data):
    source = str(drawn)
    module = parse.parse(source, "random.py")
    assert module == drawn, "the source parses back to the program drawn"
    compiled = compile(module)
    cpython = reference.Reference(module)
    cpython.big_bits = BIG_BITS
    COUNTS["programs"] += 1
    for inputs in data.draw(st.lists(python_arguments(module, min_value=-20, max_value=20),
                                     min_size=1, max_size=3)):
        args = tuple(inputs[name] for name in module.main.params)
        try:
            python = cpython.call(args, fuel=FUEL)
        except reference.TooBig:
            reject()
        compare(compiled, args, python, source)


#: Counterexamples the property found once, kept: (source, calls).
PINNED = [
    # a `for` with no pass drained its first value and also gave it back to the pool: two live
    # values then shared registers
    ("def f():\n    x = 1\n    for x in range(0 < 0, 0):\n        x = 0\n    x *= 0 + x\n"
     "    return x\n", [()]),
]


def test_pinned_counterexamples():
    for source, calls in PINNED:
        module = parse.parse(source, "pinned.py")
        compiled, cpython = compile(module), reference.Reference(module)
        for args in calls:
            compare(compiled, args, cpython.call(args, fuel=FUEL), source)


def compare(compiled, args, python: reference.Outcome, source: str) -> None:
    COUNTS["calls"] += 1
    COUNTS[python.how] += 1
    if python.how == "raised":
        COUNTS[python.exception] = COUNTS.get(python.exception, 0) + 1
    if python.how == "fuel":
        steps = reference.steps_for(compiled.module, FUEL)
        got = runtime.run(compiled, [args], max_steps=steps).results[0]
        assert not got.halted, f"{source}\n{got} within {steps} steps; CPython needs more passes"
        return
    got = runtime.run(compiled, [args]).results[0]
    network = reference.outcome_of(got)
    assert got.halted and reference.agree(python, network), f"{source}\nargs {args}: CPython " \
        f"{python}, the network {network}"
    if got.steps <= INTERPRETED_STEPS:
        assert reference.outcome_of(runtime.interpret(compiled, args)) == network


def teardown_module():
    print(f"\nrandom functions compared with CPython: {COUNTS}")
