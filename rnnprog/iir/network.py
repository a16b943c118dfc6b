"""Set the weights of a stock nn.RNN(relu) and a linear readout so they run a filter program."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from rnnprog.device import torch_dtype
from rnnprog.errors import DeviceError
from rnnprog.iir import layout
from rnnprog.iir.ir import Program


@dataclass(eq=False)
class CompiledProgram:
    """A filter as a network: `rnn` (nn.RNN, relu, 1 input) and `readout` (nn.Linear).

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
    w_out = readout_weights(lay)
    kind = torch_dtype(dtype)
    rnn = nn.RNN(1, lay.size, nonlinearity="relu", bias=False, dtype=kind)
    readout = nn.Linear(lay.size, 1, bias=False, dtype=kind)
    with torch.no_grad():
        _copy(rnn.weight_ih_l0, w_ih)
        _copy(rnn.weight_hh_l0, w_hh)
        _copy(readout.weight, w_out)
    rnn.requires_grad_(False)
    readout.requires_grad_(False)
    return CompiledProgram(program, rnn, readout, lay.labels, lay, space, dtype)


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


def _copy(parameter: torch.Tensor, values: list) -> None:
    """Copy exact values into a parameter after checking the shape (each rounds once)."""
    tensor = torch.tensor([[float(v) for v in row] for row in values], dtype=torch.float64)
    if tensor.shape != parameter.shape:
        raise AssertionError(f"weight shape {tuple(tensor.shape)} != {tuple(parameter.shape)}")
    parameter.copy_(tensor.to(parameter.dtype))
