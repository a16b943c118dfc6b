"""The reference interpreter of sequence programs, independent of the compiler (shares only the IR).

Tick t (t = 1, 2, ...) reads input symbol t, or END once the input is spent; the one rule whose
state, symbol and counter tests match fires: the machine moves to its target, changes its
counters and emits its output. No matching rule: the run ends, rejected. Entering an accept
state: the run ends, accepted. The budget `max_steps` counts the END ticks after the input.
"""

from __future__ import annotations

from dataclasses import dataclass

from rnnprog.seq.ir import ACCEPTED, END, REJECTED, RUNNING, Program, symbols_of

#: END ticks a run may take after its input when no budget is given.
DEFAULT_MAX_STEPS = 1000


@dataclass(frozen=True)
class Step:
    """The machine after one tick: the rule that fired (its index, None at tick 0 or when none
    did), the state (None once rejected), the counters, the output and the status."""

    rule: int | None
    state: str | None
    counters: tuple[int, ...]
    output: str | None
    status: str

    def __str__(self) -> str:
        counters = " ".join(map(str, self.counters))
        rule = "-" if self.rule is None else f"rule {self.rule}"
        state = "(rejected)" if self.state is None else self.state
        return f"{rule}: {state} [{counters}] out {self.output or '-'} ({self.status})"


@dataclass(frozen=True)
class Run:
    """An interpreted run: the input read and the machine at ticks 0 (the start) .. the last."""

    symbols: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def end(self) -> str:
        """accepted, rejected or running (the budget ran out)."""
        return self.steps[-1].status

    @property
    def ticks(self) -> int:
        return len(self.steps) - 1

    @property
    def outputs(self) -> tuple[str, ...]:
        """The emitted symbols in order (ticks without an output emit nothing)."""
        return tuple(s.output for s in self.steps if s.output is not None)


def start(program: Program) -> Step:
    """The machine before tick 1: the start state, every counter 0."""
    return Step(None, program.start, (0,) * len(program.counters), None, RUNNING)


def interpret(program: Program, text, *, max_steps: int | None = None) -> Run:
    """Run `program` on an input (a string, one character a symbol, or a list of symbols).

    Raises:
        InputError: a symbol outside the alphabet.
    """
    symbols = symbols_of(program, text)
    budget = DEFAULT_MAX_STEPS if max_steps is None else max_steps
    table = _table(program)
    steps = [start(program)]
    while steps[-1].status == RUNNING and len(steps) <= len(symbols) + budget:
        t = len(steps)
        symbol = symbols[t - 1] if t <= len(symbols) else END
        steps.append(tick(program, table, steps[-1], symbol))
    return Run(symbols, tuple(steps))


def tick(program: Program, table: dict, now: Step, symbol: str) -> Step:
    """The machine after reading `symbol` in configuration `now`."""
    values = dict(zip(program.counters, now.counters))
    for k in table.get((now.state, symbol), ()):
        rule = program.rules[k]
        if rule.matches(now.state, symbol, values):
            counters = tuple(values[c] + rule.delta(c) for c in program.counters)
            status = ACCEPTED if rule.target in program.accept else RUNNING
            return Step(k, rule.target, counters, rule.output, status)
    return Step(None, None, now.counters, None, REJECTED)


def _table(program: Program) -> dict[tuple[str, str], list[int]]:
    """Rule indices by (state, symbol)."""
    out: dict[tuple[str, str], list[int]] = {}
    for k, rule in enumerate(program.rules):
        out.setdefault((rule.state, rule.symbol), []).append(k)
    return out
