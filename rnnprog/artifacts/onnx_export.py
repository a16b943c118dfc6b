"""Export a compiled program to ONNX: the stock RNN and its readout, float32, dynamic batch and length.

The graph is one ONNX `RNN` node (activation Relu) followed by a MatMul for the readout:

    inputs   x  (T, B, I)  the RNN input (I = 1 and zeros where nothing is read per tick,
                           the samples for iir, one-hot symbols for seq)
             h0 (1, B, H)  the initial state (encoding in the metadata)
    outputs  states (T, B, H), h_n (1, B, H), and readout (states @ readout^T)
             where the kind has a linear readout (rm: output registers, iir: y)

It uses torch's TorchScript exporter (`dynamo=False`), which maps nn.RNN to the ONNX RNN op and
keeps both the batch and the sequence length dynamic; torch's newer dynamo exporter unrolls the
recurrence into a fixed number of ticks. The rnnprog metadata goes into `metadata_props`.
"""

from __future__ import annotations

import io
import json
import warnings

import torch

from rnnprog.artifacts import metadata, networks
from rnnprog.errors import ArtifactError

#: What an export is, stored in the ONNX file's metadata next to the rnnprog keys.
ONNX_NOTES = {"onnx_graph": "one ONNX RNN node (Relu) + MatMul readout",
              "onnx_sequence_length": "dynamic", "onnx_batch": "dynamic",
              "onnx_dtype_note": "float32 only: onnxruntime implements RNN in float32, not float64"}
OPSET = 17


class ExportedNetwork(torch.nn.Module):
    """The RNN plus its readout as one module: (x, h0) -> (states, h_n[, readout])."""

    def __init__(self, network: networks.Network):
        super().__init__()
        self.rnn = network.rnn
        self.readout = network.readout

    def forward(self, x: torch.Tensor, h0: torch.Tensor):
        states, h_n = self.rnn(x, h0)
        if self.readout is None:
            return states, h_n
        return states, h_n, self.readout(states)


def require_onnx():
    """Import onnx, or raise ArtifactError saying how to install the extra."""
    try:
        import onnx
    except ImportError:
        raise ArtifactError("ONNX export needs the optional extra: pip install 'rnnprog[onnx]' "
                            "(onnx and onnxruntime)") from None
    return onnx


def export(program, source: str, source_name: str, out: str, *, dtype: str = "float32") -> dict:
    """Write `program`'s network (float32) with its readout and metadata to `out` as ONNX.

    Returns:
        The metadata written (rnnprog keys plus the onnx_* notes).

    Raises:
        ArtifactError: dtype other than float32, the onnx package missing, `out` unwritable.
    """
    if dtype != "float32":
        raise ArtifactError(f"ONNX export is float32 only: onnxruntime's RNN kernel has no {dtype} "
                            "implementation (a float64 RNN fails there with NOT_IMPLEMENTED); "
                            "for float64 use the .rnn file with PyTorch")
    onnx = require_onnx()
    network = networks.build(program, "float32")
    meta = {**metadata.describe(network, source, source_name), **ONNX_NOTES}
    model = onnx.load_from_string(trace_bytes(network))
    for key, value in meta.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    try:
        onnx.save(model, out)
    except OSError as err:
        raise ArtifactError(f"{out}: cannot write: {err.strerror}") from None
    return meta


def trace_bytes(network: networks.Network) -> bytes:
    """The ONNX bytes of the network, traced on a small example with dynamic axes."""
    module = ExportedNetwork(network).eval()
    size = network.rnn.hidden_size
    seq, batch = 0, 1  # every kind's nn.RNN is sequence-first
    x = torch.zeros(3, 2, network.rnn.input_size)
    h0 = torch.zeros(1, 2, size)
    outputs = ["states", "h_n"] + ([] if network.readout is None else ["readout"])
    axes = {"x": {seq: "sequence", batch: "batch"}, "h0": {1: "batch"},
            "states": {seq: "sequence", batch: "batch"}, "h_n": {1: "batch"},
            "readout": {seq: "sequence", batch: "batch"}}
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation and RNN notes
        torch.onnx.export(module, (x, h0), buffer, dynamo=False, opset_version=OPSET,
                          input_names=["x", "h0"], output_names=outputs,
                          dynamic_axes={k: v for k, v in axes.items() if k in ["x", "h0", *outputs]})
    return buffer.getvalue()


def stored_metadata(model) -> dict[str, str]:
    """The metadata_props of a loaded ONNX model as a dict."""
    return {entry.key: entry.value for entry in model.metadata_props}


def describe_export(meta: dict[str, str]) -> str:
    """One line about an export, for the CLI."""
    labels = json.loads(meta["labels"])
    readout = json.loads(meta["decoding"]).get("readout_rows")
    extra = f", readout of {', '.join(readout)}" if readout else ", no linear readout"
    return (f"{meta['kind']} program {meta['source_name']}: ONNX RNN of {len(labels)} units"
            f"{extra}; float32, dynamic batch and sequence length, opset {OPSET}")
