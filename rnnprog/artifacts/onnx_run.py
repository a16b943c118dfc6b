"""Run an exported program through onnxruntime: the proof that an export is complete.

Any kind whose inputs go into h(0) through an encoder (register programs) runs: h(0) comes from
the kind's encoding, the ONNX RNN runs in chunks of ticks until each row's halt units are on,
the kind's own float32 guard bounds every chunk, and the kind decodes the final states.
Before running, the file is verified more strictly than a .rnn file: its source is compiled and
exported again, and the model must equal that export field by field with exactly the compiled
weights (onnx_verify), so what onnxruntime runs is what was checked.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from rnnprog import kinds
from rnnprog.artifacts import metadata, networks, onnx_export, onnx_verify
from rnnprog.errors import ArtifactError, DeviceError, ProgramError

CHUNK_TICKS = 4096
DEVICE = "onnxruntime-cpu"


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
        ArtifactError: the extra is missing, the file is not an rnnprog ONNX export, holds a kind
            `rnnprog run` cannot feed, or anything in it (metadata, graph, weights) differs from
            exporting its stored source again (see onnx_verify).
    """
    onnx_export.require_onnx()
    import onnxruntime

    model = _read(path)
    meta = onnx_verify.stored_metadata(model, path)
    metadata.check_format(meta, path)
    program = _program(meta, path)
    kind = kinds.of(program)
    compiled = kind.compile(program)
    _refuse_unfed(kind, compiled, meta, path)
    network = networks.build(program, "float32")
    metadata.compare(meta, metadata.describe(network, meta["source"], meta["source_name"]), path)
    onnx_verify.verify(model, network, meta, path)
    try:
        session = onnxruntime.InferenceSession(model.SerializeToString(),
                                               providers=["CPUExecutionProvider"])
    except Exception as err:  # noqa: BLE001 - a verified export should load; if not, say so plainly
        raise ArtifactError(f"{path}: onnxruntime cannot load it: {err}") from None
    return OnnxProgram(path, program, meta, session, tuple(json.loads(meta["labels"])), kind, compiled)


def _read(path: str):
    """The model in the file, its weights inline and fields unknown to `onnx` dropped: what is
    verified is then exactly what onnxruntime receives (`SerializeToString` of this model).

    Raises:
        ArtifactError: not a regular file, or not a readable ONNX model.
    """
    import onnx

    if Path(path).exists() and not Path(path).is_file():  # a FIFO or a device would block
        raise ArtifactError(f"{path}: not a regular file")
    try:
        model = onnx.load(path, load_external_data=False)  # never open files the model names
    except Exception as err:  # noqa: BLE001 - protobuf decode errors and OSError alike: never a traceback
        raise ArtifactError(f"{path}: not a readable ONNX model: {err}") from None
    model.DiscardUnknownFields()
    return model


def _program(meta: dict[str, str], path: str):
    """Parse the stored source with the parser of the stored kind (parsing runs no code)."""
    try:
        return kinds.get(meta["kind"]).parse(meta["source"], f"{path}[source {meta['source_name']}]")
    except kinds.UnknownKind as err:
        raise ArtifactError(f"{path}: {err}") from None
    except ProgramError as err:
        raise ArtifactError(f"{path}: the stored source does not parse:\n{err}") from None


def _refuse_unfed(kind, compiled, meta: dict[str, str], path: str) -> None:
    """`run_batch` feeds zeros and starts from the encoder's h(0): a network that reads an input
    every tick (sequence programs, filters), has no encoder (Turing machines) or no halt unit
    would run on nonsense, so it is refused with what to do instead.

    Raises:
        ArtifactError: naming why, the stored source and the other ways to run it.
    """
    ir = kind.network(compiled)
    if ir.input_names:
        reason = f"its network reads an input at every tick (x(t) holds {', '.join(ir.input_names)})"
    elif ir.encoder is None:
        reason = "its h(0) is not an encoding of named inputs"
    elif not ir.halt_units:
        reason = "its network has no halt unit"
    else:
        return
    raise ArtifactError(
        f"{path}: `rnnprog run` cannot run this {kind.title}'s ONNX file: {reason}, and it runs "
        "only ONNX files whose networks start from encoded inputs, read nothing per tick and halt "
        f"(register programs, for one). Run {meta['source_name']} instead (this file's metadata "
        "`source` holds its text) or a .rnn file compiled from it, or feed onnxruntime `x` and "
        "`h0` yourself as the metadata `encoding` and `decoding` describe")


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
