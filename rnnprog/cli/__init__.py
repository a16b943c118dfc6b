"""The `rnnprog` command line: thin commands that parse options, call the library and print."""

from __future__ import annotations

import sys

import click

from rnnprog import api, kinds
from rnnprog.cli import checking, files, inspecting, running
from rnnprog.cli.training import train_command
from rnnprog.errors import ProgramError, RnnprogError
from rnnprog.version import __version__


class Group(click.Group):
    """Turns every RnnprogError into its message on stderr and its exit code, no traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RnnprogError as err:
            prefix = "" if isinstance(err, ProgramError) else "error: "
            click.echo(prefix + str(err), err=True)
            sys.exit(err.exit_code)


@click.group(cls=Group)
@click.version_option(__version__, prog_name="rnnprog")
def main():
    """Compile small programs into the weights of a stock PyTorch RNN, run them, and check them."""


for command in (running.run, *(c for kind in kinds.all_kinds() for c in kind.commands(api.load)),
                files.compile_command, files.export_command, checking.check_command,
                checking.fuzz_command, inspecting.show_command, inspecting.explain_command,
                inspecting.demo_command, inspecting.examples_command, train_command):
    main.add_command(command)
