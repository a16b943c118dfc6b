"""The page's timeline of a sequence program: each kept tick's symbol read, the rule that fired
(highlighted), state, counters and output, decoded from h(t) beside the interpreter's.

The network runs once, every state recorded (a sequence network has a few units: 10^6 ticks of
9 float32 units is 36 MB); the interpreter runs alongside, tick by tick, keeping only the kept
ticks. The output so far comes from the readout at every tick (vectorised), not from decoding.
"""

from __future__ import annotations

import numpy as np

from rnnprog.device import resolve_dtype
from rnnprog.page.timeline import Keep, Moment, Span, Timeline, clip, differing, floats, nonzero
from rnnprog.seq import runtime
from rnnprog.seq.compile import CompiledSeq
from rnnprog.seq.decode import decode
from rnnprog.seq.interpret import DEFAULT_MAX_STEPS, Step, _table, start, tick
from rnnprog.seq.ir import END, RUNNING, Program, symbols_of

#: Emitted symbols shown in "output so far" (the oldest are cut, and counted).
SHOWN = 24


def timeline(compiled: CompiledSeq, text=None, *, max_steps: int | None = None,
             dtype: str | None = None, keep: Keep | None = None, device=None) -> Timeline:
    """One run on an input (a string, one character a symbol, or a list of symbols).

    Raises:
        InputError: a symbol outside the alphabet. PrecisionError: a counter past what the
            float dtype holds exactly.
    """
    keep = keep or Keep()
    program = compiled.program
    symbols = symbols_of(program, text or "")
    dtype = resolve_dtype(dtype or "float32")
    budget = DEFAULT_MAX_STEPS if max_steps is None else max_steps
    batch = runtime.run_batch(compiled, [list(symbols)], dtype=dtype, device=device, max_steps=budget,
                              record=True)
    result, states = batch.results[0], batch.states[0]
    kept = keep.ticks(result.ticks)
    reference, said = _reference(program, symbols, budget, kept)
    emitted = _emitted(compiled, states)
    moments = tuple(_moment(compiled, symbols, t, states, reference[t], emitted, said) for t in kept)
    spelled = "".join(symbols) if all(len(s) == 1 for s in symbols) else " ".join(symbols)
    words = f"input {clip(spelled)}" if symbols else "empty input"
    return Timeline(words, source_lines(program), fields(program), moments, result.ticks,
                    result.halted, dtype, keep.words(result.ticks))


def fields(program: Program) -> tuple[str, ...]:
    return ("read", "state", *(f"counter {c}" for c in program.counters), "output", "output so far",
            "status")


def source_lines(program: Program) -> tuple[str, ...]:
    return tuple((program.source or str(program)).splitlines())


def _reference(program: Program, symbols: tuple, budget: int, kept: list[int]):
    """The interpreter, tick by tick as `interpret` runs it: its Step at each kept tick (its
    last past its end) and the ticks at which it emitted, with the symbols."""
    table, now, t, at, said = _table(program), start(program), 0, {}, []
    wanted = iter(kept)
    want = next(wanted, None)
    while want is not None:
        if want == t:
            at[t] = now
            want = next(wanted, None)
            continue
        if now.status != RUNNING or t >= len(symbols) + budget:  # ended: its last Step stands
            at[want] = now
            want = next(wanted, None)
            continue
        t += 1
        now = tick(program, table, now, symbols[t - 1] if t <= len(symbols) else END)
        if now.output is not None:
            said.append((t, now.output))
    return at, said


def _emitted(compiled: CompiledSeq, states) -> list[tuple[int, str]]:
    """(tick, symbol) of every output the network's readout gives (out:<symbol> above 1/2)."""
    network, outputs = compiled.network, compiled.program.outputs
    if not outputs:
        return []
    rows = np.zeros((len(outputs), network.size))
    for i, j, w in network.readout.entries:
        if i < len(outputs):
            rows[i, j] = float(w)
    y = np.asarray(states, dtype=np.float64) @ rows.T  # (ticks + 1, outputs)
    on = y > 0.5
    ticks = np.flatnonzero(on.any(axis=1))
    return [(int(t), outputs[int(np.argmax(on[t]))]) for t in ticks]


def _so_far(emitted: list[tuple[int, str]], t: int) -> str:
    """The output up to tick t: its last SHOWN symbols, and how many came before."""
    n = int(np.searchsorted([e[0] for e in emitted], t, side="right")) if emitted else 0
    if not n:
        return "(none)"
    shown = " ".join(s for _, s in emitted[max(0, n - SHOWN):n])
    return f"\u2026{n - SHOWN} more, {shown}" if n > SHOWN else shown


def _moment(compiled, symbols, t: int, states, want: Step, emitted, said) -> Moment:
    program = compiled.program
    got = decode(compiled, list(states[t]))
    read = "-" if t == 0 else symbols[t - 1] if t <= len(symbols) else END
    network = _texts(program, got, read, _so_far(emitted, t))
    interpreter = _texts(program, want, read, _so_far(said, t))
    step = got if got is not None else want
    rule = None if step.rule is None else program.rules[step.rule]
    doing = "h(0): the start state, every counter 0" if t == 0 else \
        f"read {read}: " + ("no rule fires: the input is rejected" if rule is None else f"fired `{rule}`")
    x = [0.0] * len(program.symbols)
    if t:
        x[program.symbols.index(read)] = 1.0
    return Moment(t, network, interpreter, floats(states[t]),
                  () if rule is None else (Span(_line(program, step.rule)),), doing,
                  differing(network, interpreter), nonzero(states[t - 1]) if t else (), tuple(x))


def _texts(program: Program, step: Step | None, read: str, so_far: str) -> tuple[str, ...]:
    if step is None:
        return (read, *("(not a valid state)",) * (len(program.counters) + 4))
    return (read, "(rejected)" if step.state is None else step.state, *map(str, step.counters),
            step.output or "-", so_far, step.status)


def _line(program: Program, k: int) -> int:
    """The source line of rule k (in str(program) where the program has no source)."""
    if program.source:
        return program.rules[k].line
    headers = 2 + bool(program.counters) + bool(program.accept)
    return headers + k + 1
