"""`rnnprog compile`, `rnnprog export` and `rnnprog run FILE.onnx`: compiled programs as files."""

from __future__ import annotations

import os
from pathlib import Path

import click

from rnnprog import api, options, source
from rnnprog.artifacts import files, onnx_export
from rnnprog.options import RunOptions


@click.command("compile")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Where to write the compiled program (a safetensors file, by convention .rnn).")
@click.option("--emit", type=click.Choice(["rm"]),
              help="Print the register program FILE compiles through instead (a Python file's "
              "functions lowered to `.rm`).")
def compile_command(file, output, emit):
    """Compile FILE (a program of any kind) and write weights, labels and metadata to one
    safetensors file.

    `rnnprog run OUT.rnn` and `rnnprog.load("OUT.rnn")` then work as on FILE; loading verifies
    the stored weights against compiling the stored source again.
    """
    if emit is not None:
        program = api.load(file)
        kind = api.kind_of(program)
        lowered = kind.lowered_source(kind.compile(program))
        if lowered is None or lowered[0] != f".{emit}":
            raise click.UsageError(f"--emit {emit} prints the register program a Python file lowers "
                                   f"to; a {kind.title} compiles as it is")
        click.echo(lowered[1], nl=False)
        return
    if output is None:
        raise click.UsageError("give -o OUT.rnn (or --emit rm to print the register program)")
    _refuse_overwrite(file, output)
    artifact = files.save(file, output)
    size = os.path.getsize(output)
    click.echo(f"wrote {output}: {artifact.kind} program {artifact.metadata['source_name']}, "
               f"{len(artifact.network.labels)} units, {artifact.network.ticks_per_step} tick per "
               f"step, {len(artifact.tensors)} tensors (float64), {size:,} bytes, format version "
               f"{artifact.metadata['format_version']}")


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--onnx", "onnx_path", required=True, type=click.Path(dir_okay=False),
              help="Write the network with its readout as ONNX here (needs rnnprog[onnx]).")
@options.dtype_option(("float32", "float64"), "float32",
                      "float32 only: onnxruntime's RNN has no float64 kernel.")
def export_command(file, onnx_path, dtype):
    """Export FILE (a program or a .rnn file) to ONNX: one RNN node with its readout, float32,
    dynamic batch and sequence length, and rnnprog's metadata in the model's metadata_props.

    `rnnprog run OUT.onnx NAME=VALUE...` runs an exported register program through onnxruntime.
    """
    _refuse_overwrite(file, onnx_path)
    program, text, name = _program_and_source(file)
    meta = onnx_export.export(program, text, name, onnx_path, dtype=dtype)
    click.echo(f"wrote {onnx_path}: {onnx_export.describe_export(meta)}")


def _refuse_overwrite(source_file: str, output: str) -> None:
    """Writing the output over the file being read would destroy it.

    Raises:
        click.UsageError: the two paths name the same file.
    """
    src, out = Path(source_file), Path(output)
    same = src.resolve() == out.resolve() or (out.exists() and src.exists() and out.samefile(src))
    if same:
        raise click.UsageError(f"the output {output} is the input file itself; write it elsewhere")


def _program_and_source(file: str) -> tuple[object, str, str]:
    """The program, source text and source name of a program file, or of a verified .rnn file."""
    if Path(file).suffix == files.SUFFIX:
        artifact = files.read(file)
        return artifact.program, artifact.metadata["source"], artifact.metadata["source_name"]
    return api.load(file), source.read_text(file), Path(file).name


def run_onnx(file: str, given: RunOptions) -> int:
    """The body of `rnnprog run FILE.onnx`: run an exported program in onnxruntime.

    Prints like `rnnprog run` on the source and returns its exit code (0 halted, 3 not halted).

    Raises:
        click.UsageError: --trace or --plot (they need the source's interpreter and states).
        ArtifactError: a file that is not an unchanged export, or of a kind whose ONNX file
            `rnnprog run` cannot feed (sequence programs, filters, Turing machines).
        InputError, PrecisionError, DeviceError: as onnx_run.run_batch.
    """
    from rnnprog.artifacts import onnx_run

    if given.trace or given.plot:
        raise click.UsageError("--trace and --plot need the program source or its .rnn file; "
                               "an ONNX file runs without them")
    compiled = onnx_run.load(file)  # first: a sequence program's file says it cannot run here
    given.refuse(compiled.kind.name, "tape", "head", "function")
    table = compiled.kind.input_rows(given)
    batch = onnx_run.run_batch(compiled, table, device=given.device, dtype=given.dtype,
                               max_steps=given.max_steps)
    return compiled.kind.echo_results(table, batch.results, batch.seconds, given)
