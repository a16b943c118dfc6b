"""Regenerate the tutorial's images: `.venv/bin/python docs/make_images.py` from the repository root.

Each image is made by the same CLI command the tutorial shows, writing into docs/images/.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from rnnprog.cli import main

COMMANDS = [
    "show programs/add.rm --plot docs/images/add-weights.png",
    "run programs/add.rm a=2 b=1 --plot docs/images/add-run.png",
    "filter programs/low-pass.iir --impulse 40 --plot docs/images/low-pass.png",
    "show programs/bb2.tm --plot docs/images/bb2-weights.png",
    "run programs/bb2.tm --plot docs/images/bb2-run.png",
    "show docs/examples/python_sign.py --plot docs/images/python-sign-weights.png",
    "show programs/gcd.py --plot docs/images/python-gcd-weights.png",
    "run programs/gcd.py a=48 b=18 --plot docs/images/python-gcd-run.png",
]
MAX_BYTES = 150_000


def make() -> None:
    """Run every command (its text output is not needed here) and check each image's size."""
    for command in COMMANDS:
        try:
            main.main(shlex.split(command), prog_name="rnnprog", standalone_mode=False)
        except SystemExit as exit_:
            if exit_.code:
                sys.exit(f"failed: rnnprog {command}")
        image = Path(shlex.split(command)[-1])
        size = image.stat().st_size
        print(f"{image}: {size:,} bytes", file=sys.stderr)
        if size > MAX_BYTES:
            sys.exit(f"{image} is over {MAX_BYTES:,} bytes")


if __name__ == "__main__":
    make()
