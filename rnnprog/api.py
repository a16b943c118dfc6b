"""The public entry points: load, parse, compile, run and interpret, for every program kind."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path

from rnnprog import source
from rnnprog.errors import Diagnostic, ProgramError
from rnnprog.rm.result import DEFAULT_MAX_STEPS

#: Program kinds by file extension; each names the subpackage implementing its pipeline.
KINDS = {".rm": "rnnprog.rm", ".iir": "rnnprog.iir", ".tm": "rnnprog.tm"}


def kind_module(kind: str):
    """The subpackage of a kind given by extension (".rm") or name ("rm")."""
    ext = kind if kind.startswith(".") else "." + kind
    return importlib.import_module(KINDS[ext])


def kind_of(program) -> object:
    """The subpackage whose Program (or CompiledProgram) type `program` is."""
    for name in KINDS.values():
        module = importlib.import_module(name)
        if isinstance(program, (module.Program, module.CompiledProgram)):
            return module
    raise TypeError(f"not an rnnprog program: {type(program).__name__}")


def parse(text: str, path: str = "<string>", *, kind: str = "rm"):
    """Parse program text of a kind ("rm", "iir", "tm"); raises ProgramError with locations."""
    return kind_module(kind).parse(text, path)


def load(path: str | Path):
    """Read and parse a program file; its extension (.rm, .iir, .tm) says which kind.

    A compiled-program file (.rnn, from `rnnprog compile -o`) gives the Program of its stored
    source, after its weights were verified against compiling that source again.

    Raises:
        ProgramError: unknown extension, unreadable, binary or malformed file.
        ArtifactError: a .rnn file that is corrupt, tampered with or of another format version.
    """
    path = Path(path)
    if path.suffix == ".rnn":
        from rnnprog import artifacts
        return artifacts.read(path).program
    if path.suffix not in KINDS:
        raise ProgramError([Diagnostic("unknown-kind", f"unknown program kind `{path.suffix}`", 1, 1,
                                       "use one of: " + ", ".join([*KINDS, ".rnn"]))], path=str(path))
    return kind_module(path.suffix).parse(source.read_text(path), str(path))


def compile(program):  # noqa: A001 - the pipeline stage's name
    """Compile a parsed program into a CompiledProgram whose `.rnn` is a stock torch.nn.RNN."""
    return kind_of(program).compile(program)


def run(program, inputs, *, device=None, dtype=None, max_steps: int = DEFAULT_MAX_STEPS,
        **options):
    """Run a program (or compiled program) as an RNN.

    `inputs` by kind: for a register program one mapping of input values (returns a Result) or
    a list of mappings run as one batch (returns a list of Results); for a Turing machine a tape
    string or a list of them (`head=` as an option); for a filter the signal (`method=`, `zi=`).
    """
    module = kind_of(program)
    if module.EXTENSION == ".iir":
        return module.run(program, inputs, device=device, dtype=dtype, **options)
    if module.EXTENSION == ".tm":
        return module.run(program, inputs, device=device, dtype=dtype, max_steps=max_steps,
                          **options)
    compiled = program if isinstance(program, module.CompiledProgram) else module.compile(program)
    single = isinstance(inputs, Mapping)
    batch = module.run_batch(compiled, [inputs] if single else list(inputs), device=device,
                             dtype=dtype, max_steps=max_steps, **options)
    return batch.results[0] if single else batch.results


def interpret(program, inputs, *, max_steps: int = DEFAULT_MAX_STEPS, **options):
    """Run a program with the reference interpreter (independent of the compiler)."""
    module = kind_of(program)
    if isinstance(program, module.CompiledProgram):
        program = program.program
    if module.EXTENSION == ".iir":
        return module.interpret(program, inputs, **options)
    return module.interpret(program, inputs, max_steps=max_steps, **options)
