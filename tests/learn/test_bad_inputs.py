"""Issue 20's hostile inputs to `rnnprog train` (and `--plot` on run and filter): each ends in a
usage error naming the option, a clear refusal, or the right result, never a traceback."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from rnnprog import outputs
from rnnprog.cli import main
from rnnprog.seq.learn import model

#: The smallest run that trains and scores (a second or two).
TINY = ["--steps", "3", "--samples", "2", "--test-lengths", "4", "--train-lengths", "1..4"]


def invoke(*args: str):
    """`rnnprog ARGS` through the CLI group (which turns an RnnprogError into its message)."""
    result = CliRunner().invoke(main, list(args), prog_name="rnnprog")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.mark.parametrize("args", [
    ["--steps", str(10**30)], ["--batch", str(10**9)], ["--samples", str(10**9)],
    ["--train-lengths", "1..100000"], ["--test-lengths", "1000000000"], ["--seed", str(10**23)],
    ["--seed", "-1"], ["--hidden", str(10**9)], ["--hidden", str(10**30)],
    ["--batch", "1024", "--hidden", "1000", "--train-lengths", "1..200"],
    ["--samples", "10000", "--test-lengths", "5000"],
])
@pytest.mark.parametrize("program", ["programs/parity.seq", "programs/low-pass.iir"])
def test_sizes_past_their_limits_are_refused_up_front(program, args):
    result = invoke("train", program, *args)
    assert result.exit_code == 2, result.output
    assert "Error:" in result.output and ("range" in result.output or "at most" in result.output)


@pytest.mark.parametrize("args", [["--lr", "inf"], ["--lr", "nan"], ["--lr", "1e999"],
                                  ["--init", "compiled", "--noise", "inf"],
                                  ["--init", "compiled", "--noise", "nan"]])
def test_values_that_are_not_finite_are_refused(args):
    result = invoke("train", "programs/parity.seq", *args)
    assert result.exit_code == 2 and "not a finite number" in result.output, result.output


@pytest.mark.parametrize("program", ["programs/parity.seq", "programs/anbn.seq", "programs/low-pass.iir"])
@pytest.mark.parametrize("args", [["--lr", "1e308"], ["--init", "compiled", "--noise", "1e300"]])
def test_a_diverged_run_says_so_and_is_not_scored(program, args):
    """A nan network scored as "reject" once read 100%: now the trained columns say diverged."""
    result = invoke("train", program, *TINY, *args)
    assert result.exit_code == 0, result.output
    assert "diverged: the loss was" in result.output
    rows = result.output.split("  length ")[1].splitlines()[1:]
    assert rows and all(row.split()[-1] == "diverged" for row in rows), result.output
    report = json.loads(invoke("train", program, *TINY, *args, "--json").output)
    assert report["diverged"] >= 1
    for row in report["rows"]:
        assert row.get("trained", row.get("trained_median")) is None
        assert row.get("compiled", 1.0) == 1.0 and row.get("compiled_worst", 0.0) < 1e-12


@pytest.mark.parametrize(("mode", "early"), [("recogniser", False), ("recogniser", True),
                                             ("synchronous", False)])
def test_a_trained_network_with_nan_outputs_is_wrong_not_a_reject(mode, early):
    learner = model.Learner("rnn", ("a", "$"), 2, ("x", None), mode, early)
    learner.readout.bias.data.fill_(float("nan"))
    assert model.predict(learner, ["a", "aa"]) == [None, None]


@pytest.mark.parametrize(("text", "reason"), [
    ("b: 0\na: 1 -0.5\n", "every b coefficient is 0"),
    ("b: 0 0 0\n", "every b coefficient is 0"),
    ("alphabet: a\nstart: s\naccept: done\ns a -> s\ns $ -> t\nt $ -> done\n", "reads `$` without accepting"),
])
def test_programs_train_cannot_learn_are_refused_with_the_reason(tmp_path, text, reason):
    path = tmp_path / ("p.iir" if text.startswith("b:") else "p.seq")
    path.write_text(text)
    result = invoke("train", str(path))
    assert result.exit_code == 2 and reason in " ".join(result.output.split()), result.output


def test_save_writes_through_a_link_to_its_target(tmp_path):
    target, link = tmp_path / "model.safetensors", tmp_path / "link.safetensors"
    target.write_bytes(b"old")
    link.symlink_to(target)
    result = invoke("train", "programs/parity.seq", *TINY, "--save", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert model.load(str(target)).mode == "synchronous"


@pytest.fixture
def specials(tmp_path):
    """Paths that are not regular files: a FIFO, a folder, a device, and links to each."""
    fifo, folder = tmp_path / "fifo", tmp_path / "folder"
    os.mkfifo(fifo)
    folder.mkdir()
    found = [fifo, folder, "/dev/null"]
    for n, path in enumerate(list(found)):
        (tmp_path / f"link{n}").symlink_to(path)
        found.append(tmp_path / f"link{n}")
    return [str(p) for p in found]


def test_save_and_plot_refuse_what_is_not_a_regular_file(specials, tmp_path):
    for path in specials:
        assert "not a regular file" in outputs.refusal(path), path
        before = os.lstat(path)
        for option in ("--save", "--plot"):
            result = invoke("train", "programs/parity.seq", option, path)
            assert result.exit_code == 2, (option, path, result.output)
        assert os.lstat(path).st_mode == before.st_mode and os.lstat(path).st_ino == before.st_ino
    assert "no such folder" in outputs.refusal(str(tmp_path / "missing" / "m.safetensors"))
    assert outputs.refusal(str(tmp_path / "new.safetensors")) is None


@pytest.mark.parametrize("command", [
    ["train", "programs/parity.seq"], ["run", "programs/mul.rm", "a=2", "b=3"],
    ["run", "programs/anbn.seq", "--tape", "ab"], ["run", "programs/bb2.tm"],
    ["filter", "programs/low-pass.iir", "--impulse", "4"],
])
def test_a_plot_format_matplotlib_cannot_write_is_refused_up_front(command, tmp_path):
    result = invoke(*command, "--plot", str(tmp_path / "x.txt"))
    assert result.exit_code == 2 and "cannot write a .txt plot" in result.output, result.output
    assert not (tmp_path / "x.txt").exists()
    assert outputs.plot_refusal(str(tmp_path / "x.svg")) is None
    assert outputs.plot_refusal(str(tmp_path / "x")) is None  # no extension: a PNG


def test_the_help_states_each_kinds_limits():
    from rnnprog.iir.learn.experiment import LENGTHS as FILTERS
    from rnnprog.learn import options
    from rnnprog.seq.learn.experiment import LENGTHS as SEQUENCES

    text = " ".join(invoke("train", "--help").output.split())
    for lengths, name in ((SEQUENCES, "sequences"), (FILTERS, "filters")):
        assert f"{lengths.max_train:,} for {name}" in text and f"{lengths.max_test:,} for {name}" in text
    for limit in (options.MAX_STEPS, options.MAX_BATCH, options.MAX_HIDDEN, options.MAX_SAMPLES,
                  options.MAX_SEED):
        assert f"<={limit}]" in text.replace(" ", "")
    assert f"{options.MAX_TRAINING_WORK:,}" in text and f"{options.MAX_SCORING_WORK:,}" in text
