"""Filter benchmark: rnnprog.lfilter (step RNN, scan, CUDA if present) against scipy.signal.lfilter."""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
import scipy.signal
import torch

from rnnprog import iir

WORKLOADS = {"1 x 1,000,000": (1, 1_000_000), "1,000 x 10,000": (1_000, 10_000)}


def best_time(call, repeats: int) -> float:
    """The fastest of `repeats` runs, in seconds (after one warm-up run)."""
    call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-step-single", action="store_true",
                        help="skip the slow sequential RNN on the 1,000,000-sample signal")
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="torch CPU threads (default: every core; scipy's lfilter uses one). "
                             "The step method runs one shard of the batch per thread")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    b, a = scipy.signal.butter(4, 0.2)  # 4th-order low-pass, float64
    cuda = torch.cuda.is_available()
    print(f"# {platform.processor() or platform.machine()}, {torch.get_num_threads()} torch threads, "
          f"torch {torch.__version__}, scipy {scipy.__version__}"
          + (f", {torch.cuda.get_device_name()}" if cuda else ""))
    print("| workload | method | time (s) | samples/s | time / scipy | max abs diff |")
    print("|---|---|---:|---:|---:|---:|")
    rng = np.random.default_rng(0)
    for name, (batch, length) in WORKLOADS.items():
        x = rng.standard_normal((batch, length))
        want = scipy.signal.lfilter(b, a, x)
        base = best_time(lambda x=x: scipy.signal.lfilter(b, a, x), args.repeats)
        rows = [("scipy.signal.lfilter", base, 0.0)]
        runs = [("scan (cpu)", "scan", "cpu", args.repeats)]
        if not (args.skip_step_single and batch == 1):
            # One run of the sequential step on the long single signal takes tens of seconds.
            runs.append(("step: stock nn.RNN (cpu)", "step", "cpu", 1 if batch == 1 else args.repeats))
        if cuda:
            runs += [("scan (cuda)", "scan", "cuda", args.repeats), ("step (cuda)", "step", "cuda", 1)]
        for label, method, device, repeats in runs:
            def call(x=x, method=method, device=device):
                return iir.lfilter(b, a, x, method=method, device=device)
            seconds = best_time(call, repeats)
            rows.append((label, seconds, float(np.max(np.abs(call() - want)))))
        for label, seconds, diff in rows:
            print(f"| {name} | {label} | {seconds:.4f} | {batch * length / seconds:,.0f} | "
                  f"{seconds / base:.2f}x | {diff:.1e} |")


if __name__ == "__main__":
    main()
