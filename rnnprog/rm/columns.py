"""Columnar batches of register programs: inputs as arrays (one column per input), results as
arrays (outputs, registers, steps, halted), with no Python object per row on the way in or out.

A CSV file is checked with one regular expression over its whole text and parsed by numpy; a
file that does not match (a bad value, a quoted field, a number past int64) is read by the
row-by-row reader instead (`rows.read_rows`), whose errors name the row and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rnnprog.errors import InputError
from rnnprog.rm import rows as row_reader

#: A data line numpy may read: numbers of at most 18 digits without leading zeros, separated by
#: commas with spaces after them only, so a batch printed from the parsed numbers shows each
#: value as the row-by-row reader would (it prints the text it read).
_NUMBER = r"(?:0|[1-9]\d{0,17})"
_CLEAN = re.compile(rf"{_NUMBER}(?:, *{_NUMBER})*")


@dataclass
class Columns:
    """A batch's results: each output and register by name (int64 arrays, or object arrays of
    Python ints where a value passes int64), the steps (int64) and halted (bool) per row."""

    outputs: dict[str, np.ndarray]
    registers: dict[str, np.ndarray]
    steps: np.ndarray
    halted: np.ndarray

    def __len__(self) -> int:
        return len(self.steps)

    def __repr__(self) -> str:
        return f"Columns({len(self)} rows; outputs {', '.join(self.outputs) or '(none)'})"


def is_columnar(inputs) -> bool:
    """Inputs given as arrays: a mapping of name -> 1-D array, or a 2-D array or tensor."""
    if isinstance(inputs, Mapping):
        return any(np.ndim(v) == 1 for v in inputs.values())
    if isinstance(inputs, np.ndarray) and inputs.dtype.names is not None:
        return True
    return hasattr(inputs, "__array__") and np.ndim(inputs) == 2


def input_matrix(program, inputs) -> np.ndarray:
    """The inputs as an int64 array (B, n), columns in the program's declared input order.

    `inputs` is a mapping name -> 1-D array-like (numpy, torch, list), a numpy structured array
    whose fields name the inputs, or a 2-D array or tensor (B, n) in declared order.

    Raises:
        InputError: names that are not exactly the declared inputs, columns of unequal length,
            values that are not non-negative integers (naming the first bad row).
    """
    names = tuple(program.inputs)
    if isinstance(inputs, np.ndarray) and inputs.dtype.names is not None:
        inputs = {name: inputs[name] for name in inputs.dtype.names}
    if isinstance(inputs, Mapping):
        if set(inputs) != set(names):
            raise InputError(f"input columns must name exactly: {' '.join(names) or '(none)'} "
                             f"(got {' '.join(map(str, inputs)) or 'none'})")
        columns = [_array(inputs[name], name) for name in names]
        lengths = {len(c) for c in columns}
        if len(lengths) > 1:
            raise InputError(f"input columns have different lengths: {sorted(lengths)}")
        length = lengths.pop() if lengths else 0
        matrix = np.stack(columns, axis=1) if columns else np.zeros((length, 0), dtype=np.int64)
    else:
        matrix = _array(inputs, "inputs")
        if matrix.ndim != 2 or matrix.shape[1] != len(names):
            raise InputError(f"an input array must be (rows, {len(names)}): one column per input "
                             f"({' '.join(names) or 'none'}), not {tuple(matrix.shape)}")
    return matrix


def _array(values, name: str) -> np.ndarray:
    """An int64 array of non-negative integers (from numpy, torch or a list)."""
    if hasattr(values, "detach"):  # a torch tensor
        values = values.detach().cpu().numpy()
    array = np.asarray(values)
    if array.dtype.kind == "f" and np.all(np.isfinite(array)) and np.all(array == np.floor(array)) \
            and np.all(np.abs(array) < 2**53):
        array = array.astype(np.int64)
    if array.dtype.kind not in "iu" or (array.dtype.kind == "u" and array.dtype.itemsize == 8
                                        and array.size and array.max() >= 2**63):
        raise InputError(f"input {name} must hold non-negative integers in int64, not "
                         f"{array.dtype} values (pass larger values as Python ints, row by row)")
    array = array.astype(np.int64)
    if array.size and array.min() < 0:
        row = int(np.argwhere(array < 0)[0][0])
        raise InputError(f"input {name}: row {row} holds {int(array.flat[np.argmin(array)])}; "
                         "registers hold 0, 1, 2, ...", row=row)
    return array


def read(path: str) -> tuple[tuple[str, ...], np.ndarray] | None:
    """A batch file as (names, int64 array (B, n)): `.npy` (a structured array whose fields name
    the inputs, or a 2-D array with names None: declared order) or a clean CSV file with a
    header; None for a CSV file numpy should not read (the caller reads it row by row).

    Raises:
        InputError: an unreadable `.npy` file.
    """
    if Path(path).suffix == ".npy":
        try:
            array = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as err:
            raise InputError(f"cannot read {path}: {err}") from None
        if array.dtype.names:
            return tuple(array.dtype.names), np.stack([_array(array[n], n) for n in array.dtype.names],
                                                      axis=1)
        if array.ndim != 2:
            raise InputError(f"{path}: a 2-D array (rows, inputs) or a structured array is needed, "
                             f"not shape {array.shape}")
        return (), _array(array, path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    header, _, body = text.partition("\n")
    names = tuple(name.strip() for name in header.rstrip("\r").split(","))
    lines = [line for line in body.replace("\r\n", "\n").split("\n") if line.strip()]
    if not all(names) or len(set(names)) != len(names) or not lines \
            or "\r" in body.replace("\r\n", "") or not all(map(_CLEAN.fullmatch, lines)):
        return None
    try:
        array = np.loadtxt(lines, delimiter=",", dtype=np.int64, ndmin=2)
    except ValueError:
        return None
    return (names, array) if array.shape[1] == len(names) else None


def read_batch(path: str, program) -> Mapping | list:
    """A batch file's inputs: columns by name where numpy reads the file, else the checked rows
    of `rows.read_rows` (whose errors name the row and line)."""
    found = read(path)
    if found is None:
        return row_reader.read_rows(path)
    names, array = found
    names = names or tuple(program.inputs)
    if len(names) != array.shape[1]:
        raise InputError(f"{path}: {array.shape[1]} columns, but the program declares "
                         f"{len(program.inputs)} inputs ({' '.join(program.inputs)})")
    return {name: array[:, j] for j, name in enumerate(names)}
