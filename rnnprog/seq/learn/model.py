"""The learned side: a stock nn.RNN(relu) / nn.LSTM / nn.GRU with a linear readout, trained with
Adam on interpreter-labelled inputs; predictions, and save/load as safetensors.

Inputs are one-hot over the program's symbols (the alphabet, then `$`), like the compiled
network's. A recogniser reads the input then one `$` and is read out there (one logit: accepted);
a synchronous model is read out at every input tick (one class per output symbol, plus none).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

import torch
from torch import nn

from rnnprog.seq.learn.data import NONE, RECOGNISER, Example

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class Learner(nn.Module):
    """A one-layer recurrent cell (`cell`) of `hidden` units and a linear readout."""

    def __init__(self, cell: str, symbols: tuple[str, ...], hidden: int, classes: tuple[str, ...],
                 mode: str):
        super().__init__()
        self.cell, self.symbols, self.hidden, self.classes, self.mode = cell, symbols, hidden, classes, mode
        extra = {"nonlinearity": "relu"} if cell == "rnn" else {}
        self.rnn = CELLS[cell](len(symbols), hidden, **extra)
        self.readout = nn.Linear(hidden, 1 if mode == RECOGNISER else len(classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(T, B, symbols) one-hot -> (T, B, logits)."""
        out, _ = self.rnn(x)
        return self.readout(out)

    def encode(self, texts: list[str]) -> torch.Tensor:
        """One-hot (T, B, symbols), each row its input then `$` to the end (one `$` at least)."""
        column = {s: j for j, s in enumerate(self.symbols)}
        end = len(self.symbols) - 1
        codes = torch.full((max(map(len, texts), default=0) + 1, len(texts)), end, dtype=torch.long)
        for b, text in enumerate(texts):
            codes[:len(text), b] = torch.tensor([column[c] for c in text], dtype=torch.long)
        return nn.functional.one_hot(codes, len(self.symbols)).float()

    def metadata(self) -> dict[str, str]:
        return {"rnnprog-learner": json.dumps({"cell": self.cell, "symbols": list(self.symbols),
                                               "hidden": self.hidden, "classes": list(self.classes),
                                               "mode": self.mode})}


def _loss(model: Learner, batch: list[Example]) -> torch.Tensor:
    logits = model(model.encode([e.text for e in batch]))
    if model.mode == RECOGNISER:
        last = logits[torch.tensor([len(e.text) for e in batch]), torch.arange(len(batch)), 0]
        target = torch.tensor([float(e.accepted) for e in batch])
        return nn.functional.binary_cross_entropy_with_logits(last, target)
    index = {c: i for i, c in enumerate(model.classes)}
    target = torch.full(logits.shape[:2], -100, dtype=torch.long)
    for b, e in enumerate(batch):
        target[:len(e.text), b] = torch.tensor([index[c] for c in e.ticks], dtype=torch.long)
    return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1),
                                       ignore_index=-100)


@dataclass
class Training:
    """The trained model and its loss: the mean of the first and of the last tenth of the steps."""

    model: Learner
    first_loss: float
    last_loss: float
    losses: list[float]


def train(model: Learner, pool: list[Example], *, steps: int, seed: int, batch: int = 32,
          lr: float = 0.01) -> Training:
    """Adam on batches drawn (seeded) from `pool`; gradients clipped to norm 1."""
    rng = random.Random(seed)
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        loss = _loss(model, [rng.choice(pool) for _ in range(batch)])
        optimiser.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        losses.append(float(loss.detach()))
    tenth = max(1, steps // 10)
    return Training(model, sum(losses[:tenth]) / tenth, sum(losses[-tenth:]) / tenth, losses)


@torch.no_grad()
def predict(model: Learner, texts: list[str], chunk: int = 64) -> list:
    """Per input: the verdict (bool) for a recogniser, the tuple of per-tick classes otherwise."""
    out: list = []
    for i in range(0, len(texts), chunk):
        part = texts[i:i + chunk]
        logits = model(model.encode(part))
        for b, text in enumerate(part):
            if model.mode == RECOGNISER:
                out.append(bool(logits[len(text), b, 0] > 0))
            else:
                out.append(tuple(model.classes[int(k)] for k in logits[:len(text), b].argmax(-1)))
    return out


def classes_of(outputs: tuple[str, ...]) -> tuple[str, ...]:
    return (*outputs, NONE)


def save(model: Learner, path: str) -> None:
    from safetensors.torch import save_file

    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, path, metadata=model.metadata())


def load(path: str) -> Learner:
    """A model saved by `save`: its shape from the file's metadata, then its weights."""
    from safetensors import safe_open
    from safetensors.torch import load_file

    with safe_open(path, "pt") as handle:
        meta = json.loads(handle.metadata()["rnnprog-learner"])
    model = Learner(meta["cell"], tuple(meta["symbols"]), meta["hidden"], tuple(meta["classes"]),
                    meta["mode"])
    model.load_state_dict(load_file(path))
    return model
