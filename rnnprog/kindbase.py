"""BaseKind: every member of `kinds.PROVIDED`, written once on the network IR.

A new kind subclasses it and supplies `kinds.REQUIRED` (parse, interpret with a trace of its own
states, decode, strategies, names) plus `build` (program -> compiled program holding a Network)
and its `program_types` / `compiled_types`; running, checking, `show`, `explain`, `.rnn` files
and `rnnprog run` then work with no other edit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import click
import numpy as np

from rnnprog import device as devices
from rnnprog import kinds, values
from rnnprog.compare import steps as check_steps
from rnnprog.errors import InputError
from rnnprog.network import exact, runner, text
from rnnprog.page import generic as page_generic


@dataclass(frozen=True)
class RunResult:
    """A generic run's end: the decoded state, steps, halted, and where it ran."""

    state: object
    steps: int
    halted: bool
    ticks: int | None = None
    units: int | None = None
    device: str | None = None
    dtype: str | None = None

    def __str__(self) -> str:
        status = "halted" if self.halted else "still running"
        return f"{self.state} ({status} after {self.steps} steps)"


class BaseKind:
    """Every member of `kinds.PROVIDED`, from what a subclass supplies (`kinds.REQUIRED`, `build`,
    `program_types` and `compiled_types`)."""

    name = ""
    extension = ""
    title = ""
    default_dtype = "float64"
    dtypes = ("float32", "float64", "exact")
    default_max_steps: int | None = 10_000
    simplest = ""
    #: The kind's Program types and compiled-program types (for `owns`).
    program_types: tuple[type, ...] = ()
    compiled_types: tuple[type, ...] = ()

    # --- what a subclass supplies: kinds.REQUIRED, and build ------------------------------------
    def parse(self, text: str, path: str):
        raise NotImplementedError

    def build(self, program):
        """Program -> compiled program (a dataclass with `program` and `network` fields)."""
        raise NotImplementedError

    def interpret(self, program, inputs, *, max_steps=None, **options):
        raise NotImplementedError

    def trace(self, program, inputs, *, max_steps: int) -> list:
        """The interpreter's states, before step 1 through the last (for the generic check)."""
        raise NotImplementedError

    def decode(self, compiled, state):
        raise NotImplementedError

    def programs(self):
        raise NotImplementedError

    def inputs(self, program, limits):
        """A Hypothesis strategy of inputs for `program` within the checker's Limits."""
        raise NotImplementedError

    # --- kinds.PROVIDED --------------------------------------------------------------------------
    def owns(self, value) -> bool:
        return isinstance(value, (*self.program_types, *self.compiled_types))

    def is_compiled(self, value) -> bool:
        return isinstance(value, self.compiled_types)

    def program_of(self, value):
        return value.program if self.is_compiled(value) else value

    def compile(self, program):
        return program if self.is_compiled(program) else self.build(program)

    def network(self, compiled):
        return compiled.network

    def with_network(self, compiled, network):
        return dataclasses.replace(compiled, network=network)

    def hooks(self, compiled, dtype: str) -> runner.Hooks:
        """The float run's guard (none by default: override where values can grow)."""
        return runner.Hooks()

    def initial_states(self, compiled, rows) -> np.ndarray:
        """h(0) = relu(E @ [1, *inputs]) per row, inputs named by the encoder (naturals)."""
        network = self.network(compiled)
        names = network.encoder_names
        h0 = np.zeros((len(rows), network.size), dtype=object)
        for b, row in enumerate(rows):
            if not isinstance(row, Mapping) or set(row) != set(names):
                raise InputError(f"inputs must name exactly: {' '.join(names) or '(none)'}")
            x = [1, *(values.input_value(name, row[name]) for name in names)]
            for i, terms in enumerate(network.encoder.rows):
                h0[b, i] = max(0, sum(w * x[j] for j, w in terms))
        return h0

    def results(self, compiled, final, steps, halted, device: str, dtype: str) -> list:
        network = self.network(compiled)
        return [RunResult(self.decode(compiled, list(h)), int(n), bool(done),
                          int(n) * network.ticks_per_step, network.size, device, dtype)
                for h, n, done in zip(final, steps, halted)]

    def run(self, program, inputs, *, device=None, dtype=None, max_steps=None, **options):
        """Run one input (a mapping) or a list of them; returns a result or a list."""
        compiled = self.compile(program)
        single = not isinstance(inputs, (list, tuple))
        rows = [inputs] if single else list(inputs)
        dtype = devices.resolve_dtype(dtype or self.default_dtype)
        budget = self.default_max_steps if max_steps is None else max_steps
        h0 = self.initial_states(compiled, rows)
        if dtype == "exact":
            done = exact.run(self.network(compiled), h0.tolist(), max_steps=budget)
            out = self.results(compiled, done.final, done.steps, done.halted, "cpu", dtype)
        else:
            dev = devices.resolve_device(device)
            done = runner.run(self.network(compiled), h0, dtype=dtype, device=dev, max_steps=budget,
                              hooks=self.hooks(compiled, dtype), **options)
            out = self.results(compiled, done.final, done.steps, done.halted, dev.type, dtype)
        return out[0] if single else out

    def target(self, compiled, *, dtype=None, device=None, max_steps: int, clean=None):
        return check_steps.StepTarget(self, compiled, dtype=dtype or self.default_dtype,
                                      device=device, max_steps=max_steps)

    def timeline(self, compiled, inputs, *, max_steps=None, dtype=None, keep=None, **options):
        """The page's run on the network IR: decode beside trace, no source line highlighted."""
        return page_generic.timeline(self, compiled, inputs, max_steps=max_steps, dtype=dtype,
                                     keep=keep, **options)

    def listing(self, compiled) -> list[str]:
        program = self.program_of(compiled)
        return ["program as parsed", *("  " + line for line in str(program).splitlines())]

    def explain(self, compiled, path: str) -> list[str]:
        network = self.network(compiled)
        out = [f"{path}: {network.size} units; {network.ticks_per_step} tick per step", ""]
        for i, unit in enumerate(network.units):
            out += [f"{unit.label}: {unit.meaning}", f"    {text.equation(network, i)}",
                    f"      feeds: {text.feeds(network, i)}"]
        return out

    def facts(self, compiled) -> dict:
        return {}

    def description(self, compiled) -> tuple[dict, dict]:
        network = self.network(compiled)
        encoding = {"initial_state": network.initial, "inputs": list(network.encoder_names),
                    "rnn_input": "zeros, one (1,) input per tick"}
        decoding = {"halt_units": [network.labels[u] for u in network.halt_units]}
        return encoding, decoding

    def run_command(self, program, file: str, options) -> int:
        """`rnnprog run FILE NAME=VALUE...`: run one input and print the decoded result."""
        options.refuse(self.name, "tape", "head", "trace", "plot", "function")
        table = self.input_rows(options)
        results = self.run(program, table, device=options.device, dtype=options.dtype,
                           max_steps=options.max_steps)
        return self.echo_results(table, results, 0.0, options)

    def input_rows(self, options) -> list:
        """The input rows `rnnprog run` was given (NAME=VALUE words: one row)."""
        options.refuse(self.name, "inputs_csv")
        return [options.named_inputs()]

    def echo_results(self, table, results, seconds: float, options) -> int:
        """Print each result; the exit code is 0 when every row halted, else 3."""
        for result in results:
            click.echo(str(result))
        return 0 if all(r.halted for r in results) else 3

    def lowered_source(self, compiled) -> tuple[str, str] | None:
        return None

    def commands(self, load) -> tuple:
        return ()

    def trainer(self):
        return None


def _check_provided() -> None:
    """BaseKind defines every member of kinds.PROVIDED (checked on import, as Hypothesis checks
    its export list): a member added to the protocol without a default fails at once."""
    missing = sorted(name for name in kinds.PROVIDED if name not in vars(BaseKind))
    if missing:
        raise ImportError(f"BaseKind lacks kinds.PROVIDED members: {', '.join(missing)}")


_check_provided()
