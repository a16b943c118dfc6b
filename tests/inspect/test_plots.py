"""Every plot renders with the Agg backend into a valid, non-trivial PNG."""

import struct

import numpy as np
import pytest
from click.testing import CliRunner

from rnnprog import plots
from rnnprog.cli import main
from rnnprog.inspect import runplot

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


def test_helpers_take_axes_first_and_return_artists():
    plt = plots.pyplot()
    fig, ax = plt.subplots()
    image = plots.plot_raster(ax, np.eye(3), ["a", "b", "c"], ["reg"] * 3)
    assert image.get_array().shape == (3, 3)
    assert plots.plot_path(ax, [0, 1, 2], ["x", "y", "z"])
    plt.close(fig)


def test_machine_states_are_the_networks(tmp_path):
    """The raster of a Turing machine is its stock RNN's states: the last one decodes to the result."""
    from rnnprog import tm
    from rnnprog.tm import codec

    compiled = tm.compile(tm.parse("1RB1LB_1LA1RZ"))
    states = runplot.machine_states(compiled, "", 0, 6)
    final = codec.decode(compiled, states[-1].tolist())
    assert final.state == "Z" and len(final.cells) == 4
