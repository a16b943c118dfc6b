"""rnnprog train: data labels, training, the compiled network's accuracy by running, save/load, CLI."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest
from click.testing import CliRunner

import rnnprog
from rnnprog.cli.training import train_command
from rnnprog.learn import loop
from rnnprog.learn.options import TrainOptions
from rnnprog.network.ir import Matrix
from rnnprog.seq.interpret import interpret
from rnnprog.seq.learn import data, experiment, model
from tests.learn.runs import seeded_twice

TINY = ["--steps", "30", "--hidden", "4", "--test-lengths", "8,30", "--samples", "20",
        "--train-lengths", "1..8"]


@pytest.fixture(scope="module")
def anbn():
    return rnnprog.compile(rnnprog.load("programs/anbn.seq"))


def test_positives_are_accepted_and_samples_balanced(anbn):
    program, rng = anbn.program, random.Random(1)
    positives = data.Positives(program)
    for length in (0, 2, 10, 40):
        text = positives.draw(length, rng)
        assert len(text) == length and interpret(program, text).end == "accepted"
    assert positives.draw(7, rng) is None  # a^n b^n has even length only
    held = data.sample(program, positives, 12, 20, rng)
    assert sum(e.accepted for e in held) == 10
    assert all(e.accepted == (interpret(program, e.text).end == "accepted") for e in held)


def test_synchronous_targets_are_the_interpreters_outputs():
    program = rnnprog.load("programs/parity.seq")
    assert data.task(program) == data.SYNCHRONOUS
    assert data.label(program, "1101").ticks == ("1", "0", "0", "1")
    assert data.task(rnnprog.load("programs/unary_echo.seq")) is None


def test_training_lowers_the_loss(anbn):
    program, rng = anbn.program, random.Random(0)
    pool = experiment.training_pool(program, data.Positives(program), (1, 6), 200, rng)
    learner = model.Learner("rnn", program.symbols, 6, ("-",), data.RECOGNISER)
    draws = random.Random(0)
    training = loop.fit(learner, model.loss, lambda: [draws.choice(pool) for _ in range(32)],
                        steps=120, lr=0.02)
    assert training.last_loss < 0.8 * training.first_loss


def test_compiled_accuracy_is_measured_by_running(anbn):
    rng = random.Random(3)
    held = data.sample(anbn.program, data.Positives(anbn.program), 10, 20, rng)
    assert all(experiment.compiled_correct(anbn, held, data.RECOGNISER))
    network = anbn.network
    i, j, _ = network.recurrent.entries[0]
    entries = tuple(e for e in network.recurrent.entries if (e[0], e[1]) != (i, j))
    broken = dataclasses.replace(network, recurrent=Matrix(network.recurrent.shape, entries), cache={})
    corrupted = dataclasses.replace(anbn, network=broken)
    score = sum(experiment.compiled_correct(corrupted, held, data.RECOGNISER)) / len(held)
    assert score < 1.0


def test_a_fixed_seed_gives_the_same_table_twice():
    first = seeded_twice(["programs/dyck.seq", *TINY, "--seed", "5"])
    assert [row["length"] for row in first["rows"]] == [8, 30]
    assert all(row["compiled"] == 1.0 for row in first["rows"])


def test_save_and_reload_give_the_same_predictions(tmp_path):
    path = tmp_path / "model.safetensors"
    result = CliRunner().invoke(train_command, ["programs/parity.seq", *TINY, "--cell", "gru",
                                                "--save", str(path)])
    assert result.exit_code == 0, result.output
    assert "length" in result.output and "compiled" in result.output
    again = model.load(str(path))
    assert again.cell == "gru" and again.mode == data.SYNCHRONOUS
    texts = ["0110", "1", "111000111"]
    fresh = model.Learner("gru", again.symbols, again.hidden, again.classes, again.mode)
    fresh.load_state_dict(again.state_dict())
    assert model.predict(again, texts) == model.predict(fresh, texts)
    twice = model.load(str(path))
    assert model.predict(twice, texts) == model.predict(again, texts)


def test_plot_is_written(tmp_path):
    path = tmp_path / "out.png"
    result = CliRunner().invoke(train_command, ["programs/anbn.seq", *TINY, "--cell", "lstm",
                                                "--plot", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("args", [
    ["programs/anbn.seq", "--test-lengths", "200,20"],
    ["programs/anbn.seq", "--train-lengths", "9..3"],
    ["programs/anbn.seq", "--steps", "0"],
    ["programs/anbn.seq", "--cell", "tcn"],
    ["programs/add.rm"],
    ["programs/unary_echo.seq"],
    ["programs/anbn.seq", "--noise", "0.1"],
    ["programs/anbn.seq", "--init", "compiled", "--cell", "lstm"],
    ["programs/anbn.seq", "--init", "compiled", "--hidden", "3"],
    ["programs/low-pass.iir", "--init", "compiled", "--noise", "nan"],
    ["programs/low-pass.iir", "--init", "bogus"],
    ["programs/low-pass.iir", "--device", "tpu"],
    ["docs/examples/unstable.iir"],
    ["programs/low-pass.iir", "--plot", "/nonexistent/x.png"],
    ["programs/low-pass.iir", "--save", "/nonexistent/x.safetensors"],
])
def test_bad_options_are_usage_errors(args):
    result = CliRunner().invoke(train_command, args)
    assert result.exit_code == 2, result.output
    assert "Error" in result.output


@pytest.mark.parametrize("name", ["anbn.seq", "dyck.seq", "parity.seq"])
def test_the_compiled_start_is_exact_with_zero_loss_and_gradient(name):
    """--init compiled puts the trained model at the compiled network: right on every held-out
    input far beyond the training lengths, loss and gradient (numerically) zero there."""
    compiled = rnnprog.compile(rnnprog.load(f"programs/{name}"))
    program, mode = compiled.program, data.task(compiled.program)
    positives = data.Positives(program) if mode == data.RECOGNISER else None
    held = data.sample(program, positives, 300, 20, random.Random(2))
    learner = model.Learner("rnn", program.symbols, compiled.network.size,
                            model.classes_of(program.outputs), mode)
    start, reference = loop.begin(learner, compiled, TrainOptions(init="compiled"), model.loss, held)
    assert start.loss < 1e-7 and start.gradient < 1e-5 and start.distance == 0
    assert all(experiment.trained_correct(learner, held))
    loop.perturb(learner, 0.1, seed=0)
    assert 0 < loop.distance(learner, reference) < 1


def test_noise_needs_the_compiled_start_and_moves_the_weights():
    args = ["programs/parity.seq", *TINY[:2], *TINY[4:], "--init", "compiled", "--noise", "0.05"]
    result = CliRunner().invoke(train_command, [*args, "--json"])
    assert result.exit_code == 0, result.output
    start = json.loads(result.output)["start"]
    assert start["init"] == "compiled" and start["noise"] == 0.05
    assert 0 < start["distance"] < 0.5 and start["final_distance"] > 0
