"""Turing machines as a Kind: the registry's view of the tm package."""

from __future__ import annotations

from rnnprog.kindbase import BaseKind
from rnnprog.tm import capacity, cli, codec, explain, interpreter, runtime, strategies, timeline
from rnnprog.tm.compiler import CompiledProgram, compile
from rnnprog.tm.ir import Program
from rnnprog.tm.parser import parse
from rnnprog.tm.target import MachineTarget


class MachineKind(BaseKind):
    """Turing machines: the tape as two stacks in unit activations, one tick per machine step."""

    name, extension, title = "tm", ".tm", "Turing machine"
    default_dtype = runtime.DEFAULT_DTYPE
    default_max_steps = interpreter.DEFAULT_MAX_STEPS
    simplest = "1RZ---\n"
    program_types = (Program,)
    compiled_types = (CompiledProgram,)

    def parse(self, text: str, path: str):
        return parse(text, path)

    def build(self, program):
        return compile(program)

    def interpret(self, program, inputs="", *, max_steps=None, **options):
        budget = interpreter.DEFAULT_MAX_STEPS if max_steps is None else max_steps
        return interpreter.interpret(self.program_of(program), inputs, max_steps=budget, **options)

    def run(self, program, inputs="", *, device=None, dtype=None, max_steps=None, **options):
        """A tape string gives a Result; a list of tapes, a list (one batch; `head=` per row)."""
        return runtime.run(program, inputs, device=device, dtype=dtype,
                           max_steps=interpreter.DEFAULT_MAX_STEPS if max_steps is None else max_steps,
                           **options)

    def decode(self, compiled, state):
        return codec.decode(compiled, state)

    def programs(self):
        from hypothesis import strategies as st

        return st.sampled_from(["bb", "table"]).flatmap(
            lambda notation: strategies.turing_machines(max_states=4, max_symbols=3, notation=notation))

    def timeline(self, compiled, inputs="", *, max_steps=None, dtype=None, keep=None, **options):
        """The page's run from a tape (`head=` as an option), the next rule highlighted."""
        return timeline.timeline(self.compile(compiled), inputs, max_steps=max_steps, dtype=dtype,
                                 keep=keep, **options)

    def target(self, compiled, *, dtype=None, device=None, max_steps: int, clean=None):
        return MachineTarget(compiled, dtype=dtype, device=device, max_steps=max_steps, clean=clean)

    def listing(self, compiled):
        return explain.listing(compiled)

    def explain(self, compiled, path: str):
        return explain.lines(compiled, path)

    def facts(self, compiled) -> dict:
        return {"tape_capacity": {dtype: capacity.capacity(compiled, dtype)
                                  for dtype in ("float32", "float64")}}

    def description(self, compiled):
        program, layout = compiled.program, compiled.layout
        stacks = (f"stack digits in base {layout.base}, top first: value = sum(d_i * base**-(i+1)); "
                  "symbol codes in `codes` (blank = 0)")
        encoding = {"rnn_input": "zeros, one (1,) input per tick", "base": layout.base,
                    "codes": dict(layout.codes), "blank": program.blank, "start": program.start,
                    "initial_state": "gate `gate:<start>/<head symbol> via <first dir>` = 1; "
                                     "stackL:push = cells left of the head (nearest first), "
                                     "stackR:pop = head cell and cells right of it; "
                                     "topL>=j:write = [left neighbour >= j], secondR>=j:write = "
                                     "[right neighbour >= j]; head:+/head:- = the head cell",
                    "stacks": stacks, "reference": "rnnprog.tm.codec.encode"}
        decoding = {"state": "the one gate unit `gate:q/a via d` equal to 1 names the state q and "
                             "the head symbol a; halted when no rule reads (q, a)",
                    "head": "head:+ - head:-",
                    "tape": "left stack = stackL:push + stackL:pop, right stack = stackR:push + "
                            "stackR:pop; " + stacks,
                    "reference": "rnnprog.tm.codec.decode"}
        return encoding, decoding

    def run_command(self, program, file: str, options) -> int:
        return cli.run_command(program, file, options)


KIND = MachineKind()
