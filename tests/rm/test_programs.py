"""Every example line of every `.rm` program in programs/ holds for interpreter and RNN."""

import pytest

import rnnprog
from rnnprog.source import example_lines
from tests.rm.cases import PROGRAMS

FILES = sorted(PROGRAMS.glob("*.rm"))


def parse_example(line):
    """`a=6 b=7 -> c=42` -> ({"a": "6", "b": "7"}, {"c": 42})."""
    inputs, outputs = line.split("->")
    pairs = lambda text: [w.split("=") for w in text.split()]  # noqa: E731
    return dict(pairs(inputs)), {k: int(v) for k, v in pairs(outputs)}


def test_there_are_at_least_ten_programs():
    assert len(FILES) >= 10


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_examples(path):
    program = rnnprog.load(path)
    lines = example_lines(program.source)
    assert lines, f"{path.name} has no `# example:` line"
    assert program.source.startswith("#"), "programs open with a comment saying what they compute"
    for line in lines:
        inputs, outputs = parse_example(line)
        want = rnnprog.interpret(program, inputs)
        assert want.halted and want.outputs == outputs, line
        for dtype in ("float32", "exact"):
            got = rnnprog.run(program, inputs, dtype=dtype)
            assert (got.outputs, got.steps) == (outputs, want.steps), (line, dtype)
