"""The one torch builder: a Network IR becomes a stock nn.RNN(relu) (+ a linear readout).

Weights are created directly in the run's dtype and copied under no_grad after every shape is
checked; each exact weight is rounded once to float64 and then to the dtype (both exact for the
integer and dyadic weights of register programs and Turing machines).
"""

from __future__ import annotations

import torch

from rnnprog.device import torch_dtype
from rnnprog.errors import CompileError
from rnnprog.network.ir import Matrix, Network

#: A dense stock module is refused past this many bytes of W_hh (use the sparse backend).
DENSE_LIMIT_BYTES = 4 << 30


def dense(matrix: Matrix, dtype: torch.dtype, device: torch.device | str = "cpu") -> torch.Tensor:
    """The matrix as a dense tensor in `dtype` on `device`."""
    out = torch.zeros(matrix.shape, dtype=dtype, device=device)
    if matrix.entries:
        rows, cols, values = _parts(matrix, dtype)
        out.index_put_((rows.to(device), cols.to(device)), values.to(device))
    return out


def _parts(matrix: Matrix, dtype: torch.dtype) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Rows, columns (int64) and values (in `dtype`) of the entries, on the CPU. Integer weights
    come from the matrix's int64 arrays without a Python list (60,000 units: 160,000 entries);
    others are rounded once to float64, then to the dtype."""
    arrays = matrix.arrays
    if arrays is not None:
        rows, cols, values = (torch.from_numpy(a) for a in arrays)
        if dtype.is_floating_point:  # via float64, as float(v) is: exact for these weights
            values = values.to(torch.float64)
        return rows, cols, values.to(dtype)
    rows, cols, values = zip(*matrix.entries)
    if dtype.is_floating_point:
        data = torch.tensor([float(v) for v in values], dtype=torch.float64).to(dtype)
    else:
        data = torch.tensor([int(v) for v in values], dtype=dtype)
    return torch.tensor(rows, dtype=torch.long), torch.tensor(cols, dtype=torch.long), data


def sparse(matrix: Matrix, dtype: torch.dtype, device: torch.device | str = "cpu") -> torch.Tensor:
    """The matrix as a coalesced sparse COO tensor (cost O(nonzeros))."""
    if matrix.entries:
        rows, cols, data = _parts(matrix, dtype)
        index = torch.stack([rows, cols])
    else:
        index, data = torch.zeros((2, 0), dtype=torch.long), torch.zeros(0, dtype=dtype)
    return torch.sparse_coo_tensor(index, data, matrix.shape, device=device,
                                   check_invariants=False).coalesce()


def dense_bytes(network: Network, dtype: str) -> int:
    """Bytes of the stock module's dense W_hh in `dtype`."""
    return network.size ** 2 * torch.empty((), dtype=torch_dtype(dtype)).element_size()


def build_rnn(network: Network, dtype: str, device: torch.device | str = "cpu") -> torch.nn.RNN:
    """A stock nn.RNN(I, H, nonlinearity='relu') with W_hh = W, W_ih = U, b_hh = b, b_ih = 0:

        h(t+1) = relu(W_ih x(t) + b_ih + W_hh h(t) + b_hh) = relu(W h(t) + U x(t) + b)

    Raises:
        CompileError: the dense W_hh would pass DENSE_LIMIT_BYTES (the message gives its size).
    """
    need = dense_bytes(network, dtype)
    if need > DENSE_LIMIT_BYTES:
        raise CompileError(f"a stock nn.RNN of {network.size:,} units needs a dense {dtype} W_hh of "
                           f"{need:,} bytes (limit {DENSE_LIMIT_BYTES:,}); run it with the sparse "
                           "backend (backend='sparse'), which costs O(nonzero weights) per tick")
    kind = torch_dtype(dtype)
    rnn = torch.nn.RNN(network.input.shape[1], network.size, nonlinearity="relu",
                       bias=network.bias is not None, dtype=kind, device=device)
    with torch.no_grad():
        for parameter in rnn.parameters():
            parameter.zero_()
        _copy(rnn.weight_hh_l0, network.recurrent)
        _copy(rnn.weight_ih_l0, network.input)
        if network.bias is not None:
            _copy(rnn.bias_hh_l0, network.bias, vector=True)
    rnn.requires_grad_(False)
    return rnn


def build_readout(network: Network, dtype: str, device: torch.device | str = "cpu") -> torch.nn.Linear | None:
    """The readout y = R h as a bias-free nn.Linear(H, O), or None where the kind has none."""
    if network.readout is None:
        return None
    readout = torch.nn.Linear(network.size, network.readout.shape[0], bias=False,
                              dtype=torch_dtype(dtype), device=device)
    with torch.no_grad():
        _copy(readout.weight, network.readout)
    readout.requires_grad_(False)
    return readout


def module(network: Network, dtype: str, device: torch.device | str = "cpu") -> torch.nn.RNN:
    """build_rnn, cached on the network per (dtype, device)."""
    key = ("rnn", dtype, str(device))
    if key not in network.cache:
        network.cache[key] = build_rnn(network, dtype, device)
    return network.cache[key]


def _copy(parameter: torch.Tensor, matrix: Matrix, vector: bool = False) -> None:
    """Copy an exact matrix into a parameter after checking the shape."""
    values = dense(matrix, parameter.dtype, parameter.device)
    if vector:
        values = values[:, 0]
    if values.shape != parameter.shape:
        raise CompileError(f"weight shape {tuple(values.shape)} does not fit the module's "
                           f"{tuple(parameter.shape)}")
    parameter.copy_(values)
