"""Parsing .seq text: every problem with its code, line and column; str(program) round-trips."""

import pytest
from hypothesis import given

from rnnprog.errors import ProgramError
from rnnprog.seq.ir import Program, Rule
from rnnprog.seq.parse import parse
from rnnprog.seq.strategies import sequence_programs

HEAD = "alphabet: a b\ncounters: n\nstart: s\naccept: done\n"


def problems(text: str) -> list[tuple[str, int, int]]:
    with pytest.raises(ProgramError) as caught:
        parse(text, "x.seq")
    return [(d.code, d.line, d.col) for d in caught.value.diagnostics]


def test_a_program_parses_into_rules():
    program = parse(HEAD + "s a -> s n+1 out x  # count\ns b n>0 -> t n-1\nt $ n=0 -> done out yes\n")
    assert program.rules[1] == Rule("s", "b", (("n", False),), "t", (("n", -1),), None)
    assert program.outputs == ("x", "yes") and program.states == ("s", "t", "done")
    assert program.symbols == ("a", "b", "$")


@pytest.mark.parametrize("text, expected", [
    ("counters: n\nstart: s\ns a -> s\n", [("missing-header", 3, 1)]),
    (HEAD + "s c -> s\n", [("unknown-symbol", 5, 3)]),
    (HEAD + "s a -> s m+1\n", [("unknown-counter", 5, 1)]),
    (HEAD + "s a -> s n-1\n", [("unguarded-decrement", 5, 1)]),
    (HEAD + "s a n=0 -> s\ns a -> t\n", [("overlapping-rules", 6, 1)]),
    (HEAD + "s a n<0 -> s\n", [("bad-test", 5, 5)]),
    (HEAD + "s a -> s n+2\n", [("bad-change", 5, 10)]),
    (HEAD + "s a -> s out\n", [("bad-rule", 5, 10)]),
    (HEAD + "s -> t\n", [("bad-rule", 5, 1)]),
    (HEAD + "done a -> s\n", [("rule-from-accept", 5, 1)]),
    (HEAD + "s a n=0 n>0 -> s\n", [("duplicate-test", 5, 1)]),
    (HEAD + "blank: x\ns a -> s\n", [("unknown-header", 5, 1)]),
    ("alphabet: ab $\nstart: s\ns a -> s\n", [("bad-symbol", 1, 11), ("bad-symbol", 1, 14),
                                              ("unknown-symbol", 3, 3)]),
    ("alphabet: a\nstart: s\nstart: t\ns a -> s\n", [("duplicate-header", 3, 1)]),
    ("alphabet: a\nstart: 1s\ns a -> s\n", [("bad-name", 2, 8)]),
    ("alphabet: a\nstart: s\n", [("empty-program", 1, 1)]),
])
def test_every_problem_is_reported_with_code_line_and_column(text, expected):
    assert problems(text) == expected


def test_the_message_shows_the_line_a_caret_and_a_hint():
    message = str(pytest.raises(ProgramError, parse, HEAD + "s a -> s n-1\n", "x.seq").value)
    assert message.splitlines() == ["x.seq:5:1: error[unguarded-decrement]: `n-1` without the test `n>0`",
                                    "    s a -> s n-1", "    ^",
                                    "  hint: counters never go below 0: add `n>0` before `->`"]


@given(sequence_programs(max_symbols=3, max_counters=3, max_states=4))
def test_str_parses_back_to_an_equal_program(program: Program):
    assert parse(str(program)) == program


def test_every_error_code_is_documented():
    """The codes the parser can report (read from its source) are the ones its docstring lists,
    and docs/sequences.md's table explains each."""
    import re
    from pathlib import Path

    import rnnprog.seq.parse as parse_module

    root = Path(__file__).resolve().parents[2]
    source = "".join((root / "rnnprog" / "seq" / name).read_text() for name in ("parse.py", "validate.py"))
    used = set(re.findall(r'(?:problem\(|Diagnostic\()f?"([a-z-]+)"', source))
    used |= {f"duplicate-{kind}" for kind in ("test", "change")} if "duplicate-{kind}" in source else set()
    listed = re.search(r"codes: (.*?)\)", parse_module.parse.__doc__, re.S).group(1)
    assert used == {code.strip(" .\n") for code in listed.replace("\n", " ").split(",")}
    page = (root / "docs" / "sequences.md").read_text()
    assert all(f"`{code}`" in page for code in used), sorted(c for c in used if f"`{c}`" not in page)
