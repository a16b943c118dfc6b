"""The one chunked float runner: batched ticks of a Network with per-kind hooks for the guard.

Rows run in chunks of ticks (the stock nn.RNN or the sparse kernel); between chunks the kind's
hooks say how many more ticks are safe under its precision guard (raising PrecisionError before
a wrong number exists) and may inspect the chunk's states. A row stops at the first tick its
halt units are on; halted rows are dropped from the batch as they finish.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import torch

from rnnprog.device import threads_for, torch_dtype
from rnnprog.network import kernels, torch_build
from rnnprog.network.ir import Network

#: Elements of the (ticks, batch, units) output one chunk may materialise.
CHUNK_ELEMENTS = 1 << 21
MAX_CHUNK_TICKS = 4096
FIRST_CHUNK_TICKS = 64
SPARSE_CHUNK_TICKS = 256


class Hooks:
    """What a kind adds to a float run; the defaults guard nothing and inspect nothing."""

    #: True when `inspect` needs every tick's state of each chunk.
    inspects_chunks = False

    def start(self, h0: np.ndarray) -> None:
        """Look at the exact initial states (B, H) before they become floats; raise
        PrecisionError for a value the dtype cannot hold."""

    def safe_ticks(self, h: torch.Tensor, rows: torch.Tensor, tick: int) -> int:
        """How many ticks the running rows h (B, H) (input rows `rows`) may run from `tick`
        while every value stays exact; raise PrecisionError when not even one is."""
        return MAX_CHUNK_TICKS

    def inspect(self, states: torch.Tensor, rows: torch.Tensor, tick: int) -> None:
        """Look at a chunk's states (T, B, H), the first being tick `tick` + 1."""


@dataclass
class FloatRun:
    """Final states (B, H) (each row's state at its halt tick), steps and halted per row, the
    ticks run, and with `record` every state (ticks + 1, B, H), halted rows repeating their last;
    `stopped` when the hooks said no tick was safe (safe_ticks 0): rows still running stand at
    `ticks`. int64 runs keep int64 states (exact below 2^62)."""

    final: np.ndarray
    steps: np.ndarray
    halted: np.ndarray
    ticks: int
    states: np.ndarray | None = None
    stopped: bool = False


def run(network: Network, h0: np.ndarray, *, dtype: str, device: torch.device, max_steps: int,
        record: bool = False, backend: str = "auto", hooks: Hooks | None = None,
        progress=None) -> FloatRun:
    """Run rows from h0 (B, H) (exact values) until each halts or `max_steps` ticks pass.

    Args:
        backend: "rnn" (the stock nn.RNN), "sparse" (the same weights, zeros skipped) or "auto".
        progress: optional callback progress(ticks_done, rows_halted, rows) after each chunk.
    Raises:
        PrecisionError: from the hooks. ValueError: an unknown backend.
    """
    hooks = hooks or Hooks()
    hooks.start(h0)
    batch = len(h0)
    kernel = "sparse" if dtype == "int64" else kernels.choose(backend, batch, network.size)
    advance = _kernel(network, kernel, dtype, device)
    active = kernel == "sparse" and device.type == "cpu" and _active_row(network, dtype) is not None
    halt = torch.tensor(network.halt_units, dtype=torch.long, device=device)
    start = np.asarray(h0, dtype=np.int64 if dtype == "int64" else np.float64)
    h = torch.tensor(start, dtype=torch_dtype(dtype), device=device)
    h = h.reshape(batch, network.size)
    rows = torch.arange(batch, device=device)  # which input row each simulated row is
    running = h.index_select(1, halt).sum(1) <= 0.5
    steps = np.where(running.cpu().numpy(), max_steps, 0)
    halted = ~running.cpu().numpy()
    final = h.cpu().numpy().astype(np.int64 if dtype == "int64" else np.float64)
    want_out = record or hooks.inspects_chunks or not network.halt_absorbing
    recorded = [h.cpu().numpy()[None]] if record else None
    tick, stopped = 0, False
    while tick < max_steps and bool(running.any()):
        every = bool(running.all())  # masking costs 1 ms a chunk on a busy 2-core machine
        if not record and not every:  # drop halted rows; a recording keeps them
            h, rows, running, every = h[running], rows[running], running[running], True
        safe = hooks.safe_ticks(h if every else h[running], rows if every else rows[running], tick)
        if safe <= 0:
            stopped = True
            break
        name = "active" if active and len(rows) == 1 else kernel
        span = min(_chunk_ticks(len(rows), network.size, tick, name, want_out), max_steps - tick, safe)
        with threads_for(len(rows) * network.size, device):
            h, first, out = advance(h, span, halt, want_out)
        if hooks.inspects_chunks:
            hooks.inspect(out[:, running], rows[running], tick)
        if record:
            recorded.append(out.cpu().numpy())
        newly = (first >= 0) & running
        if bool(newly.any()):
            where = rows[newly].cpu().numpy()
            at = first[newly]
            steps[where] = (at + tick + 1).cpu().numpy()
            halted[where] = True
            last = out[at, newly.nonzero()[:, 0]] if out is not None else h[newly]
            final[where] = last.cpu().numpy()
        running = running & ~newly
        tick += span
        if progress is not None:
            progress(min(tick, max_steps), int(halted.sum()), batch)
    still = rows[running].cpu().numpy()
    final[still] = h[running].cpu().numpy()
    states = _hold_after_halt(np.concatenate(recorded), steps, halted) if record else None
    return FloatRun(final, steps, halted, tick, states, stopped)


