"""Public Hypothesis strategies for register programs and their inputs."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from rnnprog.rm.ir import OPS, Instruction, Program

__all__ = ["register_programs", "register_inputs"]

# `halt` first: Hypothesis shrinks sampled_from towards the front, so programs shrink to `halt`.
_CORE = ("halt", "inc", "dec", "jz", "jnz", "jmp")
_ALL = _CORE + ("clr", "mov", "add", "sub")
REGISTER_NAMES = tuple("abcdefgh")


def _check_bounds(max_registers: int, min_size: int, max_size: int) -> None:
    if not 1 <= max_registers <= len(REGISTER_NAMES):
        raise InvalidArgument(f"max_registers={max_registers} must be in 1..{len(REGISTER_NAMES)}")
    if min_size < 1:
        raise InvalidArgument(f"min_size={min_size} must be at least 1 (a program needs an "
                              "instruction)")
    if max_size < min_size:
        raise InvalidArgument(f"max_size={max_size} must be >= min_size={min_size}")


@st.composite
def _instruction(draw, ops: tuple[str, ...], registers: tuple[str, ...], size: int):
    op = draw(st.sampled_from(ops))
    args = []
    for kind in OPS[op]:
        if kind == "r":
            args.append(draw(st.sampled_from(registers)))
        else:
            args.append(draw(st.integers(0, size)))  # a target index; `size` is past the end
    return op, tuple(args)


@st.composite
def register_programs(draw, *, max_registers: int = 3, min_size: int = 1, max_size: int = 8,
                      macros: bool = True) -> Program:
    """Valid register programs: any core instruction (and macros), jumps anywhere, loops.

    Inputs are a prefix of the registers used; outputs are every register used.
    Shrinks towards the one-instruction program `halt`, fewer instructions, earlier registers
    and jumps to the start.

    Args (keyword-only):
        max_registers: registers drawn from `a`, `b`, ... (1-8).
        min_size, max_size: bounds on the number of instructions (min_size >= 1).
        macros: also draw clr, mov, add and sub.
    """
    _check_bounds(max_registers, min_size, max_size)
    registers = REGISTER_NAMES[:draw(st.integers(1, max_registers))]
    size = draw(st.integers(min_size, max_size))
    ops = _ALL if macros else _CORE
    raw = draw(st.lists(_instruction(ops, registers, size), min_size=size, max_size=size))
    return _assemble(raw, draw(st.integers(0, len(registers))))


def _assemble(raw: list[tuple[str, tuple]], n_inputs: int) -> Program:
    """Name jump targets `L<k>` and put each label on instruction k (or at the end)."""
    targets = sorted({arg for op, args in raw for kind, arg in zip(OPS[op], args) if kind == "l"})
    instructions = []
    for k, (op, args) in enumerate(raw):
        named = tuple(f"L{a}" if kind == "l" else a for kind, a in zip(OPS[op], args))
        labels = (f"L{k}",) if k in targets else ()
        instructions.append(Instruction(op, named, labels))
    end = (f"L{len(raw)}",) if len(raw) in targets else ()
    body = Program((), (), tuple(instructions), end)
    used = body.registers
    return Program(used[:n_inputs], used, tuple(instructions), end)


def register_inputs(program: Program, *, max_value: int = 10):
    """A value in 0..max_value for every declared input of `program`; shrinks to all zeros."""
    if max_value < 0:
        raise InvalidArgument(f"max_value={max_value} must be >= 0")
    return st.fixed_dictionaries({name: st.integers(0, max_value) for name in program.inputs})

