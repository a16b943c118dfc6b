"""The one network IR every kind compiles to: labelled structured units and exact sparse weights.

A Network says h(t+1) = relu(W h(t) + U x(t) + b) with every weight exact (an int or a
Fraction) and held sparse, so memory is O(nonzeros), not O(units^2). Labels are made by the
kind's layout from the units' structured fields and are never parsed back: code that needs a
unit's state, symbol or register reads `unit.fields`.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

Exact = int | Fraction


@dataclass(frozen=True)
class Unit:
    """One hidden unit: its label (`pc:loop`, `gate:A/0 via R`, `s1+`), role, meaning and the
    kind's own fields (`(("register", "a"),)`); `role` groups units in tables and plots."""

    label: str
    role: str
    meaning: str
    fields: tuple[tuple[str, object], ...] = ()

    def get(self, key: str, default=None):
        """The value of one of the kind's fields (`unit.get("state")`)."""
        return dict(self.fields).get(key, default)


@dataclass(frozen=True, eq=False)
class Matrix:
    """An exact sparse matrix: `entries` are (row, column, value) with value != 0, row-major."""

    shape: tuple[int, int]
    entries: tuple[tuple[int, int, Exact], ...] = ()

    @staticmethod
    def of(shape: tuple[int, int], items: Iterable[tuple[int, int, Exact]]) -> Matrix:
        """Sum duplicate (row, column) items and drop zeros; the result is sorted row-major."""
        items = items if isinstance(items, list) else list(items)
        fast = _of_integers(shape, items)
        if fast is not None:
            return fast
        total: dict[tuple[int, int], Exact] = {}
        for i, j, value in items:
            total[(i, j)] = total.get((i, j), 0) + value
        rows, cols = shape
        bad = [(i, j) for i, j in total if not (0 <= i < rows and 0 <= j < cols)]
        if bad:
            raise ValueError(f"entry {bad[0]} outside a {rows} x {cols} matrix")
        return Matrix(shape, tuple((i, j, v if type(v) is int else _exact(v))
                                   for (i, j), v in sorted(total.items()) if v != 0))

    @functools.cached_property
    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """(rows, columns, values) as int64 arrays in entry order, or None where some value is
        not an integer int64 holds (a Fraction, or a huge int): the fast way into torch."""
        if not self.entries:
            return _EMPTY
        rows, cols, values = zip(*self.entries)
        if set(map(type, values)) != {int}:
            return None
        try:
            values = np.array(values, dtype=np.int64)
        except OverflowError:
            return None
        return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), values

    @functools.cached_property
    def rows(self) -> tuple[tuple[tuple[int, Exact], ...], ...]:
        """For each row, its (column, value) pairs."""
        out: list[list[tuple[int, Exact]]] = [[] for _ in range(self.shape[0])]
        for i, j, value in self.entries:
            out[i].append((j, value))
        return tuple(tuple(row) for row in out)

    @functools.cached_property
    def columns(self) -> tuple[tuple[tuple[int, Exact], ...], ...]:
        """For each column, its (row, value) pairs."""
        out: list[list[tuple[int, Exact]]] = [[] for _ in range(self.shape[1])]
        for i, j, value in self.entries:
            out[j].append((i, value))
        return tuple(tuple(col) for col in out)

    def get(self, i: int, j: int) -> Exact:
        return dict(self.rows[i]).get(j, 0)

    @property
    def nonzero(self) -> int:
        return len(self.entries)

    def values(self) -> list[Exact]:
        return [v for _, _, v in self.entries]

    def dense_ints(self) -> list[list[int]]:
        """The matrix as nested lists of ints (an integer matrix, e.g. an encoder, for JSON)."""
        rows, cols = self.shape
        out = [[0] * cols for _ in range(rows)]
        for i, j, w in self.entries:
            out[i][j] = int(w)
        return out

    def changed(self, i: int, j: int, delta: Exact) -> Matrix:
        """A copy with `delta` added to entry (i, j)."""
        return Matrix.of(self.shape, [*self.entries, (i, j, delta)])

    def __repr__(self) -> str:
        return f"Matrix({self.shape[0]} x {self.shape[1]}, {self.nonzero} nonzero)"


_EMPTY = tuple(np.zeros(0, np.int64) for _ in range(3))
#: Integer items whose sizes stay below this are summed in int64 without overflow.
_INT64_SAFE = 1 << 62


