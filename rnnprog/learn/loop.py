"""The training loop every kind shares: seeded and deterministic, Adam with clipped gradients,
a progress line on a terminal, and the start from the compiled weights (`--init compiled`)."""

from __future__ import annotations

import math
import os
from contextlib import contextmanager
from dataclasses import dataclass

import torch
from torch import nn

from rnnprog.device import resolve_device, threads_for
from rnnprog.network.ir import Network
from rnnprog.network.torch_build import dense
from rnnprog.progress import Progress

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


def cell(name: str, inputs: int, hidden: int, dtype: torch.dtype | None = None) -> nn.Module:
    """The trained cell: a stock nn.RNN(relu), nn.LSTM or nn.GRU, one layer, sequence-first."""
    extra = {"nonlinearity": "relu"} if name == "rnn" else {}
    return CELLS[name](inputs, hidden, dtype=dtype, **extra)


@contextmanager
def session(seed: int, device, elements: int):
    """Seed torch for the run and yield the torch.device; `elements` (batch x hidden units) small
    enough runs on one CPU thread (a second thread triples the cost of a small RNN's backward
    pass on 2 cores: 41 ms against 13 ms measured). CPU kernels are deterministic already (and
    asking torch to enforce it costs a 4 s import of its compiler); on CUDA deterministic
    algorithms are turned on for the run (restored after), cuBLAS gets the fixed workspace it needs
    for that, and a kernel without a deterministic version warns rather than fails."""
    dev = resolve_device(device)
    torch.manual_seed(seed)
    if dev.type != "cuda":
        with threads_for(elements, dev):
            yield dev
        return
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    before = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True, warn_only=True)
    try:
        yield dev
    finally:
        torch.use_deterministic_algorithms(before)


@dataclass
class Training:
    """The loss at every step; first/last: the means of the first and of the last tenth;
    `diverged`: the step whose loss was not finite (nan or inf), where training stopped."""

    losses: list[float]
    diverged: int | None = None

    def _mean(self, part: list[float]) -> float:
        return sum(part) / len(part)

    @property
    def first_loss(self) -> float:
        return self._mean(self.losses[:max(1, len(self.losses) // 10)])

    @property
    def last_loss(self) -> float:
        return self._mean(self.losses[-max(1, len(self.losses) // 10):])


def fit(model: nn.Module, loss_of, draw, *, steps: int, lr: float, progress: bool | None = None) -> Training:
    """Adam on `loss_of(model, draw())` for `steps` steps, gradients clipped to norm 1; a progress
    line on stderr when it is a terminal (`progress=None`), always or never (True/False). A loss
    that is not finite stops it (the weights are lost: every later step would be nan too)."""
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    losses: list[float] = []
    with Progress(steps, enabled=progress) as bar:
        for step in range(1, steps + 1):
            loss = loss_of(model, draw())
            if not torch.isfinite(loss.detach()):
                losses.append(float(loss.detach()))
                return Training(losses, diverged=step)
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            losses.append(float(loss.detach()))
            bar.draw(step, lambda rate, step=step: f"step {step:,} of {steps:,}, loss "
                                                   f"{losses[-1]:.4g}, {rate:,.0f} steps/s")
    return Training(losses)


def copy_compiled(rnn: nn.RNN, network: Network) -> None:
    """Set a stock nn.RNN(relu) to the compiled weights: W_ih = U, W_hh = W, b_ih = b, b_hh = 0
    (b = 0 where the network has no bias), so relu(W_ih x + b_ih + W_hh h + b_hh) is the compiled
    tick exactly."""
    kind = rnn.weight_hh_l0.dtype
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(dense(network.input, kind))
        rnn.weight_hh_l0.copy_(dense(network.recurrent, kind))
        if rnn.bias:
            bias = dense(network.bias, kind)[:, 0] if network.bias is not None else 0.0
            rnn.bias_ih_l0.copy_(torch.as_tensor(bias, dtype=kind).expand_as(rnn.bias_ih_l0))
            rnn.bias_hh_l0.zero_()


def snapshot(model: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.named_parameters()}


def distance(model: nn.Module, reference: dict[str, torch.Tensor]) -> float:
    """max |w - w_reference| over every parameter (0 exactly when the weights are the same)."""
    return max(float((v.detach() - reference[k]).abs().max()) for k, v in model.named_parameters())


def perturb(model: nn.Module, sigma: float, seed: int) -> None:
    """Add independent N(0, sigma^2) noise to every parameter (its own seeded generator)."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for value in model.parameters():
            value.add_(sigma * torch.randn(value.shape, generator=generator, dtype=value.dtype)
                       .to(value.device))


def gradient_norm(model: nn.Module, loss: torch.Tensor) -> float:
    """The 2-norm of d loss / d parameters (gradients cleared after)."""
    model.zero_grad()
    loss.backward()
    total = sum(float((p.grad ** 2).sum()) for p in model.parameters() if p.grad is not None)
    model.zero_grad()
    return math.sqrt(total)


@dataclass
class Start:
    """Where training started: `init` "random" or "compiled" (+ `noise`), the loss and gradient
    norm there on one training batch, and for a compiled start max |w - compiled| before and after
    training (does it return to the compiled network?)."""

    init: str
    noise: float
    loss: float
    gradient: float
    distance: float | None = None
    final_distance: float | None = None

    def lines(self) -> list[str]:
        if self.init == "random":
            return [f"start: random weights (seeded); loss {self.loss:.4g}, gradient norm "
                    f"{self.gradient:.3g}"]
        where = "the compiled weights" + (f" + N(0, {self.noise:g}^2) noise" if self.noise else "")
        return [f"start: {where}; loss {self.loss:.3g}, gradient norm {self.gradient:.3g}, "
                f"max |w - compiled| {self.distance:.3g}",
                f"after training: max |w - compiled| {self.final_distance:.3g}"]


def begin(model: nn.Module, compiled, options, loss_of, probe) -> tuple[Start, dict | None]:
    """Put `model` at its start (random as built, or `model.set_compiled(compiled)` plus noise) and
    measure the loss and gradient there on the batch `probe`; returns the Start and the compiled
    weights to measure the distance from (None for a random start)."""
    reference = None
    if options.init == "compiled":
        model.set_compiled(compiled)
        reference = snapshot(model)
        if options.noise:
            perturb(model, options.noise, options.seed)
    loss = loss_of(model, probe)
    start = Start(options.init, options.noise, float(loss.detach()), gradient_norm(model, loss))
    if reference is not None:
        start.distance = distance(model, reference)
    return start, reference


def train(model: nn.Module, compiled, options, loss_of, probe, draw,
          progress: bool | None) -> tuple[Start, Training]:
    """`begin`, then `fit` with the options' steps and lr, then (for a compiled start) how far
    training moved the weights from the compiled ones."""
    start, reference = begin(model, compiled, options, loss_of, probe)
    training = fit(model, loss_of, draw, steps=options.steps, lr=options.lr, progress=progress)
    if reference is not None:
        start.final_distance = distance(model, reference)
    return start, training
