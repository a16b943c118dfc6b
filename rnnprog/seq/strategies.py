"""Hypothesis strategies for sequence programs (random deterministic counter machines) and inputs."""

from __future__ import annotations

import itertools

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from rnnprog.seq.ir import END, Program, Rule

__all__ = ["sequence_inputs", "sequence_programs"]

SYMBOLS = tuple("abc")
COUNTERS = ("n", "m", "k")
STATES = ("s", "t", "u", "v")
OUTPUTS = ("x", "y")
ACCEPT = "done"


@st.composite
def _body(draw, state: str, symbol: str, tests: tuple, counters: tuple, targets: tuple) -> Rule:
    """A rule for one guard: a target, counter changes (a decrement only where `>0` is tested)
    and maybe an output; shrinks to `state symbol tests -> s`."""
    positive = {c for c, zero in tests if not zero}
    changes = []
    for c in counters:
        delta = draw(st.sampled_from((0, 1, -1) if c in positive else (0, 1)))
        if delta:
            changes.append((c, delta))
    output = draw(st.none() | st.sampled_from(OUTPUTS))
    return Rule(state, symbol, tests, draw(st.sampled_from(targets)), tuple(changes), output)


@st.composite
def sequence_programs(draw, *, max_symbols: int = 2, max_counters: int = 2, max_states: int = 3,
                      max_keys: int = 6) -> Program:
    """Valid, deterministic programs: for each drawn (state, symbol) a set of tested counters,
    and for each zero/positive pattern of them maybe one rule (so guards never overlap).

    Shrinks towards one symbol, no counters, one state and the single rule `s a -> s`.
    """
    if not (1 <= max_symbols <= len(SYMBOLS) and 0 <= max_counters <= len(COUNTERS)
            and 1 <= max_states <= len(STATES) and max_keys >= 1):
        raise InvalidArgument("max_symbols 1..3, max_counters 0..3, max_states 1..4, max_keys >= 1")
    alphabet = SYMBOLS[:draw(st.integers(1, max_symbols))]
    counters = COUNTERS[:draw(st.integers(0, max_counters))]
    states = STATES[:draw(st.integers(1, max_states))]
    accept = (ACCEPT,) if draw(st.booleans()) else ()
    keys = draw(st.lists(st.tuples(st.sampled_from(states), st.sampled_from((*alphabet, END))),
                         min_size=1, max_size=max_keys, unique=True))
    rules = []
    for state, symbol in keys:
        tested = draw(st.lists(st.sampled_from(counters), unique=True, max_size=2)) if counters else []
        for pattern in itertools.product((True, False), repeat=len(tested)):
            if rules and draw(st.booleans()):
                continue  # no rule for this pattern: the machine rejects there
            tests = tuple(zip(tested, pattern))
            rules.append(draw(_body(state, symbol, tests, counters, (*states, *accept))))
    return Program(alphabet, counters, states[0], accept, tuple(rules))


def sequence_inputs(program: Program, *, max_size: int = 16):
    """Input strings over the program's alphabet, up to `max_size` symbols; shrinks to ""."""
    if max_size < 0:
        raise InvalidArgument(f"max_size={max_size} must be >= 0")
    return st.lists(st.sampled_from(program.alphabet), max_size=max_size).map("".join)
