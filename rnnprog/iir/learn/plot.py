"""The picture of a filter's run of `rnnprog train`: impulse and frequency responses of the
interpreter, the compiled network and the trained one; error against signal length; the training
loss; the trained W_hh beside the compiled one."""

from __future__ import annotations

import math

import numpy as np
import torch

from rnnprog import plots
from rnnprog.iir import analysis
from rnnprog.iir.learn import experiment
from rnnprog.network.torch_build import dense

#: Impulse-response samples drawn (the frequency response uses experiment.IMPULSE of them).
SHOWN = 64
STYLE = {"interpreter": dict(color="C1", linewidth=2.5, alpha=0.55),
         "compiled": dict(color="C0", linestyle="none", marker="o", markersize=3.5),
         "trained": dict(color="C3", linestyle="--", linewidth=1.3)}


def _responses(axes, responses: dict) -> None:
    impulse, frequency = axes
    for name, y in responses.items():
        impulse.plot(np.arange(SHOWN), y[:SHOWN], label=name, **STYLE[name])
        omega, magnitude = analysis.frequency_response(np.nan_to_num(y, posinf=0, neginf=0))
        frequency.plot(omega / np.pi, 20 * np.log10(np.maximum(magnitude, 1e-12)), label=name,
                       **{**STYLE[name], "marker": None, "linestyle": STYLE[name].get("linestyle", "-")
                          if name != "compiled" else ":"})
    impulse.set(title="impulse response (trained: y(impulse) - y(0))", xlabel="sample n")
    frequency.set(title="frequency response", xlabel="frequency (x pi rad/sample)", ylabel="|H| (dB)")
    for ax in axes:
        ax.legend(fontsize=8)


def _errors(ax, report) -> None:
    lengths = [r.length for r in report.rows]
    floor = 1e-17  # an exact zero error is drawn at the floor of the log axis
    for key, label, style in (("compiled_worst", "compiled (worst)", "o-"),
                              ("trained_median", f"trained {report.cell} (median)", "s--"),
                              ("trained_worst", f"trained {report.cell} (worst)", "^:")):
        values = [getattr(r, key) for r in report.rows]
        ax.plot(lengths, [max(v, floor) if math.isfinite(v) else np.nan for v in values], style, label=label)
    ax.axvspan(*report.train_lengths, color="0.9", label="training lengths")
    ax.axhline(experiment.WITHIN, color="0.6", linewidth=0.8, linestyle=":", label="1%")
    ax.set(xscale="log", yscale="log", xlabel="signal length (samples)",
           ylabel="max|y_hat - y| / max|y|", title="error against length")
    ax.legend(fontsize=8)


def save_plot(report, learner, compiled, path: str) -> None:
    """Write the six panels to `path` (PNG)."""
    plt = plots.pyplot()
    figure, axes = plt.subplots(2, 3, figsize=(16, 9), layout="constrained")
    _responses(axes[0, :2], experiment.impulses(compiled, learner))
    _errors(axes[0, 2], report)
    axes[1, 0].plot(np.arange(1, len(report.losses) + 1), report.losses, color="C3", linewidth=0.8)
    axes[1, 0].set(yscale="log", xlabel="Adam step", ylabel="relative squared error",
                   title="training loss")
    weight, what = plots.trained_recurrent(learner.rnn, learner.cell)
    names = [f"h{i}" for i in range(learner.hidden)]
    plots.plot_weights(axes[1, 1], weight, names, ["learned"] * learner.hidden)
    axes[1, 1].set_title(f"trained {what} ({report.cell})")
    units = compiled.network.units
    plots.plot_weights(axes[1, 2], dense(compiled.network.recurrent, torch.float64).numpy(),
                       [u.label for u in units], [u.role for u in units])
    axes[1, 2].set_title("compiled W_hh")
    figure.suptitle(f"{report.program}: learned versus compiled")
    plots.save_figure(plt, figure, path)
