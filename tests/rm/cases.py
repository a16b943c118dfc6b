"""One table of named register-program cases, checked at every level (parse, lower,
interpreter, RNN in every dtype, CLI)."""

from dataclasses import dataclass
from pathlib import Path

PROGRAMS = Path(__file__).resolve().parents[2] / "programs"


@dataclass(frozen=True)
class Case:
    name: str
    source: str
    inputs: dict
    outputs: dict
    steps: int


CASES = [
    Case("halt-only", "halt\n", {}, {}, 0),
    Case("empty-run-off-end", "in a\nout a\ninc a\n", {"a": 4}, {"a": 5}, 1),
    Case("dec-at-zero", "in a\nout a\ndec a\ndec a\n", {"a": 1}, {"a": 0}, 2),
    Case("jz-taken", "in a\nout b\njz a z\ninc b\nz: inc b\n", {"a": 0}, {"b": 1}, 2),
    Case("jnz-loop", "in a\nout b\nl: jz a e\ndec a\ninc b\ninc b\njmp l\ne:\n", {"a": 3}, {"b": 6},
         16),
    Case("labels-share", "out x\na: b: inc x\njz x c\nc: halt\n", {}, {"x": 1}, 2),
    Case("mov-self", "in n\nout n\nmov n n\n", {"n": 5}, {"n": 5}, 0),
    Case("sub-self", "in n\nout n\nsub n n\n", {"n": 3}, {"n": 0}, 10),
    Case("add-self-doubles", "in n\nout n\nadd n n\n", {"n": 3}, {"n": 6}, 29),
    Case("clr", "in n\nout n\nclr n\n", {"n": 2}, {"n": 0}, 7),
    Case("mul", (PROGRAMS / "mul.rm").read_text(), {"a": 6, "b": 7}, {"c": 42}, 409),
    Case("gcd", (PROGRAMS / "gcd.rm").read_text(), {"a": 12, "b": 18}, {"g": 6}, 1293),
    Case("fib", (PROGRAMS / "fib.rm").read_text(), {"n": 10}, {"f": 55}, 4006),
    Case("divmod-by-zero", (PROGRAMS / "divmod.rm").read_text(), {"a": 4, "b": 0},
         {"q": 0, "r": 4}, 40),
]
