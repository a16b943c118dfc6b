"""Sequence programs as a Kind: the registry's view of the seq package."""

from __future__ import annotations

from rnnprog.errors import InputError
from rnnprog.kindbase import BaseKind
from rnnprog.seq import cli, decode, runtime, strategies, timeline
from rnnprog.seq.compile import CompiledSeq, compile
from rnnprog.seq.interpret import DEFAULT_MAX_STEPS, interpret
from rnnprog.seq.ir import Program
from rnnprog.seq.parse import parse
from rnnprog.seq.target import SequenceTarget


class SequenceKind(BaseKind):
    """Counter machines reading one input symbol per tick (then the end symbol $)."""

    name, extension, title = "seq", ".seq", "sequence program"
    default_dtype = "float32"
    default_max_steps = DEFAULT_MAX_STEPS
    simplest = "alphabet: a\nstart: s\ns a -> s\n"
    program_types = (Program,)
    compiled_types = (CompiledSeq,)

    def parse(self, text: str, path: str):
        return parse(text, path)

    def build(self, program):
        return compile(program)

    def interpret(self, program, inputs, *, max_steps=None):
        """An input string gives an interpret.Run; a list of them, a list."""
        program = self.program_of(program)
        single, rows = _rows(inputs)
        runs = [interpret(program, text, max_steps=max_steps) for text in rows]
        return runs[0] if single else runs

    def trace(self, program, inputs, *, max_steps: int) -> list:
        return list(interpret(self.program_of(program), inputs, max_steps=max_steps).steps)

    def run(self, program, inputs, *, device=None, dtype=None, max_steps=None, record=False,
            **options):
        """An input string gives a runtime.Result; a list of strings, a list (one batch)."""
        single, rows = _rows(inputs)
        batch = runtime.run_batch(self.compile(program), rows,
                                  dtype=dtype, device=device, max_steps=max_steps, record=record,
                                  **options)
        return batch.results[0] if single else batch.results

    def decode(self, compiled, state):
        return decode.decode(compiled, state)

    def programs(self):
        return strategies.sequence_programs()

    def inputs(self, program, limits):
        return strategies.sequence_inputs(self.program_of(program), max_size=limits.max_length)

    def timeline(self, compiled, inputs="", *, max_steps=None, dtype=None, keep=None, **options):
        """The page's run on an input, the rule that fired highlighted."""
        return timeline.timeline(self.compile(compiled), inputs, max_steps=max_steps, dtype=dtype,
                                 keep=keep, **options)

    def target(self, compiled, *, dtype=None, device=None, max_steps: int, clean=None):
        return SequenceTarget(compiled, dtype=dtype, device=device, max_steps=max_steps)

    def description(self, compiled):
        network = compiled.network
        encoding = {"initial_state": network.initial, "inputs": [],
                    "rnn_input": f"one-hot x(t) over {' '.join(compiled.program.symbols)}, one "
                                 "symbol per tick; after the input the end symbol $ repeats"}
        decoding = {"readout_rows": list(network.readout_names),
                    "ended_when": "readout accept > 1/2 (accepted) or fired < 1/2 (rejected)",
                    "outputs": "the out:<symbol> row above 1/2 at a tick, if any"}
        return encoding, decoding

    def run_command(self, program, file: str, options) -> int:
        return cli.run_main(self.compile(program), file, options)

    def trainer(self):
        """`rnnprog train`: learned versus compiled, on recognisers and synchronous programs."""
        from rnnprog.seq.learn.trainer import TRAINER

        return TRAINER


def _rows(inputs) -> tuple[bool, list]:
    """(one input?, the inputs as a list): a string is one input; a list or tuple holds inputs,
    each a string or a list/tuple of symbols.

    Raises:
        InputError: anything else (None, a number, bytes, a dict), named.
    """
    def one(value) -> bool:
        return isinstance(value, str) or (isinstance(value, (list, tuple)) and all(
            isinstance(symbol, str) for symbol in value))

    if isinstance(inputs, str):
        return True, [inputs]
    if isinstance(inputs, (list, tuple)) and all(one(row) for row in inputs):
        return False, list(inputs)
    raise InputError(f"the input of a sequence program is a string of symbols (or a list of "
                     f"them, one per row), not {type(inputs).__name__}: e.g. 'aabb'")


KIND = SequenceKind()
