"""Reading and writing signals for the CLI: CSV columns or .npy, impulses and steps."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from rnnprog.errors import InputError, clip

#: The longest generated impulse or step (a typo like --impulse 10000000000 would exhaust memory).
MAX_GENERATED = 10_000_000


def signal(path: str | None, impulse: int | None, step: int | None) -> tuple[np.ndarray, bool]:
    """The CLI's input as (x, columns): x is (T,) for one signal or (M, T) for M columns.

    Raises:
        InputError: the file is missing, unreadable, empty, not numeric, not finite or more than
            2-D; an impulse or step longer than MAX_GENERATED samples.
    """
    length = impulse if impulse is not None else step
    if length is not None and length > MAX_GENERATED:
        raise InputError(f"{length} samples; an impulse or step has at most {MAX_GENERATED:,} "
                         "(give longer signals as a file)")
    if impulse is not None:
        x = np.zeros(impulse)
        x[0] = 1.0
        return x, False
    if step is not None:
        return np.ones(step), False
    return read(path)


def read(path: str) -> tuple[np.ndarray, bool]:
    """A .npy or CSV file; rows are samples and columns are signals.

    Raises:
        InputError: as for `signal`.
    """
    try:
        if Path(path).suffix.lower() == ".npy":
            table = np.load(path, allow_pickle=False)
        else:
            table = np.loadtxt(path, delimiter=",", ndmin=2, dtype=np.float64)
    except (OSError, ValueError, EOFError) as err:  # UnicodeDecodeError is a ValueError
        raise InputError(f"cannot read signal {path}: {clip(str(err), 300)}") from None
    if table.dtype.kind not in "biuf" or table.ndim not in (1, 2) or table.size == 0:
        raise InputError(f"{path}: expected a non-empty table of real numbers (samples x signals)")
    table = np.asarray(table, dtype=np.float64)
    finite = np.isfinite(table)
    if not finite.all():
        where = np.argwhere(~finite)[0]
        cell = f"row {where[0] + 1}" + (f", column {where[1] + 1}" if table.ndim == 2 else "")
        raise InputError(f"{path}, {cell}: {table[tuple(where)]} is not a finite number "
                         "(float64 holds magnitudes up to 1.8e308)")
    if table.ndim == 1 or table.shape[1] == 1:
        return table.reshape(-1), False
    return np.ascontiguousarray(table.T), True


def write(path: str, y: np.ndarray, columns: bool) -> None:
    """Write y in the input's layout: one value per line, or one signal per column."""
    table = y.T if columns else y.reshape(-1, 1)
    try:
        if Path(path).suffix.lower() == ".npy":
            np.save(path, table if columns else y)
        else:
            np.savetxt(path, table, delimiter=",", fmt="%.17g")
    except OSError as err:
        raise InputError(f"{path}: cannot write the output: {err.strerror}") from None
