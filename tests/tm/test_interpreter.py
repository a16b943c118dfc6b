"""The fast interpreter against a tiny, obviously-correct one, and the busy beavers' known values."""

import hashlib
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rnnprog import source
from rnnprog.errors import InputError
from rnnprog.tm import interpreter, parse
from rnnprog.tm.ir import Config, Program, Rule, initial_config, result_of
from rnnprog.tm.strategies import tapes, turing_machines

PROGRAMS = Path(__file__).resolve().parents[2] / "programs"
BB5 = "1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA"
#: Cheap examples: the reference costs O(tape) a step, and budgets stay small.
MANY = settings(max_examples=max(300, settings.default.max_examples))


def reference(program: Program, tape: str, head: int, max_steps: int, *, keep: bool = True):
    """Each configuration (kept only if `keep`) and the Result: a dict tape, a Config rebuilt each step."""
    config = initial_config(program, tape, head)
    configs, steps = [config] if keep else [], 0
    while True:
        cells = dict(config.cells)
        rule = program.rule_for(config.state, cells.get(config.head, program.blank))
        # a machine that would halt where the budget runs out counts as halted
        if rule is None or steps >= max_steps:
            break
        cells[config.head] = rule.write
        cells = {c: s for c, s in cells.items() if s != program.blank}
        head = config.head + (1 if rule.move == "R" else -1)
        config = Config(rule.next, head, tuple(sorted(cells.items())))
        if keep:
            configs.append(config)
        steps += 1
    return configs, result_of(config, halted=rule is None, steps=steps, blank=program.blank)


@st.composite
def runs(draw, notation="bb"):
    machine = draw(turing_machines(max_states=5, max_symbols=4, notation=notation))
    return (machine, draw(tapes(machine, max_size=8)), draw(st.integers(-3, 10)),
            draw(st.one_of(st.integers(-1, 8), st.integers(0, 300))))


def _agree(machine, tape, head, max_steps):
    configs, result = reference(machine, tape, head, max_steps)
    assert list(interpreter.configurations(machine, tape, head=head, max_steps=max_steps)) == configs
    assert interpreter.interpret(machine, tape, head=head, max_steps=max_steps) == result
    for before, after in zip(configs, configs[1:]):
        assert interpreter.step(machine, before) == after


@MANY
@example(case=(parse("1RB1LB_1LA1RZ"), "", 0, 6))
@example(case=(parse("1RB1LB_1LA1RZ"), "", 0, 5))  # cut off one step before its halt
@example(case=(parse("1RB1LB_1LA1RZ"), "", 0, 0))
@example(case=(parse("1RZ---"), "", 0, 0))  # halts where the budget runs out: halted, 0 steps
@example(case=(parse("0LA"), "", 4, 200))  # grows the tape leftwards many times
@example(case=(parse("1RA1RA"), "111", -3, 200))  # and rightwards
@given(case=runs())
def test_agrees_with_reference(case):
    _agree(*case)


@MANY
@given(case=runs(notation="table"))
def test_agrees_with_reference_for_rule_tables(case):
    _agree(*case)


def test_many_symbols_past_a_byte():
    """300 symbols do not fit a bytearray: the tape is a list, with the same answers."""
    symbols = tuple(chr(0x100 + i) for i in range(300))
    rules = tuple(Rule("s", symbols[i], symbols[i + 1], "R", "s") for i in range(299))
    machine = Program(("s",), symbols, rules, "s")
    _agree(machine, symbols[0] + symbols[5] + symbols[298], 0, 10)


def test_bad_tape_symbol_raises():
    with pytest.raises(InputError):
        interpreter.interpret(parse("1RB1LB_1LA1RZ"), "2")
    with pytest.raises(InputError):
        next(interpreter.configurations(parse("1RB1LB_1LA1RZ"), "x"))


@pytest.mark.parametrize(("name", "steps", "ones", "tape", "head"), [
    ("bb2", 6, 4, "1111", 0),
    ("bb3", 21, 5, "11111", 1),
    ("bb3_ones", 14, 6, "111111", 2),
    ("bb4", 107, 13, "10111111111111", -9),
])
def test_busy_beavers(name, steps, ones, tape, head):
    machine = parse(source.read_text(PROGRAMS / f"{name}.tm"))
    got = interpreter.interpret(machine)
    assert (got.halted, got.steps, got.ones, got.tape, got.head) == (True, steps, ones, tape, head)
    assert got.state == "Z"
    assert got == reference(machine, "", 0, 10_000)[1]


def test_bb5_prefix_matches_reference():
    """The reference is quadratic: 20,000 steps (about half a second) is as far as it goes here."""
    machine = parse(BB5)
    expected = reference(machine, "", 0, 20_000, keep=False)[1]
    assert interpreter.interpret(machine, max_steps=20_000) == expected


def test_bb5_after_a_million_steps():
    # pinned: the old sort-the-tape-every-step interpreter gave this exact Result (in 90-150 s)
    got = interpreter.interpret(parse(BB5), max_steps=1_000_000)
    assert (got.halted, got.steps, got.state, got.ones, got.head, got.origin, len(got.tape)) == \
        (False, 1_000_000, "B", 1355, -1444, -1967, 2001)
    assert hashlib.sha256(got.tape.encode()).hexdigest()[:16] == "fb2db29127fc2f9e"


@pytest.mark.slow
def test_bb5_runs_to_its_halt():
    got = interpreter.interpret(parse(BB5), max_steps=50_000_000)
    assert (got.halted, got.steps, got.ones, got.state) == (True, 47_176_870, 4098, "Z")
