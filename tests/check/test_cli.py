"""`rnnprog check` and `rnnprog fuzz` through CliRunner: exit codes and what they print."""

import importlib
from pathlib import Path

import pytest
from click.testing import CliRunner

import rnnprog
from rnnprog import kinds
from rnnprog.cli import main

PROGRAMS = Path(__file__).resolve().parents[2] / "programs"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("name", ["add.rm", "bb2.tm", "low-pass.iir"])
def test_check_passes_a_correct_program(name):
    result = invoke("check", PROGRAMS / name, "--examples", 10, "--device", "cpu")
    assert result.exit_code == 0, result.output
    assert "ok:" in result.output and "10 examples" in result.output
    assert "steps compared" in result.output
    assert ("max |error|" in result.output) == name.endswith(".iir")


def test_check_perturb_fails_naming_the_weight_and_the_unit():
    result = invoke("check", PROGRAMS / "add.rm", "--examples", 50, "--perturb", 1, "--seed", 0)
    assert result.exit_code == 1, result.output
    changed = result.output.splitlines()[1].split(" <- ")[0].strip()
    assert changed in rnnprog.compile(rnnprog.load(PROGRAMS / "add.rm")).labels
    for part in ("perturbed 1 weight", "FAIL", "counterexample (shrunk)", "first divergence",
                 "interpreter:", "network:"):
        assert part in result.output
    assert "rerun:" not in result.output  # the perturbed weights are not in the file


def test_check_of_a_bad_file_is_a_clean_error(tmp_path):
    bad = tmp_path / "bad.rm"
    bad.write_text("jmp nowhere\n")
    result = invoke("check", bad)
    assert result.exit_code == 1 and "undefined-label" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_check_filters_refuse_the_exact_dtype():
    result = invoke("check", PROGRAMS / "low-pass.iir", "--dtype", "exact")
    assert result.exit_code == 1 and "error:" in result.output


@pytest.mark.parametrize("kind", [kind.name for kind in kinds.all_kinds()])
def test_fuzz_runs_clean(kind):
    result = invoke("fuzz", "--kind", kind, "--examples", 20, "--device", "cpu")
    assert result.exit_code == 0, result.output
    assert "20 examples" in result.output


def test_fuzz_prints_the_shrunk_program_of_a_broken_compiler(monkeypatch, tmp_path):
    stage = importlib.import_module("rnnprog.rm.compile")
    honest = stage.register_rows

    def broken(lowered, layout):  # every `inc` forgets to add 1
        return honest(lowered, layout) + [(layout.registers[core.register], layout.pc[k], -1)
                                          for k, core in enumerate(lowered.code) if core.op == "inc"]

    monkeypatch.setattr(stage, "register_rows", broken)
    result = invoke("fuzz", "--kind", "rm", "--examples", 100)
    assert result.exit_code == 1
    source = result.output.split("then `rnnprog check bug.rm`):\n", 1)[1]
    program = rnnprog.parse(source)
    assert [i.op for i in program.instructions] == ["inc"]  # shrunk to one instruction
    (tmp_path / "bug.rm").write_text(source)
    assert invoke("check", tmp_path / "bug.rm", "--examples", 5).exit_code == 1


def test_a_check_that_runs_out_of_inputs_says_so():
    result = invoke("check", PROGRAMS / "add.rm", "--examples", 1000, "--max-input", 2)
    assert result.exit_code == 0
    assert "fewer than the 1,000 examples asked for" in result.output
