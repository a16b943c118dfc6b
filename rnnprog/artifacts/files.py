"""Save a compiled program as one safetensors file, and read one back only after verifying it.

Reading never unpickles and never runs code from the file: the header is validated by
`header.parse`, the tensors are read by safetensors (raw numbers only), the stored source is
parsed (not executed) and compiled again, and every stored weight, label and metadata value
must equal that fresh compilation exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import safetensors.numpy

from rnnprog import kinds, source
from rnnprog.artifacts import header, metadata, networks
from rnnprog.errors import ArtifactError, ProgramError

#: The extension of compiled-program files.
SUFFIX = ".rnn"
#: Stored weights are float64, so float32 and float64 networks can both be rebuilt exactly.
STORED_DTYPE = "float64"


@dataclass(eq=False)
class Artifact:
    """A verified compiled-program file: its program, network (float64) and metadata."""

    path: str
    program: object
    network: networks.Network
    metadata: dict[str, str]
    tensors: dict[str, np.ndarray]

    @property
    def kind(self) -> str:
        return self.metadata["kind"]

    def __repr__(self) -> str:
        return (f"Artifact({self.path}: {self.kind} program {self.metadata['source_name']}, "
                f"{len(self.network.labels)} units)")


def save(program_path: str | Path, out: str | Path) -> Artifact:
    """Compile the program file `program_path` and write it to `out` as safetensors.

    Raises:
        ProgramError: the program does not parse. ArtifactError: `out` cannot be written.
    """
    program_path = Path(program_path)
    text = source.read_text(program_path)
    program = source.parse_file(program_path)
    network = networks.build(program, STORED_DTYPE)
    meta = metadata.describe(network, text, program_path.name)
    tensors = network.tensors()
    data = header.serialize(tensors, meta)  # same program, same bytes
    try:
        Path(out).write_bytes(data)
    except OSError as err:
        raise ArtifactError(f"{out}: cannot write: {err.strerror}") from None
    return Artifact(str(out), program, network, meta, tensors)


def read(path: str | Path) -> Artifact:
    """Read, validate and verify a compiled-program file.

    Raises:
        ArtifactError: unreadable, truncated or corrupt file, another format version, a stored
            source that does not parse, or weights/labels/metadata that differ from compiling
            the stored source again (the message names the first differing tensor or unit).
    """
    path = str(path)
    if Path(path).exists() and not Path(path).is_file():  # a FIFO or a device would block
        raise ArtifactError(f"{path}: not a regular file")
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise ArtifactError(f"{path}: cannot read: {err.strerror}") from None
    head = header.parse(data, path)
    metadata.check_format(head.metadata, path)
    try:
        tensors = safetensors.numpy.load(data)
    except Exception as err:  # noqa: BLE001 - safetensors raises its own error types; never a traceback
        raise ArtifactError(f"{path}: corrupt tensor data: {err}") from None
    program = _program(head.metadata, path)
    network = networks.build(program, STORED_DTYPE)
    expected = metadata.describe(network, head.metadata["source"], head.metadata["source_name"])
    metadata.compare(head.metadata, expected, path)
    _compare_tensors(tensors, network, head.metadata, path)
    return Artifact(path, program, network, head.metadata, tensors)


def _program(meta: dict[str, str], path: str):
    """Parse the stored source with the parser of the stored kind (parsing runs no code)."""
    kind = meta["kind"]
    if kind not in [k.name for k in kinds.all_kinds()]:
        raise ArtifactError(f"{path}: unknown program kind {kind!r}; this rnnprog knows "
                            + ", ".join(k.name for k in kinds.all_kinds()))
    name = f"{path}[source {meta['source_name']}]"
    try:
        return kinds.get(kind).parse(meta["source"], name)
    except ProgramError as err:
        raise ArtifactError(f"{path}: the stored source does not parse:\n{err}") from None


def _compare_tensors(stored: dict[str, np.ndarray], network: networks.Network,
                     meta: dict[str, str], path: str) -> None:
    """Every tensor must have the recompiled name, dtype, shape and exact values."""
    expected = network.tensors()
    if set(stored) != set(expected):
        raise ArtifactError(f"{path}: the file holds tensors {sorted(stored)}, the program "
                            f"compiles to {sorted(expected)}" + metadata.version_note(meta))
    for name, want in expected.items():
        got = stored[name]
        if got.dtype != want.dtype or got.shape != want.shape:
            raise ArtifactError(f"{path}: tensor {name} is {got.dtype} {got.shape}, the program "
                                f"compiles to {want.dtype} {want.shape}" + metadata.version_note(meta))
        if not np.array_equal(got, want):
            raise ArtifactError(f"{path}: tensor {name} differs from the compiled program "
                                + _first_difference(got, want, name, network.labels)
                                + metadata.version_note(meta))


def _first_difference(got: np.ndarray, want: np.ndarray, name: str, labels) -> str:
    """Where two equal-shaped weight tensors first differ, naming the unit by its label."""
    index = tuple(int(i) for i in np.argwhere(got != want)[0])
    row = index[0]
    unit = labels[row] if name.startswith("rnn.") or name == "encoder" else f"output {row}"
    return (f"at unit {unit!r} (index {index}): the file has {float(got[index])!r}, the compiler "
            f"gives {float(want[index])!r}")
