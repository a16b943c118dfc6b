"""Set the weights of a stock nn.RNN(relu) and a linear readout so they run a filter program."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from torch import nn

from rnnprog.errors import CompileError, DeviceError
from rnnprog.iir import layout
from rnnprog.iir.ir import Program
from rnnprog.network import torch_build
from rnnprog.network.ir import Matrix, Network, Unit


@dataclass(eq=False)
class CompiledProgram:
    """A filter as a network IR and its stock modules in `dtype`: `rnn` (nn.RNN, relu, 1 input,
    no bias) and `readout` (nn.Linear, no bias).

    One tick per sample: the input sample x[t] is the RNN input at tick t and `readout(h_t)` is y[t].
    The RNN is sequence-first (torch's default, like the other kinds): input (T, B, 1).
    """

    program: Program
    rnn: nn.RNN
    readout: nn.Linear
    labels: tuple[str, ...]
    layout: layout.Layout
    state_space: layout.StateSpace
    dtype: str
    network: Network
    ticks_per_step: int = 1

    def __repr__(self) -> str:
        return (f"CompiledProgram(order={self.layout.order}, units={len(self.labels)}, "
                f"dtype={self.dtype}, labels={' '.join(self.labels)})")


def compile(program: Program, *, dtype: str = "float64") -> CompiledProgram:
    """Build the network for `program`, with every weight created directly in `dtype`.

    Args:
        program: the filter.
        dtype: "float32" or "float64".

    Returns:
        The CompiledProgram.

    Raises:
        DeviceError: for any other dtype (the network runs in floats; use interpret(exact=True)).
    """
    if dtype not in ("float32", "float64"):
        raise DeviceError(f"filter networks run in float32 or float64, not {dtype!r}; "
                          "for exact rational output use interpret(program, x, exact=True)")
    lay = layout.allocate(program)
    space = layout.state_space(program)
    w_ih, w_hh = recurrent_weights(lay, space)
    network = Network(
        units(lay), recurrent=_matrix(w_hh), input=_matrix(w_ih), bias=None,
        readout=_matrix(readout_weights(lay)), readout_names=("y",), input_names=("x",),
        initial="h(0) = 0 (or the initial state zi split into + and - parts); x[n] is the input at tick n")
    return with_network(program, network, dtype)


def with_network(program: Program, network: Network, dtype: str) -> CompiledProgram:
    """The compiled filter that runs `network` (the compiler's, or an edited one) in `dtype`."""
    lay = layout.allocate(program)
    return CompiledProgram(program, torch_build.build_rnn(network, dtype),
                           torch_build.build_readout(network, dtype), lay.labels, lay,
                           layout.state_space(program), dtype, network)


def units(lay: layout.Layout) -> tuple[Unit, ...]:
    """s{i}+ / s{i}- hold the positive and negative parts of state z[i-1]; y+ / y- of the output."""
    out = []
    for i in range(lay.order):
        for sign in "+-":
            part = "positive" if sign == "+" else "negative"
            out.append(Unit(f"s{i + 1}{sign}", "state", f"the {part} part of state z[{i}] (scipy's zi[{i}])",
                            (("state", i), ("sign", sign))))
    for sign in "+-":
        part = "positive" if sign == "+" else "negative"
        out.append(Unit(f"y{sign}", "output", f"the {part} part of the output y[n]", (("sign", sign),)))
    if tuple(u.label for u in out) != lay.labels:
        raise CompileError("internal: filter units out of the layout's order")
    return tuple(out)


def _matrix(rows: list) -> Matrix:
    """Nested lists of exact values as a sparse Matrix."""
    return Matrix.of((len(rows), len(rows[0]) if rows else 0),
                     ((i, j, Fraction(v)) for i, row in enumerate(rows) for j, v in enumerate(row) if v))


def recurrent_weights(lay: layout.Layout, space: layout.StateSpace) -> tuple[list, list]:
    """W_ih (units x 1) and W_hh (units x units) as nested lists of Fractions, implementing

        si±(t) = ReLU(±(g[i] x[t] + sum_j F[i][j] (sj+(t-1) - sj-(t-1))))
        y±(t)  = ReLU(±(d x[t] + s1+(t-1) - s1-(t-1)))

    so that si+ - si- is z[i-1](t), the TDF-II state after sample t, and y+ - y- is y[t].
    """
    n = lay.order
    w_ih = [[0] for _ in range(lay.size)]
    w_hh = [[0] * lay.size for _ in range(lay.size)]
    rows = [(lay.state_unit(i, 1), space.input_gain[i], space.transition[i]) for i in range(n)]
    rows.append((lay.output_unit(1), space.direct, [1] + [0] * (n - 1) if n else []))
    for plus, gain, coupling in rows:
        for row, sign in ((plus, 1), (plus + 1, -1)):
            w_ih[row][0] = sign * gain
            for j, value in enumerate(coupling):
                w_hh[row][lay.state_unit(j, 1)] = sign * value
                w_hh[row][lay.state_unit(j, -1)] = -sign * value
    return w_ih, w_hh


def readout_weights(lay: layout.Layout) -> list:
    """The readout row (1 x units): y[t] = y+(t) - y-(t)."""
    row = [0] * lay.size
    row[lay.output_unit(1)], row[lay.output_unit(-1)] = 1, -1
    return [row]
