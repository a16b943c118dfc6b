"""Every programs/*.iir parses, round-trips, and matches its documented `example:` lines."""

import numpy as np
import pytest

from rnnprog import iir
from rnnprog.source import example_lines
from tests.iir.cases import PROGRAMS

FILES = sorted(PROGRAMS.glob("*.iir"))


def test_there_are_at_least_six_filters():
    assert len(FILES) >= 6


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_examples_hold_for_interpreter_and_network(path):
    program = iir.load(path)
    assert iir.parse(str(program)) == program
    examples = example_lines(path.read_text())
    assert examples, f"{path.name} has no example line"
    for line in examples:
        inputs, outputs = line.split("->")
        x = np.array(inputs.split("=")[1].split(), dtype=float)
        y = np.array(outputs.split("=")[1].split(), dtype=float)
        np.testing.assert_allclose(iir.interpret(program, x).y, y, rtol=1e-9, atol=1e-12)
        for method in ("step", "scan"):
            np.testing.assert_allclose(iir.run(program, x, method=method, device="cpu").y, y,
                                       rtol=1e-9, atol=1e-12)
