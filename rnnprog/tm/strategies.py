"""Hypothesis strategies for random Turing machines and their tapes."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from rnnprog.tm.ir import BB_STATES, Program
from rnnprog.tm.parser import parse

__all__ = ["tapes", "turing_machines"]

#: Names and symbols used for rule-table machines (blank first).
TABLE_STATES = ("start", "q1", "carry", "back", "scan", "erase", "loop", "done")
TABLE_SYMBOLS = ("_", "1", "x", "a", "b", "+", "0", "Y", "N", "=")


def turing_machines(*, max_states: int = 4, max_symbols: int = 3, notation: str = "bb") -> st.SearchStrategy:
    """Random machines with 1..max_states states and 2..max_symbols symbols.

    Each (state, symbol) gets a transition to a state or to halt, or none (it halts there).
    `notation="table"` draws rule tables with named states and symbols, and bare halts.
    Shrinks towards one state, two symbols, and transitions writing the blank, moving left and
    going to the first state.

    Raises:
        InvalidArgument: max_states outside 1..8 (table) or 1..26 (bb), max_symbols outside
            2..10, or an unknown notation.
    """
    if notation not in ("bb", "table"):
        raise InvalidArgument(f"notation={notation!r}; expected 'bb' or 'table'")
    top = len(BB_STATES) if notation == "bb" else len(TABLE_STATES)
    if not 1 <= max_states <= top:
        raise InvalidArgument(f"max_states={max_states!r}; expected 1..{top}")
    if not 2 <= max_symbols <= len(TABLE_SYMBOLS):
        raise InvalidArgument(f"max_symbols={max_symbols!r}; expected 2..{len(TABLE_SYMBOLS)}")
    return _machines(max_states, max_symbols, notation)


@st.composite
def _machines(draw, max_states: int, max_symbols: int, notation: str) -> Program:
    n = draw(st.integers(1, max_states))
    k = draw(st.integers(2, max_symbols))
    halt = "Z" if notation == "bb" else "halt"
    names = BB_STATES[:n] if notation == "bb" else TABLE_STATES[:n]
    choices = [st.tuples(st.integers(0, k - 1), st.sampled_from("LR"), st.sampled_from([*names, halt])),
               st.none()]
    if notation == "table":
        choices.append(st.just("bare"))
    if notation == "bb":
        cells = draw(st.lists(st.one_of(*choices), min_size=n * k, max_size=n * k))
        return parse(_bb_text(cells, n, k))
    # a rule table names its start state in a rule: (start, blank) always has one
    first = draw(st.one_of(choices[0], st.just("bare")))
    cells = [first, *draw(st.lists(st.one_of(*choices), min_size=n * k - 1, max_size=n * k - 1))]
    return parse(_table_text(cells, names, k))


def _bb_text(cells: list, n: int, k: int) -> str:
    def triple(cell):
        return "---" if cell is None or cell == "bare" else f"{cell[0]}{cell[1]}{cell[2]}"
    return "_".join("".join(triple(cells[q * k + a]) for a in range(k)) for q in range(n))


def _table_text(cells: list, names: tuple[str, ...], k: int) -> str:
    lines = [f"start: {names[0]}", f"blank: {TABLE_SYMBOLS[0]}"]
    defined = {names[i // k] for i, cell in enumerate(cells) if cell is not None}
    for i, cell in enumerate(cells):
        state, read = names[i // k], TABLE_SYMBOLS[i % k]
        if cell == "bare":
            lines.append(f"{state} {read} halt")
        elif cell is not None:
            nxt = cell[2] if cell[2] in defined else "halt"  # a rule table cannot name an empty state
            lines.append(f"{state} {read} {TABLE_SYMBOLS[cell[0]]} {cell[1]} {nxt}")
    return "\n".join(lines) + "\n"


def tapes(machine: Program, *, max_size: int = 8) -> st.SearchStrategy:
    """Initial tapes over the machine's symbols, up to max_size cells. Shrinks towards the empty tape.

    Raises:
        InvalidArgument: max_size is negative.
    """
    if max_size < 0:
        raise InvalidArgument(f"max_size={max_size!r}; expected >= 0")
    return st.text(alphabet=st.sampled_from(machine.symbols), max_size=max_size)
