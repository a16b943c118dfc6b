"""Two ways to advance the same weights by a chunk of ticks: the stock nn.RNN, and a sparse loop.

Both take states (B, H) and return the last state, the tick (0-based, within the chunk) at which
each row first showed its halt unit (-1 if not yet), and optionally every tick's state (T, B, H).
The `rnn` kernel is the stock module (cuDNN on CUDA); `sparse` multiplies the transposed state
(H, B) by the sparse recurrent matrix, h' = relu(W h), which is the same arithmetic on the same
weights with the zeros skipped: tests check the two give identical states.
"""

from __future__ import annotations

import torch

#: Batches at least this large use the sparse kernel when the backend is "auto".
SPARSE_MIN_BATCH = 256
BACKENDS = ("auto", "rnn", "sparse")


def choose(backend: str, batch: int) -> str:
    """The kernel for a batch: "auto" picks sparse for large batches, the stock RNN otherwise."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {BACKENDS}")
    if backend == "auto":
        return "sparse" if batch >= SPARSE_MIN_BATCH else "rnn"
    return backend


def rnn_chunk(module: torch.nn.RNN, h: torch.Tensor, span: int, halt: int, record: bool):
    """Run `span` ticks of the stock nn.RNN with zero input from states h (B, H)."""
    out, _ = module(h.new_zeros(span, h.shape[0], 1), h.unsqueeze(0))  # (T, B, H)
    halted = out[:, :, halt] > 0.5  # (T, B)
    first = torch.where(halted.any(0), halted.to(torch.uint8).argmax(0), -1)
    return out[-1], first, out if record else None


def sparse_chunk(weight: torch.Tensor, h: torch.Tensor, span: int, halt: int, record: bool):
    """Run `span` ticks of h' = relu(W h) with W sparse (COO) and h transposed to (H, B).

    The halt unit is absorbing, so a row that halts at tick k (1-based) shows it in
    span - k + 1 ticks: summing the halt row over the chunk recovers k exactly.
    """
    state = h.t().contiguous()  # (H, B)
    in_place = state.device.type == "cpu"  # CUDA sparse matmul is kept to its plain form
    spare = torch.empty_like(state) if in_place else None  # double buffer: no per-tick allocation
    seen = torch.zeros_like(state[halt])
    states = []
    for _ in range(span):
        if in_place:
            torch.mm(weight, state, out=spare)
            state, spare = spare.relu_(), (torch.empty_like(state) if record else state)
        else:
            state = torch.sparse.mm(weight, state).relu_()
        seen += state[halt]
        if record:
            states.append(state.t())
    first = torch.where(seen > 0.5, span - seen.round().long(), -1)
    return state.t(), first, torch.stack(states) if record else None
