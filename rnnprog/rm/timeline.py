"""The page's timeline of a register program: every kept tick, and each fast-forward jump as one
step with its first ticks, beside the interpreter.

The run goes twice on the exact weights (rnnprog.network.accelerate): once accelerated, to find
the jumps and the length, then again ticking one at a time between those jumps (each lands on
the state the first run certified) and keeping the kept ticks' states. The accelerator's float
guard holds both times, so a float32 page shows the numbers the float32 network computes.
A `RegisterView` says how states read on the page; a kind that lowers to a register program
(Python functions) passes its own, in its own terms.
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

#: The interpreter runs at most this many steps for a page (as for `run --trace`); a tick past
#: them shows "(not compared)".
INTERPRETER_BUDGET = 10_000_000


class RegisterView:
    """How a register program's states read on a page: the source, the fields (the next core
    instruction, then every register), and where each core instruction is written."""

    def __init__(self, compiled: CompiledProgram):
        self.compiled, self.lowered = compiled, compiled.lowered

    def source(self) -> tuple[str, ...]:
        program = self.lowered.program
        return tuple((program.source or str(program)).splitlines())

    def fields(self) -> tuple[str, ...]:
        return ("next", *self.lowered.registers)

    def texts(self, state: State) -> tuple[str, ...]:
        nxt = "halted" if state.pc >= self.lowered.end else self.lowered.text(state.pc)
        return (nxt, *(number_text(v) for v in state.registers))

    def line(self, k: int) -> int:
        """The source line of core instruction k (0: none, e.g. a routine a Python line calls)."""
        program = self.lowered.program
        origin = self.lowered.code[k].origin
        if program.source:
            return program.instructions[origin].line
        return 1 + bool(program.inputs) + bool(program.outputs) + origin  # str(program)'s lines

    def ran(self, k: int) -> str:
        """What a tick that ran core instruction k did."""
        written = self.lowered.program.instructions[self.lowered.code[k].origin]
        text = self.lowered.text(k)
        tail = "" if str(written).endswith(text) else f" (part of `{written}`)"
        return f"ran line {self.line(k)}: {text}{tail}"

    def unlined(self, ks: list[int]) -> str:  # noqa: ARG002 - a view in other terms reads them
        """A loop whose core instructions `ks` have no source line, in words."""
        return "the loop"

    def changes(self, delta: dict) -> str:
        """What one iteration of a loop adds to the registers: `c += 7, a -= 1`."""
        name = {unit: register for register, unit in self.compiled.layout.registers.items()}
        return ", ".join(f"{name[u]} {'+' if d > 0 else '-'}= {abs(d):,}"
                         for u, d in sorted(delta.items()) if u in name)


def timeline(compiled: CompiledProgram, inputs, *, max_steps: int | None = None,
             dtype: str | None = None, keep: Keep | None = None, accelerate: bool = True,
             view: RegisterView | None = None) -> Timeline:
    """One run on `inputs` (a mapping of input values; strings of digits too) for a page.

    Raises:
        InputError: unknown, missing or invalid inputs. PrecisionError: a float dtype that
            cannot hold the run exactly (as `rnnprog run` would).
    """
    keep, view = keep or Keep(), view or RegisterView(compiled)
    dtype = resolve_dtype(dtype or "float32")
    budget = DEFAULT_MAX_STEPS if max_steps is None else max_steps
    inputs = {} if inputs is None else dict(inputs)
    start = runtime.initial_states(compiled, [inputs])
    if dtype != "exact":
        check_start(compiled, start, dtype)
    h0 = start[0].tolist()
    engine = accelerated.accelerator(compiled, dtype)
    first = engine.run(h0, budget)
    run = _Replay(compiled, view, engine, keep, first.ticks, first.jumps if accelerate else [])
    run.go(h0)
    run.reference = _reference(compiled, inputs, run.wanted())
    moments = tuple(run.moment(raw) for raw in run.kept)
    words = clip(" ".join(f"{name}={value}" for name, value in inputs.items())) or "no inputs"
    notes = [_accelerated(accelerate, len(run.jumps))]
    if first.ticks > INTERPRETER_BUDGET:
        notes.append(f"the interpreter ran the first {INTERPRETER_BUDGET:,} steps: later ticks are "
                     "not compared")
    return Timeline(words, view.source(), view.fields(), moments, first.ticks, first.halted, dtype,
                    keep.words(first.ticks, len(run.jumps)), tuple(notes))


def _accelerated(accelerate: bool, jumps: int) -> str:
    if not accelerate:
        return "every tick computed one at a time (--no-accelerate)"
    return f"{jumps:,} certified fast-forward jumps, each shown as one step" if jumps else \
        "no loop repeated long enough to jump: every tick computed"


class _Replay:
    """The second run: single ticks between the first run's jumps, keeping what a page keeps.
    `kept` holds (tick, state, the state before, jump or None, first ticks) per kept moment."""

    def __init__(self, compiled, view: RegisterView, engine, keep: Keep, total: int, jumps: list):
        self.compiled, self.view, self.engine, self.keep = compiled, view, engine, keep
        self.total, self.jumps = total, jumps
        self.want = set(keep.ticks(total))
        self.kept: list = []
        self.reference: dict = {}

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
        ticks = {raw[0] for raw in self.kept} | {f[0] for raw in self.kept for f in raw[4]}
        return {t for t in ticks if t <= INTERPRETER_BUDGET}

    def moment(self, raw: tuple) -> Moment:
        tick, state, before, jump, first = raw
        dense = self.engine.dense(state)
        got = decode(self.compiled, dense)
        want = _at(self.reference, tick)
        network = self._texts(got)
        interpreter = ("(not compared)",) * len(network) if tick > INTERPRETER_BUDGET else self._texts(want)
        differs = () if tick > INTERPRETER_BUDGET else differing(network, interpreter)
        if jump is not None:
            where, loop = self._loop(jump)
            packed = Jump(jump.blocks, jump.block_ticks, loop, self.view.changes(jump.delta),
                          tuple(self.moment(f) for f in first))
            return Moment(tick, network, interpreter, floats(dense), where,
                          f"\u00d7 {jump.blocks:,} iterations of {loop}", differs,
                          tuple(sorted(jump.units)), jump=packed)
        if before is None:
            doing, acted = "h(0): the inputs, read in once", ()
        else:
            was = decode(self.compiled, self.engine.dense(before))
            doing = "(the state before was not a valid one)" if was is None or \
                was.pc >= self.compiled.lowered.end else self.view.ran(was.pc)
            acted = tuple(sorted(before))
        return Moment(tick, network, interpreter, floats(dense), self._where(got or want), doing,
                      differs, acted)

    def _texts(self, state: State | None) -> tuple[str, ...]:
        if state is None:
            return ("(not a valid state)",) * len(self.view.fields())
        return self.view.texts(state)

    def _where(self, state: State | None) -> tuple[Span, ...]:
        line = 0 if state is None or state.pc >= self.compiled.lowered.end else self.view.line(state.pc)
        return (Span(line),) if line > 0 else ()

    def _loop(self, jump) -> tuple[tuple[Span, ...], str]:
        """The source lines of a jump's loop, as spans and as words ("lines 6-9")."""
        layout, end = self.compiled.layout, self.compiled.lowered.end
        at = {unit: k for k, unit in enumerate(layout.pc) if k < end}
        ks = sorted(at[u] for u in jump.units if u in at)
        lines = sorted({self.view.line(k) for k in ks} - {0})
        if not lines:
            return (), self.view.unlined(ks)
        words = f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}"
        return tuple(Span(line) for line in lines), words


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
