"""The page's timeline of a register program: every kept tick, and each fast-forward jump as one
step with its first ticks, beside the interpreter.

The run goes twice on the exact weights (rnnprog.network.accelerate): once accelerated, to find
the jumps and the length, then again ticking one at a time between those jumps (each lands on
the state the first run certified) and keeping the kept ticks' states. The accelerator's float
guard holds both times, so a float32 page shows the numbers the float32 network computes.
"""

from __future__ import annotations

from rnnprog.device import resolve_dtype
from rnnprog.network.certificate import moved
from rnnprog.page.timeline import Jump, Keep, Moment, Span, Timeline, clip, differing, floats
from rnnprog.rm import accelerated, runtime
from rnnprog.rm.compile import CompiledProgram
from rnnprog.rm.guard import check_start
from rnnprog.rm.interpret import interpret
from rnnprog.rm.result import DEFAULT_MAX_STEPS, State, number_text
from rnnprog.rm.trace import decode


def timeline(compiled: CompiledProgram, inputs, *, max_steps: int | None = None,
             dtype: str | None = None, keep: Keep | None = None, accelerate: bool = True) -> Timeline:
    """One run on `inputs` (a mapping of input values; strings of digits too) for a page.

    Raises:
        InputError: unknown, missing or invalid inputs. PrecisionError: a float dtype that
            cannot hold the run exactly (as `rnnprog run` would).
    """
    keep = keep or Keep()
    dtype = resolve_dtype(dtype or "float32")
    budget = DEFAULT_MAX_STEPS if max_steps is None else max_steps
    inputs = {} if inputs is None else dict(inputs)
    start = runtime.initial_states(compiled, [inputs])
    if dtype != "exact":
        check_start(compiled, start, dtype)
    h0 = start[0].tolist()
    engine = accelerated.accelerator(compiled, dtype)
    first = engine.run(h0, budget)
    run = _Replay(compiled, engine, keep, first.ticks, first.jumps if accelerate else [])
    run.go(h0)
    reference = _reference(compiled, inputs, run.wanted())
    moments = tuple(run.moment(raw, reference) for raw in run.kept)
    words = clip(" ".join(f"{name}={value}" for name, value in inputs.items())) or "no inputs"
    return Timeline(words, source_lines(compiled), fields(compiled), moments, first.ticks,
                    first.halted, dtype, keep.words(first.ticks, len(run.jumps)),
                    (_accelerated(accelerate, len(run.jumps)),))


def fields(compiled: CompiledProgram) -> tuple[str, ...]:
    """The decoded fields: the next instruction, then every register (temporaries too)."""
    return ("next", *compiled.lowered.registers)


def source_lines(compiled: CompiledProgram) -> tuple[str, ...]:
    program = compiled.lowered.program
    return tuple((program.source or str(program)).splitlines())


def _accelerated(accelerate: bool, jumps: int) -> str:
    if not accelerate:
        return "every tick computed one at a time (--no-accelerate)"
    return f"{jumps:,} certified fast-forward jumps, each shown as one step" if jumps else \
        "no loop repeated long enough to jump: every tick computed"


