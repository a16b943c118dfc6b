"""The sequence-program IR: rules over states, input symbols and zero tests of counters."""

from __future__ import annotations

from dataclasses import dataclass, field

from rnnprog.errors import InputError, clip

#: The end-of-input symbol: read at every tick after the input ends.
END = "$"
#: How a run ends: an accept state entered, no rule for the symbol read, or the budget spent.
ACCEPTED, REJECTED, RUNNING = "accepted", "rejected", "running"


@dataclass(frozen=True)
class Rule:
    """`state symbol tests -> target changes [out output]`.

    `tests` are (counter, must_be_zero) in source order; `changes` are (counter, +1 or -1).
    """

    state: str
    symbol: str
    tests: tuple[tuple[str, bool], ...]
    target: str
    changes: tuple[tuple[str, int], ...] = ()
    output: str | None = None
    line: int = field(default=0, compare=False)

    @property
    def zero(self) -> tuple[str, ...]:
        """Counters this rule needs to be 0."""
        return tuple(c for c, is_zero in self.tests if is_zero)

    @property
    def positive(self) -> tuple[str, ...]:
        """Counters this rule needs to be > 0."""
        return tuple(c for c, is_zero in self.tests if not is_zero)

    def delta(self, counter: str) -> int:
        return dict(self.changes).get(counter, 0)

    def matches(self, state: str, symbol: str, counters: dict[str, int]) -> bool:
        """Does this rule fire in `state` reading `symbol` with these counter values?"""
        return (state, symbol) == (self.state, self.symbol) and \
            all((counters[c] == 0) == is_zero for c, is_zero in self.tests)

    def __str__(self) -> str:
        tests = [f"{c}=0" if z else f"{c}>0" for c, z in self.tests]
        changes = [f"{c}{'+' if d > 0 else '-'}1" for c, d in self.changes]
        out = [] if self.output is None else ["out", self.output]
        return " ".join([self.state, self.symbol, *tests, "->", self.target, *changes, *out])


@dataclass(frozen=True)
class Program:
    """A machine: input alphabet (single characters; END is implicit), counters, start state,
    accept states (entering one ends the run, accepted) and rules (deterministic)."""

    alphabet: tuple[str, ...]
    counters: tuple[str, ...]
    start: str
    accept: tuple[str, ...]
    rules: tuple[Rule, ...]
    source: str = field(default="", compare=False, repr=False)
    path: str = field(default="<string>", compare=False, repr=False)

    @property
    def symbols(self) -> tuple[str, ...]:
        """Every symbol a tick can read: the alphabet, then END (the network's input columns)."""
        return (*self.alphabet, END)

    @property
    def states(self) -> tuple[str, ...]:
        """The start state, then every other state in order of first mention."""
        names = [self.start, *(n for r in self.rules for n in (r.state, r.target)), *self.accept]
        return tuple(dict.fromkeys(names))

    @property
    def outputs(self) -> tuple[str, ...]:
        """The output symbols, in order of first use."""
        return tuple(dict.fromkeys(r.output for r in self.rules if r.output is not None))

    def __str__(self) -> str:
        lines = [f"alphabet: {' '.join(self.alphabet)}"]
        if self.counters:
            lines.append(f"counters: {' '.join(self.counters)}")
        lines.append(f"start: {self.start}")
        if self.accept:
            lines.append(f"accept: {' '.join(self.accept)}")
        return "\n".join([*lines, *map(str, self.rules)]) + "\n"


def symbols_of(program: Program, text: str | list | tuple) -> tuple[str, ...]:
    """An input as a tuple of alphabet symbols: a string is read one character a symbol
    (spaces ignored); a list or tuple is taken as symbols.

    Raises:
        InputError: a symbol outside the alphabet (END is implicit and may not be given).
    """
    symbols = tuple(c for c in text if not c.isspace()) if isinstance(text, str) else tuple(text)
    for i, symbol in enumerate(symbols):
        if symbol not in program.alphabet:
            hint = " (the end symbol $ is added after the input by itself)" if symbol == END else ""
            raise InputError(f"input symbol {i + 1} is {clip(str(symbol))!r}, not in the alphabet "
                             f"{' '.join(program.alphabet)}{hint}")
    return symbols
