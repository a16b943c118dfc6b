"""Writing register-program text: unique labels and registers, each instruction's Python origin,
and the signed primitives every Python int is built from.

A Python int x lives in two registers, x = x_pos - x_neg, with at least one of them 0 (so -3 is
(0, 3) and 0 is (0, 0)). Addition adds the halves and cancels the common part; negation swaps the
halves; a sign test is a zero test of one half. Every loop these primitives write is a counting
loop of one pattern (move, copy, cancel, drain), the shape the fast-forward certifies and jumps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rnnprog.rm.ir import CORE_OPS

_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")


@dataclass(frozen=True)
class Pair:
    """The two registers of a signed value: value = pos - neg."""

    pos: str
    neg: str

    def negated(self) -> Pair:
        return Pair(self.neg, self.pos)

    def __iter__(self):
        return iter((self.pos, self.neg))


@dataclass(frozen=True)
class Origin:
    """Where an instruction comes from: the Python function and line, and what it does there."""

    function: str
    line: int
    text: str


@dataclass
class Line:
    """One instruction of the program being written (labels first)."""

    labels: list[str]
    op: str
    args: tuple[str, ...]
    origin: Origin


class Asm:
    """Emits register-program instructions with their origins, then prints the `.rm` text."""

    def __init__(self):
        self.code: list[Line] = []
        self.pending: list[str] = []
        self.registers: set[str] = set()
        self.labels: set[str] = set()
        self.origin = Origin("", 0, "")
        self.headers: dict[int, str] = {}  # instruction index -> comment line above it

    # --- names ---------------------------------------------------------------------------------
    def register(self, base: str) -> str:
        """A register name no other register has, made from `base`."""
        return _unique(_clean(base), self.registers)

    def pair(self, base: str) -> Pair:
        """Two fresh registers `base_pos` and `base_neg` (with a shared suffix if needed)."""
        base = _clean(base)
        k = 0
        while True:
            stem = base if k == 0 else f"{base}{k + 1}"
            pos, neg = f"{stem}_pos", f"{stem}_neg"
            if pos not in self.registers and neg not in self.registers:
                self.registers |= {pos, neg}
                return Pair(pos, neg)
            k += 1

    def label(self, base: str) -> str:
        """A label name no other label has, made from `base`."""
        return _unique(_clean(base), self.labels)

    # --- writing -------------------------------------------------------------------------------
    def place(self, label: str) -> None:
        """Put `label` on the next instruction written."""
        self.pending.append(label)

    def emit(self, op: str, *args: str) -> None:
        self.code.append(Line(self.pending, op, args, self.origin))
        self.pending = []

    def comment(self, text: str) -> None:
        """A comment line above the next instruction (the Python line it comes from)."""
        self.headers[len(self.code)] = text

    def jump(self, label: str) -> None:
        self.emit("jmp", label)

    def text(self, inputs: tuple[str, ...], outputs: tuple[str, ...], preamble: list[str]) -> str:
        """The program as `.rm` source: comments, `in`/`out`, then each instruction."""
        lines = [f"# {line}" if line else "#" for line in preamble]
        lines += [f"in {' '.join(inputs)}"] if inputs else []
        lines.append(f"out {' '.join(outputs)}")
        for k, line in enumerate(self.code):
            if k in self.headers:
                lines.append(f"# {self.headers[k]}")
            head = "".join(f"{label}: " for label in line.labels)
            lines.append(f"{head:<24}{' '.join((line.op, *line.args))}")
        if self.pending:
            lines.append(" ".join(f"{label}:" for label in self.pending))
        return "\n".join(lines) + "\n"

    def simplify(self) -> None:
        """Peephole passes until nothing changes: a jump to a `jmp L` goes to L directly; code
        after a `jmp` that no label reaches is dropped; a `jmp` to the very next instruction is
        dropped (its labels and comment move on)."""
        while self._thread() | self._unlabel() | self._unreachable() | self._fall_through():
            pass

    def _unlabel(self) -> bool:
        """Drop labels no jump names (a threaded jump leaves its old target unnamed)."""
        used = {line.args[-1] for line in self.code if line.op in ("jmp", "jz", "jnz")}
        changed = False
        for line in self.code:
            kept = [label for label in line.labels if label in used]
            changed |= len(kept) != len(line.labels)
            line.labels = kept
        return changed

    def _thread(self) -> bool:
        at = {label: k for k, line in enumerate(self.code) for label in line.labels}
        changed = False
        for line in self.code:
            if line.op in ("jmp", "jz", "jnz"):
                target, seen = line.args[-1], set()
                while target in at and self.code[at[target]].op == "jmp" and target not in seen:
                    seen.add(target)
                    target = self.code[at[target]].args[0]
                if target != line.args[-1]:
                    line.args = (*line.args[:-1], target)
                    changed = True
        return changed

    def _unreachable(self) -> bool:
        keep, dead = [], False
        for k, line in enumerate(self.code):
            if line.labels:
                dead = False
            if not dead:
                keep.append(k)
            dead = dead or line.op in ("jmp", "halt")
        return self._keep(keep)

    def _fall_through(self) -> bool:
        keep = []
        for k, line in enumerate(self.code):
            nxt = self.code[k + 1].labels if k + 1 < len(self.code) else self.pending
            if line.op == "jmp" and line.args[0] in nxt:
                (self.code[k + 1].labels if k + 1 < len(self.code) else self.pending)[:0] = line.labels
                continue
            keep.append(k)
        return self._keep(keep)

    def _keep(self, keep: list[int]) -> bool:
        """Keep only instructions `keep` (in order); a dropped one's comment moves to the next kept."""
        if len(keep) == len(self.code):
            return False
        headers, note, index = {}, None, 0
        for k in range(len(self.code)):
            note = self.headers.get(k, note)
            if index < len(keep) and keep[index] == k:
                if note is not None:
                    headers[index] = note
                    note = None
                index += 1
        self.code = [self.code[k] for k in keep]
        self.headers = headers
        return True

    # --- natural-number primitives (one register) ----------------------------------------------
    def clear(self, register: str) -> None:
        self.emit("clr", register)

    def copy(self, dest: str, source: str) -> None:
        """dest += source; source keeps its value (rm's `add`, through its temporary)."""
        self.emit("add", dest, source)

    def move(self, dest: str, source: str) -> None:
        """dest += source; source becomes 0: `loop: jz s done; dec s; inc d; jmp loop`."""
        loop, done = self.label("move"), self.label("moved")
        self.place(loop)
        self.emit("jz", source, done)
        self.emit("dec", source)
        self.emit("inc", dest)
        self.jump(loop)
        self.place(done)

    def magnitude(self, value: Pair, dest: str, sign: str) -> None:
        """dest += |value| (value emptied); sign += 1 when value < 0."""
        positive, done = self.label("positive"), self.label("magnitude")
        self.emit("jz", value.neg, positive)
        self.move(dest, value.neg)
        self.emit("inc", sign)
        self.jump(done)
        self.place(positive)
        self.move(dest, value.pos)
        self.place(done)

    # --- signed primitives (a Pair) --------------------------------------------------------------
    def cancel(self, value: Pair) -> None:
        """Make one half 0 again: while both are positive, take 1 from each."""
        loop, done = self.label("cancel"), self.label("cancelled")
        self.place(loop)
        self.emit("jz", value.pos, done)
        self.emit("jz", value.neg, done)
        self.emit("dec", value.pos)
        self.emit("dec", value.neg)
        self.jump(loop)
        self.place(done)

    def step(self, value: Pair, up: bool) -> None:
        """value += 1 (or -= 1), keeping a half 0: take from the other half while it has some."""
        plus, minus = (value.pos, value.neg) if up else (value.neg, value.pos)
        grow, done = self.label("grow"), self.label("stepped")
        self.emit("jz", minus, grow)
        self.emit("dec", minus)
        self.jump(done)
        self.place(grow)
        self.emit("inc", plus)
        self.place(done)

    def sign(self, value: Pair, negative: str, zero: str, positive: str, *, consume: bool) -> None:
        """Jump by the sign of `value`. Consuming it drains the half that is not 0 on the way
        (`dec; jnz` loops), so a temporary ends at 0 whichever way the jump goes."""
        if not consume:
            self.emit("jnz", value.neg, negative)
            self.emit("jnz", value.pos, positive)
            self.jump(zero)
            return
        below, above = self.label("below"), self.label("above")
        self.emit("jnz", value.neg, below)
        self.emit("jnz", value.pos, above)
        self.jump(zero)
        for half, label, target in ((value.neg, below, negative), (value.pos, above, positive)):
            self.place(label)
            self.emit("dec", half)
            self.emit("jnz", half, label)
            self.jump(target)

    def drain(self, value: Pair) -> None:
        """value = 0."""
        self.clear(value.pos)
        self.clear(value.neg)


def core_register(op: str, args: tuple[str, ...]) -> str | None:
    """The register a core instruction tests or changes (None for jmp and halt)."""
    kinds = CORE_OPS.get(op, "")
    return args[0] if kinds[:1] == "r" else None


def _clean(base: str) -> str:
    name = _NOT_NAME.sub("_", base) or "r"
    return name if not name[0].isdigit() else f"r{name}"


def _unique(base: str, taken: set[str]) -> str:
    name, k = base, 1
    while name in taken:
        k += 1
        name = f"{base}{k}"
    taken.add(name)
    return name
