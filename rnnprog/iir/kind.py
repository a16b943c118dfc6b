"""IIR filters as a Kind: the registry's view of the iir package."""

from __future__ import annotations

import click

from rnnprog.iir import cli, explain, network, runtime, strategies, timeline
from rnnprog.iir.interpret import interpret
from rnnprog.iir.ir import Program
from rnnprog.iir.parse import parse
from rnnprog.iir.target import FilterTarget
from rnnprog.kindbase import BaseKind


class FilterKind(BaseKind):
    """Linear filters with scipy's lfilter semantics: one tick per sample, y read out linearly."""

    name, extension, title = "iir", ".iir", "filter"
    default_dtype = "float64"
    dtypes = ("float32", "float64")
    default_max_steps = None  # a filter runs exactly as long as its signal
    simplest = "b: 1\na: 1\n"
    program_types = (Program,)
    compiled_types = (network.CompiledProgram,)

    def parse(self, text: str, path: str):
        return parse(text, path)

    def build(self, program):
        return network.compile(program)

    def with_network(self, compiled, net):
        return network.with_network(compiled.program, net, compiled.dtype)

    def interpret(self, program, inputs, *, max_steps=None, **options):
        return interpret(self.program_of(program), inputs, **options)

    def run(self, program, inputs, *, device=None, dtype=None, max_steps=None, **options):
        """Filter the signal(s) `inputs` (..., T); options `method=` and `zi=` as runtime.run."""
        return runtime.run(program, inputs, device=device, dtype=dtype, **options)

    def decode(self, compiled, state):
        """{"z": the TDF-II state, "y": the output} from a hidden state (s+ - s-, y+ - y-)."""
        lay = compiled.layout
        z = [state[lay.state_unit(i, 1)] - state[lay.state_unit(i, -1)] for i in range(lay.order)]
        return {"z": z, "y": state[lay.output_unit(1)] - state[lay.output_unit(-1)]}

    def programs(self):
        return strategies.stable_filters(max_order=6)

    def inputs(self, program, limits):
        return strategies.signals(max_size=limits.max_length, bound=limits.amplitude)

    def timeline(self, compiled, inputs=None, *, max_steps=None, dtype=None, keep=None, **options):
        """The page's run on a signal (None: an impulse), y[n] and the state within tolerance."""
        return timeline.timeline(self.compile(compiled), inputs, dtype=dtype, keep=keep, **options)

    def target(self, compiled, *, dtype=None, device=None, max_steps: int = 0, clean=None):
        return FilterTarget(runtime.ensure_compiled(compiled, dtype), device=device)

    def listing(self, compiled):
        return explain.listing(compiled)

    def explain(self, compiled, path: str):
        return explain.lines(compiled, path)

    def description(self, compiled):
        encoding = {"rnn_input": "x[t], the sample at tick t; input shape (T, batch, 1)",
                    "initial_state": "h(0) = 0, or from scipy's zi: s{i}+ = relu(zi[i-1]), "
                                     "s{i}- = relu(-zi[i-1]), y+ = y- = 0"}
        decoding = {"outputs": ["y"], "readout_rows": ["y"], "y": "y[t] = readout @ h(t) = (y+) - (y-)",
                    "zf": "zf[i-1] = s{i}+ - s{i}- of the last state"}
        return encoding, decoding

    def run_command(self, program, file: str, options) -> int:
        raise click.UsageError("filters run with `rnnprog filter FILE.iir --input x.csv`")

    def commands(self, load) -> tuple:
        return (cli.filter_command(load),)

    def trainer(self):
        """`rnnprog train`: fit a stock RNN to the filter's (x, y) pairs."""
        from rnnprog.iir.learn.trainer import TRAINER

        return TRAINER


KIND = FilterKind()
