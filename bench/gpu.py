"""Every device measurement in one run, under 4 minutes: a markdown table on standard output.

Run on the GPU machine:  PYTHONPATH=. timeout 300 python bench/gpu.py | tee $OUT/gpu.md
Check the script itself on a CPU (small sizes, "cuda" read as the CPU): python bench/gpu.py --dry-run

Each step runs under its own alarm (and the whole under DEADLINE seconds): a step that runs out
prints `timeout` and the next one starts; rows print as they are measured, so a killed run
still leaves its table. Steps, most important first:
- mul.rm (a, b in 20..40) at 1,024 / 65,536 / 1,048,576 / 4,194,304 rows, per kernel (fused,
  stock nn.RNN, sparse), end to end (input columns in, output columns out), every row's c
  checked against a * b and every row halted;
- CPU == CUDA for each kind (states compared bitwise where the weights are integers or dyadic;
  filters, whose weights are not, by their largest difference);
- dyck.seq at 65,536 inputs x 1,000 symbols (every row's end checked against a numpy reference);
- lfilter scan and step on CUDA against scipy (float64, 4th-order Butterworth).
"""

from __future__ import annotations

import contextlib
import os
import platform
import signal
import sys
import time

import numpy as np
import scipy.signal
import torch

import rnnprog
from rnnprog.network import fused, runner
from rnnprog.rm import compile as compile_rm
from rnnprog.rm import interpret, run_batch
from rnnprog.rm.guard import Guard
from rnnprog.rm.runtime import start_states
from rnnprog.seq import runtime as seq_runtime
from rnnprog.tm import runtime as tm_runtime

PROGRAMS = os.path.join(os.path.dirname(__file__), "..", "programs")
DEADLINE = 230.0  # seconds for everything; each step also has its own limit
BEGAN = time.perf_counter()
DRY = "--dry-run" in sys.argv  # the CPU stands in for the GPU, at a 1/256 of the sizes
DEVICE = "cpu" if DRY else "cuda"
SCALE = 256 if DRY else 1


def sized(n: int) -> int:
    return max(2, n // SCALE)


class StepTimeout(Exception):
    pass


@contextlib.contextmanager
def limit(seconds: float):
    """Raise StepTimeout after `seconds` (or at the deadline, if sooner)."""
    left = DEADLINE - (time.perf_counter() - BEGAN)
    seconds = max(1, int(min(seconds, left)))
    if left < 2:
        raise StepTimeout

    def ring(*_):
        raise StepTimeout
    old = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def row(*cells) -> None:
    print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)


def synced(call):
    """Seconds of call() with the device synchronised before and after."""
    if not DRY:
        torch.cuda.synchronize()
    start = time.perf_counter()
    out = call()
    if not DRY:
        torch.cuda.synchronize()
    return time.perf_counter() - start, out


def interpreter_rate(lowered, seconds: float = 1.0) -> float:
    rng, steps, start = np.random.default_rng(9), 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        a, b = rng.integers(20, 41, 2).tolist()
        steps += interpret(lowered, {"a": a, "b": b}).steps
    return steps / (time.perf_counter() - start)


def mul_rows(compiled, base: float) -> None:
    print("\n## mul.rm, every row checked (c == a * b, halted)\n")
    row("kernel", "rows", "instance-steps/s", "x interpreter", "seconds", "check")
    row(*["---"] * 6)
    rng = np.random.default_rng(0)
    for kernel, seconds in (("fused", 40), ("rnn", 25), ("sparse", 15)):
        try:
            with limit(60):  # compile (Triton) and warm up outside the timing
                run_batch(compiled, {"a": np.array([3, 4]), "b": np.array([5, 6])}, device=DEVICE,
                          backend=kernel)
        except StepTimeout:
            row(kernel, "warm-up", "timeout", "", "", "")
            continue
        for rows in map(sized, (1024, 65_536, 1_048_576, 4_194_304)):
            a, b = rng.integers(20, 41, rows), rng.integers(20, 41, rows)
            try:
                with limit(seconds):
                    took, batch = synced(lambda a=a, b=b, kernel=kernel: run_batch(
                        compiled, {"a": a, "b": b}, device=DEVICE, backend=kernel))
            except StepTimeout:
                row(kernel, f"{rows:,}", "timeout", "", f"> {seconds}", "")
                break  # the larger sizes would time out too
            table = batch.columns
            ok = bool(np.array_equal(table.outputs["c"], a * b) and table.halted.all())
            rate = int(table.steps.sum()) / took
            ratio = rate / base
            row(kernel, f"{rows:,}", f"{rate:.2e}", f"{ratio:,.0f}" if ratio >= 10 else f"{ratio:.2f}",
                f"{took:.2f}",
                "ok" if ok else "WRONG")