class _Replay:
    """The second run: single ticks between the first run's jumps, keeping what a page keeps.
    `kept` holds (tick, state, the state before, jump or None, first ticks) per kept moment."""

    def __init__(self, compiled, engine, keep: Keep, total: int, jumps: list):
        self.compiled, self.engine, self.keep, self.total = compiled, engine, keep, total
        self.jumps = jumps
        self.want = set(keep.ticks(total))
        self.kept: list = []

    def go(self, h0: list) -> None:
        state, tick = {i: v for i, v in enumerate(h0) if v}, 0
        self.kept.append((0, state, None, None, ()))
        jumps = iter(self.jumps)
        jump = next(jumps, None)
        while tick < self.total:
            if jump is not None and jump.start == tick:
                first = self._first(state, tick, self.keep.opened(jump.block_ticks, jump.ticks))
                state, tick = moved(state, jump.delta, jump.blocks), tick + jump.ticks
                self.kept.append((tick, state, None, jump, first))
                jump = next(jumps, None)
                continue
            before, state, tick = state, self._tick(state, tick), tick + 1
            if tick in self.want:
                self.kept.append((tick, state, before, None, ()))

    def _tick(self, state: dict, tick: int) -> dict:
        if self.engine.guard is not None:
            self.engine.guard(state, tick)
        return self.engine.tick(state)[0]

    def _first(self, state: dict, tick: int, count: int) -> tuple:
        out = []
        for t in range(tick + 1, tick + count + 1):
            before, state = state, self._tick(state, t - 1)
            out.append((t, state, before, None, ()))
        return tuple(out)

    def wanted(self) -> set[int]:
        return {raw[0] for raw in self.kept} | {f[0] for raw in self.kept for f in raw[4]}

    def moment(self, raw: tuple, reference: dict) -> Moment:
        tick, state, before, jump, first = raw
        compiled = self.compiled
        dense = self.engine.dense(state)
        got = decode(compiled, dense)
        want = _at(reference, tick)
        network, interpreter = _texts(compiled, got), _texts(compiled, want)
        if jump is not None:
            where, loop = _loop(compiled, jump)
            changes = _changes(compiled, jump)
            doing = f"\u00d7 {jump.blocks:,} iterations of {loop}"
            acted = tuple(sorted(jump.units))
            packed = Jump(jump.blocks, jump.block_ticks, loop, changes,
                          tuple(self.moment(f, reference) for f in first))
            return Moment(tick, network, interpreter, floats(dense), where, doing,
                          differing(network, interpreter), acted, jump=packed)
        doing = "h(0): the inputs, read in once" if before is None else \
            _ran(compiled, decode(compiled, self.engine.dense(before)))
        acted = () if before is None else tuple(sorted(before))
        return Moment(tick, network, interpreter, floats(dense), _where(compiled, got or want), doing,
                      differing(network, interpreter), acted)


def _reference(compiled, inputs, ticks: set[int]) -> dict:
    """The interpreter's State at each of `ticks` it reaches."""
    wanted = sorted(ticks)
    done = interpret(compiled.lowered, inputs, max_steps=max(wanted, default=0), trace_at=set(wanted))
    return dict(zip(wanted, done.trace))


def _at(reference: dict, tick: int) -> State | None:
    """The interpreter's state at `tick`, or its last one where it stopped earlier."""
    if tick in reference:
        return reference[tick]
    earlier = [t for t in reference if t < tick]
    return reference[max(earlier)] if earlier else None


def _texts(compiled, state: State | None) -> tuple[str, ...]:
    lowered = compiled.lowered
    if state is None:
        return ("(not a valid state)",) * (1 + len(lowered.registers))
    where = "halted" if state.pc >= lowered.end else lowered.text(state.pc)
    return (where, *(number_text(v) for v in state.registers))


def _line(compiled, k: int) -> int:
    """The source line of core instruction k."""
    program = compiled.lowered.program
    origin = compiled.lowered.code[k].origin
    if program.source:
        return program.instructions[origin].line
    return 1 + bool(program.inputs) + bool(program.outputs) + origin  # str(program)'s lines


def _where(compiled, state: State | None) -> tuple[Span, ...]:
    if state is None or state.pc >= compiled.lowered.end:
        return ()
    return (Span(_line(compiled, state.pc)),)


def _ran(compiled, before: State | None) -> str:
    """What the tick did: the core instruction it ran, and the source line that holds it."""
    lowered = compiled.lowered
    if before is None or before.pc >= lowered.end:
        return "(no instruction: the state before was not a valid one)"
    origin = lowered.code[before.pc].origin
    written = lowered.program.instructions[origin]
    text = lowered.text(before.pc)
    tail = "" if str(written).endswith(text) else f" (part of `{written}`)"
    return f"ran line {_line(compiled, before.pc)}: {text}{tail}"


def _loop(compiled, jump) -> tuple[tuple[Span, ...], str]:
    """The source lines of a jump's loop, as spans and as words ("lines 6-9")."""
    at = {unit: k for k, unit in enumerate(compiled.layout.pc) if k < compiled.lowered.end}
    lines = sorted({_line(compiled, at[u]) for u in jump.units if u in at})
    if not lines:
        return (), "the loop"
    words = f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}"
    return tuple(Span(line) for line in lines), words


def _changes(compiled, jump) -> str:
    """What one iteration adds to the registers: `c += 7, a -= 1`."""
    name = {unit: register for register, unit in compiled.layout.registers.items()}
    return ", ".join(f"{name[u]} {'+' if d > 0 else '-'}= {abs(d):,}"
                     for u, d in sorted(jump.delta.items()) if u in name)
