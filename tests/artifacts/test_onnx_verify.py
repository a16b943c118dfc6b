"""Damaged or doctored ONNX files: `rnnprog run` refuses each with a message naming what is wrong,
never a traceback and never a number computed by weights it did not check.

Every file is a real export of programs/mul.rm edited with the `onnx` package, one named edit
each; the worst is a second, tampered copy of the recurrent weight placed before the real one
(onnxruntime would run one copy while a check read the other).
"""

from __future__ import annotations

import copy
import os
import re

import numpy as np
import pytest
from click.testing import CliRunner

from rnnprog.cli import main
from tests.artifacts.files import PROGRAMS

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")
from onnx import numpy_helper  # noqa: E402 - after the extra's skip

from rnnprog.artifacts import onnx_run  # noqa: E402
from tests.artifacts.onnx_edits import EDITS, edited, export, initializer  # noqa: E402


@pytest.fixture(scope="module")
def mul(tmp_path_factory):
    """The export of mul.rm, loaded once; each test edits a copy."""
    return onnx.load(str(export(tmp_path_factory.mktemp("onnx") / "mul.onnx")))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_refused(result, pattern: str) -> None:
    """Exit 1 with one `error:` message matching `pattern`; no traceback, no output value."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.output.startswith("error: ") and "Traceback" not in result.output
    assert "c = " not in result.output
    assert re.search(pattern, result.output), result.output


@pytest.mark.parametrize("edit, message", EDITS, ids=[edit.__name__ for edit, _ in EDITS])
def test_an_edited_export_is_refused_naming_the_edit(tmp_path, mul, edit, message):
    path = tmp_path / "mul.onnx"
    onnx.save(edited(mul, edit.__name__), str(path))
    assert_refused(run("run", path, "a=6", "b=7"), message)


def test_the_untouched_export_runs_and_unknown_fields_never_reach_onnxruntime(tmp_path, mul):
    """A field `onnx` does not know (number 99, a varint) is dropped: onnxruntime gets the bytes
    that were verified."""
    path = tmp_path / "mul.onnx"
    path.write_bytes(mul.SerializeToString() + b"\x98\x06\x01")
    loaded = onnx_run.load(str(path))
    assert onnx_run.run_batch(loaded, [{"a": 6, "b": 7}]).results[0].outputs == {"c": 42}
    result = run("run", path, "a=6", "b=7")
    assert result.exit_code == 0 and result.output.startswith("c = 42\n")


def test_a_divmod_readout_with_its_rows_swapped_is_refused(tmp_path):
    """Readout columns q and r swapped: onnxruntime's `readout` output would give q for r."""
    path = export(tmp_path / "divmod.onnx", PROGRAMS / "divmod.rm")
    model = onnx.load(str(path))
    matmul = next(node for node in model.graph.node if node.op_type == "MatMul")
    tensor = initializer(model, matmul.input[1])
    tensor.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(tensor)[:, ::-1].copy(),
                                            tensor.name))
    onnx.save(model, str(path))
    assert_refused(run("run", path, "a=17", "b=5"), r"weight readout \(`[^`]+`\) differs .* at unit")


@pytest.mark.parametrize("data", [b"", b"\x08", b"not ONNX at all", b"\xff" * 64])
def test_garbage_named_onnx_is_refused(tmp_path, data):
    path = tmp_path / "x.onnx"
    path.write_bytes(data)
    result = run("run", path, "a=1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("error: ")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    path = tmp_path / "pipe.onnx"
    os.mkfifo(path)
    assert_refused(run("run", path, "a=1"), "not a regular file")


@pytest.mark.parametrize("source, options, title", [
    ("anbn.seq", ["--tape", "aabb"], "sequence program"),
    ("anbn.seq", [], "sequence program"),
    ("low-pass.iir", [], "filter"),
    ("bb2.tm", ["--tape", "1"], "Turing machine"),
])
def test_kinds_that_read_per_tick_or_have_no_encoder_are_refused_saying_why(tmp_path, source,
                                                                            options, title):
    path = export(tmp_path / "x.onnx", PROGRAMS / source)
    result = run("run", path, *options)
    assert_refused(result, f"cannot run this {title}'s ONNX file")
    assert f"Run {source} instead" in result.output and "does not apply" not in result.output


def test_onnxruntime_would_run_the_tampered_first_copy(tmp_path, mul):
    """The edit above is a real attack, not a no-op: onnxruntime, given the file directly, runs a
    network other than the export's (so only the refusal keeps `run` from printing its number)."""
    ort = pytest.importorskip("onnxruntime")
    tampered = edited(mul, "tampered_copy_first")
    loaded = onnx_run.load(str(export(tmp_path / "mul.onnx")))
    h0 = loaded.kind.initial_states(loaded.compiled, [{"a": 6, "b": 7}])
    feed = {"x": np.zeros((5, 1, 1), np.float32), "h0": h0.astype(np.float32)[None]}
    states = [ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
              .run(["h_n"], feed)[0] for m in (mul, tampered)]
    assert not np.array_equal(*states)


def test_names_from_the_file_are_escaped_and_clipped(tmp_path, mul):
    """A name with a terminal escape, 100,000 characters long, defined twice: the message stays
    short and prints no control character."""
    model = edited(mul, "identical_copy")  # R, then a copy of R renamed twice over
    model.graph.initializer[-1].name = "\x1b[2J" + "x" * 100_000
    model.graph.initializer.append(copy.deepcopy(model.graph.initializer[-1]))
    path = tmp_path / "mul.onnx"
    onnx.save(model, str(path))
    result = run("run", path, "a=6", "b=7")
    assert result.exit_code == 1 and "\x1b" not in result.output and len(result.output) < 1000
    assert "is defined 2 times" in result.output
