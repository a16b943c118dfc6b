"""Register programs as a Kind: the registry's view of the rm package."""

from __future__ import annotations

from collections.abc import Mapping

from rnnprog.errors import InputError
from rnnprog.kindbase import BaseKind
from rnnprog.rm import cli, columns, explain, runtime, strategies, timeline, trace
from rnnprog.rm.compile import CompiledProgram, compile
from rnnprog.rm.interpret import interpret
from rnnprog.rm.ir import Lowered, Program
from rnnprog.rm.parse import parse
from rnnprog.rm.result import DEFAULT_MAX_STEPS
from rnnprog.rm.runtime import run_batch
from rnnprog.rm.target import RegisterTarget


class RegisterKind(BaseKind):
    """Minsky counter programs: inputs once into h(0), then one tick per core instruction."""

    name, extension, title = "rm", ".rm", "register program"
    default_dtype = "float32"
    default_max_steps = DEFAULT_MAX_STEPS
    simplest = "halt\n"
    program_types = (Program, Lowered)
    compiled_types = (CompiledProgram,)

    def parse(self, text: str, path: str):
        return parse(text, path)

    def build(self, program):
        return compile(program)

    def interpret(self, program, inputs, *, max_steps=None, **options):
        program = program.lowered if isinstance(program, CompiledProgram) else program
        budget = DEFAULT_MAX_STEPS if max_steps is None else max_steps
        return interpret(program, inputs, max_steps=budget, **options)

    def run(self, program, inputs, *, device=None, dtype=None, max_steps=None, **options):
        """One mapping of inputs gives a Result; a list of mappings, a list (one batch); columns
        (a mapping of input name -> 1-D array, or a 2-D array) give a columns.Columns of arrays.

        Loops are fast-forwarded with a certificate unless `accelerate=False` (the results and
        steps are the same; `rnnprog check` always compares every single tick)."""
        budget = DEFAULT_MAX_STEPS if max_steps is None else max_steps
        if columns.is_columnar(inputs):
            options.setdefault("accelerate", not options.get("record", False))
            return run_batch(self.compile(program), inputs, device=device, dtype=dtype,
                             max_steps=budget, **options).columns
        single = isinstance(inputs, Mapping)
        rows = isinstance(inputs, (list, tuple)) and all(isinstance(r, Mapping) for r in inputs)
        if not single and not rows:
            raise InputError(f"inputs of a register program are a mapping of input values (or a list "
                             f"of them), not {type(inputs).__name__}: e.g. {{'a': 6, 'b': 7}}")
        options.setdefault("accelerate", not options.get("record", False))
        batch = run_batch(self.compile(program), [inputs] if single else list(inputs),
                          device=device, dtype=dtype,
                          max_steps=DEFAULT_MAX_STEPS if max_steps is None else max_steps, **options)
        return batch.results[0] if single else batch.results

    def hooks(self, compiled, dtype: str):
        return runtime.Guard(compiled, dtype)

    def initial_states(self, compiled, rows):
        return runtime.initial_states(compiled, rows)

    def results(self, compiled, final, steps, halted, device: str, dtype: str):
        return runtime.results(compiled, final, steps, halted, device, dtype)

    def decode(self, compiled, state):
        return trace.decode(compiled, state)

    def programs(self):
        return strategies.register_programs(max_registers=3, max_size=8)

    def inputs(self, program, limits):
        return strategies.register_inputs(program, max_value=limits.max_input)

    def timeline(self, compiled, inputs, *, max_steps=None, dtype=None, keep=None, **options):
        """The page's run: fast-forward jumps as single steps, each with its first ticks."""
        return timeline.timeline(self.compile(compiled), inputs, max_steps=max_steps, dtype=dtype,
                                 keep=keep, **options)

    def target(self, compiled, *, dtype=None, device=None, max_steps: int, clean=None):
        return RegisterTarget(compiled, dtype=dtype, device=device, max_steps=max_steps)

    def listing(self, compiled):
        return explain.listing(compiled)

    def explain(self, compiled, path: str):
        return explain.lines(compiled, path)

    def description(self, compiled):
        program, layout, labels = compiled.program, compiled.layout, compiled.labels
        encoding = {"inputs": list(program.inputs), "tensor": "encoder",
                    "initial_state": "h(0) = relu(encoder @ [1, *inputs]), inputs in this order",
                    "rnn_input": "zeros, one (1,) input per tick",
                    "encoder": compiled.network.encoder.dense_ints()}
        decoding = {"registers": {name: labels[layout.registers[name]] for name in program.registers},
                    "outputs": list(program.outputs), "readout_rows": list(program.outputs),
                    "halt": labels[layout.halt], "halted_when": "h[halt] == 1 (then h stays fixed)",
                    "steps": "the first tick t with h(t)[halt] == 1, times 1 / ticks_per_step"}
        return encoding, decoding

    def run_command(self, program, file: str, options) -> int:
        return cli.run_main(program, file, options)

    def input_rows(self, options):
        return cli.input_rows(options)

    def echo_results(self, table, results, seconds: float, options) -> int:
        return cli.echo_results(table, results, seconds, options)


KIND = RegisterKind()
