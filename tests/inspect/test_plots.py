"""Every plot renders with the Agg backend into a valid, non-trivial PNG."""

import struct

import numpy as np
import pytest
from click.testing import CliRunner

from rnnprog import plots
from rnnprog.cli import main

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_BYTES = 5_000


def png_size(path) -> tuple[int, int]:
    """(width, height) of a PNG, after checking its signature and that it is not tiny."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert len(data) > MIN_BYTES
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("args", [
    ["show", "programs/mul.rm", "--plot", "{out}"],
    ["show", "programs/bb2.tm", "--plot", "{out}"],
    ["show", "programs/biquad-lowpass.iir", "--plot", "{out}"],
    ["run", "programs/mul.rm", "a=3", "b=2", "--plot", "{out}"],
    ["run", "programs/bb2.tm", "--plot", "{out}"],
    ["filter", "programs/low-pass.iir", "--impulse", "32", "--plot", "{out}"],
], ids=["weights-rm", "weights-tm", "weights-iir", "run-rm", "run-tm", "filter"])
def test_cli_plots_are_valid_pngs(tmp_path, args):
    out = tmp_path / "plot.png"
    result = CliRunner().invoke(main, [a.format(out=out) for a in args])
    assert result.exit_code == 0, result.output
    width, height = png_size(out)
    assert width >= 400 and height >= 300


def test_weight_heatmap_at_500_units_labels_groups(tmp_path):
    """At 500 units rows are labelled by kind group, not unit by unit, and the file stays small."""
    kinds = ["pc"] * 300 + ["reg"] * 50 + ["gate"] * 150
    labels = [f"u{i}" for i in range(500)]
    weight = np.random.default_rng(0).integers(-1, 2, size=(500, 500)) * (
        np.random.default_rng(1).random((500, 500)) < 0.01)
    path = tmp_path / "big.png"
    plots.save_weights(str(path), "big", weight, labels, kinds)
    png_size(path)
    assert plots.groups(kinds) == [("pc", 0, 300), ("reg", 300, 350), ("gate", 350, 500)]


def tick_labels(labels) -> list[str]:
    return [label.get_text() for label in labels]


def test_helpers_take_axes_first_and_return_artists():
    """Each helper draws on the axes it is given and returns artists holding the data it was given."""
    plt = plots.pyplot()
    fig, (raster_ax, path_ax, values_ax, weights_ax) = plt.subplots(1, 4)
    try:
        # (ticks, units); unit d never fires
        states = np.array([[0.0, 2.0, -1.0, 0.0], [1.0, 4.0, 0.0, 0.0], [3.0, 0.0, 0.5, 0.0]])
        image = plots.plot_raster(raster_ax, states, ["a", "b", "c", "d"], ["pc", "pc", "reg", "reg"])
        assert image.axes is raster_ax
        # units down, ticks across, each unit divided by its largest |value| (a by 3, b by 4, c by 1),
        # a silent unit left at 0; the colour scale runs from the smallest scaled value (or 0) to 1
        np.testing.assert_array_equal(np.asarray(image.get_array()), [[0, 1 / 3, 1], [0.5, 1, 0],
                                                                      [-1, 0, 0.5], [0, 0, 0]])
        assert image.get_clim() == (-1.0, 1.0)
        assert list(raster_ax.get_yticks()) == [0, 1, 2, 3]
        assert tick_labels(raster_ax.get_yticklabels()) == ["a", "b", "c", "d"]
        assert [tuple(line.get_ydata()) for line in raster_ax.lines] == [(1.5, 1.5)]  # pc | reg

        artists = plots.plot_path(path_ax, [0, 2, 1, 2], ["x", "y", "z"])
        (line,) = artists
        assert line.axes is path_ax and line.get_drawstyle() == "steps-post"
        assert list(line.get_xdata()) == [0, 1, 2, 3] and list(line.get_ydata()) == [0, 2, 1, 2]
        assert list(path_ax.get_yticks()) == [0, 1, 2]
        assert tick_labels(path_ax.get_yticklabels()) == ["x", "y", "z"]
        assert path_ax.yaxis_inverted(), "the first instruction is drawn at the top"

        lines = plots.plot_values(values_ax, {"a": [0, 1, 2], "head": [3, 2, -1]}, "machine")
        assert [(ln.get_label(), list(ln.get_ydata())) for ln in lines] == [("a", [0, 1, 2]),
                                                                           ("head", [3, 2, -1])]
        assert values_ax.get_title() == "machine"
        assert tick_labels(values_ax.get_legend().get_texts()) == ["a", "head"]

        weight = np.array([[0, 1, 0], [-2, 0, 1], [0, 0, 1]])
        heatmap = plots.plot_weights(weights_ax, weight, ["p", "q", "r"], ["pc", "reg", "reg"])
        np.testing.assert_array_equal(np.asarray(heatmap.get_array()), weight)
        assert heatmap.get_clim() == (-2.0, 2.0), "a diverging scale centred on 0"
        assert heatmap.get_cmap().name == "RdBu_r"
        assert tick_labels(weights_ax.get_xticklabels()) == ["p", "q", "r"]
        assert tick_labels(weights_ax.get_yticklabels()) == ["p", "q", "r"]
        assert len(fig.axes) == 5, "plot_weights adds its colour bar"
    finally:
        plt.close(fig)


def test_raster_of_many_units_is_labelled_by_kind_group():
    """Above plots.LABEL_EVERY_UNIT units there is one tick per group, at the group's middle."""
    plt = plots.pyplot()
    fig, ax = plt.subplots()
    try:
        units = plots.LABEL_EVERY_UNIT + 20
        kinds = ["pc"] * 60 + ["reg"] * (units - 60)
        plots.plot_raster(ax, np.ones((2, units)), [f"u{i}" for i in range(units)], kinds)
        assert list(ax.get_yticks()) == [29.5, (60 + units - 1) / 2]
        assert tick_labels(ax.get_yticklabels()) == ["pc", "reg"]
        assert [tuple(line.get_ydata()) for line in ax.lines] == [(59.5, 59.5)]
    finally:
        plt.close(fig)


