"""Run a compiled filter: the stock RNN one tick per sample ("step"), or the chunked scan."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch

from rnnprog.device import resolve_device, threads_for
from rnnprog.errors import DeviceError, InputError
from rnnprog.iir import layout, network, scan
from rnnprog.iir.ir import Program, Result
from rnnprog.network import kernels

METHODS = ("step", "scan")
#: Hidden values one nn.RNN call of the step method returns (chunk x batch x units): about 2 MB
#: in float64, so memory stays bounded and is reused chunk after chunk rather than faulted in anew
#: (33 MB chunks cost 16 page faults a tick at batch 1000, these 2).
STEP_BUFFER = 1 << 18
#: The same on CUDA, where page faults do not arise and each call costs kernel launches.
CUDA_STEP_BUFFER = 1 << 22
#: cuDNN refuses sequences longer than this (CUDNN_STATUS_NOT_SUPPORTED, pytorch/pytorch#133751).
CUDNN_MAX_TICKS = 65_535
#: Fewest rows a CPU shard of the step method gets (smaller shards are not worth a thread).
SHARD_ROWS = 256


def run(program, x, *, device=None, dtype=None, method: str = "step", zi=None) -> Result:
    """Filter `x` with the compiled network, one tick per sample, along the last axis.

    Args:
        program: a Program or a CompiledProgram (recompiled when `dtype` differs).
        x: a signal (T,) or signals (..., T), array-like of real numbers.
        device: None/"auto", "cpu" or "cuda".
        dtype: "float32" or "float64"; None means the compiled dtype (float64 for a Program).
        method: "step" (the RNN itself) or "scan" (the same recurrence in chunked parallel form).
        zi: initial state (..., order) in scipy's convention, or None for zeros.

    Returns:
        Result with y (numpy, shaped like x), zf (numpy, (..., order)), ticks, units, device,
        dtype and method.

    Raises:
        InputError: x is empty of dimensions, not real, or zi has the wrong shape.
        DeviceError: unknown device, method or dtype.
    """
    compiled = ensure_compiled(program, dtype)
    dev = resolve_device(device)
    kind = compiled.rnn.weight_hh_l0.dtype
    signals = to_tensor(x, kind, dev, "x")
    if signals.ndim == 0:
        raise InputError("x must have at least one dimension (a signal of samples)")
    state = None if zi is None else check_state(to_tensor(zi, kind, dev, "zi"), signals.shape,
                                                compiled.program.order)
    batch_shape, length = signals.shape[:-1], signals.shape[-1]
    batch, order = batch_shape.numel(), compiled.program.order
    y, zf = filter_tensor(compiled, signals.reshape(batch, length),
                          None if state is None else state.reshape(batch, order), method)
    return Result(y=y.reshape(signals.shape).cpu().numpy(),
                  zf=zf.reshape(*batch_shape, compiled.program.order).cpu().numpy(),
                  ticks=length, units=len(compiled.labels), device=dev.type,
                  dtype=compiled.dtype, method=method)


def ensure_compiled(program, dtype) -> network.CompiledProgram:
    """A CompiledProgram in `dtype` (None keeps a compiled one's dtype, or float64)."""
    if isinstance(program, Program):
        return network.compile(program, dtype=dtype or "float64")
    if dtype is not None and dtype != program.dtype:
        return network.compile(program.program, dtype=dtype)
    return program


def filter_tensor(compiled: network.CompiledProgram, x: torch.Tensor, zi: torch.Tensor | None,
                  method: str = "step") -> tuple[torch.Tensor, torch.Tensor]:
    """Filter a batch (B, T) on x's device; returns y (B, T) and zf (B, order).

    Raises:
        DeviceError: for an unknown method.
    """
    if method == "scan":
        return scan.filter_scan(compiled.state_space, x, zi)
    if method != "step":
        raise DeviceError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    return filter_step(compiled, x, zi)


def filter_step(compiled: network.CompiledProgram, x: torch.Tensor, zi: torch.Tensor | None):
    """The stock RNN over time chunks (h carried over): h_t = ReLU(W_ih x_t + W_hh h_{t-1}),
    y_t = readout(h_t) (a bias-free linear map); h_0 holds relu(zi) in the s+ units and
    relu(-zi) in the s- units.

    On CPU a large batch is split into one shard of rows per torch thread, each run by the same
    stock nn.RNN in its own Python thread: torch releases the GIL inside nn.RNN, and a tick of
    a few thousand values is too small for torch's own intra-op threads to pay off.
    """
    compiled.rnn.to(x.device)
    compiled.readout.to(x.device)
    batch = x.shape[0]
    y = x.new_empty(x.shape)
    shards = step_shards(batch, x.device)
    if shards == 1:
        with torch.no_grad(), threads_for(batch * len(compiled.labels), x.device):
            return y, _step_rows(compiled, x, zi, y)

    def shard(rows: slice) -> torch.Tensor:
        torch.set_num_threads(1)  # thread counts (OpenMP's, MKL's) are per thread
        with torch.no_grad():
            return _step_rows(compiled, x[rows], None if zi is None else zi[rows], y[rows])

    bounds = [batch * i // shards for i in range(shards + 1)]
    with threads_for(0, x.device), ThreadPoolExecutor(shards) as pool:
        zfs = list(pool.map(shard, [slice(lo, hi) for lo, hi in zip(bounds, bounds[1:])]))
    return y, torch.cat(zfs)


def step_shards(batch: int, device: torch.device) -> int:
    """How many row shards the step method runs at once: one per torch CPU thread, each of at
    least SHARD_ROWS rows; always 1 on CUDA, where one call already fills the device."""
    if device.type != "cpu":
        return 1
    return max(1, min(torch.get_num_threads(), batch // SHARD_ROWS))


def _step_rows(compiled: network.CompiledProgram, x: torch.Tensor, zi: torch.Tensor | None,
               y: torch.Tensor) -> torch.Tensor:
    """filter_step on one shard of rows in the calling thread (under no_grad): writes y (B, T)
    in place and returns zf (B, order)."""
    rnn, lay = compiled.rnn, compiled.layout
    plus, minus = lay.output_unit(1), lay.output_unit(-1)
    batch, length = x.shape
    h = initial_hidden(lay, zi, x.new_zeros(1, batch, lay.size))
    buffer = STEP_BUFFER if x.device.type == "cpu" else CUDA_STEP_BUFFER
    chunk = max(1, buffer // max(1, batch * lay.size))
    if x.device.type == "cuda":
        chunk = min(chunk, CUDNN_MAX_TICKS)
    # Sequence-first, as nn.RNN runs internally: its outputs come out contiguous, so the readout
    # is one 2-D matmul over them (batch-first cost 40% more, in a transposing copy of every
    # state), and only a chunk of x and y is transposed at a time, in cache.
    for begin in range(0, length, chunk):
        samples = x[:, begin:begin + chunk].T.contiguous()
        out, h = kernels.stock(rnn, samples[:, :, None], h)  # out: (chunk, B, units)
        # The readout is y = (y+) - (y-): taken as that difference rather than a matmul over every
        # unit, whose zero weights would turn an overflowed (inf) state unit into nan (0 * inf).
        y[:, begin:begin + chunk] = (out[:, :, plus] - out[:, :, minus]).T
    return h[0, :, lay.state_units(1)] - h[0, :, lay.state_units(-1)]


def initial_hidden(lay: layout.Layout, zi: torch.Tensor | None, h: torch.Tensor) -> torch.Tensor:
    """h (1, B, units) zeros, filled from zi (B, order): s{i}+ = relu(zi[i-1]), s{i}- = relu(-zi[i-1])."""
    if zi is not None:
        h[0, :, lay.state_units(1)], h[0, :, lay.state_units(-1)] = zi.clamp(min=0), (-zi).clamp(min=0)
    return h


def hidden_states(compiled: network.CompiledProgram, x, zi=None) -> np.ndarray:
    """The stock RNN's hidden state after every sample of one signal, (T, units), on the CPU,
    from h(0) made of zi (order,) or zeros."""
    kind = compiled.rnn.weight_hh_l0.dtype
    state = None if zi is None else torch.as_tensor(np.asarray(zi, dtype=float), dtype=kind).view(1, -1)
    h = initial_hidden(compiled.layout, state, torch.zeros(1, 1, len(compiled.labels), dtype=kind))
    signal = torch.as_tensor(np.asarray(x, dtype=float), dtype=kind).view(-1, 1, 1)  # (T, batch 1, 1)
    with torch.no_grad():
        out, _ = compiled.rnn.cpu()(signal, h)
    return out[:, 0].numpy()


def to_tensor(values, dtype: torch.dtype, device: torch.device, name: str) -> torch.Tensor:
    """A real array-like or tensor as a tensor of `dtype` on `device`.

    Raises:
        InputError: complex or non-numeric values.
    """
    if not isinstance(values, torch.Tensor):
        try:
            array = np.asarray(values)
        except ValueError:  # ragged nesting: numpy refuses it
            raise InputError(f"{name} must be a rectangular array of numbers (all signals of one "
                             "length); pad shorter signals or run them one at a time") from None
        if array.dtype.kind not in "biuf":
            raise InputError(f"{name} must hold real numbers, not {array.dtype} values")
        values = torch.from_numpy(np.ascontiguousarray(array))
    if values.is_complex() or values.dtype == torch.bool:
        raise InputError(f"{name} must hold real numbers, not {values.dtype} values")
    return values.to(device=device, dtype=dtype)


def check_state(zi: torch.Tensor, x_shape, order: int) -> torch.Tensor:
    """zi broadcast to (..., order) for signals of shape (..., T).

    Raises:
        InputError: zi cannot be broadcast to that shape.
    """
    want = (*x_shape[:-1], order)
    try:
        return zi.broadcast_to(want)
    except RuntimeError:
        raise InputError(f"zi must have shape {want} (one state of length {order} per signal), "
                         f"not {tuple(zi.shape)}") from None
