"""Reading program files and splitting lines into located tokens, shared by every parser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rnnprog import kinds
from rnnprog.errors import BOM, Diagnostic, ProgramError, split_lines

__all__ = ["COMMENT_CHARS", "Token", "comment_of", "example_lines", "parse_file", "read_text",
           "split_lines", "strip_comment", "tokenize"]

COMMENT_CHARS = "#;"
_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class Token:
    """A whitespace-separated word and where it starts (1-based line and column)."""

    text: str
    line: int
    col: int


#: The largest program file read (a 100,000-instruction register program is about 1.5 MB).
MAX_SOURCE_BYTES = 64 << 20


def read_text(path: str | Path) -> str:
    """Read a program file as UTF-8 text; a leading byte order mark is dropped.

    Raises:
        ProgramError: code `binary-file` for a file with NUL bytes or invalid UTF-8,
            `no-such-file` when it cannot be read.
    """
    path = Path(path)
    try:
        if path.exists() and not path.is_file():  # a FIFO or a device would block or never end
            raise ProgramError([Diagnostic("not-a-file", "not a regular file", 1, 1,
                                           "pass a program file")], path=str(path))
        if path.exists() and path.stat().st_size > MAX_SOURCE_BYTES:
            raise ProgramError([Diagnostic("file-too-large", f"larger than {MAX_SOURCE_BYTES:,} bytes, "
                                           "the most a program file may be", 1, 1,
                                           "split the program or generate it smaller")], path=str(path))
        data = path.read_bytes()
    except OSError as err:
        raise ProgramError([Diagnostic("no-such-file", f"cannot read file: {err.strerror}", 1, 1,
                                       "check the path")], path=str(path)) from None
    if b"\0" in data:
        raise ProgramError([Diagnostic("binary-file", "this is a binary file, not program text",
                                       1, 1, "pass a program's source text file")], path=str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = len(data[data.rfind(b"\n", 0, err.start) + 1:err.start].decode("utf-8", "replace")) + 1
        raise ProgramError([Diagnostic("binary-file", f"file is not UTF-8 text ({err.reason})", line, col,
                                       "save the file as UTF-8")], path=str(path)) from None
    return text.removeprefix(BOM)


def parse_file(path: str | Path):
    """Read a program source file and parse it with the kind its extension names.

    Raises:
        ProgramError: an unknown extension (`unknown-kind`), an unreadable or malformed file.
    """
    path = Path(path)
    try:
        kind = kinds.get(path.suffix) if path.suffix else None
    except kinds.UnknownKind:
        kind = None
    if kind is None:
        known = ", ".join([*kinds.extensions(), ".rnn"])
        raise ProgramError([Diagnostic("unknown-kind", f"unknown program kind `{path.suffix}`", 1, 1,
                                       f"use one of: {known}")], path=str(path))
    return kind.parse(read_text(path), str(path))


def strip_comment(text: str) -> str:
    """The part of a line before its first comment character (`#` or `;`)."""
    cut = min((i for i in (text.find(c) for c in COMMENT_CHARS) if i >= 0), default=len(text))
    return text[:cut]


def comment_of(text: str) -> str:
    """The comment text of a line (after `#`/`;`, stripped), or "" when it has none."""
    code = strip_comment(text)
    return text[len(code) + 1:].strip() if len(code) < len(text) else ""


def tokenize(source: str) -> list[list[Token]]:
    """Split source into lines of tokens, comments removed; blank lines give empty lists.

    Lines break as in `split_lines` (\\n, \\r\\n, \\r); form feeds and the like separate tokens.
    """
    return [[Token(m.group(), n, m.start() + 1) for m in _TOKEN.finditer(strip_comment(line))]
            for n, line in enumerate(split_lines(source), start=1)]


def example_lines(source: str) -> list[str]:
    """The text after `example:` in a program's comments (the documented examples)."""
    out = []
    for line in split_lines(source):
        body = comment_of(line)
        if body.lower().startswith("example:"):
            out.append(body[len("example:"):].strip())
    return out
