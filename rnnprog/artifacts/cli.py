"""The `rnnprog compile` and `rnnprog export` commands: write compiled programs as files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from rnnprog import api, source
from rnnprog import rows as rows_io
from rnnprog.artifacts import files, onnx_export
from rnnprog.rows import EXIT_NOT_HALTED


@click.command("compile")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Where to write the compiled program (a safetensors file, by convention .rnn).")
def compile_command(file, output):
    """Compile FILE (.rm, .iir, .tm) and write weights, labels and metadata to one safetensors file.

    `rnnprog run OUT.rnn` and `rnnprog.load("OUT.rnn")` then work as on FILE; loading verifies
    the stored weights against compiling the stored source again.
    """
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
@click.option("--dtype", type=click.Choice(["float32", "float64"]), default="float32",
              show_default=True, help="float32 only: onnxruntime's RNN has no float64 kernel.")
def export_command(file, onnx_path, dtype):
    """Export FILE (a program or a .rnn file) to ONNX: one RNN node with its readout, float32,
    dynamic batch and sequence length, and rnnprog's metadata in the model's metadata_props.

    `rnnprog run OUT.onnx NAME=VALUE...` runs an exported register program through onnxruntime.
    """
    program, text, name = _program_and_source(file)
    meta = onnx_export.export(program, text, name, onnx_path, dtype=dtype)
    click.echo(f"wrote {onnx_path}: {onnx_export.describe_export(meta)}")


def _program_and_source(file: str) -> tuple[object, str, str]:
    """The program, source text and source name of a program file, or of a verified .rnn file."""
    if Path(file).suffix == files.SUFFIX:
        artifact = files.read(file)
        return artifact.program, artifact.metadata["source"], artifact.metadata["source_name"]
    return api.load(file), source.read_text(file), Path(file).name


def run_onnx(file: str, assignments, inputs_csv, *, device, dtype, max_steps: int, traced: bool,
             as_json: bool) -> int:
    """The body of `rnnprog run FILE.onnx`: run an exported register program in onnxruntime.

    Prints like `rnnprog run FILE.rm` and returns its exit code (0 halted, 3 not halted).

    Raises:
        click.UsageError: --trace or --plot (they need the source's interpreter and states).
        ArtifactError, InputError, PrecisionError, DeviceError: as onnx_run.load/run_batch.
    """
    from rnnprog.artifacts import onnx_run
    from rnnprog.rm import report

    if traced:
        raise click.UsageError("--trace and --plot need the program source or its .rnn file; "
                               "an ONNX file runs without them")
    compiled = onnx_run.load(file)
    rows = rows_io.read_rows(inputs_csv) if inputs_csv else [rows_io.parse_assignments(assignments)]
    batch = onnx_run.run_batch(compiled, rows, device=device, dtype=dtype, max_steps=max_steps)
    if inputs_csv:
        rows_io.print_rows(rows, batch.results, as_json)
    elif as_json:
        click.echo(json.dumps(report.result_json(batch.results[0], batch.seconds)))
    else:
        for name, value in batch.results[0].outputs.items():
            click.echo(f"{name} = {value}")
        click.echo(report.summary(batch.results[0], batch.seconds, max_steps))
    return 0 if all(r.halted for r in batch.results) else EXIT_NOT_HALTED
