"""Run an exported program through onnxruntime: the proof that an export is complete.

Any kind whose inputs go into h(0) through an encoder (register programs) runs: h(0) comes from
the kind's encoding, the ONNX RNN runs in chunks of ticks until each row's halt units are on,
the kind's own float32 guard bounds every chunk, and the kind decodes the final states.
Before running, the file is verified like a .rnn file: its source is compiled again and the
graph's weights (RNN W, R, B and the readout) must equal that compilation exactly.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from rnnprog import kinds
from rnnprog.artifacts import metadata, networks, onnx_export
from rnnprog.errors import ArtifactError, DeviceError, ProgramError

CHUNK_TICKS = 4096
DEVICE = "onnxruntime-cpu"
ALLOWED_OPS = {"RNN", "Constant", "Squeeze", "MatMul"}


@dataclass(eq=False)
class OnnxProgram:
    """A verified ONNX export, ready to run: its program, kind, compiled program and session."""

    path: str
    program: object
    metadata: dict[str, str]
    session: object
    labels: tuple[str, ...]
    kind: object
    compiled: object

    @property
    def units(self) -> int:
        return len(self.labels)


def load(path: str) -> OnnxProgram:
    """Read, verify and open an ONNX export of a register program.

    Raises:
        ArtifactError: the extra is missing, the file is not an rnnprog ONNX export, holds another
            kind, or its metadata or weights differ from compiling its stored source again.
    """
    onnx = onnx_export.require_onnx()
    import onnxruntime

    try:
        model = onnx.load(path)
    except Exception as err:  # noqa: BLE001 - protobuf decode errors and OSError alike: never a traceback
        raise ArtifactError(f"{path}: not a readable ONNX model: {err}") from None
    meta = onnx_export.stored_metadata(model)
    metadata.check_format(meta, path)
    try:
        program = kinds.get(meta["kind"]).parse(meta["source"], f"{path}[source {meta['source_name']}]")
    except kinds.UnknownKind as err:
        raise ArtifactError(f"{path}: {err}") from None
    except ProgramError as err:
        raise ArtifactError(f"{path}: the stored source does not parse:\n{err}") from None
    kind = kinds.of(program)
    compiled = kind.compile(program)
    if kind.network(compiled).encoder is None:
        raise ArtifactError(f"{path}: holds a network of kind {meta['kind']}; `rnnprog run "
                            "FILE.onnx` runs register programs (whose inputs an encoder puts in "
                            "h(0)) only; run this one with onnxruntime directly "
                            "(inputs x, h0; see its metadata `encoding` and `decoding`)")
    network = networks.build(program, "float32")
    metadata.compare(meta, metadata.describe(network, meta["source"], meta["source_name"]), path)
    _verify_graph(model, network, path)
    _verify_nodes(model, network, path)
    session = onnxruntime.InferenceSession(model.SerializeToString(),
                                           providers=["CPUExecutionProvider"])
    return OnnxProgram(path, program, meta, session, tuple(json.loads(meta["labels"])), kind, compiled)


def _verify_graph(model, network: networks.Network, path: str) -> None:
    """The graph must be RNN(Relu) + readout with exactly the compiled weights."""
    from onnx import numpy_helper

    ops = [node.op_type for node in model.graph.node]
    if not set(ops) <= ALLOWED_OPS or ops.count("RNN") != 1 or ops.count("MatMul") != 1:
        raise ArtifactError(f"{path}: unexpected graph (ops {ops}); export it again with "
                            "`rnnprog export`")
    weights = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    rnn = next(node for node in model.graph.node if node.op_type == "RNN")
    readout = next(node for node in model.graph.node if node.op_type == "MatMul")
    tensors = network.tensors()
    expected = {rnn.input[1]: tensors["rnn.weight_ih_l0"][None],
                rnn.input[2]: tensors["rnn.weight_hh_l0"][None],
                rnn.input[3]: np.concatenate([tensors["rnn.bias_ih_l0"],
                                              tensors["rnn.bias_hh_l0"]])[None],
                readout.input[1]: tensors["readout.weight"].T}
    for name, want in expected.items():
        got = weights.get(name)
        if got is None or got.shape != want.shape or not np.array_equal(got, want):
            raise ArtifactError(f"{path}: weight {name} differs from compiling the stored source "
                                "again" + metadata.version_note(onnx_export.stored_metadata(model)))


def _verify_nodes(model, network: networks.Network, path: str) -> None:
    """Every node must be the fresh export's: same op, same inputs and outputs, and every
    attribute (activations, direction, clip, hidden_size, layout, ...) equal, none added.

    Raises:
        ArtifactError: naming the node and the attribute that differs.
    """
    import onnx
    from onnx import helper

    fresh = onnx.load_from_string(onnx_export.trace_bytes(network)).graph.node
    nodes = model.graph.node
    if len(nodes) != len(fresh):
        raise ArtifactError(f"{path}: the graph has {len(nodes)} nodes, the export has {len(fresh)}")
    for got, want in zip(nodes, fresh):
        where = f"{path}: node {got.name or got.op_type} ({got.op_type})"
        if (got.op_type, list(got.input), list(got.output)) != (want.op_type, list(want.input),
                                                                 list(want.output)):
            raise ArtifactError(f"{where} is not the export's {want.op_type} node with the same "
                                "inputs and outputs; export it again with `rnnprog export`")
        have = {a.name: helper.get_attribute_value(a) for a in got.attribute}
        expect = {a.name: helper.get_attribute_value(a) for a in want.attribute}
        for name in sorted(have.keys() | expect.keys()):
            if _plain(have.get(name)) != _plain(expect.get(name)):
                raise ArtifactError(f"{where}: attribute `{name}` is {_plain(have.get(name))!r}, "
                                    f"the export has {_plain(expect.get(name))!r}")


def _plain(value):
    """An attribute value comparable across exports (bytes as text, tensors as arrays' lists)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "dims"):  # a TensorProto
        from onnx import numpy_helper

        return numpy_helper.to_array(value).tolist()
    return value


@dataclass
class OnnxRun:
    """Every row's result (the kind's own), the ticks run and the wall time."""

    results: list
    ticks: int
    seconds: float


def run_batch(compiled: OnnxProgram, rows: Sequence[Mapping[str, object]], *, device=None,
              dtype=None, max_steps: int | None = None, record: bool = False) -> OnnxRun:
    """Run input rows through the ONNX network until each halts or `max_steps` ticks pass.

    Raises:
        InputError: bad inputs. PrecisionError: the kind's float32 guard (a register at 2^24).
        DeviceError: a device other than the CPU, a dtype other than float32, or record=True.
    """
    if device not in (None, "auto", "cpu") or dtype not in (None, "float32") or record:
        raise DeviceError("an ONNX export runs on onnxruntime's CPU provider in float32, without "
                          "traces; for other devices, dtypes or --trace run the source or .rnn file")
    start = time.perf_counter()
    kind, program = compiled.kind, compiled.compiled
    budget = kind.default_max_steps if max_steps is None else max_steps
    ir = kind.network(program)
    guard = kind.hooks(program, "float32")
    h0 = kind.initial_states(program, rows)
    guard.start(h0)
    h = h0.astype(np.float64).astype(np.float32)[None]  # (1, B, H), exact below 2^24
    halt = list(ir.halt_units)
    steps = np.where(h[0][:, halt].sum(-1) > 0.5, 0, -1)
    tick = 0
    while tick < budget and (steps < 0).any():
        running = steps < 0
        room = guard.safe_ticks(torch.from_numpy(h[0][running]), torch.from_numpy(np.flatnonzero(running)),
                                tick)
        chunk = min(CHUNK_TICKS, budget - tick, room)
        x = np.zeros((chunk, h.shape[1], 1), dtype=np.float32)
        states, h = compiled.session.run(["states", "h_n"], {"x": x, "h0": h})
        for b in np.flatnonzero(running):
            done = np.flatnonzero(states[:, b][:, halt].sum(-1) > 0.5)
            if done.size:
                steps[b] = tick + int(done[0]) + 1
        tick += chunk
    halted = steps >= 0
    results = kind.results(program, h[0].astype(np.float64), np.where(halted, steps, budget), halted,
                           DEVICE, "float32")
    return OnnxRun(results, tick, time.perf_counter() - start)
