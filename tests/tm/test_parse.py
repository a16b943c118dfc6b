"""Parsing both notations, round trips, and every error with its code, line and column."""

import pytest
from hypothesis import given

from rnnprog.errors import ProgramError
from rnnprog.tm import Program, parse, strategies
from rnnprog.tm.ir import Rule

INCREMENT = """name: binary increment   # a comment
start: right
blank: _
right 0 0 R right
right 1 1 R right
right _ _ L carry
carry 1 0 L carry ; another comment
carry 0 1 L halt
carry _ 1 L halt
right x halt
"""


def test_busy_beaver_line():
    p = parse("1RB1LB_1LA1RZ   # BB(2)")
    assert p.states == ("A", "B") and p.symbols == ("0", "1") and p.halt_states == ("Z",)
    assert p.rule_for("B", "1") == Rule("B", "1", "1", "R", "Z")
    assert p.notation == "bb" and p.start == "A"


def test_undefined_transition_halts():
    p = parse("1RB---_1LA1RB")
    assert p.rule_for("A", "1") is None


def test_rule_table_with_headers_and_bare_halt():
    p = parse(INCREMENT)
    assert p.name == "binary increment" and p.start == "right" and p.blank == "_"
    assert p.symbols == ("_", "0", "1", "x")
    assert p.rule_for("right", "x") is None
    assert Rule("right", "x", None, None, None) in p.rules
    assert p.halt_states == ("halt",)


def test_rule_table_defaults():
    p = parse("a 0 1 R b\nb 0 1 L halt\n")
    assert p.start == "a" and p.blank == "0" and p.name is None


def test_spans_are_not_part_of_equality():
    assert parse("\n\n" + INCREMENT) == parse(INCREMENT)


@pytest.mark.parametrize("text", ["1RB1LB_1LA1RZ\n", INCREMENT])
def test_round_trip_of_fixed_programs(text):
    p = parse(text)
    assert parse(str(p)) == p


@given(strategies.turing_machines())
def test_round_trip_busy_beaver_notation(machine: Program):
    assert parse(str(machine)) == machine


@given(strategies.turing_machines(notation="table", max_symbols=5))
def test_round_trip_table_notation(machine: Program):
    assert parse(str(machine)) == machine


def _errors(text):
    with pytest.raises(ProgramError) as info:
        parse(text, path="m.tm")
    return [(d.code, d.line, d.col) for d in info.value.diagnostics]


@pytest.mark.parametrize("text, expected", [
    ("", [("empty-program", 1, 1)]),
    ("# only a comment\n\n", [("empty-program", 1, 1)]),
    ("name: x\n", [("empty-program", 1, 1)]),
    ("a 0 1 R b\n", [("unknown-state", 1, 9)]),
    ("a 0 1 X a\n", [("bad-move", 1, 7)]),
    ("a 0 1 R\n", [("field-count", 1, 1)]),
    ("a 0 1 R a extra\n", [("field-count", 1, 1)]),
    ("a 0 stop\n", [("field-count", 1, 1)]),
    ("a 0 1 R a\n  a 0 0 L a\n", [("duplicate-rule", 2, 3)]),
    ("a 00 1 R a\n", [("bad-symbol", 1, 3)]),
    ("halt 0 1 R halt\n", [("reserved-state", 1, 1)]),
    ("start: b\na 0 1 R a\n", [("unknown-state", 1, 8)]),
    ("colour: red\na 0 1 R a\n", [("unknown-header", 1, 1)]),
    ("blank: _\nblank: .\na _ 1 R a\n", [("duplicate-header", 2, 1)]),
    ("blank: __\na _ 1 R a\n", [("bad-symbol", 1, 8)]),
    ("1RB1LB_1LA", [("bb-triple", 1, 8)]),
    ("1RB1LB_1LA1RZ_1R", [("bb-triple", 1, 15)]),
    ("1RB1XB_2LA1R?", [("bad-move", 1, 5), ("bad-symbol", 1, 8), ("bad-state", 1, 13)]),
])
def test_errors_are_located(text, expected):
    assert _errors(text) == expected


def test_every_problem_is_reported_at_once():
    text = "a 0 1 X b\nb 0 11 R a\nc 0 1 R nowhere\n"
    assert _errors(text) == [("bad-move", 1, 7), ("bad-symbol", 2, 5), ("unknown-state", 3, 9)]


def test_a_malformed_rule_still_defines_its_state():
    assert _errors("a 0 1 R b\nb 0 1 X a\n") == [("bad-move", 2, 7)]


def test_error_message_shows_the_line_and_a_caret():
    with pytest.raises(ProgramError) as info:
        parse("a 0 1 X a\n", path="m.tm")
    text = str(info.value)
    assert "m.tm:1:7: error[bad-move]" in text and "    a 0 1 X a\n          ^" in text
