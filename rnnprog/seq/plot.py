"""A sequence run as one picture: the input along the time axis, the hidden-state raster, the
counters, and the output sequence, all on the same ticks."""

from __future__ import annotations

import numpy as np

from rnnprog import plots
from rnnprog.seq import decode
from rnnprog.seq.compile import CompiledSeq
from rnnprog.seq.ir import END, symbols_of


def plot_symbols(ax, symbols: list[str], title: str, color: str):
    """One symbol per tick as text in a strip (empty ticks left blank); returns the texts."""
    ax.set_xlim(-0.5, len(symbols) - 0.5)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    ax.set_title(title, loc="left", fontsize=10)
    size = 11 if len(symbols) <= 30 else 8 if len(symbols) <= 60 else 6
    return [ax.text(t, 0.5, s, ha="center", va="center", fontsize=size, family="monospace",
                    color=color, fontweight="bold") for t, s in enumerate(symbols) if s]


def _label(program, unit) -> str:
    """A rule unit's label with its rule (`rule:1  s ) depth>0 -> s depth-1`), others as they are."""
    k = unit.get("rule")
    return unit.label if k is None or unit.get("zeroed") else f"{unit.label}  {program.rules[k]}"


def _mark_end(ax, step, tick: int):
    """The run's end under its last tick: accepted (green), rejected (red) or still running."""
    status = "?" if step is None else step.status
    color = {"accepted": "C2", "rejected": "C3"}.get(status, "0.4")
    return ax.text(tick, 0.12, status, ha="center", va="bottom", fontsize=10, color=color,
                   fontstyle="italic")


def save(path: str, compiled: CompiledSeq, text: str, states, title: str) -> None:
    """Write a run's picture as a PNG.

    Args:
        states: the network's hidden states h(0) .. h(T) (T + 1, units), one row.
    """
    plt = plots.pyplot()
    program = compiled.program
    states = np.asarray(states, dtype=float)
    ticks = len(states)
    symbols = symbols_of(program, text)
    read = [""] + [symbols[t - 1] if t <= len(symbols) else END for t in range(1, ticks)]
    steps = [decode.decode(compiled, h) for h in states]
    emitted = [(s.output or "") if s is not None else "?" for s in steps]
    units = compiled.network.units
    panels = [1.0, min(7.0, 1.5 + 0.22 * len(units))] + ([1.6] if program.counters else []) + [1.0]
    fig, axes = plt.subplots(len(panels), 1, figsize=(min(14.0, max(8.0, 4 + 0.32 * ticks)), sum(panels) + 1),
                             height_ratios=panels, sharex=True, layout="constrained")
    plot_symbols(axes[0], read, "input x(t) (one-hot, one symbol per tick; $ after the input)", "C0")
    plots.plot_raster(axes[1], states, [_label(program, u) for u in units], [u.role for u in units])
    axes[1].set_title("", loc="center")
    axes[1].set_title("hidden state h(t) (each unit scaled to its largest value)", loc="left",
                      fontsize=10)
    axes[1].set_xlabel("")
    if program.counters:
        values = np.array([decode.apply(compiled.count, decode.integers(h) or [0] * len(h))
                           for h in states]).reshape(ticks, -1)
        plots.plot_values(axes[2], {c: values[:, i] for i, c in enumerate(program.counters)},
                          "counters (decoded from h(t))")
        axes[2].set_xlabel("")
        axes[2].yaxis.get_major_locator().set_params(integer=True)
    plot_symbols(axes[-1], emitted, "output y(t) (readout)", "C3")
    _mark_end(axes[-1], steps[-1], ticks - 1)
    axes[-1].set_xlabel("tick t")
    axes[-1].set_xticks(range(ticks))
    fig.suptitle(title)
    plots.save_figure(plt, fig, path, dpi=110)