def same_on_cpu_and_cuda() -> None:
    print("\n## CPU == CUDA\n")
    row("kind", "what", "compared", "result")
    row(*["---"] * 4)
    checks = [("register (mul.rm)", _rm_states), ("sequence (dyck.seq)", _seq_states),
              ("Turing (bb4.tm)", _tm_states), ("filter (Butterworth)", _iir_outputs)]
    for kind, check in checks:
        try:
            with limit(25):
                for what, compared, result in check():
                    row(kind, what, compared, result)
        except StepTimeout:
            row(kind, "", "", "timeout")
        except Exception as err:  # noqa: BLE001 - the table says what broke and goes on
            row(kind, "", "", f"ERROR {type(err).__name__}: {err}"[:200])


def _rm_states():
    compiled = compile_rm(rnnprog.load(os.path.join(PROGRAMS, "mul.rm")))
    rng = np.random.default_rng(1)
    n = sized(4096)
    h0 = start_states(compiled, {"a": rng.integers(0, 40, n), "b": rng.integers(0, 40, n)})
    for dtype in ("float32", "float64"):
        want = runner.run(compiled.network, h0, dtype=dtype, device=torch.device("cpu"),
                          max_steps=4000, backend="sparse", hooks=Guard(compiled, dtype))
        for backend in ("rnn", "sparse", "fused"):
            got = runner.run(compiled.network, h0, dtype=dtype, device=torch.device(DEVICE),
                             max_steps=4000, backend=backend, hooks=Guard(compiled, dtype))
            same = np.array_equal(got.final, want.final) and np.array_equal(got.steps, want.steps)
            yield f"{dtype}, {backend}", "4,096 final states, steps", "equal" if same else "DIFFER"


def _seq_states():
    compiled = rnnprog.compile(rnnprog.load(os.path.join(PROGRAMS, "dyck.seq")))
    texts = dyck_texts(sized(512), 200, seed=2)
    for dtype in ("float32", "float64"):
        cpu = seq_runtime.run_batch(compiled, texts, dtype=dtype, device="cpu", record=True)
        gpu = seq_runtime.run_batch(compiled, texts, dtype=dtype, device=DEVICE, record=True)
        same = all(np.array_equal(x, y) for x, y in zip(cpu.states, gpu.states))
        yield dtype, "512 rows, every tick's state", "equal" if same else "DIFFER"


def _tm_states():
    compiled = tm_runtime._as_compiled(rnnprog.load(os.path.join(PROGRAMS, "bb4.tm")))
    config = tm_runtime.initial_config(compiled.program, "", 0)
    h0 = np.array([tm_runtime.codec.encode(compiled, config)], dtype=object)
    states = [runner.run(compiled.network, h0, dtype="float64", device=torch.device(device),
                         max_steps=107, record=True, backend="rnn",
                         hooks=tm_runtime.Guard(compiled, "float64", 107)).states
              for device in ("cpu", DEVICE)]
    yield "float64", "107 ticks, every state", "equal" if np.array_equal(*states) else "DIFFER"


def _iir_outputs():
    b, a = scipy.signal.butter(4, 0.2)
    x = np.random.default_rng(3).standard_normal((64, 4096))
    for method in ("step", "scan"):
        cpu = rnnprog.lfilter(b, a, x, device="cpu", method=method)
        gpu = rnnprog.lfilter(b, a, x, device=DEVICE, method=method)
        diff = np.max(np.abs(cpu - gpu))
        yield method, "64 x 4,096 outputs", f"max abs diff {diff:.1e} (not bitwise: real weights)"


