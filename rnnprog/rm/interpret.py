"""Reference semantics: run a lowered register program in plain Python integers.

Independent of the compiler: it shares only the parser and the macro lowering, never the
weights, layout or runtime.
"""

from __future__ import annotations

from collections.abc import Mapping

from rnnprog.rm.ir import Lowered, Program
from rnnprog.rm.lower import lower
from rnnprog.rm.result import DEFAULT_MAX_STEPS, Result, State, check_inputs

_INC, _DEC, _JZ, _JNZ, _JMP, _HALT = range(6)
_CODES = {"inc": _INC, "dec": _DEC, "jz": _JZ, "jnz": _JNZ, "jmp": _JMP, "halt": _HALT}


def interpret(program: Program | Lowered, inputs: Mapping[str, object], *,
              max_steps: int = DEFAULT_MAX_STEPS, trace: bool = False,
              trace_at=None) -> Result:
    """Run a program step by step; a step is one executed core instruction.

    Args:
        program: a parsed or lowered program.
        inputs: a value for every declared input register.
        max_steps: stop (halted=False) after this many steps.
        trace: also return every State, from the initial one to the last.
        trace_at: instead of every State, only those at these steps (a set), in step order.
    Returns:
        A Result with outputs, the program's registers, steps and halted.
    Raises:
        InputError: unknown, missing or invalid inputs.
    """
    lowered = program if isinstance(program, Lowered) else lower(program)
    values = check_inputs(lowered.program, inputs)
    index = {name: k for k, name in enumerate(lowered.registers)}
    regs = [values.get(name, 0) for name in lowered.registers]
    code = [(_CODES[c.op], index.get(c.register, -1), c.target) for c in lowered.code]
    end = lowered.end
    states = [] if trace or trace_at is not None else None
    pc, steps = 0, 0
    while True:
        if pc < end and code[pc][0] == _HALT:
            pc = end  # reaching halt is not a step; halted states all read "end"
        if states is not None and (trace_at is None or steps in trace_at):
            states.append(State(pc, tuple(regs)))
        if pc == end or steps >= max_steps:
            break
        op, r, target = code[pc]
        steps += 1
        if op == _INC:
            regs[r] += 1
            pc += 1
        elif op == _DEC:
            if regs[r]:
                regs[r] -= 1
            pc += 1
        elif op == _JZ:
            pc = target if regs[r] == 0 else pc + 1
        elif op == _JNZ:
            pc = target if regs[r] != 0 else pc + 1
        else:
            pc = target
    own = lowered.program.registers
    registers = {name: regs[index[name]] for name in own}
    return Result(outputs={name: registers[name] for name in lowered.program.outputs},
                  registers=registers, steps=steps, halted=pc == end,
                  trace=tuple(states) if states is not None else None)
