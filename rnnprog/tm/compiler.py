"""Compile a Turing machine into the hand-set weights of a stock ReLU nn.RNN: one tick per step.

Tape encoding (Siegelmann & Sontag's two stacks, with blank = digit 0 so an empty stack is 0):
stack L holds the cells left of the head, nearest first; stack R holds the head cell and the
cells right of it. A stack with digits d0 d1 d2 ... has value sum(d_i * B**-(i+1)) in base
B = 2**m >= 2k - 1, so everything below the top digit sums to less than 1/2 and a ramp of slope
2 reads a digit exactly. All weights are dyadic rationals, so float arithmetic on them is exact
until the stacks' digits fill the mantissa (see capacity.py).

Every unit at tick t+1 is relu of an affine function of the units at tick t. Gates for the
next step are built in the same tick from the current gates and the current stacks' second
digits, which the network keeps as threshold units, so one machine step is one RNN tick.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from rnnprog.errors import CompileError
from rnnprog.network import torch_build
from rnnprog.network.ir import Matrix, Network, column
from rnnprog.tm import layout
from rnnprog.tm.ir import Program
from rnnprog.tm.layout import Expr, Layout, at_least, digit, gate, head, stack, total

TICKS_PER_STEP = 1


@dataclass(frozen=True, eq=False)
class CompiledProgram:
    """A machine's network IR (dyadic weights and biases, one affine row per unit) and layout."""

    program: Program
    layout: Layout
    network: Network
    ticks_per_step: int = TICKS_PER_STEP

    @property
    def labels(self) -> tuple[str, ...]:
        return self.layout.labels

    @property
    def units(self) -> int:
        return len(self.layout.units)

    @property
    def rnn(self) -> torch.nn.RNN:
        """The stock module in float32 on the CPU."""
        return torch_build.module(self.network, "float32", "cpu")

    @property
    def nonzero_weights(self) -> int:
        """Nonzero recurrent weights plus nonzero biases (the input weights are all zero)."""
        return self.network.nonzero

    def __repr__(self) -> str:
        return (f"CompiledProgram({self.program.name or 'machine'}: {self.units} units, "
                f"{self.nonzero_weights} nonzero weights, {self.ticks_per_step} tick/step)")


def _moves(lay: Layout, program: Program, move: str) -> dict[str, Expr]:
    """Sums over the rules that move `move`: M (any such rule fires), W (its written digit),
    H (its read digit) and Q:q (it goes to state q)."""
    rules = [r for r in program.rules if r.move == move]
    c = lay.codes
    out = {"M": total(gate(lay, r.state, r.read) for r in rules),
           "W": total(c[r.write] * gate(lay, r.state, r.read) for r in rules),
           "H": total(c[r.read] * gate(lay, r.state, r.read) for r in rules)}
    for r in rules:
        out[f"Q:{r.next}"] = out.get(f"Q:{r.next}", Expr()) + gate(lay, r.state, r.read)
    return out


def stack_rows(lay: Layout, right: dict, left: dict) -> dict[tuple, Expr]:
    """The four stack units (masks use M in {0,1}; each unit is 0 unless its move fires).

    stackL:push = relu(L/B + W_R/B - 1 + M_R)              move R pushes the written digit on L
    stackL:pop  = relu(B*L - topL - B + B*M_L)              move L pops L
    stackR:pop  = relu(B*R - H_R - B + B*M_R)               move R pops the head cell off R
    stackR:push = relu(topL/B + R/B + (W_L - H_L)/B^2 - 1 + M_L)
                                                            move L rewrites R's top, pushes topL
    """
    b, L, R, top = lay.base, stack(lay, "L"), stack(lay, "R"), digit(lay, "topL")
    return {("stack", "L", "push"): L / b + right["W"] / b - 1 + right["M"],
            ("stack", "L", "pop"): b * L - top - b + b * left["M"],
            ("stack", "R", "push"): top / b + R / b + (left["W"] - left["H"]) / (b * b) - 1 + left["M"],
            ("stack", "R", "pop"): b * R - right["H"] - b + b * right["M"]}


