"""The fused tick kernel: many ticks of h' = relu(W h + b) per launch, each row's state in
registers, with halting, the exact step count and the precision guard kept per row.

The tick is generated as straight-line code from the network's sparse integer weights, one line
per unit (n_i = max(b_i + sum_j W_ij h_j, 0), only the nonzero W_ij), and that one text runs in
two executors: a Triton kernel on CUDA (a program per block of rows, W as constants in the code)
and torch on any device (the reference the CPU tests run, and the path without Triton).

Exactness: the weights are integers and, under the kinds' guards, every state is an integer whose
pre-activations have sum_j |W_ij h_j| + |b_i| within the dtype's exact integer limit, the same
condition under which the stock nn.RNN itself is exact. Then every partial sum is an exactly held
integer, so any order of summation (cuBLAS's, cuDNN's, this code's) gives the same number, and
the states are those of the stock module (tests compare them with torch.equal). The code never
makes a -0.0: each sum starts from a +0.0 or nonzero bias literal.

Per row and tick, as the chunked runner does between chunks: a row at a guard edge (a trigger
unit > 1/2 and a value unit >= limit - 1, e.g. an `inc` of a register at 2^24 - 1) stops before
the tick, with the tick and the edge's index recorded; the host raises the error of the
earliest (tick, edge, row), which is the one the chunked run raises. A row whose halt units sum
past 1/2 records that tick as its step count and keeps its state.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import tempfile
from pathlib import Path

import numpy as np
import torch

from rnnprog.device import EXACT_INTEGER_LIMIT, torch_dtype
from rnnprog.network.ir import Network

#: Networks up to this many units run fused (a row's state lives in registers).
MAX_UNITS = 64
#: Rows per Triton program (one row per thread with 4 warps).
BLOCK_ROWS = 128
#: Ticks of the first launch, doubling up to MAX_LAUNCH_TICKS (the host reads the flags between).
FIRST_LAUNCH_TICKS = 256
MAX_LAUNCH_TICKS = 16384


def supports(network: Network, dtype: str, edges) -> bool:
    """Integer weights within the dtype's exact range, at most MAX_UNITS units, a float dtype and
    a guard that is a list of edges (`Hooks.edges()` not None)."""
    if dtype not in ("float32", "float64") or edges is None or network.size > MAX_UNITS:
        return False
    limit = EXACT_INTEGER_LIMIT[dtype]
    for matrix in (network.recurrent, network.bias):
        if matrix is not None and (matrix.arrays is None or
                                   any(abs(int(v)) >= limit for v in matrix.arrays[2].tolist())):
            return False
    return True


def body(network: Network, dtype: str, edges) -> list[str]:
    """The lines of one tick for every row of a block (names h_0.., alive, steps, error, code,
    the tick t0 + t), in the namespace K (triton.language, or the torch shim `TorchOps`)."""
    limit = float(EXACT_INTEGER_LIMIT[dtype])  # a power of two: exact as any literal
    lines = []
    if edges:
        # smallest edge index wins: assigned from the last edge to the first
        lines.append("c = K.where(alive, -1, -1)")
        for k in reversed(range(len(edges))):
            trigger, value = edges[k]
            lines.append(f"c = K.where((h_{trigger} > 0.5) & (h_{value} + 1.0 >= {limit!r}), {k}, c)")
        lines += ["stop = alive & (c >= 0)",
                  "error = K.where(stop, t0 + t, error)",
                  "code = K.where(stop, c, code)",
                  "alive = alive & (c < 0)"]
    bias = {} if network.bias is None else {i: int(v) for i, _, v in network.bias.entries}
    for i, row in enumerate(network.recurrent.rows):
        terms = "".join(_term(int(w), j) for j, w in row)
        constant = float(bias.get(i, 0))
        lines.append(f"n_{i} = K.maximum({constant!r}{terms}, 0.0)" if terms else
                     f"n_{i} = {max(constant, 0.0)!r}")  # a unit no other unit feeds
    for i in range(network.size):
        lines.append(f"h_{i} = K.where(alive, n_{i}, h_{i})")
    total = " + ".join(f"h_{u}" for u in network.halt_units) or "0.0 * h_0"
    lines += [f"halt = ({total}) > 0.5",
              "steps = K.where(alive & halt, t0 + t + 1, steps)",
              "alive = alive & (halt == 0)"]
    return lines


def _term(w: int, j: int) -> str:
    if w == 1:
        return f" + h_{j}"
    if w == -1:
        return f" - h_{j}"
    return f" + {float(w)!r} * h_{j}"


def source(network: Network, dtype: str, edges) -> str:
    """The module text: `ticks` (the torch executor) and `kernel` (Triton), one shared body."""
    size = network.size
    state = ", ".join(f"h_{i}" for i in range(size))
    loop = "\n".join("        " + line for line in body(network, dtype, edges))
    loads = "\n".join(f"    h_{i} = tl.load(state + {i} * rows + offs, mask=mask, other=0.0)"
                      for i in range(size))
    stores = "\n".join(f"    tl.store(state + {i} * rows + offs, h_{i}, mask=mask)" for i in range(size))
    return f'''"""Generated by rnnprog.network.fused for a {size}-unit network ({dtype})."""
try:
    import triton
    import triton.language as tl
    K = tl  # the body's namespace inside the kernel (a module: Triton resolves it)
except ImportError:
    triton = None


def ticks(K, {state}, alive, steps, error, code, t0, span):
    for t in range(span):
{loop}
    return ({state},), alive, steps, error, code


if triton is not None:
    @triton.jit
    def kernel(state, alive_ptr, steps_ptr, error_ptr, code_ptr, rows, t0, span, BLOCK: tl.constexpr):
        offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        mask = offs < rows
{_indent(loads)}
        alive = tl.load(alive_ptr + offs, mask=mask, other=0) != 0
        steps = tl.load(steps_ptr + offs, mask=mask, other=0)
        error = tl.load(error_ptr + offs, mask=mask, other=0)
        code = tl.load(code_ptr + offs, mask=mask, other=0)
        t = 0
        while t < span:  # a runtime bound, one compiled kernel for every launch length
{_indent(loop)}
            t += 1
{_indent(stores)}
        tl.store(alive_ptr + offs, alive.to(tl.int8), mask=mask)
        tl.store(steps_ptr + offs, steps, mask=mask)
        tl.store(error_ptr + offs, error, mask=mask)
        tl.store(code_ptr + offs, code, mask=mask)
'''


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


class TorchOps:
    """The few triton.language calls the body makes, on torch tensors."""

    where = staticmethod(torch.where)

    @staticmethod
    def maximum(x, y):
        return torch.clamp_min(x, y)


@functools.lru_cache(maxsize=64)
def _load(text: str):
    """Import a generated module from a file (Triton reads a kernel's source with inspect)."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / "rnnprog-fused"
    folder.mkdir(exist_ok=True)
    path = folder / f"ticks_{digest}.py"
    if not path.exists():
        partial = path.with_suffix(f".{id(text)}.tmp")
        partial.write_text(text)
        partial.replace(path)  # atomic: another process may write the same file
    spec = importlib.util.spec_from_file_location(f"rnnprog_fused_{digest}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def module_for(network: Network, dtype: str, edges):
    """The generated module for this network, dtype and guard (cached on the network)."""
    key = ("fused", dtype, EXACT_INTEGER_LIMIT[dtype], tuple(edges))
    if key not in network.cache:
        network.cache[key] = _load(source(network, dtype, tuple(edges)))
    return network.cache[key]


def launch(module, state: torch.Tensor, alive, steps, error, code, t0: int, span: int,
           triton_kernel: bool) -> torch.Tensor:
    """Run `span` ticks from tick t0 on state (H, B) and the per-row buffers, in place where
    Triton runs, else through the torch executor; returns the state."""
    rows = state.shape[1]
    if triton_kernel:
        grid = (triton_grid(rows),)
        module.kernel[grid](state, alive, steps, error, code, rows, t0, span, BLOCK=BLOCK_ROWS)
        return state
    out, new_alive, new_steps, new_error, new_code = module.ticks(
        TorchOps, *state.unbind(0), alive.bool(), steps, error, code, t0, span)
    alive.copy_(new_alive)
    steps.copy_(new_steps)
    error.copy_(new_error)
    code.copy_(new_code)
    return torch.stack(out)


def triton_grid(rows: int) -> int:
    return (rows + BLOCK_ROWS - 1) // BLOCK_ROWS


def triton_available() -> bool:
    """Triton imports (it ships with CUDA builds of torch)."""
    try:
        import triton  # noqa: F401
    except ImportError:
        return False
    return True


def as_columns(h0: np.ndarray, dtype: str, device: torch.device) -> torch.Tensor:
    """h0 (B, H) exact values -> the state (H, B) in the dtype, one contiguous row per unit: an
    int64 array crosses to the device as it is and is converted and transposed there."""
    kind = torch_dtype(dtype)
    if h0.dtype == np.int64:
        return torch.from_numpy(h0).to(device).to(kind).t().contiguous()
    start = np.ascontiguousarray(np.asarray(h0, dtype=np.float64).T)
    return torch.from_numpy(start).to(device=device, dtype=kind).contiguous()


def fits(rows: int, size: int) -> bool:
    """The kernel indexes the state (H, B) with 32-bit offsets."""
    return rows * size < 2**31
