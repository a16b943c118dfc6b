"""The CLI through CliRunner (exit codes, output formats) and one real subprocess run."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import rnnprog
from rnnprog.cli import main
from tests.rm.cases import PROGRAMS

MUL = str(PROGRAMS / "mul.rm")


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_run_prints_outputs_and_summary():
    result = invoke("run", MUL, "a=6", "b=7")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "c = 42"
    assert lines[1].startswith("# halted after 409 steps: 409 ticks of a 23-unit RNN on cpu")


def test_run_json():
    result = invoke("run", MUL, "a=6", "b=7", "--json", "--dtype", "float64")
    data = json.loads(result.output)
    assert result.exit_code == 0
    assert {k: data[k] for k in ("outputs", "registers", "steps", "halted", "ticks", "units",
                                 "device", "dtype")} == {
        "outputs": {"c": 42}, "registers": {"a": 0, "b": 7, "c": 42}, "steps": 409, "halted": True,
        "ticks": 409, "units": 23, "device": "cpu", "dtype": "float64"}


def test_batch_csv_and_json_lines(tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("a,b\n6,7\n0,5\n3,3\n")
    result = invoke("run", MUL, "--inputs", rows)
    assert result.exit_code == 0
    assert result.output.splitlines() == ["a,b,c,steps,halted", "6,7,42,409,True", "0,5,0,1,True",
                                          "3,3,9,97,True"]
    lines = invoke("run", MUL, "--inputs", rows, "--json").output.splitlines()
    assert [json.loads(line)["outputs"]["c"] for line in lines] == [42, 0, 9]


def test_trace_marks_every_step_ok():
    result = invoke("run", PROGRAMS / "add.rm", "a=1", "b=1", "--trace")
    rows = result.output.splitlines()
    assert result.exit_code == 0
    assert rows[0].split() == ["step", "line", "instruction", "a", "b", "c", "check"]
    assert all(row.endswith("ok") for row in rows[1:-2]) and len(rows) == 1 + 11 + 2


def test_not_halting_exits_3(tmp_path):
    loop = tmp_path / "loop.rm"
    loop.write_text("x: inc a\njmp x\n")
    result = invoke("run", loop, "--max-steps", "10")
    assert result.exit_code == 3 and "did not halt within 10 steps" in result.output


@pytest.mark.parametrize("args, code, fragment", [
    (["a=6"], 1, "missing input(s) 'b'"),
    (["a=6", "b=7", "x=1"], 1, "unknown input(s) 'x'"),
    (["a=-1", "b=7"], 1, "not a non-negative integer"),
    (["a=1.5", "b=7"], 1, "not a non-negative integer"),
    (["a6", "b=7"], 2, "expected NAME=VALUE"),
    (["a=6", "b=7", "--dtype", "float16"], 2, "Invalid value for '--dtype'"),
])
def test_input_errors(args, code, fragment):
    result = invoke("run", MUL, *args)
    assert result.exit_code == code and fragment in result.output
    assert "Traceback" not in result.output


def test_program_error_shows_location_caret_and_hint(tmp_path):
    bad = tmp_path / "bad.rm"
    bad.write_text("in a\nloop: jz a done\n")
    result = invoke("run", bad, "a=1")
    assert result.exit_code == 1
    assert f"{bad}:2:12: error[undefined-label]" in result.output
    assert "^" in result.output and "hint:" in result.output


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary"])
def test_empty_and_binary_files(tmp_path, content):
    path = tmp_path / "x.rm"
    path.write_bytes(content)
    result = invoke("run", path)
    assert result.exit_code == 1 and "error[" in result.output


def test_precision_error_exits_4(tmp_path):
    path = tmp_path / "inc.rm"
    path.write_text("in a\nout a\ninc a\n")
    result = invoke("run", path, f"a={2**24 - 1}")
    assert result.exit_code == 4 and "--dtype float64" in result.output
    assert invoke("run", path, f"a={2**24 - 1}", "--dtype", "exact").output.startswith(
        f"a = {2**24}")


def test_version():
    assert invoke("--version").output.startswith("rnnprog, version")


def test_installed_command_in_a_real_subprocess():
    exe = shutil.which("rnnprog") or str(__import__("pathlib").Path(sys.executable).parent /
                                         "rnnprog")
    done = subprocess.run([exe, "run", MUL, "a=3", "b=4", "--json"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outputs"] == {"c": 12}
    module = subprocess.run([sys.executable, "-m", "rnnprog", "run", MUL, "a=2"],
                            capture_output=True, text=True, timeout=120)
    assert module.returncode == 1 and "missing input(s) 'b'" in module.stderr


def test_package_and_project_versions_agree():
    """`rnnprog --version` and the version written into .rnn files are the one in pyproject.toml."""
    text = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    assert re.search(r'^version = "([^"]+)"$', text, re.M).group(1) == rnnprog.__version__
