"""A compiled program of any kind as one plain description: modules, tensors, encoding, decoding.

Every kind becomes the same shape of thing, so files and exports need no per-kind code:
a stock `nn.RNN(relu)`, an optional linear `readout`, an optional input `encoder`, unit labels,
and JSON-ready descriptions of how inputs become h(0) and how states are read back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from rnnprog import api
from rnnprog.device import torch_dtype


@dataclass(eq=False)
class Network:
    """One program's network in one dtype (float32 or float64), on the CPU.

    `rnn` is a stock nn.RNN(relu); `readout` (nn.Linear, no bias) maps a state to outputs, or is
    None where decoding is not linear (Turing machines); `encoder` (H, 1 + inputs) gives
    h(0) = relu(encoder @ [1, *inputs]) for register programs, else None.
    """

    kind: str
    labels: tuple[str, ...]
    rnn: torch.nn.RNN
    readout: torch.nn.Linear | None
    encoder: np.ndarray | None
    ticks_per_step: int
    encoding: dict
    decoding: dict

    def config(self) -> dict:
        """The nn.RNN constructor arguments: `torch.nn.RNN(**config, dtype=...)` rebuilds it."""
        return {"input_size": self.rnn.input_size, "hidden_size": self.rnn.hidden_size,
                "nonlinearity": self.rnn.nonlinearity, "bias": self.rnn.bias,
                "batch_first": self.rnn.batch_first}

    def tensors(self) -> dict[str, np.ndarray]:
        """Every weight by name: `rnn.<nn.RNN state_dict key>`, `readout.weight`, `encoder`."""
        out = {f"rnn.{k}": v.detach().cpu().numpy().copy() for k, v in self.rnn.state_dict().items()}
        if self.readout is not None:
            out["readout.weight"] = self.readout.weight.detach().cpu().numpy().copy()
        if self.encoder is not None:
            out["encoder"] = self.encoder.astype(out["rnn.weight_hh_l0"].dtype)
        return out

    def __repr__(self) -> str:
        return f"Network({self.kind}: {len(self.labels)} units, {self.rnn.weight_hh_l0.dtype})"


def build(program, dtype: str = "float64") -> Network:
    """Compile a parsed program (any kind) into its Network in `dtype` ("float32" or "float64")."""
    ext = api.kind_of(program).EXTENSION
    return {".rm": _register, ".iir": _filter, ".tm": _machine}[ext](program, dtype)


def _register(program, dtype: str) -> Network:
    """A register program: h(0) from the encoder, a readout row per output register."""
    from rnnprog import rm

    compiled = rm.compile(program)
    rnn = compiled.module(dtype, torch.device("cpu"))
    layout, labels = compiled.layout, compiled.labels
    outputs = list(program.outputs)
    readout = torch.nn.Linear(compiled.units, len(outputs), bias=False, dtype=torch_dtype(dtype))
    with torch.no_grad():
        readout.weight.zero_()
        for row, name in enumerate(outputs):
            readout.weight[row, layout.registers[name]] = 1
    readout.requires_grad_(False)
    encoding = {"inputs": list(program.inputs), "tensor": "encoder",
                "initial_state": "h(0) = relu(encoder @ [1, *inputs]), inputs in this order",
                "rnn_input": "zeros, one (1,) input per tick",
                "encoder": compiled.encoder.tolist()}
    decoding = {"registers": {name: labels[layout.registers[name]] for name in program.registers},
                "outputs": outputs, "readout_rows": outputs, "halt": labels[layout.halt],
                "halted_when": "h[halt] == 1 (then h stays fixed)",
                "steps": "the first tick t with h(t)[halt] == 1, times 1 / ticks_per_step"}
    return Network("rm", labels, rnn, readout, compiled.encoder, compiled.ticks_per_step,
                   encoding, decoding)


def _filter(program, dtype: str) -> Network:
    """A filter: the sample x[t] is the input at tick t, y[t] = readout @ h(t)."""
    from rnnprog import iir

    compiled = iir.compile(program, dtype=dtype)
    labels = tuple(compiled.labels)
    encoding = {"rnn_input": "x[t], the sample at tick t; input shape (T, batch, 1)",
                "initial_state": "h(0) = 0, or from scipy's zi: s{i}+ = relu(zi[i-1]), "
                                 "s{i}- = relu(-zi[i-1]), y+ = y- = 0"}
    decoding = {"outputs": ["y"], "readout_rows": ["y"], "y": "y[t] = readout @ h(t) = (y+) - (y-)",
                "zf": "zf[i-1] = s{i}+ - s{i}- of the last state"}
    return Network("iir", labels, compiled.rnn, compiled.readout, None, compiled.ticks_per_step,
                   encoding, decoding)


def _machine(program, dtype: str) -> Network:
    """A Turing machine: a two-stack state decoded digit by digit (no linear readout)."""
    from rnnprog import tm
    from rnnprog.tm.compiler import build_rnn

    compiled = tm.compile(program)
    layout = compiled.layout
    rnn = build_rnn(layout, compiled.rows, dtype=torch_dtype(dtype))
    rnn.requires_grad_(False)
    stacks = (f"stack digits in base {layout.base}, top first: value = sum(d_i * base**-(i+1)); "
              "symbol codes in `codes` (blank = 0)")
    encoding = {"rnn_input": "zeros, one (1,) input per tick", "base": layout.base,
                "codes": dict(layout.codes), "blank": program.blank, "start": program.start,
                "initial_state": "gate `gate:<start>/<head symbol> via <first dir>` = 1; "
                                 "stackL:push = cells left of the head (nearest first), "
                                 "stackR:pop = head cell and cells right of it; "
                                 "topL>=j:write = [left neighbour >= j], secondR>=j:write = "
                                 "[right neighbour >= j]; head:+/head:- = the head cell",
                "stacks": stacks, "reference": "rnnprog.tm.codec.encode"}
    decoding = {"state": "the one gate unit `gate:q/a via d` equal to 1 names the state q and "
                         "the head symbol a; halted when no rule reads (q, a)",
                "head": "head:+ - head:-",
                "tape": "left stack = stackL:push + stackL:pop, right stack = stackR:push + "
                        "stackR:pop; " + stacks,
                "reference": "rnnprog.tm.codec.decode"}
    return Network("tm", tuple(layout.labels), rnn, None, None, compiled.ticks_per_step,
                   encoding, decoding)
