"""A kind is one package plus one registry line: the toy kind of tests/toykind.py, registered
here, works through the public API, the checker, show/explain, .rnn files and the CLI."""

import pytest
from click.testing import CliRunner

import rnnprog
from rnnprog import kinds
from rnnprog.cli import main
from tests import kindtour, toykind


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
    kindtour.assert_checked_and_perturbed(rnnprog.load(toy), examples=20)


def test_show_explain_compile_and_run_a_compiled_file(toy, tmp_path):
    kindtour.assert_on_the_command_line(
        toy, tmp_path, shown="gate:loop' = relu(2*pc:loop - reg:n - 2*gate:loop)",
        explained="feeds: pc:halt +1", ran="('halted', 0) (halted after 3 steps)\n")
    checked = CliRunner().invoke(main, ["check", str(toy), "--examples", "10"])
    assert checked.exit_code == 0 and checked.output.startswith("ok:")


def test_unregistered_the_kind_is_unknown(tmp_path):
    path = tmp_path / "x.cd"
    path.write_text("countdown n\n")
    with pytest.raises(rnnprog.ProgramError, match="unknown program kind"):
        rnnprog.load(path)
