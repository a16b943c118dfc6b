"""The Turing-machine IR: frozen rules and programs, decoded configurations and run results."""

from __future__ import annotations

from dataclasses import dataclass, field

from rnnprog.errors import InputError

#: The NEXT word that halts in rule tables (busy-beaver lines halt on any undefined state).
HALT = "halt"
MOVES = ("L", "R")
BB_STATES = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Rule:
    """One transition: in `state` reading `read`, write `write`, move `move`, go to `next`.

    A bare halt (`state read halt`) has `write`, `move` and `next` all None: it stops the machine
    without writing or moving, exactly like a missing rule, and is not counted as a step.
    """

    state: str
    read: str
    write: str | None
    move: str | None
    next: str | None
    line: int = field(default=0, compare=False, repr=False)
    col: int = field(default=1, compare=False, repr=False)
    next_col: int = field(default=1, compare=False, repr=False)

    @property
    def is_bare_halt(self) -> bool:
        return self.write is None

    def __str__(self) -> str:
        if self.is_bare_halt:
            return f"{self.state} {self.read} {HALT}"
        return f"{self.state} {self.read} {self.write} {self.move} {self.next}"


@dataclass(frozen=True)
class Program:
    """A Turing machine: defined states in order, symbols (blank first), rules, start state.

    `notation` is "bb" (the busy-beaver one-line form, states A, B, ..., symbols 0..k-1) or
    "table" (named rule table); `str(program)` prints it back in that notation.
    """

    states: tuple[str, ...]
    symbols: tuple[str, ...]
    rules: tuple[Rule, ...]
    start: str
    name: str | None = None
    notation: str = "table"

    @property
    def blank(self) -> str:
        return self.symbols[0]

    @property
    def halt_states(self) -> tuple[str, ...]:
        """Names that rules go to but that have no rules of their own (`halt`, `Z`, ...)."""
        seen = dict.fromkeys(r.next for r in self.rules if r.next is not None and r.next not in self.states)
        return tuple(seen)

    @property
    def all_states(self) -> tuple[str, ...]:
        return self.states + self.halt_states

    def rule_for(self, state: str, symbol: str) -> Rule | None:
        """The executable rule for (state, symbol), or None where the machine halts."""
        for rule in self.rules:
            if rule.state == state and rule.read == symbol and not rule.is_bare_halt:
                return rule
        return None

    def __str__(self) -> str:
        return _bb_text(self) if self.notation == "bb" else _table_text(self)


def _bb_text(program: Program) -> str:
    parts = []
    for state in program.states:
        cells = []
        for symbol in program.symbols:
            rule = program.rule_for(state, symbol)
            cells.append("---" if rule is None else f"{rule.write}{rule.move}{rule.next}")
        parts.append("".join(cells))
    return "_".join(parts) + "\n"


def _table_text(program: Program) -> str:
    lines = []
    if program.name:
        lines.append(f"name: {program.name}")
    lines.append(f"start: {program.start}")
    lines.append(f"blank: {program.blank}")
    lines.extend(str(rule) for rule in program.rules)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Config:
    """A machine configuration: state, head cell and the non-blank cells as sorted (cell, symbol)."""

    state: str
    head: int
    cells: tuple[tuple[int, str], ...]

    def symbol_at(self, cell: int, blank: str) -> str:
        return dict(self.cells).get(cell, blank)

    def window(self, blank: str, lo: int, hi: int) -> str:
        """The symbols of cells lo..hi inclusive."""
        tape = dict(self.cells)
        return "".join(tape.get(i, blank) for i in range(lo, hi + 1))


@dataclass(frozen=True)
class Result:
    """What a run ends with: `tape` spans the leftmost to rightmost non-blank cell, from `origin`."""

    halted: bool
    steps: int
    state: str
    tape: str
    head: int
    ones: int
    origin: int

    def as_dict(self) -> dict:
        return {"halted": self.halted, "steps": self.steps, "state": self.state, "tape": self.tape,
                "origin": self.origin, "head": self.head, "ones": self.ones}


def result_of(config: Config, *, halted: bool, steps: int, blank: str) -> Result:
    """Summarise a configuration as a Result (tape trimmed of blanks on both sides)."""
    if not config.cells:
        return Result(halted, steps, config.state, "", config.head, 0, config.head)
    lo, hi = config.cells[0][0], config.cells[-1][0]
    tape = config.window(blank, lo, hi)
    return Result(halted, steps, config.state, tape, config.head, tape.count("1"), lo)


def initial_config(program: Program, tape: str, head: int = 0) -> Config:
    """The start configuration: `tape` written from cell 0, head on cell `head`.

    Raises:
        InputError: a tape that is not a string, a tape character that is not one of the
            machine's symbols, or a head that is not a whole number.
    """
    if not isinstance(tape, str):
        raise InputError(f"a Turing machine's input is a tape string, not {type(tape).__name__}")
    if isinstance(head, bool) or not isinstance(head, int):
        raise InputError(f"head={head!r}: a head position is a whole number")
    bad = sorted(set(tape) - set(program.symbols))
    if bad:
        raise InputError(f"tape symbol(s) {', '.join(map(repr, bad))} are not used by this machine; "
                         f"its symbols are {' '.join(program.symbols)} (blank {program.blank!r})")
    cells = tuple((i, s) for i, s in enumerate(tape) if s != program.blank)
    return Config(program.start, head, cells)
