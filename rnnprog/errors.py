"""One exception hierarchy for every user-facing failure, with source-located diagnostics."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Program text breaks lines only here; other characters str.splitlines() breaks on (form feed,
#: vertical tab, U+2028, ...) are whitespace inside a line, so line numbers match every editor's.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: The widest source line `render` shows (clipped around the caret) and the most problems it lists.
SHOWN_WIDTH = 120
SHOWN_PROBLEMS = 100
BOM = "\ufeff"


def split_lines(text: str) -> list[str]:
    """Program text as lines: a leading UTF-8 BOM is dropped; lines end at \\n, \\r\\n or \\r only.

    Like str.splitlines(), a final line break does not start an empty last line.
    """
    if text.startswith(BOM):
        text = text[1:]
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def clip(text: str, width: int = 40) -> str:
    """`text` cut to `width` characters with `...` in the middle, for echoing tokens in messages."""
    if len(text) <= width:
        return text
    half = (width - 3) // 2
    return text[:half] + "..." + text[len(text) - half:]


def plural(count: int, word: str) -> str:
    """`1 step`, `2 steps`: a count and a regular noun, singular for exactly one."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class RnnprogError(Exception):
    """Base of every error rnnprog raises on purpose; the CLI prints it and exits `exit_code`."""

    exit_code = 1


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a program text: a stable `code`, a 1-based `line` and `col`, and a hint."""

    code: str
    message: str
    line: int
    col: int
    hint: str = ""


class ProgramError(RnnprogError):
    """A program text is malformed; carries every problem found, not only the first.

    `str(err)` renders each as `path:line:col: message`, the source line, a caret and a hint.
    """

    def __init__(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...], *,
                 path: str = "<string>", source: str = ""):
        self.diagnostics = tuple(diagnostics)
        self.path = path
        self.source = source
        super().__init__(self.render())

    @property
    def code(self) -> str:
        """The first problem's code (tests assert on codes, not message text)."""
        return self.diagnostics[0].code

    def render(self) -> str:
        """Every problem (the first SHOWN_PROBLEMS) as `path:line:col: error[code]: message`,
        the source line clipped around a caret, and the hint."""
        parts = [_located(self.path, self.source, d, "error") for d in self.diagnostics[:SHOWN_PROBLEMS]]
        if len(self.diagnostics) > SHOWN_PROBLEMS:
            parts.append(f"... and {plural(len(self.diagnostics) - SHOWN_PROBLEMS, 'more problem')}")
        return "\n".join(parts)


class ProgramWarning(UserWarning):
    """A valid program that probably does not mean what its author meant (a start state that is
    also an accept state, code after a `;` comment); raised with `warnings.warn`, so the
    library's callers choose what to do, and the CLI prints it like an error, as `warning[code]`.
    """

    def __init__(self, diagnostic: Diagnostic, *, path: str = "<string>", source: str = ""):
        self.diagnostic, self.path, self.source = diagnostic, path, source
        super().__init__(_located(path, source, diagnostic, "warning"))

    @property
    def code(self) -> str:
        return self.diagnostic.code


def _located(path: str, source: str, d: Diagnostic, level: str) -> str:
    """`path:line:col: level[code]: message`, the source line clipped around a caret, the hint."""
    lines = split_lines(source)
    parts = [f"{path}:{d.line}:{d.col}: {level}[{d.code}]: {clip(d.message, 400)}"]
    if 1 <= d.line <= len(lines):
        text, caret = _window(lines[d.line - 1], d.col)
        parts.append(f"    {text}")
        parts.append("    " + " " * caret + "^")
    if d.hint:
        parts.append(f"  hint: {clip(d.hint, 400)}")
    return "\n".join(parts)


def _window(line: str, col: int) -> tuple[str, int]:
    """The part of `line` shown under a message (at most SHOWN_WIDTH characters around column
    `col`, control characters as spaces) and the caret's offset in it."""
    caret = max(col - 1, 0)
    start = min(max(caret - SHOWN_WIDTH // 2, 0), max(len(line) - SHOWN_WIDTH, 0))
    text = "".join(" " if c.isspace() or not c.isprintable() else c
                   for c in line[start:start + SHOWN_WIDTH])
    head = "..." if start > 0 else ""
    tail = "..." if start + SHOWN_WIDTH < len(line) else ""
    return head + text + tail, caret - start + len(head)


class InputError(RnnprogError):
    """Inputs given to a program are wrong: unknown or missing names, bad values.

    `row` and `line` locate a problem in a batch file (its 1-based data row and file line) when
    known; the message names them too.
    """

    def __init__(self, message: str, *, row: int | None = None, line: int | None = None):
        super().__init__(message)
        self.row = row
        self.line = line


class CompileError(RnnprogError):
    """A valid program cannot be compiled (for example, a limit of the construction)."""


class ArtifactError(RnnprogError):
    """A compiled-program file is unreadable, truncated, tampered with or of another version."""


class PrecisionError(RnnprogError):
    """A float run would leave the dtype's exact range; raised before any wrong number exists."""

    exit_code = 4


class DeviceError(RnnprogError):
    """The requested device or dtype is unavailable or unsupported."""


class OptionError(RnnprogError):
    """Options that cannot work together (for example `rnnprog train --noise` without
    `--init compiled`); a usage error, exit 2 like click's."""

    exit_code = 2
