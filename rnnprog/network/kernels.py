"""Two ways to advance the same weights by a chunk of ticks: the stock nn.RNN, and a sparse loop.

Both take states (B, H) and return the last state, the tick (0-based, within the chunk) at which
each row first showed its halt units (-1 if not yet), and optionally every tick's state (T, B, H).
The `rnn` kernel is the stock module (cuDNN on CUDA); `sparse` multiplies the transposed state
(H, B) by the sparse recurrent matrix, h' = relu(W h + b), which is the same arithmetic on the
same weights with the zeros skipped: tests check the two give identical states.
"""

from __future__ import annotations

import torch

from rnnprog.errors import DeviceError

#: Batches at least this large use the sparse kernel when the backend is "auto".
SPARSE_MIN_BATCH = 256
#: Networks at least this large use it at any batch (a dense W_hh costs O(units^2) a tick).
SPARSE_MIN_UNITS = 2048
BACKENDS = ("auto", "rnn", "sparse")


def choose(backend: str, batch: int, units: int = 0) -> str:
    """The kernel for a batch: "auto" picks sparse for large batches or networks, else the RNN.

    Raises:
        DeviceError: an unknown backend name.
    """
    check_backend(backend)
    if backend == "auto":
        return "sparse" if batch >= SPARSE_MIN_BATCH or units >= SPARSE_MIN_UNITS else "rnn"
    return backend


def check_backend(backend) -> None:
    """Raises DeviceError unless `backend` is one of BACKENDS."""
    if backend not in BACKENDS:
        raise DeviceError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")


def _first(halted: torch.Tensor) -> torch.Tensor:
    """(T, B) booleans -> the first tick each row is true, or -1."""
    return torch.where(halted.any(0), halted.to(torch.uint8).argmax(0), -1)


def rnn_chunk(module: torch.nn.RNN, h: torch.Tensor, span: int, halt: torch.Tensor, record: bool):
    """Run `span` ticks of the stock nn.RNN with zero input from states h (B, H)."""
    out, _ = module(h.new_zeros(span, h.shape[0], module.input_size), h.unsqueeze(0))  # (T, B, H)
    halted = out.index_select(2, halt).sum(-1) > 0.5  # (T, B)
    return out[-1], _first(halted), out if record else None


def sparse_chunk(weight: torch.Tensor, bias: torch.Tensor | None, h: torch.Tensor, span: int,
                 halt: torch.Tensor, record: bool, absorbing: bool):
    """Run `span` ticks of h' = relu(W h + b) with W sparse (COO) and h transposed to (H, B).

    With an absorbing halt unit a row that halts at tick k (1-based) shows it in span - k + 1
    ticks, so summing the halt row over the chunk recovers k exactly and costs one add a tick.
    """
    state = h.t().contiguous()  # (H, B)
    in_place = state.device.type == "cpu"  # CUDA sparse matmul is kept to its plain form
    spare = torch.empty_like(state) if in_place else None  # double buffer: no per-tick allocation
    single = absorbing and halt.numel() == 1
    unit = int(halt[0]) if single else -1  # a Python int: no device sync inside the loop
    seen = torch.zeros_like(state[0])
    flags, states = [], []
    for _ in range(span):
        if in_place:
            torch.mm(weight, state, out=spare)
            state, spare = spare, (torch.empty_like(state) if record else state)
        else:
            state = torch.sparse.mm(weight, state)
        if bias is not None:
            state.add_(bias)
        state.relu_()
        if single:
            seen += state[unit]
        else:
            flags.append(state.index_select(0, halt).sum(0) > 0.5)
        if record:
            states.append(state.t())
    if single:
        count = seen.round().long() if seen.is_floating_point() else seen
        first = torch.where(seen > 0.5, span - count, -1)
    else:
        first = _first(torch.stack(flags)) if flags else torch.full_like(seen, -1, dtype=torch.long)
    return state.t(), first, torch.stack(states) if record else None
