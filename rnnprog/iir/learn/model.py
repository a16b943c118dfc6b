"""The learned filter: a stock nn.RNN(relu) of one input and a linear readout, in float64 (the
compiled network's errors are near 1e-15, which float32 rounding would hide), trained on white
noise signals x with targets y from the reference interpreter; save/load as safetensors.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from rnnprog.iir.interpret import interpret
from rnnprog.learn import files, loop
from rnnprog.network.torch_build import dense

KEY = "rnnprog-filter-learner"
#: The relative loss of an exact float64 network (rounding only).
FLOOR = 1e-20


class FilterLearner(nn.Module):
    """x (T, B) -> y (T, B) through a one-layer `cell` of `hidden` units and y = readout(h)."""

    def __init__(self, cell: str, hidden: int):
        super().__init__()
        self.cell, self.hidden = cell, hidden
        self.rnn = loop.cell(cell, 1, hidden, torch.float64)
        self.readout = nn.Linear(hidden, 1, dtype=torch.float64)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.rnn(x.unsqueeze(-1))
        return self.readout(out).squeeze(-1)

    def set_compiled(self, compiled) -> None:
        """The compiled weights: h(t) = relu(W h(t-1) + U x(t)), y(t) = (y+) - (y-) (no biases)."""
        loop.copy_compiled(self.rnn, compiled.network)
        with torch.no_grad():
            self.readout.weight.copy_(dense(compiled.network.readout, torch.float64))
            self.readout.bias.zero_()


def signals(program, rng: np.random.Generator, count: int, length: int) -> tuple[torch.Tensor, torch.Tensor]:
    """`count` white-noise signals N(0, 1) of `length` samples and the interpreter's outputs,
    both (T, B) float64."""
    x = rng.standard_normal((count, length))
    y = interpret(program, x).y
    return torch.from_numpy(x.T.copy()), torch.from_numpy(np.asarray(y, dtype=float).T.copy())


def loss(model: FilterLearner, batch) -> torch.Tensor:
    """Relative squared error sum (y_hat - y)^2 / sum y^2 (so a loud filter weighs like a quiet
    one). A filter whose output is identically zero is refused (see trainer.FilterTrainer)."""
    x, y = batch
    device = model.readout.weight.device
    x, y = x.to(device), y.to(device)
    return ((model(x) - y) ** 2).sum() / (y ** 2).sum().clamp_min(1e-300)


@torch.no_grad()
def predict(model: FilterLearner, x: torch.Tensor) -> torch.Tensor:
    """y_hat (T, B) for signals x (T, B), on the CPU."""
    return model(x.to(model.readout.weight.device)).cpu()


def save(model: FilterLearner, path: str) -> None:
    files.save(model, path, KEY, {"cell": model.cell, "hidden": model.hidden})


def load(path: str) -> FilterLearner:
    """A model saved by `save`: its shape from the file's metadata, then its weights."""
    shape, state = files.load(path, KEY)
    model = FilterLearner(shape["cell"], shape["hidden"])
    model.load_state_dict(state)
    return model
