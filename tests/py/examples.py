"""The `# example:` lines of the shipped `.py` programs, read as Python expressions."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from rnnprog.source import example_lines

PROGRAMS = Path(__file__).resolve().parents[2] / "programs"


@dataclass(frozen=True)
class Example:
    """`gcd(48, 18) == 6` or `isqrt(-4) raises AssertionError: message`."""

    path: Path
    function: str
    args: tuple[int, ...]
    value: object = None
    exception: str | None = None
    message: str = ""

    @property
    def inputs(self) -> tuple[int, ...]:
        return self.args


def parse_example(path: Path, line: str) -> Example:
    """One example line; the call's arguments are int expressions (`10 ** 9 + 7`)."""
    call_text, raises, error = line.partition(" raises ")
    if raises:
        exception, _, message = error.partition(": ")
        call = ast.parse(call_text.strip(), mode="eval").body
        return Example(path, call.func.id, _args(call), exception=exception.strip(), message=message.strip())
    compare = ast.parse(line, mode="eval").body
    call, expected = compare.left, compare.comparators[0]
    return Example(path, call.func.id, _args(call), value=ast.literal_eval(ast.unparse(expected)))


def _args(call: ast.Call) -> tuple[int, ...]:
    return tuple(eval(compile(ast.Expression(a), "<example>", "eval"), {}) for a in call.args)  # ints only


def examples(path: Path) -> list[Example]:
    return [parse_example(path, line) for line in example_lines(path.read_text())]


def shipped() -> list[Path]:
    return sorted(PROGRAMS.glob("*.py"))
