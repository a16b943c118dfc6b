"""Which hidden unit means what: a labelled unit for every instruction, register and gate."""

from __future__ import annotations

from dataclasses import dataclass

from rnnprog.network.ir import Unit
from rnnprog.rm.ir import Lowered

#: Instructions that test a register and so own a zero-test gate unit.
GATED_OPS = ("dec", "jz", "jnz")


@dataclass(frozen=True)
class Layout:
    """The hidden units of a compiled register program and the index of each role.

    `pc[k]` is the unit that is 1 while the program is at core instruction k; for a `halt`
    instruction and for k == end it is the halt unit.
    """

    units: tuple[Unit, ...]
    pc: tuple[int, ...]
    halt: int
    registers: dict[str, int]
    gates: dict[int, int]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(u.label for u in self.units)

    @property
    def pc_units(self) -> tuple[int, ...]:
        """Indices of the program-counter units, the halt unit last."""
        return tuple(sorted(set(self.pc)))


def allocate(lowered: Lowered) -> Layout:
    """Lay out units: one-hot program counter, halt, registers, then one gate per test.

    Returns:
        The Layout; every unit is labelled and `labels` are unique.
    """
    units: list[Unit] = []
    pc: list[int] = []
    for k, core in enumerate(lowered.code):
        if core.op == "halt":
            pc.append(-1)
        else:
            pc.append(len(units))
            units.append(Unit(f"pc:{lowered.names[k]}", "pc", f"at instruction {k}: {lowered.text(k)}",
                              (("instruction", k),)))
    halt = len(units)
    # A program may name a label `halt`: its unit is then pc:halt and the halt unit pc:%halt.
    taken = "pc:halt" in {u.label for u in units}
    units.append(Unit("pc:%halt" if taken else "pc:halt", "halt", "the program has halted"))
    pc = [halt if u < 0 else u for u in pc] + [halt]  # the extra entry is "past the end"
    registers = {}
    for name in lowered.registers:
        registers[name] = len(units)
        role = "temporary of macro lowering" if name in lowered.temps else "register"
        units.append(Unit(f"reg:{name}", "reg", f"{role} {name}", (("register", name),)))
    gates = {}
    for k, core in enumerate(lowered.code):
        if core.op in GATED_OPS:
            gates[k] = len(units)
            units.append(Unit(f"gate:{lowered.names[k]}", "gate",
                              f"1 exactly when at instruction {k} and {core.register} == 0",
                              (("instruction", k), ("register", core.register))))
    return Layout(tuple(units), tuple(pc), halt, registers, gates)
