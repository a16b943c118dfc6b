"""`rnnprog run FILE`: options parsed once, the body handed to the file's kind."""

from __future__ import annotations

import sys

import click

from rnnprog import api, kinds, options
from rnnprog.cli import page as pages
from rnnprog.options import RunOptions


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("assignments", nargs=-1, metavar="[NAME=VALUE]...")
@click.option("--inputs", "inputs_csv", type=click.Path(exists=True, dir_okay=False),
              help="A batch in a file: a CSV with a header of input names (register programs) or "
              "one input sequence per line (sequence programs).")
@click.option("--tape", "--input", "tape", default=None,
              help="Turing machines: the initial tape, cell 0 first; sequence programs: the input.")
@click.option("--tape-file", "--input-file", "tape_file", default=None, metavar="FILE",
              help="The --tape in a file (- reads standard input), for an input too long for the "
              "command line; one final line break is dropped.")
@click.option("--head", type=int, default=None, help="Turing machines: the starting cell (default 0).")
@click.option("--function", default=None, metavar="NAME",
              help="Python files: the function to call (default: the one named like the file, "
              "else the last one no other calls).")
@options.device_option
@options.dtype_option()
@options.max_steps_option(None)
@click.option("--accelerate/--no-accelerate", default=True, show_default=True,
              help="Jump over loops the network provably repeats (same results and steps); "
              "--no-accelerate computes every tick.")
@click.option("--trace", is_flag=True, help="Show every step decoded from the RNN beside the "
              "interpreter's.")
@click.option("--trace-limit", type=click.IntRange(min=1), default=200, show_default=True,
              help="At most this many trace rows.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (JSON lines with --inputs).")
@click.option("--plot", type=click.Path(dir_okay=False), callback=options.plot_path,
              help="Save an activation raster, the program counter's path and the values (PNG).")
@click.option("--page", type=click.Path(dir_okay=False),
              help="Also write the run as a page to step through in a browser (as `rnnprog page`).")
def run(file, page, **given):
    """Run FILE as a recurrent network and print its outputs.

    Exit codes: 0 halted, 1 user error, 2 usage error, 3 did not halt within --max-steps,
    4 precision limit (rerun with --dtype float64 or --dtype exact).
    """
    run_options = RunOptions(**given)
    if file.endswith(".onnx"):
        from rnnprog.cli.files import run_onnx

        sys.exit(run_onnx(file, run_options))
    program = api.load(file)
    if page and run_options.inputs_csv:
        raise click.UsageError("--page shows one run: give NAME=VALUE or --input, not --inputs")
    code = kinds.of(program).run_command(program, file, run_options)
    if page:
        given = pages.inputs(run_options.assignments, run_options.tape)
        written = pages.write(program, file, given, page, dtype=run_options.dtype,
                              max_steps=run_options.max_steps, head=run_options.head,
                              accelerate=run_options.accelerate)
        code = code or written
    sys.exit(code)
