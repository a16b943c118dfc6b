"""Two ways to advance the same weights by a chunk of ticks: the stock nn.RNN, and a sparse loop.

Both take states (B, H) and return the last state, the tick (0-based, within the chunk) at which
each row first showed its halt units (-1 if not yet), and optionally every tick's state (T, B, H).
The `rnn` kernel is the stock module (cuDNN on CUDA); `sparse` multiplies the transposed state
(H, B) by the sparse recurrent matrix, h' = relu(W h + b), which is the same arithmetic on the
same weights with the zeros skipped: tests check the two give identical states. A single row on
the CPU with integer weights goes through `ActiveRow`, which skips the zero activations too.
"""

from __future__ import annotations

import numpy as np
import torch

from rnnprog.device import EXACT_INTEGER_LIMIT
from rnnprog.errors import DeviceError
from rnnprog.network.ir import Network

#: Batches at least this large use the sparse kernel when the backend is "auto".
SPARSE_MIN_BATCH = 256
#: Networks at least this large use it at any batch (a dense W_hh costs O(units^2) a tick).
SPARSE_MIN_UNITS = 2048
BACKENDS = ("auto", "rnn", "sparse", "fused")


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


def stock(module: torch.nn.RNN, x: torch.Tensor, h: torch.Tensor):
    """module(x, h), the stock nn.RNN; where cuDNN refuses the call (CUDNN_STATUS_NOT_SUPPORTED),
    the same module again with cuDNN off (ATen's own RNN loop, the same equations), and so on
    for that module from then on.

    Why it refuses: for small hidden sizes PyTorch may pick cuDNN's persistent small-h
    algorithm, which cuDNN does not support in double precision (pytorch/pytorch#73211); the
    choice depends on the batch, so a float64 filter of 1,000 signals failed where 8 did not.
    cuDNN also refuses sequences past 65,535 steps (pytorch/pytorch#133751): chunks are shorter.
    """
    if x.device.type == "cuda" and getattr(module, "cudnn_refused", False):
        with torch.backends.cudnn.flags(enabled=False):
            return module(x, h)
    try:
        return module(x, h)
    except RuntimeError as err:
        if x.device.type != "cuda" or "CUDNN_STATUS" not in str(err):
            raise
    module.cudnn_refused = True
    with torch.backends.cudnn.flags(enabled=False):
        return module(x, h)


def rnn_chunk(module: torch.nn.RNN, h: torch.Tensor, span: int, halt: torch.Tensor, record: bool):
    """Run `span` ticks of the stock nn.RNN with zero input from states h (B, H)."""
    out, _ = stock(module, h.new_zeros(span, h.shape[0], module.input_size), h.unsqueeze(0))  # (T, B, H)
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


#: A column with more entries than this is not scattered whole: only its entries that can make a
#: pre-activation positive are, and the rest are looked up for the rows that became positive
#: (a register's column reaches every gate testing it: 20,000 entries in a 60,000-unit program).
SHORT_COLUMN = 32


def active_row(network: Network, dtype: str) -> ActiveRow | None:
    """An ActiveRow for `network` in `dtype`, or None where its weights are not all integers
    (Turing machines' dyadic weights: their float sums are not exact in any order)."""
    matrices = (network.recurrent, network.bias or network.recurrent)
    if dtype not in EXACT_INTEGER_LIMIT or any(m.arrays is None for m in matrices):
        return None
    return ActiveRow(network, dtype)


