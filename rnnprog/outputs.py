"""Files a command writes (`--plot`, `--save`): refused up front when they cannot be written, and
written through a symbolic link to its target rather than over the link.

A command writes what the user named: a path that is a link to a file writes that file (the link
stays), and a path that is (or links to) a folder, a device or a FIFO is refused, never replaced
or written into. Writers open the path itself ("wb" follows links); none renames a file over it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from rnnprog.errors import RnnprogError


def refusal(path: str) -> str | None:
    """Why a file cannot be written at `path`, or None: its folder is missing, or what is there
    (after following links) is not a regular file."""
    target = Path(os.path.realpath(path))
    if not target.parent.is_dir():
        return f"{path}: no such folder"
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return None  # a new file (or a dangling link: writing creates its target)
    except OSError as error:
        return f"{path}: {error.strerror}"
    if not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "a device, FIFO or socket"
        return f"{path}: is {what}, not a regular file; give a file to write"
    return None


def plot_refusal(path: str) -> str | None:
    """Why `--plot PATH` cannot be written, or None: an extension matplotlib has no writer for
    (no extension writes a PNG), or `refusal(path)`.

    Raises:
        RnnprogError: matplotlib is not installed.
    """
    from rnnprog import plots

    plots.pyplot()  # matplotlib is there (its own error otherwise)
    from matplotlib.backend_bases import FigureCanvasBase

    formats = FigureCanvasBase.get_supported_filetypes()
    extension = Path(path).suffix[1:].lower()
    if extension and extension not in formats:
        return (f"{path}: cannot write a .{extension} plot; use one of "
                f"{', '.join('.' + f for f in sorted(formats))} (e.g. .png)")
    return refusal(path)


def write_bytes(path: str, data: bytes) -> None:
    """Write `data` to `path` in place (through a link to its target).

    Raises:
        RnnprogError: `refusal(path)`, or the write failed.
    """
    if reason := refusal(path):
        raise RnnprogError(reason)
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as error:
        raise RnnprogError(f"cannot write {path}: {error.strerror}") from None
