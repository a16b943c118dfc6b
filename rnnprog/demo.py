"""`rnnprog demo`: a guided tour of one program for a teacher to project, under a minute on CPU."""

from __future__ import annotations

import shlex

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
CHECK_STEP = ("`check` runs network and interpreter side by side on many inputs; with one weight "
              "perturbed it finds the first step and unit where they part.",
              "check programs/add.rm --examples 20 --perturb 1")


def steps(commands) -> list[tuple[str, str]]:
    """The tour's steps, with the `check` step only where a `check` command is in `commands`."""
    return [*STEPS, CHECK_STEP] if "check" in commands else list(STEPS)


def tour(pause: bool = False, echo=click.echo) -> None:
    """Print each step's explanation, then run its command in this process and show its output."""
    from rnnprog import cli

    tour_steps = steps(cli.main.commands)
    for number, (say, command) in enumerate(tour_steps, start=1):
        echo(click.style(f"\n[{number}/{len(tour_steps)}] {say}", bold=True))
        echo(click.style(f"$ rnnprog {command}", fg="cyan"))
        try:
            cli.main.main(shlex.split(command), prog_name="rnnprog", standalone_mode=False)
        except SystemExit:
            pass  # `run` exits with the run's status; the tour goes on
        if pause and number < len(tour_steps):
            click.pause()
    echo(click.style("\nThat is the whole construction: the weights are the program.", bold=True))
