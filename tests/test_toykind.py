"""A kind is one package plus one registry line: the toy kind of tests/toykind.py, registered
here, works through the public API, the checker, show/explain, .rnn files and the CLI."""

import pytest
from click.testing import CliRunner

import rnnprog
from rnnprog import artifacts, kinds
from rnnprog.check import check
from rnnprog.cli import main
from tests import toykind


@pytest.fixture
def toy(tmp_path):
    kinds.register(toykind.KIND)
    path = tmp_path / "five.cd"
    path.write_text("countdown n\n")
    yield path
    kinds.unregister("cd")


@pytest.mark.parametrize("dtype", ["float32", "float64", "exact"])
def test_public_api_runs_the_toy(toy, dtype):
    program = rnnprog.load(toy)
    result = rnnprog.run(program, {"n": 5}, dtype=dtype)
    assert (result.state, result.steps, result.halted) == (("halted", 0), 6, True)
    assert rnnprog.interpret(program, {"n": 5}) == (("halted", 0), 6)
    assert [r.steps for r in rnnprog.run(rnnprog.compile(program), [{"n": 0}, {"n": 3}])] == [1, 4]


def test_the_checker_passes_the_toy_and_catches_a_perturbation(toy):
    program = rnnprog.load(toy)
    assert check(program, examples=20).ok
    broken = check(program, examples=20, perturb=1, seed=0)
    assert not broken.ok and broken.mismatch.step is not None


def test_show_explain_compile_and_run_a_compiled_file(toy, tmp_path):
    runner = CliRunner()
    shown = runner.invoke(main, ["show", str(toy)])
    assert shown.exit_code == 0 and "gate:loop' = relu(2*pc:loop - reg:n - 2*gate:loop)" in shown.output
    explained = runner.invoke(main, ["explain", str(toy)])
    assert explained.exit_code == 0 and "feeds: pc:halt +1" in explained.output
    out = tmp_path / "five.rnn"
    assert runner.invoke(main, ["compile", str(toy), "-o", str(out)]).exit_code == 0
    assert artifacts.read(out).program == toykind.Countdown("n")
    ran = runner.invoke(main, ["run", str(out), "n=2"])
    assert ran.exit_code == 0 and ran.output == "('halted', 0) (halted after 3 steps)\n"
    checked = runner.invoke(main, ["check", str(toy), "--examples", "10"])
    assert checked.exit_code == 0 and checked.output.startswith("ok:")


def test_unregistered_the_kind_is_unknown(tmp_path):
    path = tmp_path / "x.cd"
    path.write_text("countdown n\n")
    with pytest.raises(rnnprog.ProgramError, match="unknown program kind"):
        rnnprog.load(path)
