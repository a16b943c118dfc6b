"""Every plot rnnprog draws: helpers take matplotlib axes first and return artists; `save_*` write PNGs.

matplotlib is a development dependency, imported only when a figure is made (Agg backend, no window).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rnnprog.errors import RnnprogError

#: Up to this many units every row and column is labelled; above it, only the kind groups.
LABEL_EVERY_UNIT = 80


def pyplot():
    """matplotlib.pyplot on the Agg backend.

    Raises:
        RnnprogError: matplotlib is not installed.
    """
    try:
        import matplotlib
    except ImportError:
        raise RnnprogError("plots need matplotlib: pip install matplotlib "
                           "(or pip install -r requirements-dev.txt)") from None
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    return plt


def groups(kinds: Sequence[str]) -> list[tuple[str, int, int]]:
    """Runs of equal kinds as (kind, first, end): the bands a heatmap or raster separates."""
    out = []
    for i, kind in enumerate(kinds):
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1], i + 1)
        else:
            out.append((kind, i, i + 1))
    return out


def _label_axis(ax, labels: Sequence[str], kinds: Sequence[str], axis: str) -> None:
    """Tick every unit when there are few, else one tick per kind group; lines between groups."""
    set_ticks = ax.set_yticks if axis == "y" else ax.set_xticks
    line = ax.axhline if axis == "y" else ax.axvline
    bands = groups(kinds)
    if len(labels) <= LABEL_EVERY_UNIT:
        size = 7 if len(labels) <= 30 else 5
        set_ticks(range(len(labels)), labels, fontsize=size, rotation=0 if axis == "y" else 90)
    else:
        set_ticks([(a + b - 1) / 2 for _, a, b in bands], [k for k, _, _ in bands], fontsize=8,
                  rotation=0 if axis == "y" else 90)
    for _, first, _end in bands[1:]:
        line(first - 0.5, color="0.3", linewidth=0.6)


def plot_weights(ax, weight: np.ndarray, labels: Sequence[str], kinds: Sequence[str]):
    """The recurrent matrix W[row, column] as a heatmap on a diverging map centred on 0.

    Rows are the units computed (h(t+1)), columns the units read (h(t)); both grouped by kind.
    """
    weight = np.asarray(weight, dtype=float)
    limit = float(np.abs(weight).max()) or 1.0
    image = ax.imshow(weight, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest",
                      aspect="equal")
    _label_axis(ax, labels, kinds, "y")
    _label_axis(ax, labels, kinds, "x")
    ax.set(xlabel="reads unit (h(t))", ylabel="computes unit (h(t+1))")
    ax.figure.colorbar(image, ax=ax, shrink=0.7, label="weight")
    return image


def plot_raster(ax, states: np.ndarray, labels: Sequence[str], kinds: Sequence[str]):
    """Activations (ticks, units) as a raster: units down, ticks across, each row scaled to its max."""
    states = np.asarray(states, dtype=float)
    top = np.abs(states).max(axis=0)
    scaled = states / np.where(top > 0, top, 1.0)
    image = ax.imshow(scaled.T, cmap="magma", aspect="auto", interpolation="nearest",
                      vmin=min(0.0, float(scaled.min())), vmax=1)
    _label_axis(ax, labels, kinds, "y")
    ax.set(xlabel="tick", title="activations (each unit scaled to its largest value)")
    return image


def plot_path(ax, positions: Sequence[int], names: Sequence[str]):
    """The program counter's path: which instruction (by name) the network is at, tick by tick."""
    artists = ax.step(range(len(positions)), positions, where="post", color="C0", linewidth=1.2)
    ax.set_yticks(range(len(names)), names, fontsize=7 if len(names) <= 30 else 5)
    ax.set(xlabel="tick", ylabel="instruction", title="program counter")
    ax.invert_yaxis()
    return artists


def plot_values(ax, values: dict[str, np.ndarray], title: str = "registers"):
    """One line per named value over ticks (registers, a head position, a signal)."""
    artists = []
    for name, series in values.items():
        artists += ax.plot(np.asarray(series, dtype=float), label=name, linewidth=1.2)
    ax.set(xlabel="tick", title=title)
    if values:
        ax.legend(loc="best", fontsize="small")
    return artists


def plot_signals(ax, x: np.ndarray, y: np.ndarray) -> list:
    """Input and output of one signal against the sample index."""
    artists = ax.plot(x, label="input x", color="0.6", linewidth=1)
    artists += ax.plot(y, label="output y (RNN)", color="C0", linewidth=1.2)
    ax.set(title="signal", xlabel="sample n")
    ax.legend(loc="best", fontsize="small")
    return artists


def plot_impulse(ax, y_network: np.ndarray, y_reference: np.ndarray) -> list:
    """Impulse response of the compiled RNN (stems) over the interpreter's (line)."""
    n = np.arange(len(y_network))
    artists = ax.plot(n, y_reference, color="C1", linewidth=2, alpha=0.6, label="interpreter")
    markers, stems, base = ax.stem(n, y_network, label="RNN")
    ax.set(title="impulse response", xlabel="sample n")
    ax.legend(loc="best", fontsize="small")
    return [*artists, markers, stems, base]


def plot_frequency(ax, omega: np.ndarray, magnitude_network: np.ndarray,
                   magnitude_reference: np.ndarray) -> list:
    """Magnitude responses in dB, RNN (dashed) over interpreter (solid)."""
    db = [20 * np.log10(np.maximum(m, 1e-12)) for m in (magnitude_reference, magnitude_network)]
    artists = ax.plot(omega / np.pi, db[0], color="C1", linewidth=2, alpha=0.6, label="interpreter")
    artists += ax.plot(omega / np.pi, db[1], "--", color="C0", label="RNN")
    ax.set(title="frequency response", xlabel="frequency (x pi rad/sample)", ylabel="|H| (dB)")
    ax.legend(loc="best", fontsize="small")
    return artists


