"""A sequence program exported to ONNX gives, in onnxruntime, exactly the stock module's states and
readout on one-hot input sequences (the ONNX RNN op consumes sequences natively)."""

import numpy as np
import pytest
import torch

import rnnprog
from rnnprog.artifacts import networks, onnx_export


@pytest.mark.parametrize("name", ["parity.seq", "anbn.seq", "unary_echo.seq"])
def test_onnxruntime_matches_the_stock_module(tmp_path, name):
    onnxruntime = pytest.importorskip("onnxruntime")
    path = f"programs/{name}"
    program = rnnprog.load(path)
    out = tmp_path / "x.onnx"
    onnx_export.export(program, open(path).read(), name, str(out))
    network = networks.build(program, "float32")
    size = network.rnn.input_size
    x = np.eye(size, dtype=np.float32)[np.random.default_rng(0).integers(0, size, size=(25, 4))]
    h0 = np.zeros((1, 4, network.rnn.hidden_size), dtype=np.float32)
    session = onnxruntime.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    states, _, readout = session.run(None, {"x": x, "h0": h0})
    with torch.no_grad():
        want, _ = network.rnn(torch.from_numpy(x), torch.from_numpy(h0))
        assert np.array_equal(states, want.numpy())
        assert np.array_equal(readout, network.readout(want).numpy())
