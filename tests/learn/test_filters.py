"""rnnprog train on filters: the compiled start is the compiled filter, the compiled error is
measured by running, the table is seeded, the model saves and reloads, the plot is written."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from click.testing import CliRunner

import rnnprog
from rnnprog.cli.training import train_command
from rnnprog.iir.learn import experiment, model
from rnnprog.learn import loop
from rnnprog.learn.options import TrainOptions
from tests.learn.runs import seeded_twice

TINY = ["--steps", "25", "--test-lengths", "64,640", "--samples", "8"]


@pytest.fixture(scope="module")
def resonator():
    return rnnprog.compile(rnnprog.load("programs/resonator.iir"))


def test_the_compiled_start_is_the_compiled_filter(resonator):
    learner = model.FilterLearner("rnn", resonator.network.size)
    batch = model.signals(resonator.program, np.random.default_rng(0), 4, 500)
    start, _ = loop.begin(learner, resonator, TrainOptions(init="compiled"), model.loss, batch)
    assert start.loss < 1e-25 and start.gradient < 1e-10 and start.distance == 0
    x, y = batch
    assert experiment.errors(model.predict(learner, x).numpy(), y.numpy()).max() < 1e-12
    responses = experiment.impulses(resonator, learner)
    assert np.allclose(responses["trained"], responses["interpreter"], atol=1e-12)
    assert np.allclose(responses["compiled"], responses["interpreter"], atol=1e-12)


def test_errors_are_peak_relative_and_divergence_is_inf():
    y = np.array([[1.0, 2.0], [-2.0, 4.0]])
    y_hat = np.array([[1.0, 2.0], [-1.0, np.inf]])
    assert experiment.errors(y_hat, y).tolist() == [0.5, np.inf]


def test_a_seeded_run_repeats_and_the_compiled_error_is_measured():
    first = seeded_twice(["programs/low-pass.iir", *TINY])
    assert [row["length"] for row in first["rows"]] == [64, 640]
    assert all(0 < row["compiled_worst"] < 1e-12 for row in first["rows"])
    assert first["last_loss"] < first["first_loss"]


def test_save_reload_and_plot(tmp_path, resonator):
    path, picture = tmp_path / "filter.safetensors", tmp_path / "filter.png"
    result = CliRunner().invoke(train_command, ["programs/resonator.iir", *TINY, "--cell", "gru",
                                                "--save", str(path), "--plot", str(picture)])
    assert result.exit_code == 0, result.output
    assert "compiled (worst)" in result.output and "trained <= 1%" in result.output
    again = model.load(str(path))
    assert again.cell == "gru" and again.hidden == resonator.network.size
    x = torch.randn(50, 3, dtype=torch.float64)
    assert torch.equal(model.predict(again, x), model.predict(model.load(str(path)), x))
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_model_file_of_another_kind_is_refused(tmp_path):
    from rnnprog.errors import ArtifactError
    from rnnprog.seq.learn import model as sequences

    path = tmp_path / "seq.safetensors"
    program = rnnprog.load("programs/parity.seq")
    sequences.save(sequences.Learner("rnn", program.symbols, 3, ("0", "1", "-"), "synchronous"), str(path))
    with pytest.raises(ArtifactError, match="not a model saved"):
        model.load(str(path))


@pytest.mark.cuda
@pytest.mark.parametrize("program", ["programs/low-pass.iir", "programs/anbn.seq"])
def test_training_runs_on_cuda(program):
    """--device cuda trains and scores there; the compiled network is still exact."""
    result = CliRunner().invoke(train_command, [program, "--steps", "20", "--samples", "8",
                                                "--device", "cuda", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["device"] == "cuda"
    for row in report["rows"]:
        assert row.get("compiled", 1.0) == 1.0 and row.get("compiled_worst", 0.0) < 1e-12


def test_the_progress_line_shows_the_step_and_the_loss(monkeypatch, capsys, resonator):
    from rnnprog import progress

    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "REDRAW", 0.0)
    learner = model.FilterLearner("rnn", 3)
    batch = model.signals(resonator.program, np.random.default_rng(0), 2, 10)
    loop.fit(learner, model.loss, lambda: batch, steps=3, lr=0.01, progress=True)
    err = capsys.readouterr().err
    assert "step 3 of 3, loss" in err and "steps/s" in err
    loop.fit(learner, model.loss, lambda: batch, steps=3, lr=0.01, progress=False)
    assert capsys.readouterr().err == ""