def _hold_after_halt(states: np.ndarray, steps: np.ndarray, halted: np.ndarray) -> np.ndarray:
    """Rows that halted early repeat their halt-tick state to the end of the recording."""
    for row in np.flatnonzero(halted):
        states[steps[row] + 1:, row] = states[steps[row], row]
    return states


def _kernel(network: Network, name: str, dtype: str, device: torch.device):
    """advance(h, span, halt, keep) -> (last state, first halt tick per row, states or None)."""
    if name == "rnn":
        module = torch_build.module(network, dtype, device)
        return lambda h, span, halt, keep: kernels.rnn_chunk(module, h, span, halt, keep)
    absorbing = network.halt_absorbing

    def sparse(h, span, halt, keep):
        weight, bias = _sparse_weights(network, dtype, device)  # built on first use
        return kernels.sparse_chunk(weight, bias, h, span, halt, keep, absorbing)

    row = _active_row(network, dtype) if device.type == "cpu" else None
    if row is None:
        return sparse

    def advance(h, span, halt, keep):
        if len(h) != 1:
            return sparse(h, span, halt, keep)
        return kernels.active_chunk(row, h, span, network.halt_units, keep, absorbing,
                                    lambda h, span: sparse(h, span, halt, keep))
    return advance


def _active_row(network: Network, dtype: str) -> kernels.ActiveRow | None:
    key = ("active", dtype)
    if key not in network.cache:
        network.cache[key] = kernels.active_row(network, dtype)
    return network.cache[key]


def _sparse_weights(network: Network, dtype: str, device: torch.device):
    """The recurrent matrix as a sparse tensor and the bias (or None), cached on the network."""
    kind = torch_dtype(dtype)
    key = ("sparse", dtype, str(device))
    if key not in network.cache:
        bias = None if network.bias is None or not network.bias.nonzero else \
            torch_build.dense(network.bias, kind, device)
        weight = torch_build.sparse(network.recurrent, kind, device)
        if network.size >= kernels.SPARSE_MIN_UNITS and device.type == "cpu":
            # measured on 2 cores: CSR is 13x faster than COO at 60,000 units, batch 1, and
            # 2.5x slower at 23 units
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "CSR support is in beta"
                weight = weight.to_sparse_csr()
        network.cache[key] = (weight, bias)
    return network.cache[key]


def _chunk_ticks(batch: int, size: int, done: int, kernel: str, keep: bool) -> int:
    """Ticks per call into torch: doubling from FIRST_CHUNK_TICKS, so a short run does not pay
    for a long chunk, up to a cap. Kept states (T, B, H) bound the cap for large batches; the
    sparse loop without them keeps only the last state, so its cap is how long halted rows may
    wait to be dropped; the active kernel (one row) stops at the halt, so nothing waits."""
    if kernel == "active" and not keep:
        cap = MAX_CHUNK_TICKS
    elif kernel == "sparse" and not keep:
        cap = SPARSE_CHUNK_TICKS
    else:
        cap = max(1, min(MAX_CHUNK_TICKS, CHUNK_ELEMENTS // max(1, batch * size)))
    return max(1, min(cap, max(FIRST_CHUNK_TICKS, done)))
