"""A kind that implements the whole Kind protocol itself, without `rnnprog.kindbase.BaseKind`.

The proof that `kinds.Kind` is what generic code calls: registered, it runs through the public
API, check (and --perturb), show, explain, .rnn files, `rnnprog run` and `fuzz --kind`, and
nothing asks it for a member the protocol does not declare. It is the countdown network of
tests/toykind.py (`tick NAME` counts NAME down to 0), under another name and program type.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import click
import numpy as np
from hypothesis import strategies as st

from rnnprog import device as devices
from rnnprog.compare.steps import StepTarget
from rnnprog.errors import Diagnostic, InputError, ProgramError
from rnnprog.network import exact, runner, text
from rnnprog.network.ir import Network
from rnnprog.page import generic as page_generic
from tests.toykind import HALT, REG, countdown_network, countdown_trace


@dataclass(frozen=True)
class Tick:
    name: str = "n"

    def __str__(self) -> str:
        return f"tick {self.name}\n"


@dataclass(frozen=True, eq=False)
class TickNetwork:
    program: Tick
    network: Network


class PlainKind:
    """Every member of kinds.REQUIRED and kinds.PROVIDED, written out."""

    name, extension, title = "tick", ".tick", "tick program"
    default_dtype, dtypes, default_max_steps = "float64", ("float32", "float64", "exact"), 1_000
    simplest = "tick n\n"

    # --- kinds.REQUIRED ----------------------------------------------------------------------
    def parse(self, text_: str, path: str) -> Tick:
        words = text_.split()
        if len(words) != 2 or words[0] != "tick" or not words[1].isidentifier():
            raise ProgramError([Diagnostic("bad-tick", "expected `tick NAME`", 1, 1)], path=path,
                               source=text_)
        return Tick(words[1])

    def interpret(self, program, inputs, *, max_steps=None, **options):
        states = self.trace(program, inputs, max_steps=max_steps or self.default_max_steps)
        return states[-1], len(states) - 1

    def trace(self, program, inputs, *, max_steps: int) -> list:
        return countdown_trace(self.program_of(program).name, inputs, max_steps)

    def decode(self, compiled, state):
        return ("halted", 0) if state[HALT] > 0.5 else ("running", int(state[REG]))

    def programs(self):
        return st.sampled_from(["n", "m"]).map(Tick)

    def inputs(self, program, limits):
        return st.fixed_dictionaries({self.program_of(program).name: st.integers(0, limits.max_input)})

    # --- kinds.PROVIDED ----------------------------------------------------------------------
    def owns(self, value) -> bool:
        return isinstance(value, (Tick, TickNetwork))

    def program_of(self, value):
        return value.program if isinstance(value, TickNetwork) else value

    def compile(self, program):
        return program if isinstance(program, TickNetwork) else TickNetwork(program, countdown_network(
            program.name))

    def network(self, compiled) -> Network:
        return compiled.network

    def with_network(self, compiled, network):
        return dataclasses.replace(compiled, network=network)

    def hooks(self, compiled, dtype: str):
        return runner.Hooks()

    def initial_states(self, compiled, rows) -> np.ndarray:
        name = self.program_of(compiled).name
        h0 = np.zeros((len(rows), 4), dtype=object)
        for b, row in enumerate(rows):
            if set(row) != {name} or not isinstance(row[name], int) or row[name] < 0:
                raise InputError(f"inputs must be {{{name!r}: a natural number}}")
            h0[b, :3] = 1, row[name], max(0, 1 - row[name])
        return h0

    def results(self, compiled, final, steps, halted, device: str, dtype: str) -> list:
        return [(self.decode(compiled, list(h)), int(n), bool(done))
                for h, n, done in zip(final, steps, halted)]

    def run(self, program, inputs, *, device=None, dtype=None, max_steps=None, **options):
        compiled, single = self.compile(program), not isinstance(inputs, list)
        rows, budget = [inputs] if single else inputs, max_steps or self.default_max_steps
        dtype = devices.resolve_dtype(dtype or self.default_dtype)
        h0 = self.initial_states(compiled, rows)
        if dtype == "exact":
            done = exact.run(compiled.network, h0.tolist(), max_steps=budget)
        else:
            done = runner.run(compiled.network, h0, dtype=dtype, max_steps=budget,
                              device=devices.resolve_device(device))
        out = self.results(compiled, done.final, done.steps, done.halted, "cpu", dtype)
        return out[0] if single else out

    def target(self, compiled, *, dtype=None, device=None, max_steps: int, clean=None):
        return StepTarget(self, compiled, dtype=dtype or self.default_dtype, device=device,
                          max_steps=max_steps)

    def timeline(self, compiled, inputs, *, max_steps=None, dtype=None, keep=None, **options):
        return page_generic.timeline(self, compiled, inputs, max_steps=max_steps, dtype=dtype, keep=keep)

    def listing(self, compiled) -> list[str]:
        return ["program as parsed", "  " + str(self.program_of(compiled)).strip()]

    def explain(self, compiled, path: str) -> list[str]:
        network = compiled.network
        return [f"{path}: counts {self.program_of(compiled).name} down, one tick a step",
                *(f"{unit.label}: {text.equation(network, i)}" for i, unit in enumerate(network.units))]

    def facts(self, compiled) -> dict:
        return {"counter": self.program_of(compiled).name}

    def description(self, compiled) -> tuple[dict, dict]:
        return ({"inputs": [self.program_of(compiled).name], "initial_state": "pc=1, c=n"},
                {"halt_units": ["pc:halt"]})

    def run_command(self, program, file: str, options) -> int:
        table = self.input_rows(options)
        results = self.run(program, table, dtype=options.dtype, max_steps=options.max_steps)
        return self.echo_results(table, results, 0.0, options)

    def input_rows(self, options) -> list:
        return [{name: int(value) for name, value in options.named_inputs().items()}]

    def echo_results(self, table, results, seconds: float, options) -> int:
        for state, steps, _ in results:
            click.echo(f"{state[0]} after {steps} ticks")
        return 0 if all(halted for *_, halted in results) else 3

    def lowered_source(self, compiled):
        return None

    def commands(self, load) -> tuple:
        return ()

    def trainer(self):
        return None


KIND = PlainKind()
