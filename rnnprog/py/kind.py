"""Python functions as a Kind: the registry's view of the py package."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from rnnprog.errors import InputError
from rnnprog.kindbase import BaseKind
from rnnprog.py import cli, explain, ir, result, runtime, strategies, timeline
from rnnprog.py.compile import CompiledFunction, compile
from rnnprog.py.parse import parse
from rnnprog.py.target import PythonTarget
from rnnprog.rm import trace as rm_trace
from rnnprog.rm.guard import Guard
from rnnprog.rm.interpret import interpret as run_registers


class PythonKind(BaseKind):
    """Top-level Python functions of ints: lowered to a register program, then rm's network."""

    name, extension, title = "py", ".py", "Python function"
    default_dtype = "exact"  # Python ints have no size limit; float32 counts exactly to 2^24 only
    default_max_steps = runtime.MAX_STEPS
    simplest = "def f():\n    return 0\n"
    program_types = (ir.Module,)
    compiled_types = (CompiledFunction,)

    def lowered_source(self, compiled) -> tuple[str, str]:
        """`rnnprog compile FILE.py --emit rm`: the register program the function lowers to."""
        return ".rm", compiled.lowering.text

    def parse(self, text: str, path: str):
        return parse(text, path)

    def build(self, program):
        return compile(program)

    def interpret(self, program, inputs, *, max_steps=None, **options):
        """The register interpreter's run of one call (inputs by parameter name)."""
        compiled = self.compile(program)
        return runtime.interpret(compiled, result.arguments(compiled.lowering, _mapping(inputs)),
                                 max_steps=max_steps)

    def trace(self, program, inputs, *, max_steps: int) -> list:
        compiled = self.compile(program)
        rows = result.registers_of(compiled.lowering, result.arguments(compiled.lowering, inputs))
        return list(run_registers(compiled.lowered, rows, max_steps=max_steps, trace=True).trace)

    def decode(self, compiled, state):
        return rm_trace.decode(compiled.registers, state)

    def programs(self):
        """Small functions for `rnnprog fuzz` (blocks of two statements, one level of nesting);
        tests/py/test_random.py draws larger ones."""
        return strategies.python_functions(max_params=2, max_statements=2, max_depth=1)

    def inputs(self, program, limits):
        return strategies.python_arguments(program, min_value=-limits.max_input,
                                           max_value=limits.max_input)

    def run(self, program, inputs, *, device=None, dtype=None, max_steps=None, **options):
        """One mapping of arguments gives a PythonResult; a list of them, a list (one batch).
        Without `max_steps`, an exact fast-forwarded run goes on until the function returns."""
        single = isinstance(inputs, Mapping)
        if not single and not (isinstance(inputs, (list, tuple)) and all(isinstance(r, Mapping)
                                                                         for r in inputs)):
            raise InputError(f"the arguments of a Python function are a mapping by parameter name "
                             f"(or a list of them), not {type(inputs).__name__}: e.g. {{'a': 48}}")
        compiled = self.compile(program)
        rows = [inputs] if single else list(inputs)
        numbered = len(rows) > 1
        calls = [result.arguments(compiled.lowering, row, row=b if numbered else None)
                 for b, row in enumerate(rows)]
        done = runtime.run(compiled, calls, device=device, dtype=dtype or self.default_dtype,
                           max_steps=max_steps, **options)
        return done.results[0] if single else done.results

    def hooks(self, compiled, dtype: str):
        return Guard(compiled.registers, dtype)

    def initial_states(self, compiled, rows):
        from rnnprog.rm.runtime import initial_states

        numbered = len(rows) > 1
        calls = [result.arguments(compiled.lowering, row, row=b if numbered else None)
                 for b, row in enumerate(rows)]
        return initial_states(compiled.registers, [result.registers_of(compiled.lowering, c)
                                                   for c in calls])

    def results(self, compiled, final, steps, halted, device: str, dtype: str):
        from rnnprog.rm.runtime import results

        out = []
        names = tuple(name for name, _ in compiled.lowering.params)
        for r in results(compiled.registers, final, steps, halted, device, dtype):
            # the arguments are not in the final state (parameters change): echo_results has them
            out.append(result.decode(compiled.lowering, compiled.module.entry, (), r.registers,
                                     r.steps, r.halted, ticks=r.ticks, units=compiled.units,
                                     device=device, dtype=dtype, parameters=names))
        return out

    def timeline(self, compiled, inputs=None, *, max_steps=None, dtype=None, keep=None, **options):
        """The page's run: the register program's, read as the Python line and variables."""
        return timeline.timeline(self.compile(compiled), inputs, max_steps=max_steps, dtype=dtype,
                                 keep=keep, **options)

    def target(self, compiled, *, dtype=None, device=None, max_steps: int, clean=None):
        return PythonTarget(compiled, dtype=dtype, device=device,
                            max_steps=max_steps)

    def listing(self, compiled):
        return explain.listing(compiled)

    def explain(self, compiled, path: str):
        return explain.lines(compiled, path)

    def facts(self, compiled):
        lowering = compiled.lowering
        return {"function": compiled.module.entry, "parameters": [n for n, _ in lowering.params],
                "register_instructions": len(compiled.lowered.program.instructions),
                "error_sites": [f"line {s.line}: {s.exception}" for s in lowering.sites]}

    def description(self, compiled):
        lowering, labels = compiled.lowering, compiled.labels
        layout = compiled.layout
        params = [name for name, _ in lowering.params]
        encoding = {"inputs": params, "tensor": "encoder",
                    "initial_state": "h(0) = relu(encoder @ [1, *arguments]), arguments in this "
                                     "order, each an int of either sign",
                    "rnn_input": "zeros, one (1,) input per tick",
                    "encoder": compiled.network.encoder.dense_ints()}
        value = [[labels[layout.registers[p.pos]], labels[layout.registers[p.neg]]]
                 for p in lowering.results]
        decoding = {"function": compiled.module.entry, "value": value,
                    "value_is": "each returned int is unit(+) - unit(-)",
                    "raised": labels[layout.registers["raise"]],
                    "raised_is": "0 after a return, else the number of the error site reached",
                    "error_sites": [{"exception": s.exception, "message": s.message,
                                     "function": s.function, "line": s.line} for s in lowering.sites],
                    "halt": labels[layout.halt], "halted_when": "h[halt] == 1 (then h stays fixed)"}
        return encoding, decoding

    def run_command(self, program, file: str, options) -> int:
        return cli.run_main(program, file, options)

    def input_rows(self, options):
        options.refuse(self.name, "inputs_csv")
        return [options.named_inputs()]

    def echo_results(self, table, results, seconds: float, options) -> int:
        results = [r if r.arguments or not r.parameters else
                   dataclasses.replace(r, arguments=tuple(result.int_value(n, row[n]) for n in r.parameters))
                   for r, row in zip(results, table)]
        return cli.echo_results(results, seconds, options)


def _mapping(inputs) -> Mapping:
    if not isinstance(inputs, Mapping):
        raise InputError(f"the arguments of a Python function are a mapping by parameter name, not "
                         f"{type(inputs).__name__}: e.g. {{'a': 48, 'b': 18}}")
    return inputs


KIND = PythonKind()
