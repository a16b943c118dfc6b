"""The public entry points: load, parse, compile, run and interpret, for every program kind.

A short orchestrator: each call finds the program's kind in the registry and hands over.
"""

from __future__ import annotations

from pathlib import Path

from rnnprog import kinds, source
from rnnprog.errors import Diagnostic, InputError, ProgramError

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
    """Parse program text of a kind ("rm", "iir", "tm", or any registered one).

    Raises:
        ProgramError: the text is malformed (every problem, located), or the kind is unknown.
    """
    try:
        found = kinds.get(kind)
    except kinds.UnknownKind as err:
        raise ProgramError([Diagnostic("unknown-kind", str(err), 1, 1)], path=path) from None
    if not isinstance(text, str):
        raise ProgramError([Diagnostic("not-text", f"program text must be a str, not "
                                                   f"{type(text).__name__}", 1, 1,
                                       "decode bytes first, e.g. data.decode('utf-8')")], path=path)
    return found.parse(text, path)


def load(path: str | Path):
    """Read and parse a program file; its extension says which kind.

    A compiled-program file (.rnn, from `rnnprog compile -o`) gives the Program of its stored
    source, after its weights were verified against compiling that source again.

    Raises:
        ProgramError: unknown extension, unreadable, binary or malformed file.
        ArtifactError: a .rnn file that is corrupt, tampered with or of another format version.
    """
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

    `inputs` by kind: for a register program one mapping of input values (returns a Result) or
    a list of mappings run as one batch (returns a list of Results); for a Turing machine a tape
    string or a list of them (`head=` as an option); for a filter the signal (`method=`, `zi=`).
    `max_steps` None means the kind's own budget (register programs 1,000,000, Turing
    machines 10,000).
    """
    return kind_of(program).run(program, inputs, device=device, dtype=dtype, max_steps=max_steps,
                                **options)


def interpret(program, inputs, *, max_steps: int | None = None, **options):
    """Run a program with the reference interpreter (independent of the compiler)."""
    return kind_of(program).interpret(program, inputs, max_steps=max_steps, **options)
