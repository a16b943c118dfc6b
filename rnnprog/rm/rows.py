"""Input rows for register-program runs: NAME=VALUE words, CSV files, and result rows out."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click
import numpy as np

from rnnprog.errors import InputError, clip, plural
from rnnprog.rm import report
from rnnprog.rm.result import input_value

#: The exit code of a run that did not halt within its step budget.
EXIT_NOT_HALTED = 3


def parse_assignments(words: tuple[str, ...]) -> dict[str, str]:
    """`("a=6", "b=7")` -> `{"a": "6", "b": "7"}`; values are checked later, by name.

    Raises:
        click.UsageError: a word without `=` (exit 2).
    """
    values = {}
    for word in words:
        name, sep, value = word.partition("=")
        if not sep or not name:
            raise click.UsageError(f"expected NAME=VALUE, got {word!r}")
        values[name] = value
    return values


def read_rows(path: str) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file whose header names the inputs (a leading BOM is ignored).

    Every row is checked here, so a problem names its row (`row 7, line 8`): it must have one
    value per header name, each a non-negative integer in ASCII digits (`result.input_value`).

    Raises:
        InputError: the file is unreadable or not UTF-8, the header is empty or names an input
            twice, or a row is short, long or holds a bad value.
        click.UsageError: the file has a header and no rows.
    """
    reader = csv.reader(io.StringIO(_text(path), newline=""), skipinitialspace=True)
    rows: list[dict[str, str]] = []
    try:
        names = _header(path, next(reader, None))
        for values in reader:
            if values:  # a blank line is no row
                rows.append(_row(path, len(rows) + 1, reader.line_num, names, values))
    except csv.Error as err:
        raise InputError(f"{path}, line {reader.line_num}: not valid CSV ({err})",
                         line=reader.line_num) from None
    if not rows:
        raise click.UsageError(f"{path}: no rows under the header")
    return rows


def _text(path: str) -> str:
    """The file's text; InputError when it cannot be read or is not UTF-8 (naming the line)."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(f"{path}, line {line}: not UTF-8 text ({err.reason}); save the CSV as "
                         "UTF-8", line=line) from None


def _header(path: str, header: list[str] | None) -> list[str]:
    """The input names of the header row: none empty, none twice."""
    names = [name.strip() for name in header or []]
    if not names or names == [""]:
        raise InputError(f"{path}: the first line must be a header naming the inputs, e.g. a,b", line=1)
    first: dict[str, int] = {}
    for column, name in enumerate(names, start=1):
        if not name:
            raise InputError(f"{path}, header: column {column} has no name", line=1)
        if name in first:
            raise InputError(f"{path}, header: input {clip(name)!r} is named twice (columns "
                             f"{first[name]} and {column})", line=1)
        first[name] = column
    return names


def _row(path: str, row: int, line: int, names: list[str], values: list[str]) -> dict[str, str]:
    """Data row `row` (ending on file line `line`) as {name: value}, its values checked."""
    problem = None
    if len(values) != len(names):
        problem = f"{plural(len(values), 'value')}, but the header names {plural(len(names), 'input')}"
    for name, value in zip(names, values):
        try:
            input_value(name, value)
        except InputError as err:
            problem = problem or str(err)
    if problem:
        raise InputError(f"{path}, row {row} (line {line}): {problem}", row=row, line=line)
    return dict(zip(names, values))


def print_rows(rows, results, as_json: bool) -> None:
    """One line per row: CSV (inputs, outputs, steps, halted) or JSON lines."""
    if as_json:
        for row, result in zip(rows, results):
            click.echo(json.dumps({"inputs": row, **report.result_json(result)}))
        return
    outputs = list(results[0].outputs) if results else []
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([*rows[0], *outputs, "steps", "halted"])
    for row, result in zip(rows, results):
        writer.writerow([*row.values(), *result.outputs.values(), result.steps, result.halted])


def print_columns(inputs: dict, table, as_json: bool, results=None) -> None:
    """`print_rows` for a columnar batch: inputs (name -> array, in the file's order) and a
    Columns table. CSV lines are made column by column (each number's text by `str`, the
    lines joined by str.join: 1.3 s for a million rows, where numpy's string functions took
    8.5 s); JSON lines from `results` (one Result per row)."""
    if as_json:
        names = list(inputs)
        for values, result in zip(zip(*(inputs[n].tolist() for n in names)), results):
            click.echo(json.dumps({"inputs": dict(zip(names, map(str, values))),
                                   **report.result_json(result)}))
        return
    header = [*inputs, *table.outputs, "steps", "halted"]
    parts = [*inputs.values(), *table.outputs.values(), table.steps]
    text = [list(map(str, np.asarray(part).tolist())) for part in parts]
    flags = np.array(["False", "True"], dtype=object)[table.halted.astype(np.int8)].tolist()
    sys.stdout.write(",".join(header) + "\n")
    if flags:
        sys.stdout.write("\n".join(map(",".join, zip(*text, flags))) + "\n")
