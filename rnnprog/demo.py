"""`rnnprog demo`: a guided tour of one program for a teacher to project, under a minute on CPU."""

from __future__ import annotations

import os
import shlex
import tempfile
from pathlib import Path

import click

#: (what to say, the command to run). `check` joins the tour when the command exists.
STEPS = [
    ("A register machine: three registers and a loop that moves a and b into c, one unit at a time.",
     "show programs/add.rm"),
    ("Each line of the program owns some hidden units; its weights are its meaning.",
     "explain programs/add.rm"),
    ("Run it as a stock torch.nn.RNN. Each row is one tick, decoded from the hidden state, and "
     "`ok` means the interpreter is in exactly the same state.",
     "run programs/add.rm a=2 b=1 --trace"),
    ("The same idea runs a Turing machine: two stacks held as base-4 fractions in two units.",
     "run programs/bb2.tm --trace"),
]
TRAIN_STEP = ("What gradient descent finds instead: a stock RNN trained on a^n b^n up to length 20, "
              "scored beside the compiled network at lengths 20 and 200. Whatever it finds, the "
              "table is measured in this run (a short run: a few seconds).",
              "train programs/anbn.seq --steps 300 --test-lengths 20,200 --samples 40")
CHECK_STEP = ("`check` runs network and interpreter side by side on many inputs; with one weight "
              "perturbed it finds the first step and unit where they part.",
              "check programs/add.rm --examples 20 --perturb 1")


def steps(commands) -> list[tuple[str, str]]:
    """The tour's steps, with the `check` and `train` steps where those commands exist."""
    return [*STEPS, *([CHECK_STEP] if "check" in commands else []),
            *([TRAIN_STEP] if "train" in commands else [])]


def tour(group: click.Group, pause: bool = False, echo=click.echo) -> list[str]:
    """Print each step's explanation, run its command through `group` in this process and show
    its output; returns the commands that failed (an error, or an exit code other than 0).

    Outside a checkout (no programs/ here) the tour runs in a scratch folder holding the
    examples that ship inside the package.
    """
    if Path("programs/add.rm").exists():
        return _tour(group, pause, echo)
    from rnnprog import shipped

    here = Path.cwd()
    with tempfile.TemporaryDirectory() as scratch:
        shipped.copy(Path(scratch) / "programs")
        echo(f"(no programs/ folder here: running the tour on the shipped examples, in {scratch})")
        os.chdir(scratch)
        try:
            return _tour(group, pause, echo)
        finally:
            os.chdir(here)


def _tour(group: click.Group, pause: bool, echo) -> list[str]:
    tour_steps = steps(group.commands)
    failed = []
    for number, (say, command) in enumerate(tour_steps, start=1):
        echo(click.style(f"\n[{number}/{len(tour_steps)}] {say}", bold=True))
        echo(click.style(f"$ rnnprog {command}", fg="cyan"))
        try:
            group.main(shlex.split(command), prog_name="rnnprog", standalone_mode=False)
            code = 0
        except SystemExit as end:
            code = end.code or 0
        except click.ClickException as err:
            err.show()
            code = err.exit_code
        if code != _expected_code(command):
            failed.append(command)
            echo(click.style(f"step {number} failed (exit {code})", fg="red"))
        if pause and number < len(tour_steps):
            click.pause()
    if failed:
        echo(click.style(f"\n{len(failed)} of {len(tour_steps)} steps failed: " + "; ".join(failed),
                         fg="red", bold=True))
    else:
        echo(click.style("\nThat is the whole construction: the weights are the program.", bold=True))
    return failed


def _expected_code(command: str) -> int:
    """0, except for the perturbed check: it must find the disagreement (exit 1 is the lesson)."""
    return 1 if "--perturb" in command else 0
