"""Command-line options defined once, the options `run` hands to a kind, and trace echoing."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from rnnprog import kinds, outputs
from rnnprog.device import DEVICES, DTYPES

DEVICE_HELP = "Where the network runs (auto picks cuda when present)."
DTYPE_HELP = ("Arithmetic of the network: float32 (the default for register programs), "
              "float64 (the default for Turing machines and filters) or exact (unbounded).")


def device_option(f):
    """--device auto|cpu|cuda."""
    return click.option("--device", type=click.Choice(DEVICES), default="auto", show_default=True,
                        help=DEVICE_HELP)(f)


def dtype_option(choices=DTYPES, default=None, help_text=DTYPE_HELP):
    """--dtype, with the choices and default of the command."""
    def decorate(f):
        return click.option("--dtype", type=click.Choice(choices), default=default,
                            show_default=default is not None, help=help_text)(f)
    return decorate


#: The largest step budget: step counts are held in int64 (fast-forward makes huge budgets real).
MAX_STEPS = 2**62


def max_steps_option(default, help_text="Stop a run that has not halted after this many steps "
                     "(default: the kind's own budget)."):
    """--max-steps N (0 to 2^62)."""
    def decorate(f):
        return click.option("--max-steps", type=click.IntRange(min=0, max=MAX_STEPS), default=default,
                            show_default=default is not None, help=help_text)(f)
    return decorate


class KindChoice(click.Choice):
    """A kind's name, among the kinds registered when the command runs (not when the CLI was
    imported: a kind registered later is a choice too)."""

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(kind.name for kind in kinds.all_kinds())

    @choices.setter
    def choices(self, _value) -> None:  # click's __init__ assigns; the registry is the truth
        pass


def plot_path(_ctx, param, value):
    """The callback of a `--plot` option: the path, or a usage error saying why it cannot be
    written (an extension matplotlib cannot write, a missing folder, a folder or device)."""
    if value is not None and (reason := outputs.plot_refusal(value)):
        raise click.BadParameter(reason, param=param)
    return value


def seed_option(f):
    return click.option("--seed", type=int, default=0, show_default=True,
                        help="Seeds the random draws.")(f)


@dataclass
class RunOptions:
    """What `rnnprog run` was given; each kind's run body reads the fields it understands and
    refuses the others (a typo or a misplaced option never runs silently)."""

    assignments: tuple[str, ...] = ()
    inputs_csv: str | None = None
    tape: str | None = None
    tape_file: str | None = None
    head: int | None = None
    function: str | None = None
    device: str = "auto"
    dtype: str | None = None
    max_steps: int | None = None
    accelerate: bool = True
    trace: bool = False
    trace_limit: int = 200
    as_json: bool = False
    plot: str | None = None

    FLAGS = {"assignments": "NAME=VALUE", "inputs_csv": "--inputs", "tape": "--tape",
             "tape_file": "--tape-file", "head": "--head", "function": "--function",
             "trace": "--trace", "plot": "--plot", "as_json": "--json"}

    def __post_init__(self) -> None:
        """Options that cannot work together are refused before any kind sees them.

        Raises:
            click.UsageError: --tape with --tape-file.
        """
        if self.tape is not None and self.tape_file is not None:
            raise click.UsageError("give the input once: --tape TEXT or --tape-file FILE")
        if self.tape_file is not None:
            self.tape = read_tape(self.tape_file)

    def refuse(self, kind: str, *names: str) -> None:
        """Raise a usage error for any of `names` that was given: it means nothing for `kind`.

        Raises:
            click.UsageError: naming the option and the kind.
        """
        for name in names:
            if getattr(self, name) not in (None, False, ()):
                flag = "--tape-file" if name == "tape" and self.tape_file is not None else self.FLAGS[name]
                raise click.UsageError(f"{flag} does not apply to a {kind} program")

    def refuse_trace_json(self, kind: str) -> None:
        """A kind whose JSON has no place for a trace refuses --trace with --json (rather than
        print JSON without the trace and the interpreter's verdict it asked for).

        Raises:
            click.UsageError: both were given.
        """
        if self.trace and self.as_json:
            raise click.UsageError(f"--trace prints a table beside the interpreter and --json "
                                   f"prints JSON: give one of them for a {kind} program")

    def named_inputs(self) -> dict[str, str]:
        """`("a=6", "b=7")` -> `{"a": "6", "b": "7"}`; values are checked later, by name.

        Raises:
            click.UsageError: a word without `=`, or a name given twice.
        """
        values = {}
        for word in self.assignments:
            name, sep, value = word.partition("=")
            if not sep or not name:
                raise click.UsageError(f"expected NAME=VALUE, got {word!r}")
            if name in values:
                raise click.UsageError(f"input {name} is given twice ({name}={values[name]} and {word})")
            values[name] = value
        return values


#: The largest --tape-file read (the same bound as a program file).
MAX_TAPE_BYTES = 64 << 20


def read_tape(path: str) -> str:
    """The one input in a file (`-`: standard input), UTF-8 with a leading byte order mark and
    one final line break dropped: a tape or input too long for the command line.

    Raises:
        click.UsageError: unreadable, not a regular file or standard input, larger than
            MAX_TAPE_BYTES, or not UTF-8 text.
    """
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_TAPE_BYTES + 1)
        elif not Path(path).is_file():
            raise click.UsageError(f"--tape-file {path}: no such file (give a file, or - for "
                                   "standard input)")
        else:
            with open(path, "rb") as f:
                data = f.read(MAX_TAPE_BYTES + 1)
    except OSError as err:
        raise click.UsageError(f"--tape-file {path}: cannot read it: {err.strerror}") from None
    if len(data) > MAX_TAPE_BYTES:
        raise click.UsageError(f"--tape-file {path}: larger than {MAX_TAPE_BYTES:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise click.UsageError(f"--tape-file {path}: not UTF-8 text ({err.reason} at byte "
                               f"{err.start})") from None
    text = text.removeprefix("\ufeff")
    return text[:-2] if text.endswith("\r\n") else text[:-1] if text.endswith(("\n", "\r")) else text


def echo_trace(line: str) -> None:
    """Echo one trace line; on a terminal the header is bold, `ok` green, differences red
    (click strips the colour when output is piped)."""
    stripped = line.lstrip()
    if stripped.startswith("step"):
        line = click.style(line, bold=True)
    elif line.endswith("  ok"):
        line = line[:-2] + click.style("ok", fg="green")
    elif "DIFF" in line or "<-- differs" in line:
        line = click.style(line, fg="red")
    click.echo(line)
