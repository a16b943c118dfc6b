"""`rnnprog run FILE.seq --tape INPUT`: the output sequence, how the run ended, and a summary."""

from __future__ import annotations

import json

import click

from rnnprog.errors import CompileError, InputError, plural, split_lines
from rnnprog.options import RunOptions, echo_trace
from rnnprog.seq import decode, runtime
from rnnprog.seq.compile import CompiledSeq
from rnnprog.seq.interpret import DEFAULT_MAX_STEPS, Step, interpret
from rnnprog.seq.ir import ACCEPTED, END, REJECTED, symbols_of

#: Exit code of a run still going when its budget ran out (as for the other kinds).
EXIT_RUNNING = 3


def run_main(compiled: CompiledSeq, file: str, options: RunOptions) -> int:
    """Run one input (`--tape`, "" when absent) and print; 0 when it ended (accepted or
    rejected), 3 when it was still running after --max-steps end ticks.

    Raises:
        click.UsageError: options of other kinds. CompileError: --trace found the network and
            the interpreter disagreeing (a compiler bug).
    """
    options.refuse("sequence", "assignments", "head", "function")
    options.refuse_trace_json("sequence")
    if options.inputs_csv:
        return _run_file(compiled, options)
    text = options.tape or ""
    max_steps = DEFAULT_MAX_STEPS if options.max_steps is None else options.max_steps
    record = options.trace or bool(options.plot)
    batch = runtime.run_batch(compiled, [text], dtype=options.dtype, device=options.device,
                              max_steps=max_steps, record=record)
    result = batch.results[0]
    if options.plot:
        from rnnprog.seq import plot

        plot.save(options.plot, compiled, text, batch.states[0], f"{file} --tape '{text}'")
    if options.trace and not options.as_json:
        _trace(compiled, text, batch.states[0], max_steps, options.trace_limit)
    if options.as_json:
        click.echo(json.dumps({"outputs": list(result.outputs), "end": result.end,
                               "ticks": result.ticks, "counters": result.counters,
                               "state": result.state, "seconds": round(batch.seconds, 6)}))
    else:
        for line in summary(symbols_of(compiled.program, text), result, batch.seconds, max_steps):
            click.echo(line)
    return EXIT_RUNNING if not result.halted else 0


def _run_file(compiled: CompiledSeq, options: RunOptions) -> int:
    """`--inputs FILE`: one input sequence per line, run as one batch; a line per input
    (its symbols, output sequence, how it ended; tab-separated), or JSON lines."""
    if options.tape is not None or options.trace or options.plot:
        raise click.UsageError("--inputs runs a batch from the file: give no --input, --trace or --plot")
    texts = read_lines(options.inputs_csv)
    for line, text in enumerate(texts, start=1):
        try:
            symbols_of(compiled.program, text)
        except InputError as err:
            raise InputError(f"{options.inputs_csv}:{line}: {err}", line=line) from None
    max_steps = DEFAULT_MAX_STEPS if options.max_steps is None else options.max_steps
    batch = runtime.run_batch(compiled, texts, dtype=options.dtype, device=options.device,
                              max_steps=max_steps)
    for text, result in zip(texts, batch.results):
        if options.as_json:
            click.echo(json.dumps({"input": text, "outputs": list(result.outputs), "end": result.end,
                                   "ticks": result.ticks}))
        else:  # the symbols read, so a tab or a space in a line cannot split its field
            shown = "".join(symbols_of(compiled.program, text))
            click.echo(f"{shown or '(empty)'}\t{' '.join(result.outputs) or '-'}\t{result.end}")
    return 0 if all(r.halted for r in batch.results) else EXIT_RUNNING


def read_lines(path: str) -> list[str]:
    """The lines of a text file of inputs: UTF-8, a leading byte order mark dropped, lines ending
    at \\n, \\r\\n or \\r only (a form feed or U+2028 inside a line is whitespace, as in
    program files).

    Raises:
        click.UsageError: the file cannot be read or is not UTF-8 text.
    """
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return split_lines(f.read())
    except (OSError, UnicodeDecodeError) as err:
        raise click.UsageError(f"{path}: cannot read the inputs: {err}") from None


def summary(symbols: tuple[str, ...], result: runtime.Result, seconds: float,
            max_steps: int) -> list[str]:
    """`output: ...`, how the run ended, and the ticks, units, device and time; `symbols` is
    the input as read (`ir.symbols_of`: whitespace is not a symbol)."""
    counters = " ".join(f"{c}={v}" for c, v in result.counters.items())
    where = f"at tick {result.ticks}"
    if result.end == ACCEPTED:
        end = f"accepted {where}, entering {result.state}"
    elif result.end == REJECTED:
        symbol = symbols[result.ticks - 1] if result.ticks <= result.length else END
        end = f"rejected {where}: no rule reads `{symbol}` here" + (f" ({counters})" if counters else "")
    else:
        end = (f"still running after {result.ticks} ticks (the input's {result.length} and "
               f"--max-steps {max_steps} end ticks)")
    ms = seconds * 1000
    return [f"output: {' '.join(result.outputs) or '(none)'}", end,
            f"{plural(result.ticks, 'tick')} on {plural(result.length, 'input symbol')} through an "
            f"nn.RNN of {result.units} units on {result.device} ({result.dtype}) in {ms:.1f} ms"]


def step_text(compiled: CompiledSeq, step: Step | None) -> str:
    """A machine step as `rule 2  t  n=1  out x` (`invalid` for an undecodable state)."""
    if step is None:
        return "invalid state"
    rule = "start" if step.rule is None and step.state is not None else \
        "no rule" if step.rule is None else f"rule {step.rule}"
    counters = " ".join(f"{c}={v}" for c, v in zip(compiled.program.counters, step.counters))
    state = step.state if step.state is not None else "(rejected)"
    return f"{rule:<8} {state:<10} {counters:<12} out {step.output or '-'}"


def _trace(compiled: CompiledSeq, text: str, states, max_steps: int, limit: int) -> None:
    """Per tick: the symbol read, the state decoded from h(t), and the interpreter's verdict."""
    reference = interpret(compiled.program, text, max_steps=max_steps)
    echo_trace(f"{'tick':>5}  read  {'rule':<8} {'state':<10} {'counters':<12} out     interpreter")
    diverged = False
    for t, h in enumerate(states[:limit + 1]):
        symbol = "-" if t == 0 else reference.symbols[t - 1] if t <= len(reference.symbols) else END
        got = decode.decode(compiled, h)
        want = reference.steps[t] if t < len(reference.steps) else None
        same = got == want
        diverged |= not same
        verdict = "ok" if same else f"DIFF: {step_text(compiled, want)}"
        echo_trace(f"{t:>5}  {symbol:<4}  {step_text(compiled, got)}  {verdict}")
    if len(states) > limit + 1:
        echo_trace(f"... {len(states) - limit - 1} more ticks (--trace-limit {limit})")
    if diverged:
        raise CompileError("the network and the interpreter disagree (see DIFF above)")
