"""Plot helpers for filters (axes first, artists returned) and the CLI's one-figure summary."""

from __future__ import annotations

import numpy as np


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


def save_summary(path: str, title: str, x: np.ndarray, y: np.ndarray, responses: dict) -> None:
    """Write one PNG with the signal, impulse and frequency panels (Agg backend, no window).

    Args:
        path: where to save the figure.
        title: figure title.
        x, y: one input signal and its output.
        responses: "impulse_network", "impulse_reference" (arrays) and "omega",
            "magnitude_network", "magnitude_reference" (arrays).
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(15, 4), layout="constrained")
    plot_signals(axes[0], x, y)
    plot_impulse(axes[1], responses["impulse_network"], responses["impulse_reference"])
    plot_frequency(axes[2], responses["omega"], responses["magnitude_network"],
                   responses["magnitude_reference"])
    fig.suptitle(title)
    fig.savefig(path, dpi=100)
    plt.close(fig)
