"""Compiled programs as files: safetensors (.rnn) save/load with verification, and ONNX export.

`files.save(program_path, out)` writes weights plus metadata; `files.read(path)` validates the
header, recompiles the stored source and requires the stored weights to match exactly.
ONNX export and running (`onnx_export`, `onnx_run`) need the optional extra `rnnprog[onnx]`.
"""

from rnnprog.artifacts.files import SUFFIX, Artifact, read, save
from rnnprog.artifacts.metadata import FORMAT_VERSION

__all__ = ["FORMAT_VERSION", "SUFFIX", "Artifact", "read", "save"]