def save_weights(path: str, title: str, weight: np.ndarray, labels: Sequence[str],
                 kinds: Sequence[str]) -> None:
    """Write the weight heatmap as a PNG sized for the number of units."""
    plt = pyplot()
    side = min(14.0, 4.5 + 0.16 * len(labels))
    fig, ax = plt.subplots(figsize=(side + 1.5, side), layout="constrained")
    plot_weights(ax, weight, labels, kinds)
    ax.set_title(title)
    save_figure(plt, fig, path, dpi=100 if len(labels) <= 200 else 150)


#: A plot names each jump up to this many; past it, each is a thin mark.
NAMED_JUMPS = 20


def save_run(path: str, title: str, states: np.ndarray, labels: Sequence[str], kinds: Sequence[str],
             path_panel: tuple[Sequence[int], Sequence[str]] | None, values: dict[str, np.ndarray],
             values_title: str = "registers", jumps: Sequence[tuple[int, str]] = ()) -> None:
    """Write a run as a PNG: the activation raster, the program counter's path and the values.

    Args:
        states: hidden states (ticks, units) as the network held them.
        path_panel: (instruction index per tick, instruction names), or None for no path panel.
        values: named series over ticks (registers, head, samples).
        jumps: (column, text) of each fast-forward jump: the states are then the ticks computed,
            and a dashed line after column marks the ticks skipped there.
    """
    plt = pyplot()
    height = min(12.0, 3.0 + 0.12 * len(labels))
    rows = 2 + (path_panel is not None)
    ratios = [height] + [2.2] * (rows - 1)
    fig, axes = plt.subplots(rows, 1, figsize=(10, sum(ratios)), height_ratios=ratios,
                             sharex=True, layout="constrained")
    plot_raster(axes[0], states, labels, kinds)
    if path_panel is not None:
        plot_path(axes[1], *path_panel)
    plot_values(axes[-1], values, values_title)
    named = len(jumps) <= NAMED_JUMPS
    for column, text in jumps:
        if named:
            for ax in axes:
                ax.axvline(column + 0.5, color="C2", linestyle="--", linewidth=1.2)
            axes[0].annotate(text, (column + 0.5, 1.0), xycoords=("data", "axes fraction"),
                             rotation=90, va="top", ha="right", fontsize=7, color="C2")
        else:  # hundreds of jumps: thin marks that leave the raster readable
            for ax in axes[1:]:
                ax.axvline(column + 0.5, color="C2", linewidth=0.5, alpha=0.35)
            axes[0].plot([column + 0.5], [1.0], marker="v", color="C2", markersize=4,
                         transform=axes[0].get_xaxis_transform(), clip_on=False)
    if jumps:
        axes[-1].set_xlabel("tick computed (dashed: a certified jump over the ticks named)" if named else
                            f"tick computed (green: {len(jumps):,} certified jumps over ticks not computed)")
    fig.suptitle(title)
    save_figure(plt, fig, path)


def save_filter_summary(path: str, title: str, x: np.ndarray, y: np.ndarray, responses: dict,
                        hidden: tuple[np.ndarray, Sequence[str], Sequence[str]] | None = None) -> None:
    """Write one PNG with signal, impulse and frequency panels, and the hidden state if given.

    Args:
        responses: "impulse_network", "impulse_reference", "omega", "magnitude_network",
            "magnitude_reference" (arrays).
        hidden: (states (ticks, units), labels, kinds) of the network on x.
    """
    plt = pyplot()
    panels = 3 + (hidden is not None)
    fig, axes = plt.subplots(1, panels, figsize=(5 * panels, 4), layout="constrained")
    plot_signals(axes[0], x, y)
    plot_impulse(axes[1], responses["impulse_network"], responses["impulse_reference"])
    plot_frequency(axes[2], responses["omega"], responses["magnitude_network"],
                   responses["magnitude_reference"])
    if hidden is not None:
        plot_raster(axes[3], *hidden)
        axes[3].set(title="hidden state", xlabel="sample n (tick)")
    fig.suptitle(title)
    save_figure(plt, fig, path)


def trained_recurrent(rnn, cell: str) -> tuple[np.ndarray, str]:
    """A trained cell's recurrent matrix to draw, and what it is: nn.RNN's W_hh, or for LSTM and
    GRU (whose W_hh stacks the gates) the block that forms the candidate state."""
    weight, hidden = rnn.weight_hh_l0.detach().cpu(), rnn.hidden_size
    if cell == "rnn":
        return weight.numpy(), "W_hh"
    block = weight[-hidden:] if cell == "gru" else weight[2 * hidden:3 * hidden]
    return block.numpy(), "W_hh, candidate block"


def save_figure(plt, fig, path: str, dpi: int = 100) -> None:
    """Write `fig` to `path` and close it; an unwritable path or a format matplotlib cannot
    write is an RnnprogError, not a traceback (commands refuse both up front as well, with
    rnnprog.outputs.plot_refusal)."""
    try:
        fig.savefig(path, dpi=dpi)
    except OSError as err:
        raise RnnprogError(f"cannot write the plot to {path}: {err.strerror}") from None
    except ValueError as err:  # matplotlib: "Format 'txt' is not supported (supported formats: ...)"
        raise RnnprogError(f"cannot write the plot to {path}: {err}") from None
    finally:
        plt.close(fig)
