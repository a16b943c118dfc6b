"""The learned side: a stock nn.RNN(relu) / nn.LSTM / nn.GRU with a linear readout, trained with
Adam on interpreter-labelled inputs; predictions, and save/load as safetensors.

Inputs are one-hot over the program's symbols (the alphabet, then `$`), like the compiled
network's. A recogniser reads the input then one `$` and is read out there (one logit:
accepted); for a machine that can accept before its input ends (the interpreter stops there) the
verdict is the largest logit over every tick read (`early`), as the compiled network signals
acceptance at the tick it happens. A synchronous model is read out at every input tick (one
class per output symbol, then one for "no output").
A `nn.RNN` cell starts from the state `initial` (zeros, or the compiled network's h(0)).
"""

from __future__ import annotations

import math

import torch
from torch import nn

from rnnprog.learn import files, loop
from rnnprog.network.torch_build import dense
from rnnprog.seq.learn.data import NONE, RECOGNISER, Example

#: Logit scale of the compiled readout: a right answer costs about e^-SCALE of loss.
SCALE = 20.0
KEY = "rnnprog-learner"


class Learner(nn.Module):
    """A one-layer recurrent cell (`cell`) of `hidden` units and a linear readout; `early`: a
    recogniser's verdict is its largest logit over the input and the first `$`, not the last."""

    def __init__(self, cell: str, symbols: tuple[str, ...], hidden: int, classes: tuple[str | None, ...],
                 mode: str, early: bool = False):
        super().__init__()
        self.cell, self.symbols, self.hidden, self.classes, self.mode = cell, symbols, hidden, classes, mode
        self.early = early
        self.rnn = loop.cell(cell, len(symbols), hidden)
        self.readout = nn.Linear(hidden, 1 if mode == RECOGNISER else len(classes))
        self.register_buffer("initial", torch.zeros(hidden))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(T, B, symbols) one-hot -> (T, B, logits)."""
        if self.cell == "rnn":
            out, _ = self.rnn(x, self.initial.expand(1, x.shape[1], self.hidden).contiguous())
        else:
            out, _ = self.rnn(x)
        return self.readout(out)

    def set_compiled(self, compiled) -> None:
        """The compiled network's weights and h(0), and its readout rows as logits:

            recogniser:  logit = SCALE * (2 accept - 1)
            synchronous: logit_o = SCALE * out_o for each output o,  logit_none = SCALE * (1 - sum_o out_o)

        (accept and out_o are 0 or 1 at every tick, so the right class leads by SCALE; an
        `early` recogniser's verdict, its largest logit, is +SCALE at the tick it accepts and
        -SCALE when it never does)."""
        network = compiled.network
        loop.copy_compiled(self.rnn, network)
        rows = dense(network.readout, self.readout.weight.dtype)
        outputs = len(self.classes) - 1
        with torch.no_grad():
            self.initial.copy_(dense(network.encoder, self.initial.dtype)[:, 0])
            if self.mode == RECOGNISER:
                self.readout.weight.copy_(2 * SCALE * rows[outputs:outputs + 1])
                self.readout.bias.fill_(-SCALE)
            else:
                self.readout.weight[:outputs] = SCALE * rows[:outputs]
                self.readout.weight[outputs] = -SCALE * rows[:outputs].sum(0)
                self.readout.bias.zero_()
                self.readout.bias[outputs] = SCALE

    def encode(self, texts: list[str]) -> torch.Tensor:
        """One-hot (T, B, symbols), each row its input then `$` to the end (one `$` at least)."""
        column = {s: j for j, s in enumerate(self.symbols)}
        end = len(self.symbols) - 1
        codes = torch.full((max(map(len, texts), default=0) + 1, len(texts)), end, dtype=torch.long)
        for b, text in enumerate(texts):
            codes[:len(text), b] = torch.tensor([column[c] for c in text], dtype=torch.long)
        return nn.functional.one_hot(codes, len(self.symbols)).float().to(self.initial.device)


def verdicts(logits: torch.Tensor, lengths: list[int], early: bool) -> torch.Tensor:
    """(B,) a recogniser's verdict logits from (T, B, 1) logits: the logit at the first `$` (tick
    len), or where `early`, the largest over each input's ticks and the first `$` (0..len)."""
    if not early:
        return logits[torch.tensor(lengths), torch.arange(len(lengths)), 0]
    ticks = torch.arange(logits.shape[0], device=logits.device)[:, None]
    read = ticks <= torch.tensor(lengths, device=logits.device)[None, :]  # (T, B)
    return logits[..., 0].masked_fill(~read, -torch.inf).amax(0)


