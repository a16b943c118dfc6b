"""Input rows for register-program runs: NAME=VALUE words, CSV files, and result rows out."""

from __future__ import annotations

import csv
import json
import sys

import click

from rnnprog.rm import report

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
    """The rows of a CSV file whose header names the inputs.

    Raises:
        click.UsageError: the file has a header and no rows.
    """
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f, skipinitialspace=True))
    if not rows:
        raise click.UsageError(f"{path}: no rows under the header")
    return rows


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
