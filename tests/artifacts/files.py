"""Helpers that write compiled-program files and damage them in exact, named ways."""

from __future__ import annotations

import json
import struct
from pathlib import Path

from rnnprog import artifacts

PROGRAMS = Path(__file__).resolve().parents[2] / "programs"
#: One small program of each built-in kind (test_files checks this covers kinds.BUILTIN).
SOURCES = {"rm": PROGRAMS / "add.rm", "iir": PROGRAMS / "low-pass.iir", "tm": PROGRAMS / "bb2.tm",
           "seq": PROGRAMS / "parity.seq", "py": PROGRAMS / "gcd.py"}


def compiled_file(tmp_path: Path, kind: str = "rm") -> Path:
    """Compile the kind's program into tmp_path and return the .rnn path."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    out = tmp_path / f"{kind}.rnn"
    artifacts.save(SOURCES[kind], out)
    return out


def split(path: Path) -> tuple[dict, bytes]:
    """A safetensors file as (header JSON object, data section)."""
    data = path.read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    return json.loads(data[8:8 + length]), data[8 + length:]


def join(path: Path, header: dict, body: bytes) -> Path:
    """Write a header object and a data section as a safetensors file (no checks at all)."""
    text = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(text)) + text + body)
    return path


def edit_metadata(path: Path, **changes: str) -> Path:
    """Rewrite metadata values, keeping the tensors byte for byte."""
    header, body = split(path)
    header["__metadata__"].update(changes)
    return join(path, header, body)
