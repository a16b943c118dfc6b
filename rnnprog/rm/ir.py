"""Register-machine IR: source programs (with macros) and lowered core programs."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

#: Operation -> kinds of its arguments ("r" register, "l" label), in order.
CORE_OPS = {"inc": "r", "dec": "r", "jz": "rl", "jnz": "rl", "jmp": "l", "halt": ""}
MACRO_OPS = {"clr": "r", "mov": "rr", "add": "rr", "sub": "rr"}
OPS = {**CORE_OPS, **MACRO_OPS}
#: A line's first word after its labels; no word is reserved as a register or label name.
DIRECTIVES = ("in", "out")


@dataclass(frozen=True)
class Instruction:
    """One source instruction, e.g. `loop: jz a done`; line/col are for messages only."""

    op: str
    args: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    line: int = field(default=0, compare=False, repr=False)
    col: int = field(default=0, compare=False, repr=False)

    def __str__(self) -> str:
        head = "".join(f"{label}: " for label in self.labels)
        return head + " ".join((self.op, *self.args))


@dataclass(frozen=True)
class Program:
    """A register program as written: inputs, outputs, instructions, labels at the very end."""

    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    instructions: tuple[Instruction, ...] = ()
    end_labels: tuple[str, ...] = ()
    source: str = field(default="", compare=False, repr=False)
    path: str = field(default="<string>", compare=False, repr=False)

    @functools.cached_property  # each run reads it, and it walks every instruction
    def registers(self) -> tuple[str, ...]:
        """Every register the program names: inputs first, then in order of first use."""
        seen = dict.fromkeys(self.inputs)
        for ins in self.instructions:
            for kind, arg in zip(OPS[ins.op], ins.args):
                if kind == "r":
                    seen.setdefault(arg)
        seen.update(dict.fromkeys(self.outputs))
        return tuple(seen)

    def __str__(self) -> str:
        lines = []
        if self.inputs:
            lines.append("in " + " ".join(self.inputs))
        if self.outputs:
            lines.append("out " + " ".join(self.outputs))
        lines += [str(ins) for ins in self.instructions]
        if self.end_labels:
            lines.append(" ".join(f"{label}:" for label in self.end_labels))
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Core:
    """One core instruction of a lowered program; `target` is a resolved instruction index.

    A target equal to the program's length means "past the end", which halts.
    `origin` is the index of the source instruction this came from (for traces).
    """

    op: str
    register: str | None = None
    target: int | None = None
    origin: int = -1

    def __str__(self) -> str:
        parts = [self.op]
        if self.register is not None:
            parts.append(self.register)
        if self.target is not None:
            parts.append(f"@{self.target}")
        return " ".join(parts)


@dataclass(frozen=True)
class Lowered:
    """A program lowered to core instructions, with temporaries and instruction names.

    `names[k]` is the first source label of core instruction k, or its index as text.
    """

    program: Program
    code: tuple[Core, ...]
    registers: tuple[str, ...]
    temps: tuple[str, ...]
    names: tuple[str, ...]

    @property
    def end(self) -> int:
        """The index meaning "past the last instruction" (halted)."""
        return len(self.code)

    def text(self, k: int) -> str:
        """Core instruction k with its jump target named by label (`@5` when it has none)."""
        core = self.code[k]  # called once per unit when laying out: kept to a few operations
        head = f"{core.op} {core.register}" if core.register else core.op
        if core.target is None:
            return head
        name = self.names[core.target] if core.target < len(self.code) else "end"
        return f"{head} {name}" if name.isidentifier() else f"{head} @{name}"
