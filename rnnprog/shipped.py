"""The example programs that ship inside the package (`rnnprog/examples`, the repository's programs/)."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from rnnprog import kinds, source
from rnnprog.errors import InputError


def directory():
    """The packaged examples folder (a Traversable: a real folder in a checkout or a wheel)."""
    return resources.files("rnnprog") / "examples"


def examples() -> list[tuple[str, str]]:
    """(file name, what it computes: its first comment line) for every shipped program."""
    known = tuple(kinds.extensions())
    out = []
    for entry in sorted(directory().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(known):
            first = entry.read_text(encoding="utf-8").splitlines()[:1]
            out.append((entry.name, source.comment_of(first[0]) if first else ""))
    return out


def copy(destination: str | Path) -> list[Path]:
    """Copy every shipped program into `destination` (created if needed); returns the new files.

    Raises:
        InputError: the folder cannot be made or written, or a file there would be overwritten.
    """
    target = Path(destination)
    written = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name, _ in examples():
            path = target / name
            if path.exists():
                raise InputError(f"{path} exists already; copy the examples into an empty folder")
            with resources.as_file(directory() / name) as original:
                shutil.copyfile(original, path)
            written.append(path)
    except OSError as err:
        raise InputError(f"{target}: cannot copy the examples there: {err.strerror}") from None
    return written