def test_machine_states_are_the_networks():
    """The raster of a Turing machine is its stock RNN's states: the last one decodes to the result."""
    from rnnprog import tm
    from rnnprog.tm import cli, codec

    compiled = tm.compile(tm.parse("1RB1LB_1LA1RZ"))
    states = cli.machine_states(compiled, "", 0, 6)
    final = codec.decode(compiled, states[-1].tolist())
    assert final.state == "Z" and len(final.cells) == 4


@pytest.mark.parametrize("count", [3, plots.NAMED_JUMPS + 5])
def test_a_run_plot_names_a_few_jumps_and_marks_many(tmp_path, monkeypatch, count):
    """Past NAMED_JUMPS the jumps are thin marks, not labels over the raster."""
    seen = {}
    real = plots.save_figure

    def keep(plt, fig, path, dpi=100):
        seen["axes"] = fig.axes
        seen["texts"] = [t.get_text() for t in fig.axes[0].texts]
        seen["label"] = fig.axes[-1].get_xlabel()
        real(plt, fig, path, dpi)

    monkeypatch.setattr(plots, "save_figure", keep)
    states = np.zeros((200, 4))
    jumps = [(5 * i, f"x {i}: {4 * i} ticks") for i in range(count)]
    plots.save_run(str(tmp_path / "run.png"), "t", states, ["a", "b", "c", "d"], ["pc"] * 4, None,
                   {"a": np.arange(200)}, jumps=jumps)
    png_size(tmp_path / "run.png")
    if count <= plots.NAMED_JUMPS:
        assert seen["texts"] == [text for _, text in jumps] and "named" in seen["label"]
    else:
        assert seen["texts"] == [] and f"{count} certified jumps" in seen["label"]
