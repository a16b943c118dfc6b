"""Every shipped `.iir` filter is named here, parses back from its text, and its documented
`# example:` lines hold for the interpreter and the network (step and scan, float64 and float32)."""

from pathlib import Path

import numpy as np
import pytest

import rnnprog
from rnnprog.source import example_lines

PROGRAMS = Path(__file__).resolve().parents[2] / "programs"

#: The filters programs/ ships; a file deleted, renamed or added without being listed here fails
#: test_shipped_filters_are_the_named_ones, and every listed one must have examples that pass.
NAMES = ("biquad-lowpass", "dc-blocker", "echo", "low-pass", "moving-average", "resonator")

#: (rtol, atol) against the documented values, which are printed to 10 significant digits.
TOLERANCE = {"float64": (1e-9, 1e-12), "float32": (1e-5, 1e-6)}


def parse_example(line: str) -> tuple[np.ndarray, np.ndarray]:
    """`x = 1 0 0 -> y = 0.1 0.09 0.081` -> (x, y) as float arrays."""
    inputs, outputs = line.split("->")
    signal = lambda text: np.array(text.split("=")[1].split(), dtype=float)  # noqa: E731
    assert inputs.split("=")[0].strip() == "x" and outputs.split("=")[0].strip() == "y", line
    return signal(inputs), signal(outputs)


def test_example_lines_are_read_as_written():
    lines = example_lines("# low-pass\n# example: x = 1 0 -> y = 0.1 0.09\nb: 0.1\na: 1 -0.9\n")
    assert lines == ["x = 1 0 -> y = 0.1 0.09"]
    x, y = parse_example(lines[0])
    assert x.tolist() == [1.0, 0.0] and y.tolist() == [0.1, 0.09]


def test_shipped_filters_are_the_named_ones():
    shipped = sorted(path.stem for path in PROGRAMS.glob("*.iir"))
    assert shipped == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_examples_hold_for_interpreter_and_network(name):
    path = PROGRAMS / f"{name}.iir"
    program = rnnprog.load(path)
    assert rnnprog.parse(str(program), kind="iir") == program
    examples = example_lines(path.read_text())
    assert examples, f"{path.name} has no example line"
    for line in examples:
        x, y = parse_example(line)
        assert len(x) == len(y) >= 4, f"{line}: an example filters a few samples, one output each"
        assert np.count_nonzero(y) >= 2, f"{line}: the example's output says something"
        rtol, atol = TOLERANCE["float64"]
        np.testing.assert_allclose(rnnprog.interpret(program, x).y, y, rtol=rtol, atol=atol)
        for dtype, method in (("float64", "step"), ("float64", "scan"), ("float32", "step")):
            rtol, atol = TOLERANCE[dtype]
            got = rnnprog.run(program, x, method=method, device="cpu", dtype=dtype)
            assert got.y.shape == y.shape, (line, dtype, method)
            np.testing.assert_allclose(got.y, y, rtol=rtol, atol=atol, err_msg=f"{line} {dtype} {method}")
