"""`rnnprog run --plot` and `rnnprog show --plot`: gather the arrays, hand them to rnnprog.plots."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from rnnprog import plots
from rnnprog.inspect.view import View

#: A plotted run shows at most this many ticks (a raster wider than this is unreadable anyway).
MAX_PLOT_TICKS = 5000


def save_weights(path: str, view: View) -> None:
    """The recurrent weight matrix of any program as a labelled heatmap."""
    plots.save_weights(path, f"{Path(view.path).name}: W_hh ({len(view.units)} units)",
                       np.array(view.weight, dtype=float), view.labels, [u.kind for u in view.units])


def save_register_run(path: str, compiled, states: np.ndarray, file: str) -> None:
    """A register program's recorded run: raster, program counter path and register values.

    Args:
        states: the network's hidden states (ticks + 1, units), one row.
    """
    from rnnprog.rm.trace import decode

    states = np.asarray(states, dtype=float)[:MAX_PLOT_TICKS + 1]
    lowered, layout = compiled.lowered, compiled.layout
    decoded = [decode(compiled, h) for h in states]
    positions = [lowered.end if s is None else s.pc for s in decoded]
    names = [*lowered.names, "halted"]
    values = {name: states[:, layout.registers[name]] for name in lowered.program.registers}
    kinds = [u.kind for u in layout.units]
    plots.save_run(path, f"{Path(file).name}: {len(states) - 1} ticks of a {compiled.units}-unit RNN",
                   states, compiled.labels, kinds, (positions, names), values)


def machine_states(compiled, tape: str, head: int, ticks: int) -> np.ndarray:
    """The stock RNN's hidden states (ticks + 1, units) from the encoded tape, in float64."""
    from rnnprog.tm import codec, compiler
    from rnnprog.tm.ir import initial_config

    h0 = [float(v) for v in codec.encode(compiled, initial_config(compiled.program, tape, head))]
    rnn = compiler.build_rnn(compiled.layout, compiled.rows, torch.float64)
    h = torch.tensor(h0, dtype=torch.float64).view(1, 1, -1)
    with torch.no_grad():
        out, _ = rnn(torch.zeros(ticks, 1, 1, dtype=torch.float64), h)
    return np.concatenate([h[0].numpy(), out[:, 0].numpy()])


def save_machine_run(path: str, compiled, tape: str, head: int, steps: int, file: str) -> None:
    """A Turing machine's run: raster, the state it is in, and the head cell, tick by tick."""
    from rnnprog.inspect.view import of

    states = machine_states(compiled, tape, head, min(steps, MAX_PLOT_TICKS))
    view = of(compiled, file)
    names = list(compiled.program.all_states)
    gates = [i for i, u in enumerate(view.units) if u.kind == "gate"]
    positions = []
    for h in states:
        on = [i for i in gates if h[i] > 0.5]
        label = view.labels[on[0]] if on else ""
        positions.append(names.index(label[len("gate:"):].rsplit(" via ", 1)[0][:-2]) if on else 0)
    index = {label: i for i, label in enumerate(view.labels)}
    head_cell = states[:, index["head:+"]] - states[:, index["head:-"]]
    plots.save_run(path, f"{Path(file).name}: {len(states) - 1} steps of a {len(view.units)}-unit RNN",
                   states, view.labels, [u.kind for u in view.units], (positions, names),
                   {"head cell": head_cell}, "head")
