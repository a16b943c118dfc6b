"""Reading and writing signals for the CLI: CSV columns or .npy, impulses and steps."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from rnnprog.errors import InputError


def signal(path: str | None, impulse: int | None, step: int | None) -> tuple[np.ndarray, bool]:
    """The CLI's input as (x, columns): x is (T,) for one signal or (M, T) for M columns.

    Raises:
        InputError: the file is missing, unreadable, empty, not numeric or more than 2-D.
    """
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
    except (OSError, ValueError) as err:
        raise InputError(f"cannot read signal {path}: {err}") from None
    if table.dtype.kind not in "biuf" or table.ndim not in (1, 2) or table.size == 0:
        raise InputError(f"{path}: expected a non-empty table of real numbers (samples x signals)")
    table = np.asarray(table, dtype=np.float64)
    if table.ndim == 1 or table.shape[1] == 1:
        return table.reshape(-1), False
    return np.ascontiguousarray(table.T), True


def write(path: str, y: np.ndarray, columns: bool) -> None:
    """Write y in the input's layout: one value per line, or one signal per column."""
    table = y.T if columns else y.reshape(-1, 1)
    if Path(path).suffix.lower() == ".npy":
        np.save(path, table if columns else y)
    else:
        np.savetxt(path, table, delimiter=",", fmt="%.17g")
