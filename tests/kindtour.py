"""What tests/test_toykind.py and tests/test_protocol.py ask of a registered test kind: the
checker passes it and catches a perturbed weight, and the CLI shows, explains, compiles and runs
it from its .rnn file."""

from click.testing import CliRunner

import rnnprog
from rnnprog import artifacts
from rnnprog.check import check
from rnnprog.cli import main


def assert_checked_and_perturbed(program, examples: int = 15) -> None:
    assert check(program, examples=examples).ok
    broken = check(program, examples=examples, perturb=1, seed=0)
    assert not broken.ok and broken.mismatch.step is not None


def assert_on_the_command_line(path, tmp_path, *, shown: str, explained: str, ran: str) -> None:
    """`show` prints `shown`, `explain` prints `explained`, and the program compiled to a .rnn
    file loads back equal and runs with n=2, printing exactly `ran`."""
    runner = CliRunner()
    result = runner.invoke(main, ["show", str(path)])
    assert result.exit_code == 0 and shown in result.output, result.output
    result = runner.invoke(main, ["explain", str(path)])
    assert result.exit_code == 0 and explained in result.output, result.output
    out = tmp_path / "compiled.rnn"
    assert runner.invoke(main, ["compile", str(path), "-o", str(out)]).exit_code == 0
    assert artifacts.read(out).program == rnnprog.load(path)
    result = runner.invoke(main, ["run", str(out), "n=2"])
    assert result.exit_code == 0 and result.output == ran, result.output
