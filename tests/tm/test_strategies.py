"""The strategies reject bad bounds and draw what they promise."""

import pytest
from hypothesis import given
from hypothesis.errors import InvalidArgument

from rnnprog.tm import Program, parse, strategies


@pytest.mark.parametrize("kwargs", [{"max_states": 0}, {"max_states": 27}, {"max_symbols": 1},
                                    {"max_symbols": 11}, {"notation": "dot"},
                                    {"max_states": 9, "notation": "table"}])
def test_bad_bounds(kwargs):
    with pytest.raises(InvalidArgument):
        strategies.turing_machines(**kwargs).example()


def test_bad_tape_size():
    with pytest.raises(InvalidArgument):
        strategies.tapes(parse("1RA1RA"), max_size=-1)


@given(strategies.turing_machines(max_states=2, max_symbols=2))
def test_machines_respect_bounds(machine: Program):
    assert 1 <= len(machine.states) <= 2 and len(machine.symbols) == 2


@given(strategies.turing_machines().flatmap(lambda m: strategies.tapes(m, max_size=3).map(lambda t: (m, t))))
def test_tapes_use_the_machines_symbols(pair):
    machine, tape = pair
    assert len(tape) <= 3 and set(tape) <= set(machine.symbols)
