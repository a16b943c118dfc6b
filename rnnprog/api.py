"""The public entry points: load, parse, compile, run and interpret, for every program kind.

A short orchestrator: each call finds the program's kind in the registry and hands over.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

from rnnprog import kinds, source
from rnnprog.errors import DeviceError, Diagnostic, InputError, ProgramError

#: The extension of compiled-program files (`rnnprog compile -o X.rnn`).
COMPILED_SUFFIX = ".rnn"


def kind_of(program) -> kinds.Kind:
    """The Kind whose Program or compiled program `program` is.

    Raises:
        InputError: `program` is not an rnnprog program.
    """
    try:
        return kinds.of(program)
    except kinds.UnknownKind as err:
        raise InputError(str(err)) from None


def parse(text: str, path: str = "<string>", *, kind: str = "rm"):
    """Parse program text of a kind, named as the registry names it ("rm", "seq", ...: see
    `rnnprog.kinds.all_kinds()`).

    Raises:
        ProgramError: the text is malformed (every problem, located), or the kind is unknown.
    """
    try:
        kind_object = kinds.get(kind)
    except kinds.UnknownKind as err:
        raise ProgramError([Diagnostic("unknown-kind", str(err), 1, 1)], path=path) from None
    if not isinstance(text, str):
        raise ProgramError([Diagnostic("not-text", f"program text must be a str, not "
                                                   f"{type(text).__name__}", 1, 1,
                                       "decode bytes first, e.g. data.decode('utf-8')")], path=path)
    return kind_object.parse(text, path)


def load(path: str | Path):
    """Read and parse a program file; its extension says which kind.

    A compiled-program file (.rnn, from `rnnprog compile -o`) gives the Program of its stored
    source, after its weights were verified against compiling that source again.

    Raises:
        InputError: `path` is not a str or a Path.
        ProgramError: unknown extension, unreadable, binary or malformed file.
        ArtifactError: a .rnn file that is corrupt, tampered with or of another format version.
    """
    if not isinstance(path, (str, Path)):
        raise InputError(f"load takes a file path (a str or a Path), not {type(path).__name__}; "
                         "parse program text with rnnprog.parse(text, kind=...)")
    path = Path(path)
    if path.suffix == COMPILED_SUFFIX:
        from rnnprog.artifacts import files

        return files.read(path).program
    return source.parse_file(path)


def compile(program):
    """Compile a parsed program into its compiled program, whose `.network` is the network IR."""
    return kind_of(program).compile(program)


def run(program, inputs, *, device=None, dtype=None, max_steps: int | None = None, **options):
    """Run a program (or compiled program) as an RNN.

    `inputs` by kind: for a register program one mapping of input values (returns a Result), a
    list of mappings run as one batch (returns a list of Results), or columns, a mapping of input
    name -> 1-D array or a 2-D array (returns a Columns of arrays); for a Turing machine a tape
    string or a list of them (`head=` as an option); for a filter the signal (`method=`, `zi=`).
    `max_steps` None means the kind's own budget (register programs 1,000,000, Turing
    machines 10,000).
    """
    _check_options(device, dtype, max_steps)
    kind = kind_of(program)
    with _options_named(kind, options):
        return kind.run(program, inputs, device=device, dtype=dtype, max_steps=max_steps, **options)


def interpret(program, inputs, *, max_steps: int | None = None, **options):
    """Run a program with the reference interpreter (independent of the compiler)."""
    _check_options(None, None, max_steps)
    kind = kind_of(program)
    with _options_named(kind, options):
        return kind.interpret(program, inputs, max_steps=max_steps, **options)


@contextmanager
def _options_named(kind: kinds.Kind, options: dict):
    """An option no stage of `kind` takes (a misspelt `max_step=`) is the caller's mistake: say
    so, instead of the TypeError from deep inside the stage that got it.

    Raises:
        InputError: naming the option and the kind.
    """
    try:
        yield
    except TypeError as err:
        unknown = UNEXPECTED.search(str(err))
        if unknown is None or unknown.group(1) not in options:
            raise
        raise InputError(f"{unknown.group(1)}={options[unknown.group(1)]!r} is not an option of a "
                         f"{kind.title} run (check its spelling: max_steps, device, dtype, ...)") from None


#: Python's message for a keyword argument a function does not take.
UNEXPECTED = re.compile(r"unexpected keyword argument '(\w+)'")


#: The largest step budget (step counts are int64; fast-forward makes large budgets real).
MAX_STEPS = 2**62


def _check_options(device, dtype, max_steps) -> None:
    """Refuse option values of the wrong type or range before any kind sees them.

    Raises:
        InputError: max_steps not None or an int in 0..2^62 (a bool is not a step count).
        DeviceError: a device or dtype that is not a name (or a torch.device / torch.dtype).
    """
    import torch

    if max_steps is not None and (isinstance(max_steps, bool) or not isinstance(max_steps, int)
                                  or not 0 <= max_steps <= MAX_STEPS):
        raise InputError(f"max_steps={max_steps!r}: give None (the kind's own budget) or a whole "
                         f"number from 0 to 2^62")
    if device is not None and not isinstance(device, (str, torch.device)):
        raise DeviceError(f"device={device!r}: give 'cpu', 'cuda', 'auto' or a torch.device")
    if dtype is not None and not isinstance(dtype, (str, torch.dtype)):
        raise DeviceError(f"dtype={dtype!r}: give 'float32', 'float64' or 'exact'")
