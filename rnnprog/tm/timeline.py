"""The page's timeline of a Turing machine: each kept step's configuration decoded from the
stacks beside the interpreter's, with the rule about to fire highlighted in the program.

The source shown is the program as parsed (`str(program)`), where each rule's place is known:
in busy-beaver notation the rule's three characters, in a rule table its line.
"""

from __future__ import annotations

from rnnprog.device import resolve_dtype
from rnnprog.errors import PrecisionError
from rnnprog.page import sampling
from rnnprog.page.timeline import Keep, Moment, Span, Timeline, clip, differing, floats, nonzero
from rnnprog.tm import codec
from rnnprog.tm.compiler import CompiledProgram
from rnnprog.tm.interpreter import DEFAULT_MAX_STEPS, _Machine
from rnnprog.tm.ir import Config, Program, initial_config
from rnnprog.tm.runtime import DEFAULT_DTYPE, Guard

FIELDS = ("state", "head", "reading", "tape", "next rule")
#: Cells shown on each side of the head (a long tape is cut, the same way on both sides).
WINDOW = 24


def timeline(compiled: CompiledProgram, tape=None, *, max_steps: int | None = None,
             dtype: str | None = None, keep: Keep | None = None, head: int = 0,
             device=None) -> Timeline:
    """One run from `tape` (cells from cell 0; None or "" is blank) with the head on `head`.

    Raises:
        InputError: a symbol the machine does not use. PrecisionError: a stack the float dtype
            cannot hold exactly (as `rnnprog run` would).
    """
    keep = keep or Keep()
    program, tape = compiled.program, tape or ""
    dtype = resolve_dtype(dtype or DEFAULT_DTYPE)
    budget = DEFAULT_MAX_STEPS if max_steps is None else max_steps
    config = initial_config(program, tape, head)
    guard = None if dtype == "exact" else Guard(compiled, dtype, budget)
    if guard is not None:
        guard.check_fits(0, config, 0, 1)
    run = sampling.sample(compiled.network, codec.encode(compiled, config), dtype=dtype,
                          device=device, max_steps=budget, hooks=guard, keep=keep)
    reference = _reference(program, config, run.kept)
    moments = tuple(_moment(compiled, t, run.states, reference[t]) for t in run.kept)
    words = f"tape {clip(tape) or '(blank)'}" + (f", head on cell {head}" if head else "")
    return Timeline(words, tuple(str(program).splitlines()), FIELDS, moments, run.steps, run.halted,
                    dtype, keep.words(run.steps))


def _reference(program: Program, config: Config, ticks: list[int]) -> dict[int, Config]:
    """The interpreter's configuration at each kept tick (at its last one past its halt)."""
    machine, now, out = _Machine(program, config), 0, {}
    for t in ticks:
        now += machine.run(t - now) if t > now else 0
        out[t] = machine.config()
    return out


def _moment(compiled: CompiledProgram, t: int, states: dict, want: Config) -> Moment:
    got = _decoded(compiled, states[t])
    network, interpreter = _texts(compiled.program, got), _texts(compiled.program, want)
    before = _decoded(compiled, states[t - 1]) if t else None
    doing = "h(0): the tape written into two stacks" if not t else _fired(compiled.program, before)
    return Moment(t, network, interpreter, floats(states[t]),
                  _where(compiled.program, got if isinstance(got, Config) else want), doing,
                  differing(network, interpreter), nonzero(states[t - 1]) if t else ())


def _decoded(compiled, h) -> Config | str:
    try:
        return codec.decode(compiled, h)
    except PrecisionError as err:
        return f"(not a valid state: {err})"


def _texts(program: Program, config: Config | str) -> tuple[str, ...]:
    if not isinstance(config, Config):
        return (config,) * len(FIELDS)
    reading = config.symbol_at(config.head, program.blank)
    rule = program.rule_for(config.state, reading)
    return (config.state, str(config.head), reading, tape_text(config, program.blank),
            "(none: halted)" if rule is None else str(rule))


def tape_text(config: Config, blank: str) -> str:
    """The non-blank cells and the head, the head's cell in brackets, at most WINDOW cells
    either side of it (`…12 more` where cut); the head field says which cell it is."""
    cells = [c for c, _ in config.cells]
    lo, hi = min([config.head, *cells]), max([config.head, *cells])
    first, last = max(lo, config.head - WINDOW), min(hi, config.head + WINDOW)
    text = "".join(f"[{config.symbol_at(i, blank)}]" if i == config.head else config.symbol_at(i, blank)
                   for i in range(first, last + 1))
    left = f"\u2026{first - lo} more " if first > lo else ""
    right = f" \u2026{hi - last} more" if last < hi else ""
    return f"{left}{text}{right}"


def _fired(program: Program, before: Config | str) -> str:
    if not isinstance(before, Config):
        return "(the state before was not a valid one)"
    read = before.symbol_at(before.head, program.blank)
    rule = program.rule_for(before.state, read)
    if rule is None:
        return "(no rule: halted)"
    way = "right" if rule.move == "R" else "left"
    return f"{rule.state} read {read}: wrote {rule.write}, moved {way}, went to {rule.next}"


def _where(program: Program, config: Config) -> tuple[Span, ...]:
    """Where the rule about to fire is written in str(program)."""
    if not isinstance(config, Config):
        return ()
    read = config.symbol_at(config.head, program.blank)
    rule = program.rule_for(config.state, read)
    if rule is None:
        return ()
    if program.notation == "bb":
        cell = 3 * len(program.symbols) + 1  # a state's rules and the `_` after them
        start = 1 + program.states.index(rule.state) * cell + 3 * program.symbols.index(read)
        return (Span(1, start, start + 3),)
    headers = 2 + bool(program.name)  # name:, start:, blank:
    return (Span(headers + program.rules.index(rule) + 1),)
