"""Every shipped `.rm` program is named here, and every `# example:` line of each holds for the
interpreter and the RNN (float32, float64 and exact) with a run of at least one step."""

from pathlib import Path

import pytest

import rnnprog
from rnnprog.source import example_lines

PROGRAMS = Path(__file__).resolve().parents[2] / "programs"

#: The register programs programs/ ships (README: "programs/ holds ..."); a file deleted, renamed
#: or added without being listed here fails test_shipped_programs_are_the_named_ones, and every
#: listed one must have examples that pass.
NAMES = ("add", "collatz", "compare", "divmod", "double", "factorial", "fib", "gcd", "monus", "mul",
         "pow", "succ", "sum")


def parse_example(line):
    """`a=6 b=7 -> c=42` -> ({"a": 6, "b": 7}, {"c": 42})."""
    inputs, outputs = line.split("->")
    pairs = lambda text: {k: int(v) for k, v in (w.split("=") for w in text.split())}  # noqa: E731
    return pairs(inputs), pairs(outputs)


def test_example_lines_are_read_as_written():
    assert example_lines("# mul\n# example: a=6 b=7 -> c=42\nin a b\n") == ["a=6 b=7 -> c=42"]
    assert parse_example("a=17 b=5 -> q=3 r=2") == ({"a": 17, "b": 5}, {"q": 3, "r": 2})
    assert parse_example(" -> x=1") == ({}, {"x": 1})


def test_shipped_programs_are_the_named_ones():
    shipped = sorted(path.stem for path in PROGRAMS.glob("*.rm"))
    assert shipped == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_examples(name):
    path = PROGRAMS / f"{name}.rm"
    program = rnnprog.load(path)
    lines = example_lines(path.read_text())
    assert lines, f"{path.name} has no `# example:` line"
    assert path.read_text().startswith(f"# {name}:"), "programs open with what they compute"
    for line in lines:
        inputs, outputs = parse_example(line)
        want = rnnprog.interpret(program, inputs)
        assert want.halted and want.outputs == outputs, line
        assert want.steps > 0, f"{line}: the example runs no instruction"
        for dtype in ("float32", "float64", "exact"):
            got = rnnprog.run(program, inputs, dtype=dtype)
            assert got.halted, (line, dtype)
            assert (got.outputs, got.registers, got.steps) == (outputs, want.registers, want.steps), (
                line, dtype)
