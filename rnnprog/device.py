"""Device and dtype selection shared by every runtime: exact arithmetic settings, TF32 off."""

from __future__ import annotations

from contextlib import contextmanager

import torch

from rnnprog.errors import DeviceError

#: dtype names the CLI and API accept; "exact" means integer/rational arithmetic in Python.
DTYPES = ("float32", "float64", "exact")
DEVICES = ("auto", "cpu", "cuda")

#: Largest integer n such that every integer in [-n, n] is exactly representable.
EXACT_INTEGER_LIMIT = {"float32": 2**24, "float64": 2**53, "int64": 2**62}
#: Mantissa bits (including the implicit one) of each float dtype.
MANTISSA_BITS = {"float32": 24, "float64": 53}


def resolve_device(name: str | torch.device | None = None) -> torch.device:
    """Turn "auto"/"cpu"/"cuda"/None into a torch.device, turning TF32 off on CUDA.

    Raises:
        DeviceError: "cuda" was asked for and no CUDA device is present, or the name is unknown.
    """
    if isinstance(name, torch.device):
        name = name.type
    name = (name or "auto").lower()
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name not in ("cpu", "cuda"):
        raise DeviceError(f"unknown device {name!r}; choose one of {', '.join(DEVICES)}")
    if name == "cuda":
        if not torch.cuda.is_available():
            raise DeviceError("--device cuda was asked for, but no CUDA device is available; "
                              "use --device cpu")
        disable_tf32()
    return torch.device(name)


def disable_tf32() -> None:
    """TF32 rounds matmul inputs to 10 mantissa bits: integer states would silently go wrong."""
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False


def resolve_dtype(name: str | torch.dtype | None = None) -> str:
    """Normalise a dtype name to one of DTYPES (default float32).

    Raises:
        DeviceError: for half precision or unknown names, which cannot hold the states exactly.
    """
    if isinstance(name, torch.dtype):
        name = str(name).removeprefix("torch.")
    name = (name or "float32").lower()
    if name not in DTYPES:
        raise DeviceError(f"unsupported dtype {name!r}; choose one of {', '.join(DTYPES)} "
                          "(half precision cannot count exactly past 2048)")
    return name


def torch_dtype(name: str) -> torch.dtype:
    """The torch dtype for a float dtype name, or "int64" (exact integer runs, see rm.runtime)."""
    return {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64}[name]


#: Below this many (batch x units) elements a tick runs on one CPU thread.
SMALL_TICK_ELEMENTS = 1 << 16


@contextmanager
def cpu_threads(count: int | None):
    """torch's intra-op thread count set to `count` (None: left alone) for a block."""
    before = torch.get_num_threads()
    if count is not None:
        torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def threads_for(elements: int, device: torch.device):
    """Run small ticks on one CPU thread: at a few thousand elements a tick, waking a second
    thread costs more than the tick (measured 7 us vs 30-190 us per nn.RNN tick on 2 cores)."""
    return cpu_threads(1 if device.type == "cpu" and elements < SMALL_TICK_ELEMENTS else None)
