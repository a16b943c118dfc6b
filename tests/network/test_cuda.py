"""CPU and CUDA compute the same states for each kind (marked cuda: skipped without a GPU), and
the stock module's fallback where cuDNN refuses a call (tested on the CPU with a stand-in)."""

from types import SimpleNamespace

import numpy as np
import pytest
import scipy.signal
import torch

import rnnprog
from rnnprog import load
from rnnprog.network import kernels, runner
from rnnprog.rm import compile as compile_rm
from rnnprog.rm.guard import Guard
from rnnprog.rm.runtime import start_states
from rnnprog.seq import runtime as seq_runtime
from rnnprog.tm import runtime as tm_runtime

CUDA = torch.device("cuda")


class Refusing:
    """A stand-in module whose first call fails as cuDNN does on the H200 (lfilter float64)."""

    def __init__(self):
        self.calls = []

    def __call__(self, _x, _h):
        self.calls.append(torch.backends.cudnn.enabled)
        if len(self.calls) == 1:
            raise RuntimeError("cuDNN error: CUDNN_STATUS_NOT_SUPPORTED. This error may appear if "
                               "you passed in a non-contiguous input.")
        return "out", "h"


def test_a_call_cudnn_refuses_runs_again_without_cudnn_and_stays_so():
    module, x = Refusing(), SimpleNamespace(device=SimpleNamespace(type="cuda"))
    assert kernels.stock(module, x, None) == ("out", "h")
    assert kernels.stock(module, x, None) == ("out", "h")
    assert module.calls == [torch.backends.cudnn.enabled, False, False] and module.cudnn_refused


def test_other_errors_and_cpu_errors_are_not_swallowed():
    module = Refusing()
    with pytest.raises(RuntimeError, match="CUDNN_STATUS"):
        kernels.stock(module, SimpleNamespace(device=SimpleNamespace(type="cpu")), None)


def test_a_cuda_chunk_of_the_stock_module_holds_hundreds_of_ticks_at_65536_rows():
    cuda, cpu = torch.device("cuda"), torch.device("cpu")  # device objects: no GPU needed
    assert runner._chunk_ticks(65_536, 23, 4096, "rnn", True, cuda) == 712
    assert runner._chunk_ticks(65_536, 23, 4096, "rnn", True, cpu) == 1


@pytest.mark.cuda
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_register_states_on_cuda_equal_cpu_for_every_kernel(dtype):
    compiled = compile_rm(load("programs/mul.rm"))
    rng = np.random.default_rng(0)
    h0 = start_states(compiled, {"a": rng.integers(0, 30, 3000), "b": rng.integers(0, 30, 3000)})
    runs = {}  # the fused kernel's CPU executor is compared with the stock module in test_fused.py
    for device, backend in [("cpu", "rnn"), ("cpu", "sparse"), ("cuda", "rnn"), ("cuda", "sparse"),
                            ("cuda", "fused")]:
        runs[device, backend] = runner.run(compiled.network, h0, dtype=dtype,
                                           device=torch.device(device), max_steps=5000,
                                           backend=backend, hooks=Guard(compiled, dtype))
    want = runs["cpu", "rnn"]
    for run in runs.values():
        assert np.array_equal(run.final.astype(np.float64), want.final)
        assert np.array_equal(run.steps, want.steps) and np.array_equal(run.halted, want.halted)


@pytest.mark.cuda
def test_sequence_states_on_cuda_equal_cpu():
    compiled = rnnprog.compile(load("programs/dyck.seq"))
    rng = np.random.default_rng(0)
    texts = ["".join(rng.choice(["(", ")"], size=n)) for n in rng.integers(0, 60, 300)]
    for dtype in ("float32", "float64"):
        cpu = seq_runtime.run_batch(compiled, texts, dtype=dtype, device="cpu", record=True)
        gpu = seq_runtime.run_batch(compiled, texts, dtype=dtype, device="cuda", record=True)
        assert all(np.array_equal(a, b) for a, b in zip(cpu.states, gpu.states))


@pytest.mark.cuda
def test_turing_states_on_cuda_equal_cpu():
    compiled = tm_runtime._as_compiled(load("programs/bb4.tm"))
    h0 = np.array([tm_runtime.codec.encode(compiled, tm_runtime.initial_config(compiled.program, "", 0))],
                  dtype=object)
    states = [runner.run(compiled.network, h0, dtype="float64", device=torch.device(device),
                         max_steps=200, record=True, backend="rnn",
                         hooks=tm_runtime.Guard(compiled, "float64", 200)).states
              for device in ("cpu", "cuda")]
    assert np.array_equal(*states)


@pytest.mark.cuda
def test_filters_on_cuda_match_cpu_within_rounding_and_the_large_float64_step_runs():
    b, a = scipy.signal.butter(4, 0.2)
    x = np.random.default_rng(0).standard_normal((1000, 10_000))
    want = scipy.signal.lfilter(b, a, x)
    for method in ("step", "scan"):
        got = rnnprog.lfilter(b, a, x, device="cuda", method=method)
        # not bitwise: non-integer weights round differently in cuDNN's and MKL's orders
        assert np.max(np.abs(got - want)) < 1e-9


@pytest.mark.cuda
def test_long_rows_on_cuda_are_fast_forwarded_after_the_hand_over():
    rows = [{"a": 1000, "b": 1000}, {"a": 3, "b": 4}]
    results = rnnprog.run(load("programs/mul.rm"), rows, device="cuda", dtype="float32",
                          max_steps=2**62)
    assert [(r.outputs["c"], r.steps, r.halted) for r in results] == \
        [(1_000_000, 9_005_001, True), (12, 124, True)]
