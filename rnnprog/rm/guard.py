"""The precision guard of register programs: float runs stop before a register leaves the
dtype's exact integers, naming the register, the step and the fix."""

from __future__ import annotations

import numpy as np
import torch

from rnnprog.device import EXACT_INTEGER_LIMIT
from rnnprog.errors import PrecisionError
from rnnprog.network import runner


def check_start(compiled, h0: np.ndarray, dtype: str) -> None:
    """Refuse inputs a float dtype cannot hold exactly, before any tick.

    Raises:
        PrecisionError: naming the input, its value and the dtype.
    """
    limit = EXACT_INTEGER_LIMIT[dtype]
    for name, unit in compiled.layout.registers.items():
        top = h0[:, unit].max(initial=0)
        if top >= limit:
            raise PrecisionError(
                f"input {name}={top} at step 0 is not below 2^{limit.bit_length() - 1}, where "
                f"{dtype} stops counting exactly; rerun with {_fix(dtype)}")


def _fix(dtype: str) -> str:
    return "--dtype float64 or --dtype exact" if dtype == "float32" else "--dtype exact"


def edge_error(name: str, tick: int, dtype: str, row: int | None = None,
               increment: int = 0) -> PrecisionError:
    """The error of a run about to increment register `name` past the dtype's exact range.

    Its `order` (step, the increment's index in compiled.increments, row) says which of several
    rows' errors a batched run meets first: the earliest step, then the guard's scan order."""
    limit = EXACT_INTEGER_LIMIT[dtype]
    where = f"row {row}: " if row is not None else ""
    error = PrecisionError(f"{where}register {name} holds {limit - 1} at step {tick} and the next "
                           f"instruction increments it, but {dtype} counts exactly only below "
                           f"2^{limit.bit_length() - 1}; rerun with {_fix(dtype)}")
    error.order = (tick, increment, row or 0)
    return error


class TickGuard:
    """The same guard for one exact tick of the accelerated path: before a tick, a register
    holding limit - 1 that the current instruction increments stops the run."""

    def __init__(self, compiled, dtype: str, row: int | None, first_tick: int = 0):
        self.dtype, self.limit, self.row = dtype, EXACT_INTEGER_LIMIT[dtype], row
        self.first_tick = first_tick  # where the run started: the error names the whole run's step
        layout = compiled.layout
        self.incs = {layout.pc[k]: (unit, name, n)
                     for n, (k, unit, name) in enumerate(compiled.increments)}

    def __call__(self, state: dict, tick: int) -> None:
        for pc in state:  # the few active units, not every instruction
            inc = self.incs.get(pc)
            if inc is not None and state.get(inc[0], 0) >= self.limit - 1:
                raise edge_error(inc[1], tick + self.first_tick, self.dtype, self.row, inc[2])


class Guard(runner.Hooks):
    """The precision guard: only registers some `inc` grows can leave the exact range, by at
    most 1 a tick, so from a largest value v, limit - 1 - v ticks are safe."""

    def __init__(self, compiled, dtype: str, first_tick: int = 0, stop_at_edge: bool = False,
                 row: int | None = None):
        self.compiled, self.dtype, self.first_tick = compiled, dtype, first_tick
        self.row = row  # the batch row a one-row run stands for (named in its error)
        self.stop_at_edge = stop_at_edge  # int64 runs stop there and go on in Python integers
        self.incs = compiled.increments
        self.units = sorted({unit for _, unit, _ in self.incs})
        self.index = torch.tensor(self.units, dtype=torch.long)  # not a list index each chunk

    def start(self, h0: np.ndarray) -> None:
        check_start(self.compiled, h0, self.dtype)

    def edges(self) -> tuple[tuple[int, int], ...] | None:
        """Each `inc`: its instruction's unit and the register's (None for int64 runs, which
        stop at the edge instead of raising)."""
        if self.stop_at_edge:
            return None
        pc = self.compiled.layout.pc
        return tuple((pc[k], unit) for k, unit, _ in self.incs)

    def edge_error(self, edge: int, tick: int, row: int | None) -> PrecisionError:
        _, _, name = self.incs[edge]
        return edge_error(name, tick + self.first_tick, self.dtype,
                          self.row if row is None else row, edge)

    def safe_ticks(self, h: torch.Tensor, rows: torch.Tensor, tick: int) -> int:
        """Raises PrecisionError at the edge: a row about to increment a register at limit - 1."""
        if not self.units or not len(h):
            return runner.MAX_CHUNK_TICKS
        limit = EXACT_INTEGER_LIMIT[self.dtype]
        top = int(h.index_select(1, self.index.to(h.device)).max().item())
        if top < limit - 1:
            return limit - 1 - top
        pc = self.compiled.layout.pc
        for n, (k, unit, name) in enumerate(self.incs):
            at_edge = (h[:, pc[k]] > 0.5) & (h[:, unit] >= limit - 1)
            if bool(at_edge.any()):
                if self.stop_at_edge:
                    return 0
                row = int(rows[at_edge][0]) if len(rows) > 1 else self.row
                raise edge_error(name, tick + self.first_tick, self.dtype, row, n)
        return 1
