"""Compile a register program into the weights of a stock `torch.nn.RNN(nonlinearity='relu')`.

One tick per executed core instruction: h(t+1) = relu(W h(t)) with zero input and zero bias.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import torch

from rnnprog.network import torch_build
from rnnprog.network.ir import Matrix, Network, building
from rnnprog.rm.ir import Lowered, Program
from rnnprog.rm.layout import Layout, allocate
from rnnprog.rm.lower import lower


@dataclass(frozen=True, eq=False)
class CompiledProgram:
    """A lowered program, its unit layout, and its network IR (integer weights, sparse).

    The recurrent matrix executes one core instruction per tick; the encoder builds the
    initial state h(0) = relu(E @ [1, *inputs]).
    """

    lowered: Lowered
    layout: Layout
    network: Network
    ticks_per_step: int = 1

    @property
    def program(self) -> Program:
        return self.lowered.program

    @property
    def labels(self) -> tuple[str, ...]:
        return self.layout.labels

    @property
    def units(self) -> int:
        return len(self.layout.units)

    @functools.cached_property
    def increments(self) -> tuple[tuple[int, int, str], ...]:
        """(instruction, register unit, register name) of every `inc`: the precision guards'
        table, made once per program rather than once per run."""
        registers = self.layout.registers
        return tuple((k, registers[c.register], c.register)
                     for k, c in enumerate(self.lowered.code) if c.op == "inc")

    @property
    def rnn(self) -> torch.nn.RNN:
        """The stock module in float32 on the CPU."""
        return self.module("float32", torch.device("cpu"))

    def module(self, dtype: str, device: torch.device) -> torch.nn.RNN:
        """A stock `nn.RNN(1, H, nonlinearity='relu')` holding the weights, built directly in
        `dtype` on `device` (never cast afterwards, so no float32 rounding is kept)."""
        return torch_build.module(self.network, dtype, device)

    def __repr__(self) -> str:
        return (f"CompiledProgram(units={self.units}, nonzero_weights="
                f"{self.network.recurrent.nonzero}, ticks_per_step={self.ticks_per_step})")


def compile(program: Program | Lowered) -> CompiledProgram:
    """Compile a program: lower, lay out units, and build the recurrent and encoder weights."""
    with building():
        return _compile(program)


def _compile(program: Program | Lowered) -> CompiledProgram:
    lowered = program if isinstance(program, Lowered) else lower(program)
    layout = allocate(lowered)
    size = len(layout.units)
    outputs = lowered.program.outputs
    network = Network(
        layout.units,
        recurrent=Matrix.of((size, size), recurrent_weights(lowered, layout)),
        input=Matrix((size, 1)),
        bias=Matrix((size, 1)),
        readout=Matrix.of((len(outputs), size),
                          ((row, layout.registers[name], 1) for row, name in enumerate(outputs))),
        readout_names=outputs,
        encoder=Matrix.of((size, 1 + len(lowered.program.inputs)), encoder_weights(lowered, layout)),
        encoder_names=lowered.program.inputs,
        halt_units=(layout.halt,), halt_absorbing=True,
        initial="h(0) = relu(E @ [1, *inputs]): the program counter at the first instruction, "
                "the input registers set, every other register 0")
    return CompiledProgram(lowered, layout, network)


Items = list[tuple[int, int, int]]


def next_pc_rows(lowered: Lowered, layout: Layout) -> Items:
    """Rows P with pc(t+1) = P h(t): each instruction's activation flows to its successor.

    inc/dec k:  pc[k+1] += p_k          jmp k L:  pc[L] += p_k
    jz r L at k:  pc[L] += g_k,  pc[k+1] += p_k - g_k     (g_k = 1 iff at k and r == 0)
    jnz r L at k: pc[L] += p_k - g_k,  pc[k+1] += g_k      halt: pc:halt += pc:halt
    """
    items = [(layout.halt, layout.halt, 1)]
    for k, core in enumerate(lowered.code):
        p, nxt = layout.pc[k], layout.pc[k + 1]
        if core.op in ("inc", "dec"):
            items.append((nxt, p, 1))
        elif core.op == "jmp":
            items.append((layout.pc[core.target], p, 1))
        elif core.op in ("jz", "jnz"):
            g, jump = layout.gates[k], layout.pc[core.target]
            if_zero, if_nonzero = (jump, nxt) if core.op == "jz" else (nxt, jump)
            items += [(if_zero, g, 1), (if_nonzero, p, 1), (if_nonzero, g, -1)]
    return items


def register_rows(lowered: Lowered, layout: Layout) -> Items:
    """Rows R with r(t+1) = R h(t):  r' = r + sum_{inc r at k} p_k - sum_{dec r at k} (p_k - g_k).

    A dec at zero has g_k = 1, so it subtracts p_k - g_k = 0: registers never go negative.
    """
    items = [(r, r, 1) for r in layout.registers.values()]
    for k, core in enumerate(lowered.code):
        if core.op == "inc":
            items.append((layout.registers[core.register], layout.pc[k], 1))
        elif core.op == "dec":
            r = layout.registers[core.register]
            items += [(r, layout.pc[k], -1), (r, layout.gates[k], 1)]
    return items


def recurrent_weights(lowered: Lowered, layout: Layout) -> Items:
    """W such that h(t+1) = relu(W h(t)) executes one core instruction per tick.

    pc and register rows are the linear maps P and R (their values are never negative, so relu
    keeps them). The gate of instruction k testing register r is computed for the *next* tick:
        g_k(t+1) = relu(pc_k(t+1) - r(t+1)),
    1 exactly when the next instruction is k and r will be 0 (r is an integer >= 0). Only the
    instruction just before k can change r on the way into k (jumps change no register), so
        g_k(t+1) = relu(P_k h(t) - r(t) - E h(t)),  E = p_{k-1} if k-1 is `inc r`,
                                                    E = -(p_{k-1} - g_{k-1}) if k-1 is `dec r`,
    and where the next instruction is not k, P_k h(t) = 0 and the rest is at most 0. Each gate
    row has a few weights, so compiling is O(program size).
    """
    pc_rows = next_pc_rows(lowered, layout)
    items = pc_rows + register_rows(lowered, layout)
    into: dict[int, list[tuple[int, int]]] = {}  # P_k: what flows into each pc unit
    for i, j, w in pc_rows:
        into.setdefault(i, []).append((j, w))
    code, pc, registers = lowered.code, layout.pc, layout.registers
    for k, g in layout.gates.items():
        register = code[k].register
        items += [(g, j, w) for j, w in into.get(pc[k], ())]
        items.append((g, registers[register], -1))
        before = code[k - 1] if k > 0 else None
        if before is not None and before.register == register and before.op == "inc":
            items.append((g, pc[k - 1], -1))
        elif before is not None and before.register == register and before.op == "dec":
            items += [(g, pc[k - 1], 1), (g, layout.gates[k - 1], -1)]
    return items


def encoder_weights(lowered: Lowered, layout: Layout) -> Items:
    """E with h(0) = relu(E @ [1, *inputs]): pc at the first instruction, registers from the
    inputs (others 0), and gates g_k(0) = relu([k is first] - r(0))."""
    columns = {layout.pc[0]: {0: 1}}
    for j, name in enumerate(lowered.program.inputs, start=1):
        columns.setdefault(layout.registers[name], {})[j] = 1
    items = [(i, j, w) for i, row in columns.items() for j, w in row.items()]
    for k, g in layout.gates.items():
        items += [(g, j, w) for j, w in columns.get(layout.pc[k], {}).items()]
        items += [(g, j, -w) for j, w in columns.get(layout.registers[lowered.code[k].register], {}).items()]
    return items
