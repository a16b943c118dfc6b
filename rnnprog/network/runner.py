"""The one chunked float runner: batched ticks of a Network with per-kind hooks for the guard.

Rows run in chunks of ticks (the stock nn.RNN or the sparse kernel); between chunks the kind's
hooks say how many more ticks are safe under its precision guard (raising PrecisionError before
a wrong number exists) and may inspect the chunk's states. A row stops at the first tick its
halt units are on; halted rows are dropped from the batch as they finish. Where the hooks' guard
is a list of per-tick edges, the fused kernel (rnnprog.network.fused) runs instead: the guard
and halting inside it, thousands of ticks a launch. On the CPU a run keeps torch to one thread.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import torch

from rnnprog.device import cpu_threads, torch_dtype
from rnnprog.network import fused, kernels, torch_build
from rnnprog.network.ir import Network

#: Elements of the (ticks, batch, units) output one chunk may materialise: on the CPU what stays
#: in cache; on CUDA 4 GiB of float32 (the H200 holds 139 GiB), so a batch of 65,536 x 23 units
#: runs 700 ticks a call rather than one.
CHUNK_ELEMENTS = 1 << 21
CUDA_CHUNK_ELEMENTS = 1 << 30
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

    def edges(self) -> tuple[tuple[int, int], ...] | None:
        """The guard as tests the fused kernel makes every tick: (trigger unit, value unit) pairs;
        a row with trigger > 1/2 and value >= limit - 1 before a tick stops there with
        `edge_error`. None where the guard is not of this form (then no fused kernel): a hook
        class that overrides safe_ticks or inspect must say its edges itself."""
        plain = type(self).safe_ticks is Hooks.safe_ticks and type(self).inspect is Hooks.inspect
        return () if plain else None

    def edge_error(self, edge: int, tick: int, row: int | None) -> Exception:
        """The error of a row (None in a one-row run) stopped at edge number `edge` before
        tick `tick` + 1."""
        raise NotImplementedError


@dataclass
class FloatRun:
    """Final states (B, H) (each row's state at its halt tick; float64, or the dtype where the
    fused kernel ran), steps and halted per row, the
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
    with cpu_threads(CPU_TICK_THREADS if device.type == "cpu" else None):
        return _run(network, h0, dtype=dtype, device=device, max_steps=max_steps, record=record,
                    backend=backend, hooks=hooks or Hooks(), progress=progress)


def _run(network: Network, h0: np.ndarray, *, dtype: str, device: torch.device, max_steps: int,
         record: bool, backend: str, hooks: Hooks, progress) -> FloatRun:
    fuse = dtype != "int64" and not record and (
        backend == "fused" or backend == "auto" and device.type == "cuda" and fused.triton_available())
    if fuse and fused.supports(network, dtype, hooks.edges()) and fused.fits(len(h0), network.size):
        return _run_fused(network, h0, dtype=dtype, device=device, max_steps=max_steps, hooks=hooks,
                          progress=progress)
    hooks.start(h0)
    batch = len(h0)
    kernel = "sparse" if dtype == "int64" or backend == "fused" else \
        kernels.choose(backend, batch, network.size)
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
        span = min(_chunk_ticks(len(rows), network.size, tick, name, want_out, device),
                   max_steps - tick, safe)
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


