"""Decode hidden states into machine states and find where the RNN and interpreter diverge."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rnnprog.rm.compile import CompiledProgram
from rnnprog.rm.result import State


def decode(compiled: CompiledProgram, h: np.ndarray) -> State | None:
    """Read a State off one hidden state, or None if the program counter is not one-hot or a
    register is not a non-negative integer (the network is off the program's rails)."""
    layout = compiled.layout
    pc_units = layout.pc_units
    values = [float(h[u]) for u in pc_units]
    if sorted(values) != [0.0] * (len(values) - 1) + [1.0]:
        return None
    unit = pc_units[values.index(1.0)]
    pc = compiled.lowered.end if unit == layout.halt else layout.pc.index(unit)
    registers = []
    for name in compiled.lowered.registers:
        value = h[layout.registers[name]]
        if float(value) < 0 or float(value) != int(value):
            return None
        registers.append(int(value))
    return State(pc, tuple(registers))


def expected_units(compiled: CompiledProgram, state: State) -> np.ndarray:
    """The activation every unit must hold in `state` (pc one-hot, registers, gates), as ints."""
    layout, lowered = compiled.layout, compiled.lowered
    h = np.zeros(compiled.units, dtype=object)
    h[layout.pc[state.pc]] = 1
    values = dict(zip(lowered.registers, state.registers))
    for name, unit in layout.registers.items():
        h[unit] = values[name]
    for k, unit in layout.gates.items():
        h[unit] = int(state.pc == k and values[lowered.code[k].register] == 0)
    return h


@dataclass(frozen=True)
class Divergence:
    """The first step where the network's state is not the interpreter's.

    `units` lists (label, expected, actual) for every unit that differs.
    """

    step: int
    expected: State
    actual: State | None
    units: tuple[tuple[str, object, object], ...]


def first_divergence(compiled: CompiledProgram, states: np.ndarray,
                     reference: Sequence[State]) -> Divergence | None:
    """Compare one row's hidden states (ticks + 1, H) with the interpreter's trace, every unit.

    Past the end of either sequence, its last state stands (a halted machine stays put).
    """
    length = max(len(states), len(reference))
    labels = compiled.labels  # a property that builds the tuple: once, not once per step
    for t in range(length):
        h = states[min(t, len(states) - 1)]
        want = reference[min(t, len(reference) - 1)]
        expected = expected_units(compiled, want)
        if bool((np.asarray(h) == expected).all()):  # the usual case, in one pass (3.0 == 3)
            continue
        differs = [(label, expected[i], _number(h[i]))
                   for i, label in enumerate(labels) if _number(h[i]) != expected[i]]
        if differs:
            return Divergence(t, want, decode(compiled, h), tuple(differs))
    return None


def _number(value) -> int | float:
    number = float(value)
    return int(value) if number.is_integer() else number
