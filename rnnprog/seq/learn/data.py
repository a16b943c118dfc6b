"""Labelled inputs for a sequence program, every label from its reference interpreter.

Two tasks: a *recogniser* (no outputs: the target is accepted or not at the end) and a
*synchronous* program (an output on every input tick: the targets are the per-tick outputs).
For recognisers, uniform random strings are almost all rejected, so `balanced` draws accepted
strings of an exact length by a walk over the machine's configurations that only takes symbols
from which acceptance is still reachable (`Positives`), and rejected ones by mutating them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from rnnprog.seq.interpret import Step, _table, interpret, tick
from rnnprog.seq.ir import ACCEPTED, END, REJECTED, RUNNING, Program

RECOGNISER, SYNCHRONOUS = "recogniser", "synchronous"
#: The class of a tick that emits nothing (synchronous targets). Not a string: any string may be
#: an output symbol (a program emitting `-` once shared this class with "no output").
NONE = None
_ACCEPT = ("<accepted>", ())


def task(program: Program) -> str | None:
    """RECOGNISER (no outputs), SYNCHRONOUS (every rule reading an input symbol emits), else None."""
    if not program.outputs:
        return RECOGNISER
    if all(r.output is not None for r in program.rules if r.symbol != END):
        return SYNCHRONOUS
    return None


def accepts_early(program: Program) -> bool:
    """Whether a rule reading an input symbol enters an accept state: such a run can accept (and
    stop) before its input ends, so a recogniser's verdict is read at every tick, not at the end."""
    return any(r.symbol != END and r.target in program.accept for r in program.rules)


def refusal(program: Program) -> str | None:
    """Why `train` cannot learn this program, or None.

    A recogniser's verdict is read by the one `$` after its input (the model sees no more), so
    a rule reading `$` must end the run: enter an accept state, or else a later `$` tick could
    still accept and the compiled start could not be exact."""
    mode = task(program)
    if mode is None:
        return ("train handles recognisers (no outputs) and synchronous programs (an output "
                "on every input tick)")
    late = [k for k, r in enumerate(program.rules) if r.symbol == END and r.target not in program.accept]
    if mode == RECOGNISER and late:
        return (f"train reads a recogniser's verdict by the first `$` after the input, but rule "
                f"{late[0] + 1} (`{program.rules[late[0]]}`) reads `$` without accepting, so the "
                "verdict can take more `$` ticks")
    return None


@dataclass(frozen=True)
class Example:
    """One input, its verdict (accepted at the end) and the interpreter's output at each input
    tick (NONE where nothing is emitted)."""

    text: str
    accepted: bool
    ticks: tuple[str | None, ...]


def label(program: Program, text: str) -> Example:
    """The interpreter's verdict and per-tick outputs (NONE where nothing is emitted)."""
    run = interpret(program, text)
    outs = [s.output for s in run.steps[1:len(text) + 1]]
    return Example(text, run.end == ACCEPTED, tuple(outs + [NONE] * (len(text) - len(outs))))


