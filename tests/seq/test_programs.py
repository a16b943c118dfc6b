"""The shipped programs: their examples hold for interpreter and network, `rnnprog check` passes
(and fails once a weight is perturbed), .rnn files round-trip, and `rnnprog run` prints."""

from pathlib import Path

import pytest
from click.testing import CliRunner

import rnnprog
from rnnprog.check import check
from rnnprog.cli import main
from rnnprog.seq.examples import examples
from rnnprog.seq.interpret import interpret

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = sorted((ROOT / "programs").glob("*.seq"))


SHAPES = ("One-to-one", "One-to-many", "Many-to-one", "Many-to-many, not synchronous",
          "Synchronous many-to-many")


def shape_of(path: Path) -> str:
    """The shape a program's first comment line claims (`# Many-to-one: ...`)."""
    first = path.read_text().splitlines()[0]
    return next(shape for shape in SHAPES if first.startswith(f"# {shape}:"))


def holds_shape(shape: str, length: int, outputs_at: list[int]) -> bool:
    """Is an accepted run on `length` symbols, emitting at ticks `outputs_at`, of this shape?
    (Tick t <= length reads input symbol t; later ticks read the end symbol.)"""
    after = all(t > length for t in outputs_at)
    return {"One-to-one": length == 1 and len(outputs_at) == 1,
            "One-to-many": length == 1 and after,
            "Many-to-one": len(outputs_at) <= 1 and after,
            "Many-to-many, not synchronous": after,
            "Synchronous many-to-many": outputs_at == list(range(1, length + 1))}[shape]


def test_there_are_programs_for_every_shape():
    """Each of the lecture's five shapes has a shipped program, and every accepted example of a
    program has the shape its first line claims (when and how many outputs, input length)."""
    assert {shape_of(path) for path in PROGRAMS} == set(SHAPES)
    for path in PROGRAMS:
        program, accepted = rnnprog.load(path), 0
        for case in examples(path.read_text()):
            run = interpret(program, case.text)
            if run.end == "accepted":
                accepted += 1
                ticks = [t for t, step in enumerate(run.steps) if step.output is not None]
                assert holds_shape(shape_of(path), len(run.symbols), ticks), (path.name, case)
        assert accepted >= 1, f"{path.name} has no accepted example"


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.name)
def test_every_example_holds_for_interpreter_and_network(path):
    source = path.read_text()
    program = rnnprog.load(path)
    assert source.startswith("# ") and examples(source)
    for case in examples(source):
        run = interpret(program, case.text)
        assert case.holds(run.outputs, run.end), (case, run.outputs, run.end)
        for dtype in ("float32", "float64", "exact"):
            result = rnnprog.run(program, case.text, dtype=dtype)
            assert case.holds(result.outputs, result.end), (case, dtype, result)


@pytest.mark.parametrize("name", ["anbncn.seq", "balanced_so_far.seq"])
def test_the_checker_passes_and_catches_a_perturbed_weight(name):
    program = rnnprog.load(ROOT / "programs" / name)
    assert check(program, examples=60).ok
    broken = check(program, examples=200, perturb=1, seed=1)
    assert not broken.ok and broken.mismatch.step is not None


def test_check_on_the_command_line():
    runner = CliRunner()
    ok = runner.invoke(main, ["check", str(ROOT / "programs/dyck.seq"), "--examples", "50"])
    assert ok.exit_code == 0 and ok.output.startswith("ok:"), ok.output
    bad = runner.invoke(main, ["check", str(ROOT / "programs/dyck.seq"), "--perturb", "1", "--seed", "2"])
    assert bad.exit_code == 1, bad.output


def test_a_compiled_file_round_trips(tmp_path):
    out = tmp_path / "majority.rnn"
    runner = CliRunner()
    made = runner.invoke(main, ["compile", str(ROOT / "programs/majority.seq"), "-o", str(out)])
    assert made.exit_code == 0, made.output
    program = rnnprog.load(out)
    assert program == rnnprog.load(ROOT / "programs/majority.seq")
    assert rnnprog.run(program, "abaab").outputs == ("a",)
    ran = runner.invoke(main, ["run", str(out), "--tape", "bbab"])
    assert ran.exit_code == 0 and ran.output.startswith("output: b\naccepted at tick 5")


def test_run_prints_the_outputs_the_end_and_a_summary():
    ran = CliRunner().invoke(main, ["run", str(ROOT / "programs/parity.seq"), "--tape", "1101"])
    lines = ran.output.splitlines()
    assert ran.exit_code == 0 and lines[:2] == ["output: 1 0 0 1", "accepted at tick 5, entering done"]
    assert lines[2].startswith("5 ticks on 4 input symbols through an nn.RNN of 7 units on ")


def test_run_reports_rejection_and_a_spent_budget():
    runner = CliRunner()
    rejected = runner.invoke(main, ["run", str(ROOT / "programs/dyck.seq"), "--tape", "())"])
    assert rejected.exit_code == 0
    assert "rejected at tick 3: no rule reads `)` here (depth=0)" in rejected.output
    running = runner.invoke(main, ["run", str(ROOT / "programs/unary_echo.seq"), "--tape", "aaaa",
                                   "--max-steps", "2"])
    assert running.exit_code == 3 and "output: b b\nstill running after 6 ticks" in running.output


def test_trace_shows_the_network_beside_the_interpreter():
    ran = CliRunner().invoke(main, ["run", str(ROOT / "programs/anbn.seq"), "--tape", "ab", "--trace",
                                    "--dtype", "exact"])
    lines = ran.output.splitlines()
    assert ran.exit_code == 0 and lines[0].split() == ["tick", "read", "rule", "state", "counters", "out",
                                                       "interpreter"]
    assert [line.split()[:2] for line in lines[1:5]] == [["0", "-"], ["1", "a"], ["2", "b"], ["3", "$"]]
    assert all(line.endswith("ok") for line in lines[1:5])


def test_run_refuses_options_of_other_kinds_and_bad_symbols():
    runner = CliRunner()
    named = runner.invoke(main, ["run", str(ROOT / "programs/dyck.seq"), "n=3"])
    assert named.exit_code == 2 and "NAME=VALUE does not apply" in named.output
    bad = runner.invoke(main, ["run", str(ROOT / "programs/dyck.seq"), "--tape", "(x)"])
    assert bad.exit_code == 1 and "input symbol 2 is 'x'" in bad.output


def test_run_as_json_and_plot(tmp_path):
    picture = tmp_path / "run.png"
    ran = CliRunner().invoke(main, ["run", str(ROOT / "programs/unary_echo.seq"), "--tape", "aa",
                                    "--json", "--plot", str(picture)])
    assert ran.exit_code == 0 and '"outputs": ["b", "b"], "end": "accepted"' in ran.output
    assert picture.stat().st_size > 10_000
