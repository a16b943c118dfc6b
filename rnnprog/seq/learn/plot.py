"""The picture of a sequence program's run of `rnnprog train`: accuracy against input length for
both networks, and the trained recurrent matrix W_hh beside the compiled one."""

from __future__ import annotations


def save_plot(report, learner, compiled, path: str) -> None:
    """Write the three panels to `path` (PNG, Agg backend)."""
    import torch

    from rnnprog import plots
    from rnnprog.network.torch_build import dense

    plt = plots.pyplot()

    figure, (curve, learned, exact) = plt.subplots(1, 3, figsize=(17, 5.2),
                                                   gridspec_kw={"width_ratios": [1.1, 1, 1]})
    lengths = [r.length for r in report.rows]
    curve.plot(lengths, [100 * r.compiled for r in report.rows], "o-", label="compiled (run)")
    curve.plot(lengths, [100 * r.trained for r in report.rows], "s--",
               label=f"trained {report.cell} ({report.hidden} units)")
    if report.task == "recogniser":
        curve.axhline(50, color="0.6", linewidth=0.8, linestyle=":", label="chance (balanced)")
    curve.axvspan(report.train_lengths[0], report.train_lengths[1], color="0.9",
                  label="training lengths")
    curve.set_xscale("log")
    curve.set(xlabel="input length", ylabel="whole-sequence accuracy (%)", ylim=(-3, 103),
              title=f"{report.program}: accuracy against length")
    curve.legend(fontsize=8, loc="lower left")
    weight, what = plots.trained_recurrent(learner.rnn, learner.cell)
    names = [f"h{i}" for i in range(learner.hidden)]
    plots.plot_weights(learned, weight, names, ["learned"] * learner.hidden)
    learned.set_title(f"trained {what} ({report.cell})")
    units = compiled.network.units
    plots.plot_weights(exact, dense(compiled.network.recurrent, torch.float64).numpy(),
                       [u.label for u in units], [u.role for u in units])
    exact.set_title("compiled W_hh")
    figure.tight_layout()
    plots.save_figure(plt, figure, path, dpi=110)