def _of_integers(shape: tuple[int, int], items: list) -> Matrix | None:
    """Matrix.of for plain int items in numpy: sort, sum and filter 100,000s of items in a few
    C passes instead of a dict and a sort of Python tuples (compiling 60,000 units spent a
    third of its time here). None hands anything unusual (an empty list, Fractions, bools,
    floats, huge ints, an entry out of range, malformed items) to the exact Python path, which
    normalises it or raises its own error."""
    rows, cols = shape
    if not items or rows * cols >= _INT64_SAFE or set(map(len, items)) != {3}:
        return None
    i, j, values = zip(*items)
    if set(map(type, i)) | set(map(type, j)) | set(map(type, values)) != {int}:
        return None
    try:
        i, j, values = (np.array(part, dtype=np.int64) for part in (i, j, values))
    except OverflowError:
        return None
    if i.min() < 0 or i.max() >= rows or j.min() < 0 or j.max() >= cols:
        return None
    if max(int(values.max()), -int(values.min())) >= _INT64_SAFE // len(values):  # the sums could overflow
        return None
    key = i * cols + j
    order = np.argsort(key, kind="stable")
    key, values = key[order], values[order]
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    if len(starts) < len(key):  # duplicates: one sum each
        key, values = key[starts], np.add.reduceat(values, starts)
    keep = values != 0
    key, values = key[keep], values[keep]
    i, j = np.divmod(key, cols)
    matrix = Matrix(shape, tuple(zip(i.tolist(), j.tolist(), values.tolist())))
    matrix.__dict__["arrays"] = (i, j, values)  # the cached_property, already known
    return matrix


def _exact(value) -> Exact:
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"network weights are exact (int or Fraction), not {type(value).__name__}")


@dataclass(frozen=True, eq=False)
class Network:
    """A compiled program as h(t+1) = relu(W h(t) + U x(t) + b), every weight exact.

    recurrent W (H, H); input U (H, I) with I >= 1 (a kind with no per-tick input feeds one zero
    column, `input_names` empty); bias b (H, 1) or None for a module built with bias=False;
    readout R (O, H) or None, y = R h, rows named by `readout_names`; encoder E (H, 1 + n) or
    None, h(0) = relu(E @ [1, *inputs]) for the inputs `encoder_names`. A row has halted once
    the units `halt_units` sum to more than 1/2; `halt_absorbing` says a halted state stays put.
    """

    units: tuple[Unit, ...]
    recurrent: Matrix
    input: Matrix
    bias: Matrix | None = None
    readout: Matrix | None = None
    readout_names: tuple[str, ...] = ()
    encoder: Matrix | None = None
    encoder_names: tuple[str, ...] = ()
    input_names: tuple[str, ...] = ()
    ticks_per_step: int = 1
    halt_units: tuple[int, ...] = ()
    halt_absorbing: bool = False
    initial: str = ""
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        size = len(self.units)
        checks = [("recurrent", self.recurrent, (size, size)), ("input", self.input, (size, None)),
                  ("bias", self.bias, (size, 1)), ("readout", self.readout, (None, size)),
                  ("encoder", self.encoder, (size, None))]
        for name, matrix, (rows, cols) in checks:
            if matrix is None:
                continue
            wrong_rows = rows is not None and matrix.shape[0] != rows
            if wrong_rows or (cols is not None and matrix.shape[1] != cols):
                raise ValueError(f"{name} is {matrix.shape}, expected ({rows or 'any'}, {cols or 'any'}) "
                                 f"for {size} units")

    @property
    def size(self) -> int:
        return len(self.units)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(u.label for u in self.units)

    @functools.cached_property
    def index(self) -> dict[str, int]:
        """Unit index by label."""
        return {u.label: i for i, u in enumerate(self.units)}

    def units_with(self, role: str) -> list[int]:
        """Indices of the units of one role."""
        return [i for i, u in enumerate(self.units) if u.role == role]

    def bias_of(self, i: int) -> Exact:
        return 0 if self.bias is None else self.bias.get(i, 0)

    @property
    def nonzero(self) -> int:
        """Nonzero recurrent, input and bias weights."""
        return self.recurrent.nonzero + self.input.nonzero + (self.bias.nonzero if self.bias else 0)

    def __repr__(self) -> str:
        return f"Network({self.size} units, {self.nonzero} nonzero weights)"


@contextlib.contextmanager
def building():
    """Pause Python's cyclic garbage collector while a compiler builds an IR of 100,000s of small
    acyclic objects (units, instructions, weight tuples): it would walk them again and again and
    find nothing to free (measured: 40-60% of parsing and compiling 60,000 units). A collector
    the caller had off stays off; reference counting frees everything as usual.

    On the way out what was built joins the oldest generation (gc.freeze then gc.unfreeze, both
    a list splice) instead of waiting in the youngest, whose next collection would walk all of
    it at once (130-160 ms at 60,000 units); the next full collection, on its usual schedule,
    sees it as it sees everything else. Skipped where the caller keeps objects frozen.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def column(size: int, items: Iterable[tuple[int, Exact]]) -> Matrix:
    """A (size, 1) matrix from (row, value) pairs (a bias)."""
    return Matrix.of((size, 1), ((i, 0, v) for i, v in items))
