"""A Timeline and its Network as the compact JSON a page carries.

Moments are rows of deltas, so a page grows with what changes, not with units x ticks:
    [tick, where, doing, network, interpreter, h, acted, differs, inputs, jump]
`where` and `doing` index the interned `spans` and `strings`; `network` is the fields that
changed since the previous row as flat (field, string) pairs, `interpreter` the same or 0 when
it reads exactly as the network; `h` the units that changed as flat (unit, value) pairs; `acted`
the units that fed the tick; `differs` the fields that differ; `inputs` x(t); `jump` is
[blocks, block ticks, where, changes, rows of its first ticks] (those rows are deltas among
themselves, the first from nothing). Trailing zeros of a row are dropped. Values of h keep 7
significant digits (the decoded fields carry the exact values as text).
"""

from __future__ import annotations

import math

from rnnprog.network.ir import Matrix, Network
from rnnprog.page.timeline import Moment, Timeline

#: Significant digits of the activations shown (the page's own column, not the comparison).
DIGITS = 7


def pack(timeline: Timeline, network: Network, *, title: str, kind: str) -> dict:
    """The page's data: everything the script needs, JSON-ready."""
    strings: dict[str, int] = {}
    spans: dict[tuple, int] = {(): 0}
    rows = _rows(timeline.moments, strings, spans)
    return {
        "version": 1, "title": title, "kind": kind, "inputs": timeline.inputs,
        "dtype": timeline.dtype, "ticks": timeline.ticks, "halted": timeline.halted,
        "kept": timeline.kept, "notes": list(timeline.notes), "agrees": timeline.agrees,
        "source": list(timeline.source), "fields": list(timeline.fields),
        "units": [[u.label, u.role, u.meaning] for u in network.units],
        "ticksPerStep": network.ticks_per_step, "inputNames": list(network.input_names),
        "W": _entries(network.recurrent), "U": _entries(network.input) if network.input_names else [],
        "b": [[i, number(w)] for i, _, w in network.bias.entries] if network.bias is not None else [],
        "strings": list(strings), "spans": [list(map(list, s)) for s in spans], "moments": rows,
    }


def number(value) -> float | int:
    """A value for the page: an int where it is one (and fits a double exactly), else a float
    rounded to DIGITS significant digits."""
    if isinstance(value, int) and abs(value) < 2**53:
        return value
    v = float(value) if not isinstance(value, float) else value
    if math.isfinite(v) and v == int(v) and abs(v) < 2**53:
        return int(v)
    if not math.isfinite(v):
        return 1e308 if v > 0 else -1e308 if v < 0 else 0  # JSON has no inf or nan
    return float(f"{v:.{DIGITS}g}")


def _entries(matrix: Matrix) -> list:
    return [[i, j, number(w)] for i, j, w in matrix.entries]


def _intern(table: dict, key) -> int:
    if key not in table:
        table[key] = len(table)
    return table[key]


def _rows(moments: tuple[Moment, ...], strings: dict, spans: dict) -> list:
    """Rows of deltas, each from the row before (the first from nothing)."""
    rows, net, ref, h = [], (), (), ()
    for m in moments:
        span_key = tuple((s.line, s.start, s.end) for s in m.where)
        net_delta = _changed(net, m.network, strings)
        ref_delta = 0 if m.interpreter == m.network else _changed(ref, m.interpreter, strings)
        state = tuple(number(v) for v in m.state)
        h_delta = [x for i, v in enumerate(state) if (h[i] if h else 0) != v for x in (i, v)]
        jump = 0
        if m.jump is not None:
            j = m.jump
            jump = [j.blocks, j.block_ticks, _intern(strings, j.where), _intern(strings, j.changes),
                    _rows(j.first, strings, spans)]
        row = [m.tick, _intern(spans, span_key), _intern(strings, m.doing), net_delta, ref_delta,
               h_delta, list(m.acted), list(m.differs), [number(x) for x in m.inputs], jump]
        rows.append(_trim(row))
        net, ref, h = m.network, m.interpreter, state
    return rows


#: The index of a row's interpreter delta: an empty list there (the interpreter reads as it did
#: before, unlike the network) must stay, where a missing one means "as the network".
REF = 4


def _trim(row: list) -> list:
    """The row without its trailing zeros and empty lists (the tick always stays)."""
    end = len(row)
    while end > 1 and (row[end - 1] == 0 or (row[end - 1] == [] and end - 1 != REF)):
        end -= 1
    return row[:end]


def _changed(before: tuple, after: tuple, strings: dict) -> list:
    """The fields of `after` that differ from `before`, as flat (field, string id) pairs."""
    return [x for i, text in enumerate(after) if i >= len(before) or before[i] != text
            for x in (i, _intern(strings, text))]
