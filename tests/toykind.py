"""A toy kind in one file: `countdown NAME` counts the input NAME down to 0, one tick a step.

The proof that a kind is one package plus one registry line: with `kinds.register(KIND)`,
check, show, explain, .rnn files, `rnnprog run` and the public API work on it unchanged.
"""

from dataclasses import dataclass

from hypothesis import strategies as st

from rnnprog.errors import Diagnostic, ProgramError
from rnnprog.kindbase import BaseKind
from rnnprog.network.ir import Matrix, Network, Unit


@dataclass(frozen=True)
class Countdown:
    name: str = "n"

    def __str__(self) -> str:
        return f"countdown {self.name}\n"


@dataclass(frozen=True, eq=False)
class Compiled:
    program: Countdown
    network: Network


PC, REG, GATE, HALT = range(4)


def countdown_network(name: str) -> Network:
    """pc' = pc - g, c' = c - pc + g, g' = relu(2 pc - 2 g - c) (= [pc' = 1 and c' = 0]),
    halt' = halt + g; h(0) = relu(E [1, n]) puts pc = 1, c = n, g = relu(1 - n)."""
    units = (Unit("pc:loop", "pc", "running"), Unit(f"reg:{name}", "reg", "the counter"),
             Unit("gate:loop", "gate", "1 when running and the counter is 0"),
             Unit("pc:halt", "halt", "halted"))
    w = [(PC, PC, 1), (PC, GATE, -1), (REG, REG, 1), (REG, PC, -1), (REG, GATE, 1),
         (GATE, PC, 2), (GATE, GATE, -2), (GATE, REG, -1), (HALT, HALT, 1), (HALT, GATE, 1)]
    encoder = Matrix.of((4, 2), [(PC, 0, 1), (REG, 1, 1), (GATE, 0, 1), (GATE, 1, -1)])
    return Network(units, Matrix.of((4, 4), w), Matrix((4, 1)), Matrix((4, 1)), encoder=encoder,
                   encoder_names=(name,), halt_units=(HALT,), halt_absorbing=True, initial="pc=1, c=n")


def countdown_trace(name: str, inputs, max_steps: int) -> list:
    """The interpreter: ("running", n), ("running", n - 1), ..., ("running", 0), ("halted", 0)."""
    states, count = [("running", inputs[name])], inputs[name]
    while states[-1][0] == "running" and len(states) <= max_steps:
        states.append(("halted", 0) if count == 0 else ("running", count - 1))
        count = max(count - 1, 0)
    return states


class CountdownKind(BaseKind):
    name, extension, title, default_dtype, simplest = "cd", ".cd", "countdown", "float32", "countdown n\n"
    program_types, compiled_types = (Countdown,), (Compiled,)

    def parse(self, text, path):
        words = text.split()
        if len(words) != 2 or words[0] != "countdown" or not words[1].isidentifier():
            raise ProgramError([Diagnostic("bad-countdown", "expected `countdown NAME`", 1, 1)],
                               path=path, source=text)
        return Countdown(words[1])

    def build(self, program):
        return Compiled(program, countdown_network(program.name))

    def trace(self, program, inputs, *, max_steps):
        return countdown_trace(program.name, inputs, max_steps)

    def interpret(self, program, inputs, *, max_steps=None, **options):
        states = self.trace(self.program_of(program), inputs, max_steps=max_steps or 10_000)
        return states[-1], len(states) - 1

    def decode(self, compiled, state):
        return ("halted", 0) if state[HALT] > 0.5 else ("running", int(state[REG]))

    def programs(self):
        return st.sampled_from(["n", "count"]).map(Countdown)

    def inputs(self, program, limits):
        return st.fixed_dictionaries({program.name: st.integers(0, limits.max_input)})


KIND = CountdownKind()