class ActiveRow:
    """Ticks of one row, h' = relu(W h + b), visiting only its nonzero units and their columns.

    The row is a dict {unit: nonzero integer}. Rows that get no positive term cannot be positive
    after relu, so a tick costs the entries of the active units' columns that can make a row
    positive, plus a look-up per such row in each long column: a few dozen operations a tick for
    a register program of any size, where a dense tick touches every nonzero weight.

    Exactness: the values are Python integers. While every row's sum of |terms| stays at most the
    dtype's exact integer limit (2^24 for float32), every product and partial sum of the float
    network is an exactly held integer, so torch's result, in any order, is this one. A tick this
    cannot certify returns None and the caller runs it in torch instead; a row that gets no
    positive term is 0 in floats too (a sum of terms <= 0 is <= 0 however it rounds).
    """

    def __init__(self, network: Network, dtype: str):
        self.size, self.limit = network.size, EXACT_INTEGER_LIMIT[dtype]
        rows, cols, values = network.recurrent.arrays
        order = np.argsort(cols, kind="stable")  # column-major: each column a slice
        start = np.searchsorted(cols[order], np.arange(self.size + 1))
        top = np.zeros(self.size, dtype=np.int64)
        np.maximum.at(top, cols, np.abs(values))
        # Python lists, sliced per column on first use: a run often visits a new unit a tick
        self._rows, self._values = rows[order].tolist(), values[order].tolist()
        self._start, self._top = start.tolist(), top.tolist()
        self._columns: dict[int, tuple] = {}
        bias = {} if network.bias is None else \
            dict(zip(network.bias.arrays[0].tolist(), network.bias.arrays[2].tolist()))
        self.positive_bias = {i: b for i, b in bias.items() if b > 0}
        self.negative_bias = {i: b for i, b in bias.items() if b < 0}
        self.top_bias = max(map(abs, bias.values()), default=0)

    def column(self, j: int) -> tuple:
        """(entries to scatter for a positive value, for a negative one, look-up of the rest or
        None, largest |weight|) of column j."""
        lo, hi = self._start[j], self._start[j + 1]
        pairs = list(zip(self._rows[lo:hi], self._values[lo:hi]))
        top = self._top[j]
        if len(pairs) <= SHORT_COLUMN:
            entry = (pairs, pairs, None, top)
        else:
            entry = ([p for p in pairs if p[1] > 0], [p for p in pairs if p[1] < 0], dict(pairs), top)
        self._columns[j] = entry
        return entry

    def tick(self, state: dict[int, int]) -> dict[int, int] | None:
        """The next state, or None where exactness in the dtype cannot be certified.

        Costs at most twice the entries of the active units' columns: what is not scattered
        at first is either scattered later or looked up once per row that may be positive,
        whichever is fewer."""
        acc = dict(self.positive_bias)
        bound, rest = self.top_bias, []
        columns = self._columns
        for j, v in state.items():
            positive, negative, lookup, top = columns.get(j) or self.column(j)
            scatter, other = (positive, negative) if v > 0 else (negative, positive)
            bound += top * abs(v)
            for i, w in scatter:  # every term that can be > 0 (and, in a short column, all)
                acc[i] = acc.get(i, 0) + w * v
            if lookup is not None:
                rest.append((lookup, other, v))
        if bound > self.limit and not self._certified(acc, state):
            return None
        candidates = [i for i, total in acc.items() if total > 0]  # what is left is <= 0
        for lookup, other, v in rest:
            if len(other) <= len(candidates):
                for i, w in other:
                    acc[i] = acc.get(i, 0) + w * v
            else:
                for i in candidates:
                    w = lookup.get(i)
                    if w is not None and (w < 0) == (v > 0):  # a term of `other`
                        acc[i] += w * v
        negative_bias, out = self.negative_bias, {}
        for i in candidates:
            total = acc[i] + negative_bias.get(i, 0)
            if total > 0:
                out[i] = total
        return out

    def _certified(self, acc: dict[int, int], state: dict[int, int]) -> bool:
        """Every row that got a positive term has |b_i| + sum_j |W_ij h_j| <= the limit."""
        size = {i: abs(self.positive_bias.get(i, 0) + self.negative_bias.get(i, 0)) for i in acc}
        for j, v in state.items():
            positive, negative, lookup, _ = self._columns.get(j) or self.column(j)
            for i, w in (positive if lookup is None else positive + negative):
                if i in size:
                    size[i] += abs(w * v)
        return max(size.values(), default=0) <= self.limit


def active_chunk(row: ActiveRow, h: torch.Tensor, span: int, halt: tuple[int, ...], record: bool,
                 absorbing: bool, fallback):
    """`sparse_chunk` for one row (h is (1, H)) through `row`; `fallback(h, span)` runs the
    ticks from the first one `row` cannot certify (or all, for a state that is not integral)."""
    index = h[0].nonzero()[:, 0]
    values = h[0, index].tolist()
    if not all(float(v).is_integer() for v in values):  # NaN and inf are not either
        return fallback(h, span)
    state = dict(zip(index.tolist(), map(int, values)))
    first, kept = -1, []
    for t in range(span):
        after = row.tick(state)
        if after is None:
            last, then, out = fallback(_dense(state, h), span - t)
            if first < 0 and int(then[0]) >= 0:
                first = t + int(then[0])
            head = _recorded(kept, t, h) if record else None
            return last, h.new_tensor([first], dtype=torch.long), \
                torch.cat([head, out]) if record else None
        state = after
        if record:
            kept.append(state)
        if first < 0 and (state.get(halt[0], 0) if len(halt) == 1 else
                          sum(state.get(u, 0) for u in halt)) > 0.5:
            first = t
            if absorbing and not record:  # a halted state stays put: the rest is this state
                break
    out = _recorded(kept, span, h) if record else None
    return _dense(state, h), torch.tensor([first], dtype=torch.long, device=h.device), out


def _dense(state: dict[int, int], like: torch.Tensor) -> torch.Tensor:
    """The state as a (1, H) tensor like `like` (integers at most the exact limit: held exactly)."""
    out = torch.zeros_like(like)
    if state:
        out[0, list(state)] = torch.tensor(list(state.values()), dtype=like.dtype)
    return out


def _recorded(states: list[dict[int, int]], ticks: int, like: torch.Tensor) -> torch.Tensor:
    """The first `ticks` kept states as (ticks, 1, H)."""
    out = like.new_zeros(ticks, 1, like.shape[1])
    for t, state in enumerate(states[:ticks]):
        out[t, 0] = _dense(state, like)[0]
    return out
