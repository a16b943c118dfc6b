"""Every shipped `.py` program is named here, opens with what it computes, and every `# example:`
line of each holds for the network (fast-forwarded, exact), for the register interpreter where
the run is short, and for CPython calling the file's own function."""

import pytest

import rnnprog
from rnnprog.py import parse, reference, runtime
from rnnprog.py.compile import compile
from tests.py.examples import PROGRAMS, examples, parse_example, shipped

#: The Python programs programs/ ships; one added, renamed or deleted without this list fails.
NAMES = ("binomial", "clamp", "collatz", "digit_sum", "egcd", "factorial", "fib", "gcd", "ilog",
         "is_prime", "isqrt", "pow_mod")
#: The register interpreter replays examples up to this many steps (fib(90) takes 3 * 10^20).
INTERPRETED_STEPS = 200_000


def test_shipped_programs_are_the_named_ones():
    assert sorted(path.stem for path in shipped()) == sorted(NAMES)


def test_example_lines_are_read_as_written():
    path = PROGRAMS / "x.py"
    assert parse_example(path, "f(3, -4) == (1, -2)").args == (3, -4)
    assert parse_example(path, "f(10 ** 3) == True").value is True
    error = parse_example(path, "f(-1) raises AssertionError: n must be >= 0")
    assert (error.exception, error.message, error.args) == ("AssertionError", "n must be >= 0", (-1,))


@pytest.mark.parametrize("name", NAMES)
def test_examples(name):
    path = PROGRAMS / f"{name}.py"
    text = path.read_text()
    assert text.startswith(f"# {name}:"), "programs open with what they compute"
    cases = examples(path)
    assert len(cases) >= 3, f"{path.name} has fewer than three `# example:` lines"
    for case in cases:
        module = parse.parse(text, str(path), entry=case.function)
        compiled = compile(module)
        got = runtime.run(compiled, [case.args]).results[0]
        python = reference.Reference(module).call(case.args)
        if case.exception is None:
            assert got.returned and got.value == case.value and type(got.value) is type(case.value), case
            assert python == reference.Outcome("returned", case.value), case
        else:
            assert got.error is not None and (got.error.exception, got.error.message) == (
                case.exception, case.message), case
            assert (python.exception, python.message) == (case.exception, case.message), case
        if got.steps <= INTERPRETED_STEPS:
            assert runtime.interpret(compiled, case.args) == got.__class__(
                **{**got.__dict__, "ticks": None, "units": None, "device": None, "dtype": None}), case


def test_the_package_ships_them():
    names = [name for name, _ in rnnprog.shipped.examples()] if hasattr(rnnprog, "shipped") else None
    from rnnprog import shipped as packaged

    names = [name for name, _ in packaged.examples()]
    assert {f"{n}.py" for n in NAMES} <= set(names)