def threshold_rows(lay: Layout, program: Program, right: dict, left: dict) -> dict[tuple, Expr]:
    """Units that keep [topL >= j] and [secondR >= j] for the next step, j = 1..k-1.

    topL>=j:write    = relu(sum of gates of R-moving rules writing a digit >= j)
    topL>=j:ramp+/-  = relu(2(u - j) + 1 - K(1 - M_L)), relu(2(u - j) - K(1 - M_L)),
                       u = B^2 L - B topL  (second digit of L plus a rest under 1/2), K = 4B
    secondR>=j:write = relu(sum of gates of L-moving rules writing a digit >= j)
    secondR>=j:ramp+/- the same ramps on z = B^3 R - B^2 head - B secondR, masked by M_R.
    A ramp pair's difference is [x >= j] exactly: x is a digit plus a rest in [0, 1/2).
    """
    b, c, k = lay.base, lay.codes, lay.n_symbols
    heads = total(c[a] * gate(lay, q, a) for q in lay.gate_dirs for a in program.symbols)
    u = b * b * stack(lay, "L") - b * digit(lay, "topL")
    z = b ** 3 * stack(lay, "R") - b * b * heads - b * digit(lay, "secondR")
    rows = {}
    for name, x, writer, mask in (("topL", u, right, left["M"]), ("secondR", z, left, right["M"])):
        moving = [r for r in program.rules if r.move == ("R" if writer is right else "L")]
        for j in range(1, k):
            off = 4 * b * (1 - mask)
            rows[("digit", name, j, "write")] = total(gate(lay, r.state, r.read) for r in moving
                                                      if c[r.write] >= j)
            rows[("digit", name, j, "ramp+")] = 2 * (x - j) + 1 - off
            rows[("digit", name, j, "ramp-")] = 2 * (x - j) - off
    return rows


def gate_rows(lay: Layout, right: dict, left: dict) -> dict[tuple, Expr]:
    """gate:q/a via R = relu([secondR >= a] - [secondR >= a+1] + Q_R(q) - 1)   (new head = secondR)
    gate:q/a via L = relu([topL >= a] - [topL >= a+1] + Q_L(q) - 1)         (new head = topL)
    """
    rows = {}
    for q, dirs in lay.gate_dirs.items():
        for d in dirs:
            moved, name = (right, "secondR") if d == "R" else (left, "topL")
            for a, j in lay.codes.items():
                rows[("gate", q, a, d)] = (at_least(lay, name, j) - at_least(lay, name, j + 1)
                                           + moved.get(f"Q:{q}", Expr()) - 1)
    return rows


def head_rows(lay: Layout, right: dict, left: dict) -> dict[tuple, Expr]:
    """head:+ = relu(head + M_R - M_L), head:- = relu(-head - M_R + M_L); head = head:+ - head:-."""
    step = right["M"] - left["M"]
    return {("head", "+"): head(lay) + step, ("head", "-"): -head(lay) - step}


def compile(program: Program) -> CompiledProgram:
    """Compile a machine: allocate units, build every unit's affine row, load them into nn.RNN.

    Args:
        program: the machine.

    Returns:
        The CompiledProgram (1 tick per step).
    """
    lay = layout.allocate(program)
    right, left = _moves(lay, program, "R"), _moves(lay, program, "L")
    by_key = {**gate_rows(lay, right, left), **stack_rows(lay, right, left),
              **threshold_rows(lay, program, right, left), **head_rows(lay, right, left)}
    rows = [by_key[key] for key in lay.keys]
    for row in rows:
        if not all(_dyadic(v) for v in (*row.terms.values(), row.const)):
            raise CompileError("internal: a Turing-machine weight is not dyadic, so float runs "
                               "would round it; please report this machine")
    return CompiledProgram(program, lay, network(program, lay, rows))


def _dyadic(value) -> bool:
    return value.denominator & (value.denominator - 1) == 0


def network(program: Program, lay: Layout, rows: list[Expr]) -> Network:
    """The IR of the rows: W[i, j] = row i's coefficient of unit j, b[i] = its constant; the
    machine halts when a gate of a (state, symbol) with no rule to execute is on."""
    size = len(lay.units)
    halting = tuple(i for key, i in lay.keys.items()
                    if key[0] == "gate" and program.rule_for(key[1], key[2]) is None)
    return Network(
        lay.units,
        recurrent=Matrix.of((size, size),
                            ((i, j, w) for i, row in enumerate(rows) for j, w in row.terms.items())),
        input=Matrix((size, 1)),
        bias=column(size, ((i, row.const) for i, row in enumerate(rows))),
        halt_units=halting,
        initial=f"h(0) encodes the initial tape: one gate on, the two stacks as base-{lay.base} "
                "fractions, the head cell in head:+/head:-")
