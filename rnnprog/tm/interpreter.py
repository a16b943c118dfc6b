"""The reference interpreter: an unbounded tape in a dict, independent of the compiler."""

from __future__ import annotations

from collections.abc import Iterator

from rnnprog.tm.ir import Config, Program, Result, initial_config, result_of

DEFAULT_MAX_STEPS = 10_000


def step(program: Program, config: Config) -> Config | None:
    """Execute one transition, or return None where the machine halts (no rule, bare halt, halt state).

    Args:
        program: the machine.
        config: the configuration before the step.

    Returns:
        The configuration after the step, or None when no transition applies.
    """
    tape = dict(config.cells)
    rule = program.rule_for(config.state, tape.get(config.head, program.blank))
    if rule is None:
        return None
    if rule.write == program.blank:
        tape.pop(config.head, None)
    else:
        tape[config.head] = rule.write
    head = config.head + (1 if rule.move == "R" else -1)
    return Config(rule.next, head, tuple(sorted(tape.items())))


def configurations(program: Program, tape: str, *, head: int = 0,
                   max_steps: int = DEFAULT_MAX_STEPS) -> Iterator[Config]:
    """Yield the configuration before step 1, after step 1, ..., until it halts or max_steps steps ran.

    Raises:
        InputError: a tape character is not one of the machine's symbols.
    """
    config = initial_config(program, tape, head)
    yield config
    for _ in range(max_steps):
        config = step(program, config)
        if config is None:
            return
        yield config


def interpret(program: Program, tape: str = "", *, head: int = 0,
              max_steps: int = DEFAULT_MAX_STEPS) -> Result:
    """Run the machine on an unbounded tape.

    Args:
        program: the machine.
        tape: initial cells from cell 0, one character each.
        head: the starting cell.
        max_steps: the most transitions to execute.

    Returns:
        A Result; `halted` is False when it was still running after max_steps steps.

    Raises:
        InputError: a tape character is not one of the machine's symbols.
    """
    config, steps = initial_config(program, tape, head), 0
    while (following := step(program, config)) is not None and steps < max_steps:
        config, steps = following, steps + 1
    return result_of(config, halted=following is None, steps=steps, blank=program.blank)
