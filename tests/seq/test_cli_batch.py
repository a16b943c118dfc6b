"""`rnnprog run FILE.seq --input TEXT`, and `--inputs FILE` with one input sequence per line run as
one batch."""

import json

from click.testing import CliRunner

from rnnprog.cli import main


def test_input_is_the_sequence():
    result = CliRunner().invoke(main, ["run", "programs/dyck.seq", "--input", "(()())"])
    assert result.exit_code == 0 and "accepted" in result.output


def test_a_file_of_inputs_runs_as_one_batch(tmp_path):
    inputs = tmp_path / "inputs.txt"
    inputs.write_text("aabb\nab\naab\n\nba\n")
    result = CliRunner().invoke(main, ["run", "programs/anbn.seq", "--inputs", str(inputs)])
    assert result.exit_code == 0, result.output
    ends = [line.split("\t")[-1] for line in result.output.splitlines()]
    assert ends == ["accepted", "accepted", "rejected", "accepted", "rejected"]
    as_json = CliRunner().invoke(main, ["run", "programs/anbn.seq", "--inputs", str(inputs), "--json"])
    assert [json.loads(line)["end"] for line in as_json.output.splitlines()] == ends


def test_a_batch_file_with_trace_is_a_usage_error(tmp_path):
    inputs = tmp_path / "inputs.txt"
    inputs.write_text("ab\n")
    result = CliRunner().invoke(main, ["run", "programs/anbn.seq", "--inputs", str(inputs), "--trace"])
    assert result.exit_code == 2


def test_a_check_rerun_line_names_every_option_that_mattered():
    import rnnprog
    from rnnprog.seq.target import SequenceTarget

    compiled = rnnprog.compile(rnnprog.load("programs/unary_echo.seq"))
    target = SequenceTarget(compiled, dtype="float64", device="cpu", max_steps=0)
    assert target.rerun("programs/unary_echo.seq", "") == (
        "rnnprog run programs/unary_echo.seq --tape '' --trace --dtype float64 --max-steps 0 --device cpu")
