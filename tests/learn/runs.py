"""What the training tests share: a seeded `train --json` run, made twice."""

import json

from click.testing import CliRunner

from rnnprog.cli.training import train_command


def seeded_twice(args: list[str]) -> dict:
    """The report of `train ARGS --json`, after checking that a second run gives the same one
    (its `seconds` aside)."""
    runs = [CliRunner().invoke(train_command, [*args, "--json"]) for _ in range(2)]
    assert [r.exit_code for r in runs] == [0, 0], runs[0].output
    first, second = (json.loads(r.output) for r in runs)
    for report in (first, second):
        report.pop("seconds")
    assert first == second
    return first
