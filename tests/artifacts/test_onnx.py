"""ONNX exports: onnxruntime equals torch for every kind; register programs run end to end."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rnnprog
from rnnprog import tm
from rnnprog.artifacts import networks, onnx_export
from rnnprog.errors import ArtifactError, PrecisionError
from rnnprog.tm import codec
from rnnprog.tm.ir import Config
from tests.artifacts.files import PROGRAMS, SOURCES

ort = pytest.importorskip("onnxruntime")
onnx = pytest.importorskip("onnx")
onnx_run = pytest.importorskip("rnnprog.artifacts.onnx_run")

#: A filter in float32, torch vs onnxruntime (different kernels may sum in another order);
#: register programs and machines are exact in both (integers, dyadic rationals), so compare with 0.
ONNX_ATOL = 1e-5


def exported(tmp_path, kind: str, source=None):
    source = source or SOURCES[kind]
    out = tmp_path / f"{kind}.onnx"
    onnx_export.export(rnnprog.load(source), source.read_text(), source.name, str(out))
    return out


def start_inputs(network, program, seq: int, batch: int, seed: int = 0):
    """x of the RNN's layout and an h0 the program really starts from (random inputs, signal or
    symbols)."""
    gen = np.random.default_rng(seed)
    assert not network.rnn.batch_first
    shape = (seq, batch, 1)
    x = np.zeros(shape, np.float32)
    if network.kind == "rm":
        inputs = gen.integers(0, 20, size=(batch, len(program.inputs)))
        h0 = np.maximum(np.c_[np.ones(batch), inputs] @ network.encoder.T, 0)
    elif network.kind == "seq":  # one-hot symbols; h(0) from the encoder's constant column
        size = network.rnn.input_size
        x = np.eye(size, dtype=np.float32)[gen.integers(0, size, size=(seq, batch))]
        h0 = np.maximum(np.ones((batch, 1)) @ network.encoder.T, 0)
    elif network.kind == "tm":
        compiled = tm.compile(program)
        h0 = np.array([[float(v) for v in codec.encode(compiled, Config(program.start, 0, ()))]] * batch)
    else:
        x = gen.normal(size=shape).astype(np.float32)
        h0 = np.zeros((batch, network.rnn.hidden_size))
    return x, h0.astype(np.float32)[None]


@pytest.mark.parametrize("kind", sorted(SOURCES))
@pytest.mark.parametrize("seq,batch", [(1, 1), (7, 5)])  # traced at another size: axes are dynamic
def test_onnxruntime_equals_torch(tmp_path, kind, seq, batch):
    path = exported(tmp_path, kind)
    program = rnnprog.load(SOURCES[kind])
    network = networks.build(program, "float32")
    x, h0 = start_inputs(network, program, seq, batch)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = session.run(None, {"x": x, "h0": h0})
    with torch.no_grad():
        want = onnx_export.ExportedNetwork(network)(torch.from_numpy(x), torch.from_numpy(h0))
    assert len(got) == len(want) == (2 if kind == "tm" else 3)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w.numpy(), atol=ONNX_ATOL if kind == "iir" else 0, rtol=0)


def test_export_metadata_is_complete(tmp_path):
    model = onnx.load(str(exported(tmp_path, "iir")))
    meta = onnx_export.stored_metadata(model)
    assert meta["kind"] == "iir" and meta["dtype"] == "float32"
    assert meta["onnx_sequence_length"] == "dynamic" and meta["source"] == SOURCES["iir"].read_text()


@pytest.mark.parametrize("inputs", [{"a": 6, "b": 7}, {"a": 0, "b": 9}, {"a": 12, "b": 3}])
def test_register_program_runs_through_onnxruntime(tmp_path, inputs):
    compiled = onnx_run.load(str(exported(tmp_path, "rm", PROGRAMS / "mul.rm")))
    got = onnx_run.run_batch(compiled, [inputs]).results[0]
    want = rnnprog.interpret(rnnprog.load(PROGRAMS / "mul.rm"), inputs)
    assert (got.outputs, got.registers, got.steps, got.halted) == (
        want.outputs, want.registers, want.steps, want.halted)


def test_batch_rows_halt_on_their_own_and_budget_stops(tmp_path):
    compiled = onnx_run.load(str(exported(tmp_path, "rm", PROGRAMS / "mul.rm")))
    rows = [{"a": 6, "b": 7}, {"a": 0, "b": 9}]
    results = onnx_run.run_batch(compiled, rows).results
    assert [r.steps for r in results] == [409, 1]
    stopped = onnx_run.run_batch(compiled, rows, max_steps=100).results
    assert [r.halted for r in stopped] == [False, True] and stopped[0].steps == 100


def test_precision_limit_stops_before_a_wrong_number(tmp_path):
    compiled = onnx_run.load(str(exported(tmp_path, "rm", PROGRAMS / "succ.rm")))
    with pytest.raises(PrecisionError):
        onnx_run.run_batch(compiled, [{"a": 2 ** 24 - 1}])
    assert onnx_run.run_batch(compiled, [{"a": 2 ** 24 - 2}]).results[0].outputs == {"a": 2 ** 24 - 1}


def test_tampered_onnx_weight_is_refused(tmp_path):
    path = exported(tmp_path, "rm")
    model = onnx.load(str(path))
    rnn = next(node for node in model.graph.node if node.op_type == "RNN")
    weight = next(t for t in model.graph.initializer if t.name == rnn.input[2])
    values = onnx.numpy_helper.to_array(weight).copy()
    values[0, 0, 0] += 1
    weight.CopyFrom(onnx.numpy_helper.from_array(values, weight.name))
    onnx.save(model, str(path))
    with pytest.raises(ArtifactError, match="differs"):
        onnx_run.load(str(path))


def test_other_kinds_and_float64_are_refused_clearly(tmp_path):
    with pytest.raises(ArtifactError, match="register programs"):
        onnx_run.load(str(exported(tmp_path, "iir")))
    with pytest.raises(ArtifactError, match="float32 only"):
        onnx_export.export(rnnprog.load(SOURCES["rm"]), "", "add.rm", str(tmp_path / "x.onnx"),
                           dtype="float64")
