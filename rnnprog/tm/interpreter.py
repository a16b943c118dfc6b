"""The reference interpreter: an unbounded mutable tape, O(1) per step, independent of the compiler."""

from __future__ import annotations

from collections.abc import Iterator

from rnnprog.tm.ir import Config, Program, Result, initial_config, result_of

DEFAULT_MAX_STEPS = 10_000


def step(program: Program, config: Config) -> Config | None:
    """Execute one transition, or return None where the machine halts (no rule, bare halt, halt state).

    Args:
        program: the machine.
        config: the configuration before the step.

    Returns:
        The configuration after the step, or None when no transition applies.
    """
    tape = dict(config.cells)
    rule = program.rule_for(config.state, tape.get(config.head, program.blank))
    if rule is None:
        return None
    if rule.write == program.blank:
        tape.pop(config.head, None)
    else:
        tape[config.head] = rule.write
    head = config.head + (1 if rule.move == "R" else -1)
    return Config(rule.next, head, tuple(sorted(tape.items())))


class _Machine:
    """A running machine with integer-coded symbols (blank 0) on a tape with a sentinel at each end.

    Each state is a row: row[symbol] is (write, delta, next row), or None where it halts. Every row
    is None at the sentinel code too, so the hot loop needs no bounds check: it stops on a sentinel
    exactly as on a halt, and `run` tells the two apart and grows the tape.
    """

    def __init__(self, program: Program, config: Config):
        self.symbols = list(program.symbols)
        for rule in program.rules:  # defensive: a rule naming a symbol the program does not list
            for symbol in (rule.read, rule.write):
                if symbol is not None and symbol not in self.symbols:
                    self.symbols.append(symbol)
        code = {s: i for i, s in enumerate(self.symbols)}
        self.sentinel = len(self.symbols)
        names = [*program.states, *(r.state for r in program.rules), *program.halt_states, program.start]
        # one distinct row object per state: the final state's name is found by the row's identity
        self.rows = {name: [None] * (self.sentinel + 1) for name in dict.fromkeys(names)}
        for rule in reversed(program.rules):  # the first executable rule wins, as in rule_for
            if not rule.is_bare_halt:
                delta = 1 if rule.move == "R" else -1
                self.rows[rule.state][code[rule.read]] = (code[rule.write], delta, self.rows[rule.next])
        self.row = self.rows[config.state]
        cells = dict(config.cells)
        lo = min(0, config.head, *cells) if cells else min(0, config.head)
        hi = max(0, config.head, *cells) if cells else max(0, config.head)
        codes = [self.sentinel] + [0] * (hi - lo + 1) + [self.sentinel]
        # a bytearray is compact and fast; a list takes any number of symbols
        self.tape = bytearray(codes) if self.sentinel < 256 else codes
        self.origin = 1 - lo  # tape index of cell 0
        for cell, symbol in cells.items():
            self.tape[cell + self.origin] = code[symbol]
        self.pos = config.head + self.origin

    def run(self, budget: int) -> int:
        """Execute up to `budget` transitions; return how many ran (fewer only where it halts)."""
        row, tape, pos, sentinel, done = self.row, self.tape, self.pos, self.sentinel, 0
        while done < budget:
            for i in range(budget - done):  # noqa: B007 - i counts the steps: read after a break
                rule = row[tape[pos]]
                if rule is None:
                    break
                tape[pos], delta, row = rule
                pos += delta
            else:
                done = budget
                break
            done += i
            if tape[pos] != sentinel:
                break  # a real halt
            pos = self._grow(pos)
        self.row = row
        self.pos = pos if tape[pos] != sentinel else self._grow(pos)  # leave the head on a real cell
        return done

    def _grow(self, pos: int) -> int:
        """Turn the sentinel at `pos` into a blank and double the tape on that side; the head's new index."""
        tape, extra = self.tape, len(self.tape)
        tape[pos] = 0
        if pos == 0:
            tape[:0] = [self.sentinel] + [0] * (extra - 1)
            self.origin += extra
            return pos + extra
        tape.extend([0] * (extra - 1) + [self.sentinel])
        return pos

    def halted(self) -> bool:
        """Whether no transition applies in the current configuration."""
        return self.row[self.tape[self.pos]] is None

    def config(self) -> Config:
        """The current configuration as an immutable Config (O(tape length))."""
        state = next(name for name, row in self.rows.items() if row is self.row)
        symbols, sentinel, origin = self.symbols, self.sentinel, self.origin
        cells = tuple((i - origin, symbols[c]) for i, c in enumerate(self.tape) if c and c != sentinel)
        return Config(state, self.pos - origin, cells)


def configurations(program: Program, tape: str, *, head: int = 0,
                   max_steps: int = DEFAULT_MAX_STEPS) -> Iterator[Config]:
    """Yield the configuration before step 1, after step 1, ..., until it halts or max_steps steps ran.

    Raises:
        InputError: a tape character is not one of the machine's symbols.
    """
    machine = _Machine(program, initial_config(program, tape, head))
    yield machine.config()
    for _ in range(max_steps):
        if not machine.run(1):
            return
        yield machine.config()


def interpret(program: Program, tape: str = "", *, head: int = 0,
              max_steps: int = DEFAULT_MAX_STEPS) -> Result:
    """Run the machine on an unbounded tape.

    Args:
        program: the machine.
        tape: initial cells from cell 0, one character each.
        head: the starting cell.
        max_steps: the most transitions to execute.

    Returns:
        A Result; `halted` is False when it was still running after max_steps steps (a machine that
        halts right where the budget runs out counts as halted).

    Raises:
        InputError: a tape character is not one of the machine's symbols.
    """
    machine = _Machine(program, initial_config(program, tape, head))
    steps = machine.run(max_steps)
    return result_of(machine.config(), halted=machine.halted(), steps=steps, blank=program.blank)
