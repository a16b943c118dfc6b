"""run_main: the printed result, JSON, traces and exit codes, called directly with a collecting echo."""

import json

import pytest

from rnnprog.errors import InputError, PrecisionError, ProgramError
from rnnprog.tm import parse
from rnnprog.tm.cli import run_main
from rnnprog.tm.scorecard import PROGRAMS


def _run(path, **options):
    lines = []
    code = run_main(path, echo=lines.append, **options)
    return code, lines


def test_bb4_text_output():
    code, lines = _run(PROGRAMS / "bb4.tm")
    assert code == 0
    assert lines[0] == "halted after 107 steps in state Z"
    assert lines[1].startswith("tape   10111111111111   (cells -10..3)")
    assert lines[2] == "head    ^ cell -9, reading 0"
    assert lines[3] == "ones   13"
    assert "28 units" in lines[4] and "1 tick per step: 107 ticks" in lines[4]


def test_json_fields():
    code, lines = _run(PROGRAMS / "binary_increment.tm", tape="1011", as_json=True, dtype="exact")
    out = json.loads(lines[0])
    assert code == 0
    assert {k: out[k] for k in ("halted", "steps", "state", "tape", "head", "ones", "ticks")} == {
        "halted": True, "steps": 8, "state": "halt", "tape": "1100", "head": 0, "ones": 2, "ticks": 8}
    assert out["units"] == 27 and out["cells_per_stack"] is None


def test_trace_shows_network_beside_interpreter():
    code, lines = _run(PROGRAMS / "unary_addition.tm", tape="1+1", trace=True)
    assert code == 0
    assert lines[0].split() == ["step", "network", "|", "interpreter"]
    assert lines[1].split() == ["0", "scan", "@0", "[1]+1", "|", "scan", "@0", "[1]+1"]
    assert not any("differs" in line for line in lines)


def test_trace_in_json_agrees():
    _, lines = _run(PROGRAMS / "bb2.tm", trace=True, as_json=True)
    out = json.loads(lines[0])
    assert out["trace_agrees"] and len(out["trace"]) == 7


def test_not_halting_exits_3():
    code, lines = _run(PROGRAMS / "bb4.tm", max_steps=50)
    assert code == 3 and lines[0] == "still running after 50 steps in state A"


def test_precision_limit_is_exit_code_4():
    with pytest.raises(PrecisionError) as info:
        _run(PROGRAMS / "bb4.tm", dtype="float32")
    assert info.value.exit_code == 4


def test_a_program_object_and_a_head():
    code, lines = _run(parse("1RB1LB_1LA1RZ"), head=5)
    assert code == 0 and "cell 5" in lines[2]


def test_user_errors(tmp_path):
    bad = tmp_path / "bad.tm"
    bad.write_text("a 0 1 X a\n")
    with pytest.raises(ProgramError) as info:
        _run(bad)
    assert info.value.exit_code == 1 and info.value.diagnostics[0].code == "bad-move"
    with pytest.raises(InputError):
        _run(PROGRAMS / "bb2.tm", tape="2")
    with pytest.raises(ProgramError) as missing:
        _run(tmp_path / "nope.tm")
    assert missing.value.code == "no-such-file"


def test_trace_limit_cuts_the_table():
    from click.testing import CliRunner

    from rnnprog.cli import main

    result = CliRunner().invoke(main, ["run", "programs/bb4.tm", "--trace", "--trace-limit", "3"])
    lines = result.output.splitlines()
    assert result.exit_code == 0
    assert lines[4] == "... (105 more steps; raise --trace-limit to see them)"
    assert [line.split()[0] for line in lines[1:4]] == ["0", "1", "2"]
