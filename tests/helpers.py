"""Break a compiled network on purpose (the IR is immutable): set, zero rows or zero columns."""

import dataclasses

from rnnprog import kinds
from rnnprog.network.ir import Matrix


def rewire(compiled, set_weights=None, *, zero_rows=(), zero_columns=()):
    """A copy of `compiled` whose recurrent weights are changed: rows and columns (by label)
    zeroed first, then `set_weights` {(row label, column label): value} applied."""
    kind = kinds.of(compiled)
    network = kind.network(compiled)
    index = network.index
    rows, cols = {index[u] for u in zero_rows}, {index[u] for u in zero_columns}
    entries = {(i, j): w for i, j, w in network.recurrent.entries if i not in rows and j not in cols}
    for (row, col), value in (set_weights or {}).items():
        entries[(index[row], index[col])] = value
    matrix = Matrix.of(network.recurrent.shape, ((i, j, w) for (i, j), w in entries.items()))
    return kind.with_network(compiled, dataclasses.replace(network, recurrent=matrix, cache={}))