def _run_fused(network: Network, h0: np.ndarray, *, dtype: str, device: torch.device, max_steps: int,
               hooks: Hooks, progress) -> FloatRun:
    """`run` through the fused kernel (rnnprog.network.fused): Triton on CUDA where it imports,
    else its torch executor. Launches double in length; between them the host reads one flag
    (any row stopped by the guard) and drops finished rows once they are half the batch."""
    hooks.start(h0)
    module = fused.module_for(network, dtype, hooks.edges())
    on_triton = device.type == "cuda" and fused.triton_available()
    state = fused.as_columns(h0, dtype, device)  # (H, B): one contiguous row per unit
    batch = state.shape[1]
    halt = torch.tensor(network.halt_units, dtype=torch.long, device=device)
    alive = (state.index_select(0, halt).sum(0) <= 0.5).to(torch.int8)
    steps = torch.where(alive.bool(), max_steps, 0).to(torch.int64)
    error = torch.full((batch,), -1, dtype=torch.int64, device=device)
    code = torch.full((batch,), -1, dtype=torch.int32, device=device)
    rows = torch.arange(batch, device=device)  # which input row each column is
    out = [state.clone(), steps.clone(), torch.zeros(batch, dtype=torch.bool, device=device)]
    tick, span = 0, fused.FIRST_LAUNCH_TICKS
    while tick < max_steps and rows.numel():
        span = min(span, max_steps - tick)
        state = fused.launch(module, state, alive, steps, error, code, tick, span, on_triton)
        stopped = error >= 0
        if bool(stopped.any()):
            raise _first_error(hooks, error, code, rows, stopped, batch)
        tick, span = tick + span, min(2 * span, fused.MAX_LAUNCH_TICKS)
        live = alive.bool()
        count = int(live.sum())
        if progress is not None:
            progress(tick, batch - count, batch)
        if count <= rows.numel() // 2:  # also when none is left
            _store(out, rows, state, steps, ~live)
            state, alive, steps, error, code, rows = (state[:, live].contiguous(), alive[live],
                                                      steps[live], error[live], code[live], rows[live])
    _store(out, rows, state, steps, alive == 0)
    final, steps_out, halted = (t.cpu().numpy() for t in out)
    return FloatRun(final.T, steps_out, halted, tick)  # (B, H) in the run's dtype: a view


def _store(out: list, rows, state, steps, finished) -> None:
    """Write the columns' states and steps into the whole batch's, and mark `finished` halted."""
    out[0][:, rows] = state
    out[1][rows] = steps
    out[2][rows] = finished


def _first_error(hooks: Hooks, error, code, rows, stopped, batch: int) -> Exception:
    """The error of the earliest (tick, edge, row): the one the chunked runner raises."""
    ticks, edges, which = error[stopped].cpu(), code[stopped].cpu().long(), rows[stopped].cpu()
    key = torch.stack([ticks, edges, which], 1).tolist()
    tick, edge, row = min(key)
    return hooks.edge_error(int(edge), int(tick), int(row) if batch > 1 else None)


#: Torch threads a CPU run uses (its ticks and the bookkeeping between chunks). One: beside
#: other busy processes on the 2-core development machine, two OpenMP threads spin-waiting at
#: every op's barrier made a batch of 8,192 rows 3-70x slower, and row shards on two Python
#: threads 1.5-4x slower (the GIL passes between them at every small op); one thread did not
#: collapse (bench/bench_busy.py).
CPU_TICK_THREADS = 1


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


def _chunk_ticks(batch: int, size: int, done: int, kernel: str, keep: bool,
                 device: torch.device | None = None) -> int:
    """Ticks per call into torch: doubling from FIRST_CHUNK_TICKS, so a short run does not pay
    for a long chunk, up to a cap. Kept states (T, B, H) bound the cap for large batches; the
    sparse loop without them keeps only the last state, so its cap is how long halted rows may
    wait to be dropped; the active kernel (one row) stops at the halt, so nothing waits."""
    if kernel == "active" and not keep:
        cap = MAX_CHUNK_TICKS
    elif kernel == "sparse" and not keep:
        cap = SPARSE_CHUNK_TICKS
    else:
        elements = CUDA_CHUNK_ELEMENTS if device is not None and device.type == "cuda" else CHUNK_ELEMENTS
        cap = max(1, min(MAX_CHUNK_TICKS, elements // max(1, batch * size)))
    return max(1, min(cap, max(FIRST_CHUNK_TICKS, done)))
