"""Run a compiled Python function on its network: signed arguments in, the register program run
by rm's runtime (fast-forward, precision guard, batches), the value or error read back.

A budget of None means "until it returns", as CPython would: with exact arithmetic and
fast-forward a run's steps are unbounded (fib(90) takes 2.5 * 10^20 steps, computed in under a
second); otherwise runs stop at 2^62 steps, where rm's step counters end.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from rnnprog.device import resolve_device, resolve_dtype
from rnnprog.network import runner
from rnnprog.py import result
from rnnprog.py.compile import CompiledFunction
from rnnprog.py.result import PythonResult
from rnnprog.rm import accelerated
from rnnprog.rm import runtime as rm_runtime
from rnnprog.rm.guard import Guard, check_start

#: The largest step budget rm's counters hold, used where no budget is given and a run cannot
#: be fast-forwarded in exact arithmetic.
MAX_STEPS = 2**62
#: "Until it returns": more steps than any fast-forwarded run can reach.
UNBOUNDED = 1 << 1024


@dataclass
class Run:
    """Results of one batch, and for a fast-forwarded single call what it computed."""

    results: list[PythonResult]
    seconds: float
    computed: int | None = None  # single ticks computed (the rest jumped or replayed)
    replayed: int | None = None
    jumps: list = field(default_factory=list)
    states: np.ndarray | None = None
    ticked: list | None = None  # (tick, state) of the ticks computed, when asked for


def budget(max_steps: int | None, dtype: str, accelerate: bool) -> int:
    """The step budget a run gets: `max_steps`, or UNBOUNDED (exact, fast-forwarded) / MAX_STEPS."""
    if max_steps is not None:
        return max_steps
    return UNBOUNDED if dtype == "exact" and accelerate else MAX_STEPS


def run(compiled: CompiledFunction, calls: list[tuple[int, ...]], *, device=None, dtype=None,
        max_steps: int | None = None, accelerate: bool = True, record: bool = False,
        keep: int = 0, progress=None) -> Run:
    """Run each call (a tuple of arguments) through the network.

    One call with fast-forward runs here, counting what it computes (`keep` of its computed
    states are kept, for traces and plots); anything else is one batch of rm's runtime.

    Raises:
        InputError: bad arguments. PrecisionError: a float run would leave exact integers.
    """
    dtype = resolve_dtype(dtype or "exact")  # Python ints have no size limit
    steps = budget(max_steps, dtype, accelerate and not record)
    on_cpu = dtype == "exact" or resolve_device(device).type == "cpu"
    # rm leaves networks past accelerated.MAX_UNITS to the plain runner; a Python function's
    # unary arithmetic needs fast-forward at any size (a tick costs its few active weights)
    if accelerate and not record and len(calls) == 1 and on_cpu:
        return _fast_forward(compiled, calls[0], dtype, device, steps, keep)
    rows = [result.registers_of(compiled.lowering, args) for args in calls]
    batch = rm_runtime.run_batch(compiled.registers, rows, device=device, dtype=dtype,
                                 max_steps=min(steps, MAX_STEPS), record=record,
                                 accelerate=accelerate and not record, progress=progress)
    return Run([_decode(compiled, args, r) for args, r in zip(calls, batch.results)], batch.seconds,
               jumps=batch.jumps or [], states=batch.states)


def _fast_forward(compiled: CompiledFunction, args: tuple[int, ...], dtype: str, device, steps: int,
                  keep: int) -> Run:
    """One call on rm's accelerator (certified loop jumps and replays), finished by the plain
    runner where a float run finds no loop to jump for a while."""
    start = time.perf_counter()
    registers = compiled.registers
    h0 = rm_runtime.initial_states(registers, [result.registers_of(compiled.lowering, args)])
    if dtype != "exact":
        check_start(registers, h0, dtype)
    engine = accelerated.accelerator(registers, dtype)
    done = engine.run(h0[0].tolist(), steps, record=keep or False,
                      stall=None if dtype == "exact" else accelerated.STALL_TICKS)
    final, ticks, halted = done.final, done.ticks, done.halted
    if done.stalled:
        rest = runner.run(registers.network, np.array([final], dtype=object), dtype=dtype,
                          device=resolve_device(device), max_steps=min(steps, MAX_STEPS) - ticks,
                          hooks=Guard(registers, dtype, first_tick=ticks))
        final, ticks, halted = [int(v) for v in rest.final[0]], ticks + int(rest.steps[0]), \
            bool(rest.halted[0])
    # read by name here: rm's result rows hold steps in int64, and these runs pass 2^63
    layout = registers.layout
    values = {name: int(final[layout.registers[name]]) for name in registers.program.registers}
    one = result.decode(compiled.lowering, compiled.module.entry, args, values, ticks, halted,
                        ticks=ticks, units=compiled.units, device="cpu", dtype=dtype)
    return Run([one], time.perf_counter() - start, done.computed, done.replayed, done.jumps,
               ticked=done.ticked)


def _decode(compiled: CompiledFunction, args: tuple[int, ...], registers_result) -> PythonResult:
    r = registers_result
    return result.decode(compiled.lowering, compiled.module.entry, args, r.registers, r.steps, r.halted,
                         ticks=r.ticks, units=compiled.units, device=r.device, dtype=r.dtype)


def interpret(compiled: CompiledFunction, args: tuple[int, ...], *, max_steps: int | None = None
              ) -> PythonResult:
    """The register interpreter's run of the same call (independent of the weights)."""
    from rnnprog.rm.interpret import interpret as run_registers

    rows = result.registers_of(compiled.lowering, args)
    done = run_registers(compiled.lowered, rows, max_steps=MAX_STEPS if max_steps is None else max_steps)
    return result.decode(compiled.lowering, compiled.module.entry, args, done.registers, done.steps,
                         done.halted)