class Positives:
    """Accepted inputs of an exact length, drawn uniformly per step among the symbols from which
    acceptance stays reachable (forward sets of configurations, then a backward pass)."""

    def __init__(self, program: Program):
        self.program, self.table = program, _table(program)
        self._good: dict[int, list[set]] = {}
        #: config -> ((symbol, next config), ...): a configuration's moves do not depend on when
        #: it is reached, so each is worked out once however many layers and draws meet it.
        self._moves: dict = {}
        index = {c: i for i, c in enumerate(program.counters)}
        #: (state, symbol) -> [(zero tests, positive tests, deltas, target, accepts)] for speed.
        self.rules = {key: [(tuple(index[c] for c in program.rules[k].zero),
                             tuple(index[c] for c in program.rules[k].positive),
                             tuple(program.rules[k].delta(c) for c in program.counters),
                             program.rules[k].target, program.rules[k].target in program.accept)
                            for k in ks] for key, ks in self.table.items()}

    def _next(self, config, symbol):
        """The configuration after reading `symbol` (the same rule choice as interpret.tick)."""
        if config == _ACCEPT:
            return _ACCEPT
        state, values = config
        for zero, positive, deltas, target, accepts in self.rules.get((state, symbol), ()):
            if all(values[i] == 0 for i in zero) and all(values[i] > 0 for i in positive):
                return _ACCEPT if accepts else (target, tuple(map(sum, zip(values, deltas, strict=True))))
        return None

    def moves(self, config) -> tuple:
        """(symbol, next configuration) for every symbol a rule reads from `config`."""
        out = self._moves.get(config)
        if out is None:
            out = self._moves[config] = tuple((x, n) for x in self.program.alphabet
                                              if (n := self._next(config, x)) is not None)
        return out

    def _accepts(self, config) -> bool:
        """Does the machine accept reading only END from here (within the interpreter's budget)?"""
        now = Step(None, config[0], config[1], None, RUNNING) if config != _ACCEPT else None
        for _ in range(1000):
            if now is None or now.status == ACCEPTED:
                return True
            if now.status == REJECTED:
                return False
            now = tick(self.program, self.table, now, END)
        return False

    def good(self, length: int) -> list[set]:
        """For each tick t, the configurations after t symbols that can still end accepted."""
        if length not in self._good:
            layers = [{(self.program.start, (0,) * len(self.program.counters))}]
            for _ in range(length):
                layers.append({n for c in layers[-1] for _, n in self.moves(c)})
            good = [set() for _ in layers]
            good[length] = {c for c in layers[length] if self._accepts(c)}
            for t in range(length - 1, -1, -1):
                good[t] = {c for c in layers[t] if any(n in good[t + 1] for _, n in self.moves(c))}
            self._good[length] = good
        return self._good[length]

    def draw(self, length: int, rng: random.Random) -> str | None:
        """A random accepted input of `length` symbols, or None if there is none."""
        good = self.good(length)
        config = (self.program.start, (0,) * len(self.program.counters))
        if config not in good[0]:
            return None
        text = []
        for t in range(length):
            symbol, config = rng.choice([m for m in self.moves(config) if m[1] in good[t + 1]])
            text.append(symbol)
        return "".join(text)


def _mutate(text: str, alphabet, rng: random.Random) -> str:
    """Change one to three positions to another symbol (or swap two when there is one symbol)."""
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(chars))
        chars[i] = rng.choice([a for a in alphabet if a != chars[i]] or list(alphabet))
    return "".join(chars)


def uniform(program: Program, length: int, rng: random.Random) -> str:
    return "".join(rng.choice(program.alphabet) for _ in range(length))


def one(program: Program, positives: Positives, length: int, accepted: bool,
        rng: random.Random, tries: int = 20) -> Example:
    """A labelled input of `length` symbols, accepted or rejected as asked where one is found in
    `tries` draws; rejected ones are mutated accepted ones (near misses) or uniform random strings."""
    example = None
    for _ in range(tries):
        seed = positives.draw(length, rng) if length else ""
        if accepted and seed is not None:
            return label(program, seed)
        text = _mutate(seed, program.alphabet, rng) if seed and rng.random() < 0.7 \
            else uniform(program, length, rng)
        example = label(program, text)
        if example.accepted == accepted or (accepted and seed is None):
            break
    return example


def balanced(program: Program, positives: Positives, length: int, count: int,
             rng: random.Random) -> list[Example]:
    """`count` labelled inputs of `length` symbols, alternately accepted and rejected (where any
    input of that length is accepted)."""
    return [one(program, positives, length, k % 2 == 0, rng) for k in range(count)]


def sample(program: Program, positives: Positives | None, length: int, count: int,
           rng: random.Random) -> list[Example]:
    """Inputs of exactly `length` symbols: balanced for recognisers, uniform for synchronous ones."""
    if positives is not None:
        return balanced(program, positives, length, count, rng)
    return [label(program, uniform(program, length, rng)) for _ in range(count)]
