"""Text the CLI prints for register programs: result lines, summaries, CSV rows, trace tables."""

from __future__ import annotations

from rnnprog.rm.compile import CompiledProgram
from rnnprog.rm.result import Result, State
from rnnprog.rm.trace import decode


def result_json(result: Result, seconds: float | None = None) -> dict:
    """A JSON-ready dict of one run (outputs, registers, steps, halted, ticks, units, ...)."""
    out = {"outputs": result.outputs, "registers": result.registers, "steps": result.steps,
           "halted": result.halted, "ticks": result.ticks, "units": result.units,
           "device": result.device, "dtype": result.dtype}
    if seconds is not None:
        out["seconds"] = round(seconds, 6)
    return out


def summary(result: Result, seconds: float, max_steps: int) -> str:
    """One line: how the run ended, its size and where it ran."""
    ended = (f"halted after {_count(result.steps, 'step')}" if result.halted
             else f"did not halt within {_count(max_steps, 'step')}")
    return (f"# {ended}: {_count(result.ticks, 'tick')} of a {result.units}-unit RNN on "
            f"{result.device}, {result.dtype}, {seconds * 1e3:.1f} ms")


def trace_rows(compiled: CompiledProgram, states, reference: list[State], limit: int,
               total: int | None = None) -> list[str]:
    """A table, one row per step: step, source line, instruction, the program's registers as
    decoded from the RNN, and `ok` where the interpreter's state is the same (else `DIFF`)."""
    lowered = compiled.lowered
    names = lowered.program.registers
    width = max([len(n) for n in names] + [6])
    header = f"{'step':>6}  {'line':>4}  {'instruction':<18}" + "".join(
        f"{n:>{width + 1}}" for n in names) + "  check"
    rows = [header]
    for t in range(min(len(states), limit)):
        got = decode(compiled, states[t])
        want = reference[min(t, len(reference) - 1)]
        mark = "ok" if got == want else f"DIFF, interpreter: {state_text(compiled, want)}"
        rows.append(_trace_row(compiled, t, got, width, mark))
        if got is None or got.pc == lowered.end:
            break
    total = len(states) if total is None else total
    if total > limit:
        rows.append(f"... ({total - limit} more steps; raise --trace-limit to see them)")
    return rows


def _trace_row(compiled: CompiledProgram, t: int, got: State | None, width: int, mark: str) -> str:
    lowered = compiled.lowered
    if got is None:
        return f"{t:>6}  {'?':>4}  {'(not a valid state)':<18}  {mark}"
    if got.pc == lowered.end:
        line, text = "", "halted"
    else:
        core = lowered.code[got.pc]
        source = lowered.program.instructions[core.origin]
        line, text = str(source.line or ""), instruction_text(compiled, got.pc)
        if source.op not in ("inc", "dec", "jz", "jnz", "jmp", "halt"):
            text = f"{text} ({source.op})"
    values = dict(zip(lowered.registers, got.registers))
    cells = "".join(f"{values[n]:>{width + 1}}" for n in lowered.program.registers)
    return f"{t:>6}  {line:>4}  {text:<18}{cells}  {mark}"


def state_text(compiled: CompiledProgram, state: State) -> str:
    """A state as text: the instruction it is at (or `halted`) and the program's registers."""
    lowered = compiled.lowered
    at = "halted" if state.pc == lowered.end else instruction_text(compiled, state.pc)
    values = dict(zip(lowered.registers, state.registers))
    return at + " " + " ".join(f"{n}={values[n]}" for n in lowered.program.registers)


def divergence_text(compiled: CompiledProgram, divergence) -> str:
    """The first divergence: step, the interpreter's state, and every unit that differs."""
    units = ", ".join(f"{label} = {got} (expected {want})" for label, want, got in divergence.units)
    return (f"first divergence at step {divergence.step}: the interpreter is at "
            f"{state_text(compiled, divergence.expected)}; the network's units differ: {units}")


def instruction_text(compiled: CompiledProgram, k: int) -> str:
    """Core instruction k with its jump target named by label (`@5` when it has none)."""
    return compiled.lowered.text(k)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def accelerated_rows(compiled: CompiledProgram, ticked, jumps, reference: dict, limit: int,
                     total: int | None = None) -> list[str]:
    """The trace of an accelerated run: a row per tick computed, one row per jump (how many
    iterations of which lines, and what each adds); `ok` where the interpreter's state at that
    step is the same, `not compared` past the steps the interpreter was run for."""
    lowered = compiled.lowered
    names = lowered.program.registers
    width = max([len(n) for n in names] + [6])
    rows = [f"{'step':>6}  {'line':>4}  {'instruction':<18}" + "".join(
        f"{n:>{width + 1}}" for n in names) + "  check"]
    # the state at a jump's first step was computed before the jump: it goes first
    events = sorted([(t, 1, state) for t, state in ticked] + [(j.start, 2, j) for j in jumps],
                    key=lambda e: (e[0], e[1]))
    for t, kind, item in events[:limit]:
        is_tick = kind == 1
        if not is_tick:
            rows.append(jump_text(compiled, item))
            continue
        got = decode(compiled, item)
        want = reference.get(t)
        mark = ("not compared" if want is None else "ok" if got == want
                else f"DIFF, interpreter: {state_text(compiled, want)}")
        rows.append(_trace_row(compiled, t, got, width, mark))
    total = len(events) if total is None else total
    if total > limit:
        rows.append(f"... ({total - limit} more rows; raise --trace-limit to see them)")
    return rows


def jump_text(compiled: CompiledProgram, jump) -> str:
    """One jump as a trace row: `x 999 iterations of lines 6-9 (4 ticks each): c += 1, a -= 1`."""
    layout, lowered = compiled.layout, compiled.lowered
    at = {unit: k for k, unit in enumerate(layout.pc) if k < lowered.end}
    lines = sorted({lowered.program.instructions[lowered.code[at[u]].origin].line
                    for u in jump.units if u in at})
    where = f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}"
    unit_name = {unit: name for name, unit in layout.registers.items()}
    changes = ", ".join(f"{unit_name[u]} {'+' if d > 0 else '-'}= {abs(d):,}"
                        for u, d in sorted(jump.delta.items()) if u in unit_name)
    each = _count(jump.block_ticks, "tick")
    return (f"{'':>6}  {'':>4}  x {jump.blocks:,} iterations of {where} ({each} each): "
            f"{changes or 'nothing changes'}; steps {jump.start:,} to {jump.start + jump.ticks:,} "
            "skipped, certified")