def loss(model: Learner, batch: list[Example]) -> torch.Tensor:
    """Binary cross-entropy of the verdict (recogniser) or cross-entropy of each tick's class."""
    logits = model(model.encode([e.text for e in batch]))
    if model.mode == RECOGNISER:
        verdict = verdicts(logits, [len(e.text) for e in batch], model.early)
        target = torch.tensor([float(e.accepted) for e in batch], device=verdict.device)
        return nn.functional.binary_cross_entropy_with_logits(verdict, target)
    index = {c: i for i, c in enumerate(model.classes)}
    target = torch.full(logits.shape[:2], -100, dtype=torch.long)
    for b, e in enumerate(batch):
        target[:len(e.text), b] = torch.tensor([index[c] for c in e.ticks], dtype=torch.long)
    return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]),
                                       target.reshape(-1).to(logits.device), ignore_index=-100)


@torch.no_grad()
def predict(model: Learner, texts: list[str], chunk: int = 64) -> list:
    """Per input: the verdict (bool) for a recogniser, the tuple of per-tick classes otherwise;
    None where a logit it reads is nan or inf (no answer, rather than a reject or class 0)."""
    out: list = []
    for i in range(0, len(texts), chunk):
        part = texts[i:i + chunk]
        logits = model(model.encode(part))
        for b, text in enumerate(part):
            read = logits[:len(text) + 1, b] if model.mode == RECOGNISER else logits[:len(text), b]
            if model.mode == RECOGNISER and not model.early:
                read = read[-1:]  # the verdict at the first `$`
            if not bool(torch.isfinite(read).all()):
                out.append(None)
            elif model.mode == RECOGNISER:
                out.append(bool(read.max() > 0))
            else:
                out.append(tuple(model.classes[int(k)] for k in read.argmax(-1)))
    return out


def floor(model: Learner) -> float:
    """The loss where the right class leads every other by SCALE (the compiled start): at most
    log(1 + (k - 1) e^-SCALE) for k classes (a recogniser's verdict has two), about 2e-9 (k - 1),
    with 1% for float32 rounding."""
    wrong = 1 if model.mode == RECOGNISER else len(model.classes) - 1
    return 1.01 * math.log1p(wrong * math.exp(-SCALE))


def classes_of(outputs: tuple[str, ...]) -> tuple[str | None, ...]:
    """The readout's classes: each output symbol, then NONE (no output) last."""
    return (*outputs, NONE)


def save(model: Learner, path: str) -> None:
    files.save(model, path, KEY, {"cell": model.cell, "symbols": list(model.symbols),
                                  "hidden": model.hidden, "classes": list(model.classes),
                                  "mode": model.mode, "early": model.early})


def load(path: str) -> Learner:
    """A model saved by `save`: its shape from the file's metadata, then its weights."""
    shape, state = files.load(path, KEY)
    # The last class is always "no output" (files written before NONE was None name it "-").
    classes = (*shape["classes"][:-1], NONE) if shape["classes"] else ()
    model = Learner(shape["cell"], tuple(shape["symbols"]), shape["hidden"], classes, shape["mode"],
                    shape.get("early", False))
    model.load_state_dict(state)
    return model
