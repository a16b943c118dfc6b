"""Run an exported register program through onnxruntime, decoding it with the file's own metadata.

This proves an export is complete: h(0) comes from the encoder stored in the metadata, the ONNX
RNN runs in chunks of ticks until each row's halt unit is 1, and registers are read by label.
Before running, the file is verified like a .rnn file: its source is compiled again and the
graph's weights (RNN W, R, B and the readout) must equal that compilation exactly.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rnnprog import api
from rnnprog.artifacts import metadata, networks, onnx_export
from rnnprog.errors import ArtifactError, DeviceError, PrecisionError, ProgramError
from rnnprog.rm.result import DEFAULT_MAX_STEPS, Result
from rnnprog.rm.runtime import BatchRun, initial_states

#: float32 holds every integer below 2^24 exactly; registers must stay below it.
FLOAT32_LIMIT = 2 ** 24
CHUNK_TICKS = 4096
DEVICE = "onnxruntime-cpu"
ALLOWED_OPS = {"RNN", "Constant", "Squeeze", "MatMul"}


@dataclass(eq=False)
class OnnxProgram:
    """A verified ONNX export of a register program, ready to run."""

    path: str
    program: object
    metadata: dict[str, str]
    session: object
    labels: tuple[str, ...]
    encoder: np.ndarray

    @property
    def units(self) -> int:
        return len(self.labels)

    def unit(self, label: str) -> int:
        return self.labels.index(label)


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
    except Exception as err:  # protobuf decode errors and OSError alike: never a traceback
        raise ArtifactError(f"{path}: not a readable ONNX model: {err}") from None
    meta = onnx_export.stored_metadata(model)
    metadata.check_format(meta, path)
    if meta["kind"] != "rm":
        raise ArtifactError(f"{path}: holds a network of kind {meta['kind']}; `rnnprog run "
                            "FILE.onnx` runs register programs (rm) only; run this one with "
                            "onnxruntime directly "
                            "(inputs x, h0; see its metadata `encoding` and `decoding`)")
    try:
        program = api.parse(meta["source"], f"{path}[source {meta['source_name']}]", kind="rm")
    except ProgramError as err:
        raise ArtifactError(f"{path}: the stored source does not parse:\n{err}") from None
    network = networks.build(program, "float32")
    metadata.compare(meta, metadata.describe(network, meta["source"], meta["source_name"]), path)
    _verify_graph(model, network, path)
    session = onnxruntime.InferenceSession(model.SerializeToString(),
                                           providers=["CPUExecutionProvider"])
    encoder = np.array(json.loads(meta["encoding"])["encoder"], dtype=np.int64)
    return OnnxProgram(path, program, meta, session, tuple(json.loads(meta["labels"])), encoder)


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


def run_batch(compiled: OnnxProgram, rows: Sequence[Mapping[str, object]], *, device=None,
              dtype=None, max_steps: int = DEFAULT_MAX_STEPS, record: bool = False) -> BatchRun:
    """Run input rows through the ONNX network until each halts or `max_steps` ticks pass.

    Raises:
        InputError: bad inputs. PrecisionError: a register would reach 2^24 (float32).
        DeviceError: a device other than the CPU, a dtype other than float32, or record=True.
    """
    if device not in (None, "auto", "cpu") or dtype not in (None, "float32") or record:
        raise DeviceError("an ONNX export runs on onnxruntime's CPU provider in float32, without "
                          "traces; for other devices, dtypes or --trace run the source or .rnn file")
    start = time.perf_counter()
    decoding = json.loads(compiled.metadata["decoding"])
    halt = compiled.unit(decoding["halt"])
    registers = {name: compiled.unit(label) for name, label in decoding["registers"].items()}
    h = initial_states(compiled_view(compiled), rows).astype(np.float64)  # exact ints (B, H)
    _room(h, registers, 0)
    h = h.astype(np.float32)[None]  # (1, B, H)
    steps = np.where(h[0, :, halt] == 1, 0, -1)
    tick = 0
    while tick < max_steps and (steps < 0).any():
        running = steps < 0
        chunk = min(CHUNK_TICKS, max_steps - tick, _room(h[0][running], registers, tick))
        x = np.zeros((chunk, h.shape[1], 1), dtype=np.float32)
        states, h = compiled.session.run(["states", "h_n"], {"x": x, "h0": h})
        for b in np.flatnonzero(running):
            done = np.flatnonzero(states[:, b, halt] == 1)
            if done.size:
                steps[b] = tick + int(done[0]) + 1
        tick += chunk
    results = [_result(compiled, h[0, b], int(s), max_steps, registers, halt)
               for b, s in enumerate(steps)]
    return BatchRun(results, tick, time.perf_counter() - start)


def compiled_view(compiled: OnnxProgram):
    """What rm.runtime.initial_states reads: the program (for input checks) and the encoder."""
    return _EncoderView(compiled.program, compiled.encoder)


@dataclass(frozen=True)
class _EncoderView:
    program: object
    encoder: np.ndarray


def _room(h: np.ndarray, registers: dict[str, int], tick: int) -> int:
    """How many ticks run exactly: a register grows by at most 1 per tick and must stay below 2^24.

    Raises:
        PrecisionError: a register already holds 2^24 - 1 or more.
    """
    room = FLOAT32_LIMIT
    for name, unit in registers.items():
        value = int(np.max(h[:, unit], initial=0))
        if value >= FLOAT32_LIMIT - 1:
            raise PrecisionError(f"register {name} holds {value} at step {tick}, but float32 counts "
                                 "exactly only below 2^24 and ONNX runs in float32; run the source "
                                 "or .rnn file with --dtype float64 or --dtype exact")
        room = min(room, FLOAT32_LIMIT - 1 - value)
    return room


def _result(compiled: OnnxProgram, h: np.ndarray, steps: int, max_steps: int,
            registers: dict[str, int], halt: int) -> Result:
    """Decode one row's final state by the metadata's labels."""
    values = {name: int(h[unit]) for name, unit in registers.items()}
    halted = steps >= 0 and int(h[halt]) == 1
    outputs = {name: values[name] for name in json.loads(compiled.metadata["decoding"])["outputs"]}
    count = steps if halted else max_steps
    ticks = count * int(compiled.metadata["ticks_per_step"])
    return Result(outputs, values, count, halted, ticks=ticks, units=compiled.units,
                  device=DEVICE, dtype="float32")
