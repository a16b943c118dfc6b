"""The filter recurrence in chunked parallel form: Toeplitz blocks and matrix powers as matmuls."""

from __future__ import annotations

import torch

from rnnprog.iir import layout

#: Samples per chunk at the sample level; states are carried between chunks.
CHUNK = 32
#: Chunks per group at each higher level of the state recurrence (recursively, until few remain).
GROUP = 16


def filter_scan(space: layout.StateSpace, x: torch.Tensor, zi: torch.Tensor | None = None,
                *, chunk: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Evaluate y[t] = d x[t] + z0(t-1), z(t) = F z(t-1) + g x[t] chunk by chunk.

    Within a chunk of L samples starting from state s: y = T x + O s and s' = F^L s + C x, where
    T[i][j] = h[i-j] (h the impulse response), O[i] = row 0 of F^i and C[:, j] = F^(L-1-j) g.
    The chunk-start states follow s' = F^L s + u, which `linear_states` solves the same way.

    Args:
        space: the exact state-space form of the filter.
        x: signals, shape (B, T), in the dtype and on the device to compute with.
        zi: initial states (B, order), or None for zeros.
        chunk: samples per chunk L (default: a divisor of T near CHUNK, so no copy is needed).

    Returns:
        (y, zf): outputs (B, T) and final states (B, order).
    """
    batch, length = x.shape
    zi = x.new_zeros(batch, space.order) if zi is None else zi
    chunk = chunk or chunk_for(length)
    plan = _plan(space, chunk, x.dtype, x.device)
    full = length // chunk * chunk
    chunks = full // chunk
    xc = x.contiguous()[:, :full].reshape(batch * chunks, chunk)  # (B K, L); copies iff T % L
    control = (xc @ plan["control"].T).reshape(batch, chunks, space.order)  # (B, K, n)
    starts, state = linear_states(plan["power"], control, zi)
    y = (xc @ plan["toeplitz"].T).addmm_(starts.reshape(batch * chunks, space.order),
                                                  plan["observe"].T)
    y = y.reshape(batch, full)
    rest = length - full
    tail = x[:, full:]  # (B, r)
    zf = tail @ plan["control"][:, chunk - rest:].T + state @ plan["powers"][rest].T
    if not rest:
        return y, zf
    y_tail = tail @ plan["toeplitz"][:rest, :rest].T + state @ plan["observe"][:rest].T
    return torch.cat([y, y_tail], dim=1), zf


def chunk_for(length: int) -> int:
    """A chunk length that divides `length` if one lies in [CHUNK/2, 2 CHUNK], else CHUNK."""
    for delta in range(CHUNK + 1):
        for size in (CHUNK + delta, CHUNK - delta):
            if CHUNK // 2 <= size <= 2 * CHUNK and length % size == 0:
                return size
    return CHUNK


def _plan(space: layout.StateSpace, chunk: int, dtype: torch.dtype, device: torch.device) -> dict:
    """The chunk matrices T (L, L), O (L, n), C (n, L), F^L and F^0..F^L, computed in float64."""
    n = space.order
    f = torch.tensor([[float(v) for v in row] for row in space.transition],
                     dtype=torch.float64).reshape(n, n)
    g = torch.tensor([float(v) for v in space.input_gain], dtype=torch.float64)
    powers = _powers(f, chunk + 1)  # (L + 1, n, n)
    impulse = torch.cat([torch.tensor([float(space.direct)], dtype=torch.float64),
                         (powers[:chunk - 1, :1, :] @ g).reshape(-1) if n else
                         torch.zeros(chunk - 1, dtype=torch.float64)])
    index = torch.arange(chunk)
    lag = index[:, None] - index[None, :]
    toeplitz = torch.where(lag >= 0, impulse[lag.clamp(min=0)], torch.zeros((), dtype=torch.float64))
    plan = {"toeplitz": toeplitz, "observe": powers[:chunk, :1, :].reshape(chunk, n),
            "control": (powers[:chunk].flip(0) @ g).T.reshape(n, chunk),
            "power": powers[chunk], "powers": powers}
    return {key: value.to(dtype=dtype, device=device) for key, value in plan.items()}


def _powers(matrix: torch.Tensor, count: int) -> torch.Tensor:
    """matrix^0 .. matrix^(count-1), stacked: shape (count, n, n)."""
    out = [torch.eye(matrix.shape[0], dtype=matrix.dtype, device=matrix.device)]
    for _ in range(count - 1):
        out.append(out[-1] @ matrix)
    return torch.stack(out)


def linear_states(power: torch.Tensor, inputs: torch.Tensor, start: torch.Tensor,
                  *, group: int = GROUP) -> tuple[torch.Tensor, torch.Tensor]:
    """Solve s[k+1] = P s[k] + u[k] for all k at once, recursively in groups.

    Args:
        power: P, shape (n, n).
        inputs: u, shape (B, K, n).
        start: s[0], shape (B, n).
        group: steps per group; groups are solved by one block-Toeplitz matmul, and the group
            starts by the same recurrence with P^group, so the Python depth is log_group(K).

    Returns:
        (states, final): s[0..K-1] as (B, K, n) and s[K] as (B, n).
    """
    batch, steps, n = inputs.shape
    if n == 0:
        return inputs, start
    if steps <= group:
        return _loop(power, inputs, start)
    powers = _powers(power, group + 1)
    blocks = _block_toeplitz(powers, group)  # (G n, G n)
    # the state after a group from a zero start: P (last block row of W) u + u[G-1]
    ends = power @ blocks[-n:]
    ends[:, -n:] += torch.eye(n, dtype=power.dtype, device=power.device)
    padded = -steps % group
    if padded:  # zero inputs at the end; their states are dropped
        inputs = torch.cat([inputs, inputs.new_zeros(batch, padded, n)], dim=1)
    groups = inputs.shape[1] // group
    flat = inputs.reshape(batch * groups, group * n)  # (B M, G n)
    starts, _ = linear_states(powers[group], (flat @ ends.T).reshape(batch, groups, n), start,
                              group=group)
    stacked = powers[:group].reshape(group * n, n)  # P^0 .. P^(G-1) stacked: (G n, n)
    states = (flat @ blocks.T).addmm_(starts.reshape(batch * groups, n), stacked.T)
    states = states.reshape(batch, groups * group, n)
    states = states[:, :steps]
    final = states[:, -1] @ power.T + inputs[:, steps - 1]
    return states, final


def _block_toeplitz(powers: torch.Tensor, group: int) -> torch.Tensor:
    """W (G n, G n) with block (j, i) = P^(j-1-i) for i < j, else 0: states from zero start."""
    n = powers.shape[-1]
    padded = torch.cat([powers.new_zeros(1, n, n), powers[:group - 1]])  # index 0 is the zero block
    index = torch.arange(group)
    lag = (index[:, None] - index[None, :]).clamp(min=0)  # j - i, 0 above the diagonal
    return padded[lag].permute(0, 2, 1, 3).reshape(group * n, group * n)


def _loop(power: torch.Tensor, inputs: torch.Tensor, start: torch.Tensor):
    """The recurrence step by step, for a few steps."""
    states, state = [], start
    for k in range(inputs.shape[1]):
        states.append(state)
        state = state @ power.T + inputs[:, k]
    empty = inputs.new_zeros(inputs.shape[0], 0, inputs.shape[2])
    return (torch.stack(states, dim=1) if states else empty), state
