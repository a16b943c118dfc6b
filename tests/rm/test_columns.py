"""Columnar batches (inputs and results as arrays) and the hand-over of a large batch's long rows
to fast-forward: the same results, steps and errors as row lists and as the plain network."""

import numpy as np
import pytest
import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rnnprog import load
from rnnprog.errors import InputError, PrecisionError
from rnnprog.rm import accelerated, columns, compile, run_batch
from rnnprog.rm.strategies import register_inputs, register_programs

MUL = compile(load("programs/mul.rm"))


def _table(batch):
    return [(r.outputs, r.registers, r.steps, r.halted) for r in batch.results]


def test_columns_in_give_the_rows_results_and_arrays_out():
    rows = [{"a": a, "b": b} for a, b in [(6, 7), (0, 5), (3, 0), (12, 11)]]
    a, b = np.array([6, 0, 3, 12]), np.array([7, 5, 0, 11])
    by_rows = run_batch(MUL, rows, dtype="float32")
    for given_as in ({"a": a, "b": b}, {"a": torch.tensor(a), "b": b.tolist()},
                     np.stack([a, b], axis=1), torch.tensor(np.stack([a, b], axis=1))):
        batch = run_batch(MUL, given_as, dtype="float32")
        assert _table(batch) == _table(by_rows)
        assert batch.columns.outputs["c"].tolist() == [42, 0, 0, 132]
        assert batch.columns.steps.dtype == np.int64 and batch.columns.halted.all()


@pytest.mark.parametrize("given_as, fragment", [
    ({"a": [1, 2]}, "must name exactly: a b"),
    ({"a": [1, 2], "b": [1]}, "different lengths"),
    ({"a": [1, -2], "b": [1, 1]}, "row 1 holds -2"),
    ({"a": [1.5, 2], "b": [1, 1]}, "non-negative integers"),
    (np.zeros((2, 3), dtype=np.int64), "must be \\(rows, 2\\)"),
])
def test_bad_columns_are_input_errors(given_as, fragment):
    with pytest.raises(InputError, match=fragment):
        run_batch(MUL, given_as)


def test_a_csv_or_npy_file_is_read_by_numpy(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("a, b\n6,7\n2, 3\n\n")
    assert {k: v.tolist() for k, v in columns.read_batch(str(path), MUL.program).items()} == \
        {"a": [6, 2], "b": [7, 3]}
    path.write_text("a,b\n6,x\n")  # read row by row, so its error names the row
    with pytest.raises(InputError, match="row 1"):
        columns.read_batch(str(path), MUL.program)
    npy = tmp_path / "in.npy"
    np.save(npy, np.array([(6, 7)], dtype=[("b", "i8"), ("a", "i8")]))
    assert {k: v.tolist() for k, v in columns.read_batch(str(npy), MUL.program).items()} == \
        {"b": [6], "a": [7]}


def test_seventeen_long_rows_keep_fast_forward():
    rows = [{"a": 1000, "b": 1000}] * 17
    result = run_batch(MUL, rows, dtype="exact", accelerate=True, max_steps=2**62).results[16]
    assert (result.outputs, result.halted) == ({"c": 1_000_000}, True)
    alone = run_batch(MUL, rows[:1], dtype="exact", accelerate=True, max_steps=2**62).results[0]
    assert result.steps == alone.steps == 9_005_001


def test_a_handed_over_row_meets_the_guard_at_the_plain_runs_step():
    rows = [{"a": 1, "b": 1}] * 16 + [{"a": 4100, "b": 4100}]  # 16,810,000 passes 2^24
    with pytest.raises(PrecisionError) as batched:
        run_batch(MUL, rows, dtype="float32", accelerate=True, max_steps=2**62)
    with pytest.raises(PrecisionError) as alone:
        run_batch(MUL, rows[-1:], dtype="float32", accelerate=True, max_steps=2**62)
    assert str(batched.value) == f"row 16: {alone.value}"


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_handed_over_rows_end_as_the_plain_network(data):
    program = data.draw(register_programs(max_registers=3, max_size=8))
    compiled = compile(program)
    rows = data.draw(st.lists(register_inputs(program, max_value=6), min_size=18, max_size=20))
    plain = run_batch(compiled, rows, dtype="float32", max_steps=300)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accelerated, "HANDOFF_TICKS", 7)
        for dtype in ("float32", "exact"):
            fast = run_batch(compiled, rows, dtype=dtype, max_steps=300, accelerate=True)
            assert _table(fast) == _table(plain)


@pytest.mark.parametrize("text", ["a,b\n6,7\n2, 3\n", "b,a\n6,7\n007,3\n\n", "a, b\r\n1,1\r\n0,0\r\n",
                                  "a,b\n6,7 \n", "a,b\n1,2\n3,4,5\n"])
@pytest.mark.parametrize("extra", [[], ["--json"], ["--dtype", "exact"]])
def test_the_cli_prints_a_numpy_read_batch_as_the_row_reader_does(tmp_path, text, extra):
    from click.testing import CliRunner

    from rnnprog.cli import main

    path = tmp_path / "in.csv"
    path.write_bytes(text.encode())
    runner = CliRunner()
    fast = runner.invoke(main, ["run", "programs/mul.rm", "--inputs", str(path), *extra])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(columns, "read", lambda *_: None)
        slow = runner.invoke(main, ["run", "programs/mul.rm", "--inputs", str(path), *extra])
    assert (fast.exit_code, fast.output) == (slow.exit_code, slow.output)


@st.composite
def programs_with_inputs(draw):
    """A register program with inputs and 1-5 rows of them; shrinks toward one short row."""
    program = draw(register_programs(max_registers=3, max_size=8).filter(lambda p: p.inputs))
    return program, draw(st.lists(register_inputs(program, max_value=6), min_size=1, max_size=5))


@example((MUL.program, [{"a": 2, "b": 3}, {"a": 0, "b": 0}]))
@settings(max_examples=20, deadline=None)
@given(programs_with_inputs())
def test_columns_run_as_the_rows_do(case):
    program, rows = case
    compiled = compile(program)
    columns_in = {name: np.array([row[name] for row in rows], dtype=np.int64) for name in program.inputs}
    for dtype in ("float32", "exact"):
        by_rows = run_batch(compiled, rows, dtype=dtype, max_steps=200)
        assert _table(run_batch(compiled, columns_in, dtype=dtype, max_steps=200)) == _table(by_rows)
