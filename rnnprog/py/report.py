"""What `rnnprog run FILE.py` prints: the call and its value or traceback, the run line, and the
trace table (the Python line and variables at each tick, beside the register interpreter)."""

from __future__ import annotations

from rnnprog.errors import split_lines
from rnnprog.py.compile import CompiledFunction
from rnnprog.py.result import PythonResult, value_text
from rnnprog.rm import trace as rm_trace
from rnnprog.rm.result import State


def outcome_lines(result: PythonResult, path: str, source: str) -> list[str]:
    """`gcd(48, 18) = 6`; for an error, the call, then its frames as Python's traceback shows them."""
    lines = [str(result)]
    if result.halted and result.error is not None:
        text = split_lines(source)
        for function, line in result.error.frames:
            lines.append(f'  File "{path}", line {line}, in {function}')
            if 1 <= line <= len(text):
                lines.append(f"    {text[line - 1].strip()}")
    return lines


def summary(result: PythonResult, seconds: float, computed: int | None = None,
            replayed: int | None = None, jumps: int | None = None) -> str:
    """`# returned after 10,869 steps: 1,408 ticks computed, 877 replayed, 138 jumps; a
    495-unit RNN on cpu, exact, 12.3 ms`."""
    ended = ("returned" if result.error is None else "raised") if result.halted else "stopped"
    done = f"# {ended} after {_count(result.steps, 'step')}: "
    if computed is not None:
        done += (f"{_count(computed, 'tick')} computed, {replayed:,} replayed, "
                 f"{_count(jumps, 'jump')}; a {result.units}-unit RNN")
    else:
        done += f"{_count(result.ticks or 0, 'tick')} of a {result.units}-unit RNN"
    return done + f" on {result.device}, {result.dtype}, {seconds * 1e3:.1f} ms"


def as_json(result: PythonResult, seconds: float) -> dict:
    out = {"function": result.function, "arguments": list(result.arguments), "steps": result.steps,
           "halted": result.halted, "units": result.units, "device": result.device,
           "dtype": result.dtype, "seconds": round(seconds, 6)}
    if result.returned:
        out["value"] = list(result.value) if isinstance(result.value, tuple) else result.value
    elif result.halted:
        out["error"] = {"exception": result.error.exception, "message": result.error.message,
                        "frames": [list(f) for f in result.error.frames]}
    return out


# --- traces -----------------------------------------------------------------------------------
def header(compiled: CompiledFunction) -> str:
    names = _shown(compiled)
    return (f"{'step':>8}  {'line':>4}  {'python':<28}  {'instruction':<26}"
            + "".join(f"{n:>{_width(n)}}" for n in names) + "  check")


def tick_row(compiled: CompiledFunction, step: int, state, reference: State | None) -> str:
    """One computed tick: where the program is in Python, the variables, and `ok` when the
    register interpreter is in the same state at that step (`not compared` when not run)."""
    got = rm_trace.decode(compiled.registers, state)
    if got is None:
        where, line, text = "(not a valid state)", "?", ""
    elif got.pc == compiled.lowered.end:
        where, line, text = "returned" if _raised(compiled, got) == 0 else "raised", "", "halted"
    else:
        origin = compiled.lowering.origins[compiled.lowered.code[got.pc].origin]
        where, line = origin.text, str(origin.line or "")
        text = compiled.lowered.text(got.pc)
    if reference is None or got == reference:
        mark = "not compared" if reference is None else "ok"
    else:
        ended = reference.pc >= compiled.lowered.end
        mark = f"DIFF, interpreter at {'the end' if ended else compiled.lowered.text(reference.pc)}"
    cells = "".join(f"{_value(compiled, got, n):>{_width(n)}}" for n in _shown(compiled))
    return f"{step:>8,}  {line:>4}  {_clip(where, 28):<28}  {_clip(text, 26):<26}{cells}  {mark}"


def jump_row(compiled: CompiledFunction, jump) -> str:
    """A fast-forward jump: `x 999 passes of line 3 (12 ticks each): a+ += 999; steps ...`."""
    layout, lowered, lowering = compiled.layout, compiled.lowered, compiled.lowering
    at = {unit: k for k, unit in enumerate(layout.pc) if k < lowered.end}
    origins = {lowering.origins[lowered.code[at[u]].origin] for u in jump.units if u in at}
    lines = sorted({o.line for o in origins if o.line})
    routines = sorted({o.function for o in origins if not o.line and o.function})
    where = ", ".join([f"line {ln}" for ln in lines] + [f"routine {r}" for r in routines]) or "the loop"
    labels = compiled.labels
    changes = ", ".join(f"{labels[u]} {'+' if d > 0 else '-'}= {abs(d):,}"
                        for u, d in sorted(jump.delta.items()) if compiled.network.units[u].role == "reg")
    return (f"{'':>8}  {'':>4}  x {jump.blocks:,} passes of {where} ({_count(jump.block_ticks, 'tick')} "
            f"each): {changes or 'nothing changes'}; steps {jump.start:,} to "
            f"{jump.start + jump.ticks:,} skipped, certified")


def _shown(compiled: CompiledFunction) -> list[str]:
    """The entry function's variables, parameters first."""
    entry = compiled.module.entry
    return list(compiled.lowering.variables[entry])


def _value(compiled: CompiledFunction, state: State | None, name: str) -> str:
    if state is None:
        return "?"
    pair = compiled.lowering.variables[compiled.module.entry][name]
    regs = dict(zip(compiled.lowered.registers, state.registers))
    return value_text(regs[pair.pos] - regs[pair.neg])


def _raised(compiled: CompiledFunction, state: State) -> int:
    return dict(zip(compiled.lowered.registers, state.registers)).get("raise", 0)


def _width(name: str) -> int:
    return max(len(name), 6) + 2


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"
