"""Compile a register program into the weights of a stock `torch.nn.RNN(nonlinearity='relu')`.

One tick per executed core instruction: h(t+1) = relu(W h(t)) with zero input and zero bias.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

from rnnprog.device import torch_dtype
from rnnprog.rm.ir import Lowered, Program
from rnnprog.rm.layout import Layout, allocate
from rnnprog.rm.lower import lower


@dataclass
class CompiledProgram:
    """Integer weights, their layout, and stock `nn.RNN` modules built from them.

    `weight` (H, H) is the recurrent matrix; `encoder` (H, 1 + inputs) builds the initial state
    h(0) = relu(encoder @ [1, *inputs]).
    """

    lowered: Lowered
    layout: Layout
    weight: np.ndarray
    encoder: np.ndarray
    ticks_per_step: int = 1
    _modules: dict = field(default_factory=dict, repr=False)

    @property
    def program(self) -> Program:
        return self.lowered.program

    @property
    def labels(self) -> tuple[str, ...]:
        return self.layout.labels

    @property
    def units(self) -> int:
        return len(self.layout.units)

    @property
    def rnn(self) -> torch.nn.RNN:
        """The stock module in float32 on the CPU."""
        return self.module("float32", torch.device("cpu"))

    def module(self, dtype: str, device: torch.device) -> torch.nn.RNN:
        """A stock `nn.RNN(1, H, nonlinearity='relu')` holding the weights, built directly in
        `dtype` on `device` (never cast afterwards, so no float32 rounding is kept)."""
        key = (dtype, str(device))
        if key not in self._modules:
            self._modules[key] = build_rnn(self.weight, dtype, device)
        return self._modules[key]

    def __repr__(self) -> str:
        return (f"CompiledProgram(units={self.units}, nonzero_weights="
                f"{int(np.count_nonzero(self.weight))}, ticks_per_step={self.ticks_per_step})")


def compile(program: Program | Lowered) -> CompiledProgram:  # noqa: A001 - the stage's name
    """Compile a program: lower, lay out units, and build the recurrent and encoder weights."""
    lowered = program if isinstance(program, Lowered) else lower(program)
    layout = allocate(lowered)
    return CompiledProgram(lowered, layout, recurrent_weights(lowered, layout),
                           encoder_weights(lowered, layout))


def next_pc_rows(lowered: Lowered, layout: Layout) -> np.ndarray:
    """Rows P with pc(t+1) = P h(t): each instruction's activation flows to its successor.

    inc/dec k:  pc[k+1] += p_k          jmp k L:  pc[L] += p_k
    jz r L at k:  pc[L] += g_k,  pc[k+1] += p_k - g_k     (g_k = 1 iff at k and r == 0)
    jnz r L at k: pc[L] += p_k - g_k,  pc[k+1] += g_k      halt: pc:halt += pc:halt
    """
    size = len(layout.units)
    rows = np.zeros((size, size), dtype=np.int64)
    rows[layout.halt, layout.halt] = 1
    for k, core in enumerate(lowered.code):
        p, nxt = layout.pc[k], layout.pc[k + 1]
        if core.op in ("inc", "dec"):
            rows[nxt, p] += 1
        elif core.op == "jmp":
            rows[layout.pc[core.target], p] += 1
        elif core.op in ("jz", "jnz"):
            g, jump = layout.gates[k], layout.pc[core.target]
            if_zero, if_nonzero = (jump, nxt) if core.op == "jz" else (nxt, jump)
            rows[if_zero, g] += 1
            rows[if_nonzero, p] += 1
            rows[if_nonzero, g] -= 1
    return rows


def register_rows(lowered: Lowered, layout: Layout) -> np.ndarray:
    """Rows R with r(t+1) = R h(t):  r' = r + sum_{inc r at k} p_k - sum_{dec r at k} (p_k - g_k).

    A dec at zero has g_k = 1, so it subtracts p_k - g_k = 0: registers never go negative.
    """
    size = len(layout.units)
    rows = np.zeros((size, size), dtype=np.int64)
    for r in layout.registers.values():
        rows[r, r] = 1
    for k, core in enumerate(lowered.code):
        if core.op == "inc":
            rows[layout.registers[core.register], layout.pc[k]] += 1
        elif core.op == "dec":
            r = layout.registers[core.register]
            rows[r, layout.pc[k]] -= 1
            rows[r, layout.gates[k]] += 1
    return rows


def recurrent_weights(lowered: Lowered, layout: Layout) -> np.ndarray:
    """W such that h(t+1) = relu(W h(t)) executes one core instruction per tick.

    pc and register rows are the linear maps P and R (their values are never negative, so relu
    keeps them). The gate of instruction k testing register r is computed for the *next* tick:
        g_k(t+1) = relu(pc_k(t+1) - r(t+1)) = relu((P_k - R_r) h(t)),
    which is 1 exactly when the next instruction is k and r will be 0 (r is an integer >= 0).
    """
    rows = next_pc_rows(lowered, layout) + register_rows(lowered, layout)
    for k, g in layout.gates.items():
        reg = layout.registers[lowered.code[k].register]
        rows[g] = rows[layout.pc[k]] - rows[reg]
    return rows


def encoder_weights(lowered: Lowered, layout: Layout) -> np.ndarray:
    """E with h(0) = relu(E @ [1, *inputs]): pc at the first instruction, registers from the
    inputs (others 0), and gates g_k(0) = relu([k is first] - r(0))."""
    inputs = lowered.program.inputs
    enc = np.zeros((len(layout.units), 1 + len(inputs)), dtype=np.int64)
    enc[layout.pc[0], 0] = 1
    for j, name in enumerate(inputs, start=1):
        enc[layout.registers[name], j] = 1
    for k, g in layout.gates.items():
        enc[g] = enc[layout.pc[k]] - enc[layout.registers[lowered.code[k].register]]
    return enc


def build_rnn(weight: np.ndarray, dtype: str, device: torch.device) -> torch.nn.RNN:
    """A stock nn.RNN(input_size=1, relu) with W_hh = weight and zero input weights and biases."""
    size = weight.shape[0]
    rnn = torch.nn.RNN(1, size, nonlinearity="relu", bias=True,
                       dtype=torch_dtype(dtype), device=device)
    with torch.no_grad():
        for p in rnn.parameters():
            p.zero_()
        rnn.weight_hh_l0.copy_(torch.as_tensor(weight, dtype=torch_dtype(dtype)))
    rnn.requires_grad_(False)
    return rnn
