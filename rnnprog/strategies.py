"""Public Hypothesis strategies for every program kind and its inputs.

Every drawn program is valid, and `str(program)` is source text that parses back to an equal
program, so a failing example prints as a program a person can save and rerun.
"""

from __future__ import annotations

from hypothesis.errors import InvalidArgument

from rnnprog.iir.strategies import dyadic_filters, integer_signals, signals, stable_filters
from rnnprog.py.strategies import python_arguments, python_functions
from rnnprog.rm.strategies import register_inputs, register_programs
from rnnprog.seq.strategies import sequence_inputs, sequence_programs
from rnnprog.tm.strategies import tapes, turing_machines

#: Every kind's own strategies (the `__all__` of each `rnnprog.<kind>.strategies`, which
#: tests/check/test_strategies.py holds to the registry), plus `iir_filters`.
__all__ = ["dyadic_filters", "iir_filters", "integer_signals", "python_arguments",
           "python_functions", "register_inputs", "register_programs", "sequence_inputs",
           "sequence_programs", "signals", "stable_filters", "tapes", "turing_machines"]


def iir_filters(*, max_order: int = 6, stable: bool = True):
    """Filter programs of order up to `max_order`.

    `stable=True` draws filters with every pole inside |z| <= 0.9 (see stable_filters);
    `stable=False` draws dyadic filters (coefficients k/4, a[0] = 1) that may be unstable,
    whose float64 runs are exact (see dyadic_filters). Both shrink to `b: 0`, `a: 1`.

    Raises:
        InvalidArgument: max_order outside 0..20.
    """
    if not isinstance(max_order, int) or not 0 <= max_order <= 20:
        raise InvalidArgument(f"max_order={max_order!r}; expected an int in 0..20")
    if stable:
        return stable_filters(max_order=max_order)
    return dyadic_filters(max_order=max_order)
