"""One exception hierarchy for every user-facing failure, with source-located diagnostics."""

from __future__ import annotations

from dataclasses import dataclass


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
        lines = self.source.splitlines()
        parts = []
        for d in self.diagnostics:
            parts.append(f"{self.path}:{d.line}:{d.col}: error[{d.code}]: {d.message}")
            if 1 <= d.line <= len(lines):
                text = lines[d.line - 1].expandtabs(1)
                parts.append(f"    {text}")
                parts.append("    " + " " * max(d.col - 1, 0) + "^")
            if d.hint:
                parts.append(f"  hint: {d.hint}")
        return "\n".join(parts)


class InputError(RnnprogError):
    """Inputs given to a program are wrong: unknown or missing names, bad values."""


class CompileError(RnnprogError):
    """A valid program cannot be compiled (for example, a limit of the construction)."""


class ArtifactError(RnnprogError):
    """A compiled-program file is unreadable, truncated, tampered with or of another version."""


class PrecisionError(RnnprogError):
    """A float run would leave the dtype's exact range; raised before any wrong number exists."""

    exit_code = 4


class DeviceError(RnnprogError):
    """The requested device or dtype is unavailable or unsupported."""
