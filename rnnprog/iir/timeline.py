"""The page's timeline of a filter: after each sample, the input, the output y[n] and the state
z decoded from h(t) beside the difference equation's, within the named float tolerance.

Tick t reads sample n = t - 1 (tick 0 is h(0), the zero state). The interpreter gives y; its
state after sample n is the transposed direct form II state the network holds,
    z_i[n] = sum_{k > i} (b_k x[n + 1 + i - k] - a_k y[n + 1 + i - k])   (terms before 0 vanish),
the same sum `interpret` closes a signal with (its zf).
"""

from __future__ import annotations

import re

import numpy as np

from rnnprog.errors import InputError
from rnnprog.iir import runtime, tolerances
from rnnprog.iir.interpret import interpret
from rnnprog.iir.ir import Program
from rnnprog.page.timeline import Keep, Moment, Span, Timeline, floats, nonzero

#: The signal a page runs when none is given: an impulse of this many samples.
IMPULSE = 32


def timeline(compiled, x=None, *, dtype: str | None = None, keep: Keep | None = None) -> Timeline:
    """One signal through the filter: `x` a sequence of numbers, a string of them ("1 0 0"), or
    None for an impulse of IMPULSE samples. A filter runs as long as its signal.

    Raises:
        InputError: a signal that is not numbers.
    """
    keep = keep or Keep()
    compiled = runtime.ensure_compiled(compiled, dtype)
    program = compiled.program
    signal, words = _signal(x)
    hidden = runtime.hidden_states(compiled, signal)  # (T, units): after each sample
    states = np.concatenate([np.zeros((1, hidden.shape[1])), hidden])
    y = interpret(program, signal).y
    tolerance = tolerances.tolerance(program, signal, compiled.dtype)
    kept = keep.ticks(len(signal))
    moments = tuple(_moment(compiled, t, states, signal, y, tolerance) for t in kept)
    source = tuple((program.source or str(program)).splitlines())
    note = f"network and interpreter agree within {tolerance:.3g} (the {compiled.dtype} tolerance)"
    return Timeline(words, source, fields(program), moments, len(signal), True, compiled.dtype,
                    keep.words(len(signal)), (note,))


def fields(program: Program) -> tuple[str, ...]:
    return ("n", "x[n]", "y[n]", *(f"z{i + 1}" for i in range(program.order)))


def _signal(x) -> tuple[np.ndarray, str]:
    if x is None:
        signal = np.zeros(IMPULSE)
        signal[0] = 1.0
        return signal, f"an impulse of {IMPULSE} samples"
    if isinstance(x, str):
        words = [w for w in re.split(r"[\s,]+", x.strip()) if w]
        try:
            x = [float(w) for w in words]
        except ValueError:
            raise InputError(f"a filter's input is numbers, e.g. \"1 0 0 0\", not {x!r}") from None
    signal = np.asarray(x, dtype=float).reshape(-1)
    shown = " ".join(f"{v:g}" for v in signal[:8]) + (" ..." if len(signal) > 8 else "")
    return signal, f"x = {shown} ({len(signal)} samples)"


def _state(program: Program, x: np.ndarray, y: np.ndarray, n: int) -> list[float]:
    """The interpreter's state after sample n (see the module docstring)."""
    b, a = (list(map(float, v)) for v in program.normalized())
    order, length = program.order, n + 1
    return [sum(b[k] * x[length + i - k] - a[k] * y[length + i - k]
                for k in range(i + 1, order + 1) if length + i - k >= 0) for i in range(order)]


def _moment(compiled, t: int, states: np.ndarray, x: np.ndarray, y: np.ndarray,
            tolerance: float) -> Moment:
    program, layout = compiled.program, compiled.layout
    h = states[t]
    z = [h[layout.state_unit(i, 1)] - h[layout.state_unit(i, -1)] for i in range(layout.order)]
    if t == 0:
        zero = ("-", "-", "-", *("0" for _ in z))
        return Moment(0, zero, zero, floats(h), doing="h(0) = 0: no sample read yet")
    n = t - 1
    got = [float(h[layout.output_unit(1)] - h[layout.output_unit(-1)]), *z]
    want = [float(y[n]), *_state(program, x, y, n)]
    differs = tuple(2 + k for k, (g, w) in enumerate(zip(got, want)) if not abs(g - w) <= tolerance)
    head = (str(n), _number(x[n]))
    return Moment(t, (*head, *map(_number, got)), (*head, *map(_number, want)), floats(h),
                  _lines(program), f"read x[{n}] = {_number(x[n])}, gave y[{n}] = {_number(got[0])}",
                  differs, nonzero(states[t - 1]), (float(x[n]),))


def _number(v) -> str:
    """Six significant digits (a projected column is narrow); the comparison uses the numbers."""
    return f"{float(v):.6g}"


def _lines(program: Program) -> tuple[Span, ...]:
    """Every line that is not a comment (`b:`/`a:` or `y[n] = ...`): each tick computes the
    whole difference equation."""
    lines = (program.source or str(program)).splitlines()
    return tuple(Span(k + 1) for k, line in enumerate(lines) if line.split("#")[0].strip())
