"""Lower macros (clr, mov, add, sub) to core instructions and resolve labels to indices."""

from __future__ import annotations

from rnnprog.rm.ir import CORE_OPS, Core, Instruction, Lowered, Program

#: The one temporary register every macro borrows; it is 0 before and after each macro.
TEMP = "%t"

# Each expansion is a list of (op, register, local target). A local target is an index into
# the expansion itself; the expansion's length means "the instruction after the macro".
# `S`, `D` and `T` stand for the source, destination and temporary registers.
_CLEAR = [("jz", "D", 3), ("dec", "D", None), ("jmp", None, 0)]
_MOVE_S_TO_T = [("jz", "S", 4), ("dec", "S", None), ("inc", "T", None), ("jmp", None, 0)]


def _restore(*extra: tuple[str, str | None, None]) -> list:
    """Move T back into S, doing `extra` once per unit moved: loop at offset 4."""
    body = [("dec", "T", None), ("inc", "S", None), *extra]
    return [("jz", "T", 4 + len(body) + 2), *body, ("jmp", None, 4)]


EXPANSIONS = {
    "clr": _CLEAR,
    "add": _MOVE_S_TO_T + _restore(("inc", "D", None)),
    "sub": _MOVE_S_TO_T + _restore(("dec", "D", None)),
}


def expand(ins: Instruction) -> list[tuple[str, str | None, int | None]]:
    """The core instructions one source instruction lowers to, with local targets.

    Core instructions pass through (their label target is kept as text for `lower`).
    `mov d s` is `clr d; add d s`; aliasing is special-cased so the macro's meaning holds:
    `mov n n` is nothing, `sub n n` is `clr n`, and `add n n` doubles n through the temporary.
    """
    if ins.op in CORE_OPS:
        return [(ins.op, ins.args[0] if CORE_OPS[ins.op][:1] == "r" else None,
                 ins.args[-1] if "l" in CORE_OPS[ins.op] else None)]
    dest, src = ins.args[0], ins.args[-1]
    if ins.op == "mov":
        if dest == src:
            return []
        clear = _bind(_CLEAR, dest, src)
        return clear + [(op, r, None if t is None else t + len(clear))
                        for op, r, t in _bind(EXPANSIONS["add"], dest, src)]
    if ins.op == "sub" and dest == src:
        return _bind(_CLEAR, dest, src)
    return _bind(EXPANSIONS[ins.op], dest, src)


def _bind(template, dest: str, src: str):
    names = {"D": dest, "S": src, "T": TEMP, None: None}
    return [(op, names[r], t) for op, r, t in template]


def lower(program: Program) -> Lowered:
    """Lower a parsed program to core instructions with every jump target an index.

    Returns:
        A Lowered program whose `registers` are the program's own followed by temporaries.
    """
    code: list[tuple[str, str | None, object, int]] = []
    label_index: dict[str, int] = {}
    for origin, ins in enumerate(program.instructions):
        start = len(code)
        for label in ins.labels:
            label_index[label] = start
        kinds = CORE_OPS.get(ins.op)
        if kinds is not None:  # `expand` inlined for the common case: a third of lowering
            code.append((ins.op, ins.args[0] if kinds[:1] == "r" else None,
                         ins.args[-1] if "l" in kinds else None, origin))
            continue
        for op, reg, target in expand(ins):
            local = isinstance(target, int)
            code.append((op, reg, target + start if local else target, origin))
    for label in program.end_labels:
        label_index[label] = len(code)
    core = tuple(Core(op, reg, label_index[t] if isinstance(t, str) else t, origin)
                 for op, reg, t, origin in code)
    temps = (TEMP,) if any(c.register == TEMP for c in core) else ()
    names = [str(k) for k in range(len(core))]
    for label, k in reversed(label_index.items()):  # the earliest label of an instruction wins
        if k < len(core):
            names[k] = label
    return Lowered(program, core, program.registers + temps, temps, tuple(names))
