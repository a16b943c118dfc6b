"""The `rnnprog` command line: thin commands that parse options, call the library and print."""

from __future__ import annotations

import functools
import sys
import warnings

import click

from rnnprog import api, kinds
from rnnprog.cli import checking, files, inspecting, page, running
from rnnprog.cli.training import train_command
from rnnprog.errors import ProgramError, ProgramWarning, RnnprogError
from rnnprog.version import __version__


class Group(click.Group):
    """Turns every RnnprogError into its message on stderr and its exit code, no traceback."""

    def invoke(self, ctx):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("default", ProgramWarning)  # once per message
                warnings.showwarning = functools.partial(_show_warning, warnings.showwarning)
                return super().invoke(ctx)
        except RnnprogError as err:
            prefix = "" if isinstance(err, ProgramError) else "error: "
            click.echo(prefix + str(err), err=True)
            sys.exit(err.exit_code)


def _show_warning(fallback, message, category, *where, **more):
    """A ProgramWarning is printed as its located message on stderr; any other warning by
    `fallback` (Python's own showwarning)."""
    if issubclass(category, ProgramWarning):
        click.echo(str(message), err=True)
    else:
        fallback(message, category, *where, **more)


@click.group(cls=Group)
@click.version_option(__version__, prog_name="rnnprog")
def main():
    """Compile small programs into the weights of a stock PyTorch RNN, run them, and check them."""


for command in (running.run, *(c for kind in kinds.all_kinds() for c in kind.commands(api.load)),
                files.compile_command, files.export_command, checking.check_command,
                checking.fuzz_command, inspecting.show_command, inspecting.explain_command,
                inspecting.demo_command, inspecting.examples_command, page.page_command, train_command):
    main.add_command(command)
