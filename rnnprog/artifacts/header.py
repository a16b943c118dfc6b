"""Read and validate a safetensors header ourselves, before any library trusts its sizes.

Layout: 8 bytes little-endian header length N, N bytes of JSON, then the data section. The
JSON maps tensor names to {dtype, shape, data_offsets} (offsets into the data section) and may
hold `__metadata__`, a mapping of strings to strings. A header that lies about sizes, offsets,
dtypes or overlaps, or names a key twice, becomes an ArtifactError that says what is wrong.
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass

from rnnprog.errors import ArtifactError

#: Bytes per element of each safetensors dtype this reader accepts.
DTYPE_SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1,
               "U8": 1, "BOOL": 1}
#: The largest header we read (safetensors itself caps headers at 100 MB).
MAX_HEADER_BYTES = 100_000_000


@dataclass(frozen=True)
class TensorSpec:
    """One tensor's entry: dtype, shape and its byte range in the data section."""

    name: str
    dtype: str
    shape: tuple[int, ...]
    begin: int
    end: int


@dataclass(frozen=True)
class Header:
    """A validated header: the metadata strings, every tensor's spec, and where data starts."""

    metadata: dict[str, str]
    tensors: dict[str, TensorSpec]
    data_start: int


def parse(data: bytes, path: str) -> Header:
    """Validate the header of a safetensors file held in `data`.

    Raises:
        ArtifactError: truncated file, header length past the end, bad JSON, bad metadata, or a
            tensor entry whose dtype, shape or offsets do not fit the data section exactly.
    """
    if len(data) < 8:
        raise ArtifactError(f"{path}: truncated: {len(data)} bytes, but a safetensors file starts "
                            "with an 8-byte header length")
    (length,) = struct.unpack("<Q", data[:8])
    if length > min(len(data) - 8, MAX_HEADER_BYTES):
        raise ArtifactError(f"{path}: truncated or corrupt: the header length says {length} bytes, "
                            f"but only {len(data) - 8} bytes follow it")
    try:
        header = json.loads(data[8:8 + length].decode("utf-8"), object_pairs_hook=_unique_keys)
    except DuplicateKey as err:
        raise ArtifactError(f"{path}: corrupt header: `{err}` appears more than once in one JSON "
                            "object (readers may take different copies)") from None
    except (UnicodeDecodeError, ValueError) as err:
        raise ArtifactError(f"{path}: not a safetensors file: its header is not JSON ({err})") from None
    except RecursionError:  # JSON nested deeper than Python's decoder goes
        raise ArtifactError(f"{path}: not an rnnprog file: its header nests JSON too deeply") from None
    if not isinstance(header, dict):
        raise ArtifactError(f"{path}: not a safetensors file: its header is not a JSON object")
    metadata = _metadata(header.pop("__metadata__", None), path)
    specs = {name: _spec(name, entry, path) for name, entry in header.items()}
    _check_layout(specs, len(data) - 8 - length, path)
    return Header(metadata, specs, 8 + length)


class DuplicateKey(ValueError):
    """A JSON object names a key twice; the message is the key."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """json's object hook: a dict, refusing a repeated key (json.loads would keep the last copy,
    another reader the first)."""
    seen = set()
    for key, _ in pairs:
        if key in seen:
            raise DuplicateKey(key)
        seen.add(key)
    return dict(pairs)


def _metadata(value, path: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ArtifactError(f"{path}: corrupt header: __metadata__ must map strings to strings")
    return value


def _spec(name: str, entry, path: str) -> TensorSpec:
    """One tensor entry, checked on its own: known dtype, natural shape, offsets that match it."""
    where = f"{path}: corrupt header: tensor {name!r}"
    if not isinstance(entry, dict) or set(entry) != {"dtype", "shape", "data_offsets"}:
        raise ArtifactError(f"{where} must have exactly dtype, shape and data_offsets")
    dtype, shape, offsets = entry["dtype"], entry["shape"], entry["data_offsets"]
    if dtype not in DTYPE_SIZES:
        raise ArtifactError(f"{where} has unsupported dtype {dtype!r}")
    if not isinstance(shape, list) or not all(_natural(n) for n in shape):
        raise ArtifactError(f"{where} has a bad shape {shape!r}")
    if (not isinstance(offsets, list) or len(offsets) != 2 or not all(map(_natural, offsets))
            or offsets[0] > offsets[1]):
        raise ArtifactError(f"{where} has bad data_offsets {offsets!r}")
    size = math.prod(shape) * DTYPE_SIZES[dtype]
    if offsets[1] - offsets[0] != size:
        raise ArtifactError(f"{where} claims {offsets[1] - offsets[0]} bytes, but {dtype} "
                            f"{tuple(shape)} needs {size}")
    return TensorSpec(name, dtype, tuple(shape), offsets[0], offsets[1])


def _natural(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_layout(specs: dict[str, TensorSpec], data_bytes: int, path: str) -> None:
    """The tensors must tile the data section exactly: in order, no gap, no overlap, no excess."""
    position = 0
    for spec in sorted(specs.values(), key=lambda s: (s.begin, s.end)):
        if spec.begin != position:
            problem = "overlaps another" if spec.begin < position else "leaves a gap before it"
            raise ArtifactError(f"{path}: corrupt header: tensor {spec.name!r} at bytes "
                                f"{spec.begin}..{spec.end} {problem}")
        position = spec.end
    if position != data_bytes:
        state = "truncated" if position > data_bytes else "corrupt"
        raise ArtifactError(f"{path}: {state}: the header describes {position} bytes of tensor "
                            f"data, the file holds {data_bytes}")


def serialize(tensors: dict, metadata: dict[str, str]) -> bytes:
    """A safetensors file's bytes with a deterministic header: keys sorted, tensors in name order.

    (safetensors' own writer orders metadata by a hash map, so equal inputs give other bytes.)
    The header is padded with spaces to a multiple of 8 bytes, as safetensors does.
    """
    names = {"float64": "F64", "float32": "F32", "int64": "I64"}
    entries, chunks, offset = {}, [], 0
    for name in sorted(tensors):
        array = tensors[name]
        raw = array.astype(array.dtype.newbyteorder("<"), order="C").tobytes()
        entries[name] = {"dtype": names[array.dtype.name], "shape": list(array.shape),
                         "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps({"__metadata__": dict(sorted(metadata.items())), **entries},
                      separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)
