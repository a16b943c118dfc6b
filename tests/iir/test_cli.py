"""The `filter` command through click's CliRunner, with files in tmp_path."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

from rnnprog import iir
from rnnprog.cli import main
from rnnprog.errors import InputError, ProgramError
from tests.iir.cases import PROGRAMS


def invoke(*args):
    return CliRunner().invoke(main, ["filter", *(str(a) for a in args)])


def test_impulse_prints_samples_and_state():
    result = invoke(PROGRAMS / "low-pass.iir", "--impulse", 3)
    assert result.exit_code == 0, result.output
    assert "s1+ s1- y+ y-" in result.output
    assert result.output.splitlines()[2:] == ["0.1", "0.09", "0.081", "zf: 0.0729"]


@pytest.mark.parametrize("method", ["step", "scan"])
def test_csv_columns_round_trip_as_a_batch(tmp_path, method):
    x = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5], [0.0, 0.0]])
    np.savetxt(tmp_path / "x.csv", x, delimiter=",")
    out = tmp_path / "y.csv"
    result = invoke(PROGRAMS / "biquad-lowpass.iir", "--input", tmp_path / "x.csv", "--output", out,
                    "--method", method, "--dtype", "float32")
    assert result.exit_code == 0, result.output
    y = np.loadtxt(out, delimiter=",")
    want = iir.interpret(iir.load(PROGRAMS / "biquad-lowpass.iir"), x.T).y.T
    np.testing.assert_allclose(y, want, atol=1e-6)


def test_npy_single_signal_json_and_zi(tmp_path):
    np.save(tmp_path / "x.npy", np.ones(4))
    result = invoke(PROGRAMS / "moving-average.iir", "--input", tmp_path / "x.npy", "--zi", "1,1,1",
                    "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["y"] == [1.25, 1.5, 1.75, 1.0] and report["units"] == 8
    assert report["zf"] == [0.75, 0.5, 0.25] and report["stable"] is True


def test_steady_zi_starts_in_steady_state():
    result = invoke(PROGRAMS / "low-pass.iir", "--step", 3, "--zi", "steady", "--json")
    assert json.loads(result.output)["y"] == pytest.approx([1.0, 1.0, 1.0], rel=1e-12)


def test_unstable_filter_warns_with_radius(tmp_path):
    (tmp_path / "u.iir").write_text("y[n] = x[n] + 1.25*y[n-1]\n")
    result = invoke(tmp_path / "u.iir", "--impulse", 3)
    assert result.exit_code == 0
    assert "pole radius 1.25 >= 1" in result.stderr


def test_plot_writes_png(tmp_path):
    out = tmp_path / "p.png"
    result = invoke(PROGRAMS / "resonator.iir", "--impulse", 50, "--plot", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_usage_errors_exit_2():
    assert invoke(PROGRAMS / "low-pass.iir").exit_code == 2
    assert invoke(PROGRAMS / "low-pass.iir", "--impulse", 2, "--step", 2).exit_code == 2
    assert invoke(PROGRAMS / "low-pass.iir", "--impulse", 2, "--method", "fft").exit_code == 2


def test_library_errors_print_as_messages_without_a_traceback(tmp_path):
    (tmp_path / "bad.iir").write_text("y[n] = y[n]\n")
    result = invoke(tmp_path / "bad.iir", "--impulse", 2)
    assert result.exit_code == ProgramError.exit_code and "bad.iir:1:" in result.output
    assert "y[n]" in result.output and "Traceback" not in result.output
    (tmp_path / "x.csv").write_text("1\nfoo\n")
    result = invoke(PROGRAMS / "low-pass.iir", "--input", tmp_path / "x.csv")
    assert result.exit_code == InputError.exit_code and result.output.startswith("error: ")
    result = invoke(PROGRAMS / "low-pass.iir", "--impulse", 2, "--zi", "1 2")
    assert result.exit_code == InputError.exit_code and "--zi has 2 value(s)" in result.output
