"""Certified fast-forward gives exactly what the stock network computes tick by tick: the same
registers, steps, halting and precision errors, in every dtype, on random programs and inputs."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rnnprog
from rnnprog.errors import PrecisionError
from rnnprog.rm import compile, run_batch
from rnnprog.rm.strategies import register_programs
from tests.rm.cases import PROGRAMS

LIMIT32 = 2**24


def outcome(compiled, row, dtype, max_steps, accelerate):
    """(registers, steps, halted) of a run, or the PrecisionError's message."""
    try:
        result = run_batch(compiled, [row], dtype=dtype, max_steps=max_steps,
                           accelerate=accelerate).results[0]
    except PrecisionError as err:
        return str(err)
    return result.registers, result.steps, result.halted


@settings(max_examples=60, deadline=None)
@given(program=register_programs(max_size=8), data=st.data(),
       dtype=st.sampled_from(["exact", "float64", "float32"]), max_steps=st.integers(0, 400))
def test_accelerated_runs_equal_tick_by_tick_runs(program, data, dtype, max_steps):
    compiled = compile(program)
    value = st.one_of(st.integers(0, 12), st.integers(LIMIT32 - 6, LIMIT32 - 1))
    row = {name: data.draw(value, label=name) for name in program.inputs}
    assert outcome(compiled, row, dtype, max_steps, True) == outcome(compiled, row, dtype, max_steps, False)


@pytest.mark.parametrize("name, inputs, dtype", [
    ("mul.rm", {"a": 37, "b": 53}, "float32"), ("collatz.rm", {"n": 7}, "float32"),
    ("gcd.rm", {"a": 120, "b": 84}, "exact"), ("divmod.rm", {"a": 100, "b": 7}, "float64"),
    ("fib.rm", {"n": 12}, "exact"), ("factorial.rm", {"n": 5}, "float32")])
def test_shipped_programs_jump_and_agree(name, inputs, dtype):
    compiled = compile(rnnprog.load(PROGRAMS / name))
    fast = run_batch(compiled, [inputs], dtype=dtype, accelerate=True)
    slow = run_batch(compiled, [inputs], dtype=dtype, accelerate=False)
    assert fast.results == slow.results and fast.jumps[0], name


def test_nested_loops_jump_in_a_handful_of_jumps():
    """mul of two big numbers: the inner additions and the outer loop are both jumped."""
    program = rnnprog.load(PROGRAMS / "mul.rm")
    assert rnnprog.run(program, {"a": 300, "b": 200}).steps == \
        rnnprog.interpret(program, {"a": 300, "b": 200}).steps
    got = rnnprog.run(program, {"a": 10**6, "b": 10**6}, dtype="exact", max_steps=10**13)
    assert got.outputs == {"c": 10**12} and got.halted
    batch = run_batch(compile(program), [{"a": 10**6, "b": 10**6}], dtype="exact", accelerate=True,
                      max_steps=10**13)
    assert len(batch.jumps[0]) < 20 and sum(j.ticks for j in batch.jumps[0]) > 0.99 * got.steps


@example(a=LIMIT32 - 3)
@given(a=st.integers(LIMIT32 - 40, LIMIT32 - 1))
@settings(max_examples=20, deadline=None)
def test_a_jump_stops_short_of_the_float32_limit_and_the_guard_fires_at_the_same_step(a):
    program = rnnprog.parse("in a\nout a\nloop: inc a\njmp loop\n")
    compiled = compile(program)
    fast, slow = (outcome(compiled, {"a": a}, "float32", 10**6, flag) for flag in (True, False))
    assert fast == slow and "at step" in fast


def test_an_endless_loop_without_change_jumps_to_the_budget():
    program = rnnprog.parse("in a\nout a\nloop: jmp loop\n")
    result = rnnprog.run(program, {"a": 3}, max_steps=10**12)
    assert (result.steps, result.halted) == (10**12, False)


def test_an_accelerated_trace_shows_each_jump_as_one_row():
    from click.testing import CliRunner

    from rnnprog.cli import main

    fast = CliRunner().invoke(main, ["run", str(PROGRAMS / "mul.rm"), "a=1000", "b=1000", "--trace",
                                     "--trace-limit", "1000", "--max-steps", "10000000"])
    assert fast.exit_code == 0, fast.output
    assert "x 996 iterations of line 7 (4 ticks each): b -= 1, %t += 1" in fast.output
    assert "DIFF" not in fast.output and "c = 1000000" in fast.output
    rows = [line for line in fast.output.splitlines() if line.endswith("  ok")]
    assert 100 < len(rows) < 300  # every computed tick, compared: 9,005,001 steps in a few rows
    slow = CliRunner().invoke(main, ["run", str(PROGRAMS / "add.rm"), "a=2", "b=1", "--trace",
                                     "--no-accelerate"])
    assert slow.exit_code == 0 and "iterations" not in slow.output


def test_a_trace_keeps_only_the_rows_it_shows(tmp_path):
    """A long traced run records the states it prints, not every state of the run."""
    from click.testing import CliRunner

    from rnnprog.cli import main

    program = tmp_path / "forever.rm"
    program.write_text("in a\nout a\nloop: inc a\njmp loop\n")
    for flag in ("--accelerate", "--no-accelerate"):
        result = CliRunner().invoke(main, ["run", str(program), "a=0", "--trace", "--trace-limit", "5",
                                           "--max-steps", "20000", flag])
        assert result.exit_code == 3, result.output
        assert "a = 10000" in result.output and "DIFF" not in result.output
        assert "more" in result.output.splitlines()[6]


def test_a_plot_of_an_accelerated_run_marks_its_jumps(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from rnnprog import plots
    from rnnprog.cli import main

    seen = {}
    real = plots.save_run

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(plots, "save_run", spy)
    out = tmp_path / "run.png"
    result = CliRunner().invoke(main, ["run", str(PROGRAMS / "mul.rm"), "a=40", "b=30", "--plot", str(out)])
    assert result.exit_code == 0 and out.stat().st_size > 5000
    assert seen["jumps"] and all(text.startswith("x ") for _, text in seen["jumps"])
    seen.clear()
    slow = CliRunner().invoke(main, ["run", str(PROGRAMS / "mul.rm"), "a=4", "b=3", "--plot", str(out),
                                     "--no-accelerate"])
    assert slow.exit_code == 0 and seen["jumps"] == []  # every tick computed: nothing to mark
