"""The compile and export commands, and `run` on .rnn and .onnx files, through CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rnnprog.cli import main
from tests.artifacts.files import PROGRAMS, compiled_file, edit_metadata

ROOT = Path(__file__).resolve().parents[2]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def without_timing(output: str) -> list[str]:
    return [line.rsplit(",", 1)[0] for line in output.splitlines()]


def test_compile_then_run_gives_the_source_run(tmp_path):
    out = tmp_path / "mul.rnn"
    result = invoke("compile", PROGRAMS / "mul.rm", "-o", out)
    assert result.exit_code == 0 and "rm program mul.rm, 23 units" in result.output
    from_file = invoke("run", out, "a=6", "b=7")
    from_source = invoke("run", PROGRAMS / "mul.rm", "a=6", "b=7")
    assert from_file.exit_code == 0 and from_file.output.startswith("c = 42\n")
    assert without_timing(from_file.output) == without_timing(from_source.output)


def test_compiled_machine_runs_like_its_source(tmp_path):
    out = tmp_path / "bb3.rnn"
    assert invoke("compile", PROGRAMS / "bb3.tm", "-o", out).exit_code == 0
    assert invoke("run", out).output == invoke("run", PROGRAMS / "bb3.tm").output


@pytest.mark.parametrize("damage", ["truncate", "version"])
def test_damaged_file_exits_1_without_traceback(tmp_path, damage):
    path = compiled_file(tmp_path)
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[:100])
    else:
        edit_metadata(path, format_version="2")
    result = invoke("run", path, "a=1", "b=2")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("error: ")


def test_export_and_run_onnx(tmp_path):
    pytest.importorskip("onnxruntime")
    rnn, onnx = tmp_path / "mul.rnn", tmp_path / "mul.onnx"
    invoke("compile", PROGRAMS / "mul.rm", "-o", rnn)
    exported = invoke("export", rnn, "--onnx", onnx)
    assert exported.exit_code == 0 and "dynamic batch and sequence length" in exported.output
    result = invoke("run", onnx, "a=6", "b=7")
    assert result.exit_code == 0 and result.output.startswith("c = 42\n# halted after 409 steps")
    assert "onnxruntime-cpu, float32" in result.output
    assert invoke("run", onnx, "a=6", "b=7", "--max-steps", "10").exit_code == 3


def test_onnx_refusals_exit_cleanly(tmp_path):
    pytest.importorskip("onnxruntime")
    onnx = tmp_path / "lp.onnx"
    assert invoke("export", PROGRAMS / "low-pass.iir", "--onnx", onnx).exit_code == 0
    result = invoke("run", onnx)
    assert result.exit_code == 1 and "register programs" in result.output
    result = invoke("export", PROGRAMS / "add.rm", "--onnx", tmp_path / "x.onnx", "--dtype", "float64")
    assert result.exit_code == 1 and "float32 only" in result.output and "Traceback" not in result.output


def test_real_subprocess_compile_and_run(tmp_path):
    out = tmp_path / "add.rnn"
    cli = [sys.executable, "-m", "rnnprog"]
    subprocess.run([*cli, "compile", str(PROGRAMS / "add.rm"), "-o", str(out)], check=True, cwd=ROOT)
    done = subprocess.run([*cli, "run", str(out), "a=2", "b=3"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and done.stdout.startswith("c = 5\n")


def test_export_without_the_extra_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnx", None)  # `import onnx` now fails
    result = invoke("export", PROGRAMS / "add.rm", "--onnx", tmp_path / "x.onnx")
    assert result.exit_code == 1 and "pip install 'rnnprog[onnx]'" in result.output


def test_check_accepts_a_compiled_file(tmp_path):
    result = invoke("check", compiled_file(tmp_path))
    assert result.exit_code == 0 and "agrees with the interpreter" in result.output


def test_filter_reads_a_verified_rnn_file_and_refuses_other_kinds(tmp_path):
    runner = CliRunner()
    lp, mul = tmp_path / "lp.rnn", tmp_path / "mul.rnn"
    assert runner.invoke(main, ["compile", "programs/low-pass.iir", "-o", str(lp)]).exit_code == 0
    assert runner.invoke(main, ["compile", "programs/mul.rm", "-o", str(mul)]).exit_code == 0
    from_file = runner.invoke(main, ["filter", str(lp), "--impulse", "3", "--json"])
    from_source = runner.invoke(main, ["filter", "programs/low-pass.iir", "--impulse", "3", "--json"])
    assert from_file.exit_code == 0
    assert json.loads(from_file.output)["y"] == json.loads(from_source.output)["y"]
    refused = runner.invoke(main, ["filter", str(mul), "--impulse", "3"])
    assert refused.exit_code == 2 and "holds a .rm program" in refused.output
