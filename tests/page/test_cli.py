"""`rnnprog page` and `rnnprog run --page`: the page written, what they say, the exit codes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from rnnprog.cli import main


def invoke(*args):
    return CliRunner().invoke(main, list(args), prog_name="rnnprog")


@pytest.mark.parametrize(("args", "said"), [
    (["programs/mul.rm", "a=6", "b=7"], "programs/mul.rm with a=6 b=7, 409 ticks, halted; 152 steps kept"),
    (["programs/bb2.tm"], "programs/bb2.tm with tape (blank), 6 ticks, halted; 7 steps kept"),
    (["programs/anbn.seq", "--input", "aabb"], "programs/anbn.seq with input aabb, 5 ticks, halted"),
    (["programs/low-pass.iir", "--input", "1 0 0 0"], "with x = 1 0 0 0 (4 samples), 4 ticks"),
], ids=["rm", "tm", "seq", "iir"])
def test_page_writes_one_html_file(tmp_path, args, said):
    out = tmp_path / "run.html"
    result = invoke("page", *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert said in result.output and "equals the interpreter's at every one" in result.output
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_run_writes_the_same_page_beside_its_output(tmp_path):
    out = tmp_path / "run.html"
    result = invoke("run", "programs/mul.rm", "a=6", "b=7", "--page", str(out))
    assert result.exit_code == 0 and result.output.startswith("c = 42\n")
    assert f"wrote {out}" in result.output and out.is_file()


def test_run_writes_the_page_of_a_run_that_did_not_halt(tmp_path):
    out = tmp_path / "run.html"
    result = invoke("run", "programs/collatz.rm", "n=27", "--max-steps", "300", "--page", str(out))
    assert result.exit_code == 3 and "300 ticks, still running" in result.output and out.is_file()


@pytest.mark.parametrize(("args", "message"), [
    (["programs/mul.rm", "a=6", "b=7", "--head", "2"], "--head does not apply to a register program"),
    (["programs/bb2.tm", "--no-accelerate"], "--no-accelerate does not apply to a Turing machine"),
    (["programs/mul.rm", "a=6", "b=7", "--input", "x"], "give NAME=VALUE inputs or --input, not both"),
])
def test_options_that_do_not_apply_are_refused(tmp_path, args, message):
    result = invoke("page", *args, "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2 and message in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["programs/mul.rm", "a=6"], "missing input(s) 'b'"),
    (["programs/low-pass.iir", "--input", "1 x"], "a filter's input is numbers"),
    (["programs/anbn.seq", "--input", "abc"], "not in the alphabet"),
])
def test_bad_inputs_are_a_user_error(tmp_path, args, message):
    result = invoke("page", *args, "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 1 and message in result.output and not (tmp_path / "x.html").exists()


def test_a_folder_that_does_not_exist_is_a_usage_error(tmp_path):
    result = invoke("page", "programs/bb2.tm", "-o", str(tmp_path / "no" / "x.html"))
    assert result.exit_code == 2 and "cannot write" in result.output
