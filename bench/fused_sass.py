"""Compile the fused tick kernel for a GPU without one: registers, spills and instructions.

Run (Triton installed, no GPU needed): .venv/bin/python bench/fused_sass.py [--arch 90]
Triton compiles the kernel generated for programs/mul.rm to a cubin for the architecture, and its
bundled cuobjdump reports the resources; prints one markdown row per dtype.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

import triton
from triton.backends.compiler import GPUTarget
from triton.compiler import ASTSource

import rnnprog
from rnnprog.network import fused
from rnnprog.rm import compile
from rnnprog.rm.guard import Guard

PROGRAM = os.path.join(os.path.dirname(__file__), "..", "programs", "mul.rm")
POINTERS = {"float32": "*fp32", "float64": "*fp64"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--arch", type=int, default=90, help="compute capability (90: H100/H200)")
    args = parser.parse_args()
    compiled = compile(rnnprog.load(PROGRAM))
    tool = Path(triton.__file__).parent / "backends" / "nvidia" / "bin" / "cuobjdump"
    print(f"# triton {triton.__version__}, sm_{args.arch}, mul.rm ({compiled.units} units, "
          f"{fused.BLOCK_ROWS} rows a program)\n")
    print("| dtype | registers | spills (local bytes) | SASS instructions in the kernel |")
    print("|---|---|---|---|")
    for dtype, pointer in POINTERS.items():
        module = fused._load(fused.source(compiled.network, dtype, Guard(compiled, dtype).edges()))
        signature = {"state": pointer, "alive_ptr": "*i8", "steps_ptr": "*i64", "error_ptr": "*i64",
                     "code_ptr": "*i32", "rows": "i32", "t0": "i32", "span": "i32",
                     "BLOCK": "constexpr"}
        source = ASTSource(module.kernel, signature, constexprs={"BLOCK": fused.BLOCK_ROWS})
        cubin = triton.compile(source, target=GPUTarget("cuda", args.arch, 32)).asm["cubin"]
        with tempfile.NamedTemporaryFile(suffix=".cubin") as file:
            file.write(cubin)
            file.flush()
            usage = subprocess.run([tool, "-res-usage", file.name], capture_output=True, text=True).stdout
            sass = subprocess.run([tool, "-sass", file.name], capture_output=True, text=True).stdout
        fields = dict(part.split(":") for part in usage.split() if part.count(":") == 1 and
                      part.split(":")[0].isupper())
        count = sum(1 for line in sass.splitlines() if line.strip().startswith("/*") and "*/" in line
                    and line.strip()[2:6].strip().isalnum())
        print(f"| {dtype} | {fields.get('REG', '?')} | {fields.get('LOCAL', '?')} | {count} |")


if __name__ == "__main__":
    main()
