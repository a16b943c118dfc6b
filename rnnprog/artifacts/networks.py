"""A compiled program of any kind as one plain description: modules, tensors, encoding, decoding.

Built from the kind's network IR and its own description, so files and exports need no
per-kind code:
a stock `nn.RNN(relu)`, an optional linear `readout`, an optional input `encoder`, unit labels,
and JSON-ready descriptions of how inputs become h(0) and how states are read back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from rnnprog import kinds
from rnnprog.network import torch_build


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
    kind = kinds.of(program)
    compiled = kind.compile(program)
    ir = kind.network(compiled)
    encoding, decoding = kind.description(compiled)
    encoder = None
    if ir.encoder is not None:
        encoder = torch_build.dense(ir.encoder, torch.float64).numpy().astype(np.int64)
    return Network(kind.name, ir.labels, torch_build.build_rnn(ir, dtype),
                   torch_build.build_readout(ir, dtype), encoder, ir.ticks_per_step, encoding, decoding)