def dyck_texts(rows: int, length: int, seed: int) -> list[str]:
    """Inputs whose depth is a reflected random walk: never below 0, so every row reads all its
    symbols; a row ending at depth 0 is accepted, any other rejected at the end symbol."""
    steps = np.random.default_rng(seed).choice(np.array([-1, 1], dtype=np.int8), size=(rows, length))
    depth = np.abs(np.cumsum(steps, axis=1, dtype=np.int32))
    previous = np.concatenate([np.zeros((rows, 1), np.int32), depth[:, :-1]], axis=1)
    chars = np.where(depth > previous, ord("("), ord(")")).astype(np.uint8)
    return [line.tobytes().decode("ascii") for line in chars]


def dyck_batch() -> None:
    print("\n## dyck.seq, 65,536 inputs x 1,000 symbols (float32)\n")
    row("device", "symbols/s", "seconds", "check")
    row(*["---"] * 4)
    compiled = rnnprog.compile(rnnprog.load(os.path.join(PROGRAMS, "dyck.seq")))
    rows, length = sized(65_536), 1000 // (10 if DRY else 1)
    texts = dyck_texts(rows, length, seed=4)
    accepted = np.array([t.count("(") == t.count(")") for t in texts])
    seq_runtime.run_batch(compiled, texts[:4], device=DEVICE)  # warm-up
    try:
        with limit(60):
            took, batch = synced(lambda: seq_runtime.run_batch(compiled, texts, device=DEVICE))
    except StepTimeout:
        row("cuda", "timeout", "> 60", "")
        return
    ends = np.array([r.end == "accepted" for r in batch.results])
    ticks = np.array([r.ticks for r in batch.results])
    ok = np.array_equal(ends, accepted) and (ticks == length + 1).all()
    row(DEVICE, f"{rows * length / took:,.0f}", f"{took:.2f}", "ok" if ok else "WRONG")


def filters() -> None:
    print("\n## lfilter on CUDA against scipy (float64, 4th-order Butterworth)\n")
    row("workload", "method", "seconds", "samples/s", "x scipy time", "max abs diff")
    row(*["---"] * 6)
    b, a = scipy.signal.butter(4, 0.2)
    rng = np.random.default_rng(5)
    for name, shape in (("1,000 x 10,000", (1000, 10_000)), ("1 x 1,000,000", (1, 1_000_000))):
        x = rng.standard_normal((shape[0], shape[1] // (100 if DRY else 1)))
        start = time.perf_counter()
        want = scipy.signal.lfilter(b, a, x)
        base = time.perf_counter() - start
        row(name, "scipy (cpu)", f"{base:.4f}", f"{x.size / base:,.0f}", "1.00", "0")
        for method in ("scan", "step"):
            try:
                with limit(30):
                    rnnprog.lfilter(b, a, x[..., :1000], device=DEVICE, method=method)  # warm-up
                    took, got = synced(lambda x=x, method=method: rnnprog.lfilter(
                        b, a, x, device=DEVICE, method=method))
            except StepTimeout:
                row(name, method, "timeout", "", "", "")
                continue
            except Exception as err:  # noqa: BLE001 - the crash this table is here to catch
                row(name, method, f"ERROR {type(err).__name__}: {err}"[:200], "", "", "")
                continue
            row(name, method, f"{took:.4f}", f"{x.size / took:,.0f}", f"{took / base:.2f}",
                f"{np.max(np.abs(got - want)):.1e}")


def main() -> None:
    if not torch.cuda.is_available() and not DRY:
        sys.exit("bench/gpu.py needs a CUDA device (or --dry-run to check the script on a CPU)")
    triton = "none"
    if fused.triton_available():
        import triton as triton_module

        triton = triton_module.__version__
    name = "dry run on the CPU" if DRY else torch.cuda.get_device_name()
    print(f"# {name}, torch {torch.__version__}, triton {triton}, "
          f"Python {platform.python_version()}, {os.cpu_count()} CPU cores")
    compiled = compile_rm(rnnprog.load(os.path.join(PROGRAMS, "mul.rm")))
    base = interpreter_rate(compiled.lowered)
    print(f"\ninterpreter (Python, this machine's CPU): {base:,.0f} steps/s")
    for step in (mul_rows, same_on_cpu_and_cuda, dyck_batch, filters):
        try:
            step(compiled, base) if step is mul_rows else step()
        except StepTimeout:
            print(f"\n{step.__name__}: out of time (deadline {DEADLINE:.0f} s)")
    print(f"\ntotal {time.perf_counter() - BEGAN:.0f} s")


if __name__ == "__main__":
    main()
