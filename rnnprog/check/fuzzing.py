"""Fuzz the compiler: random programs and inputs of one kind, every step compared, failures shrunk
to a program printed as source text."""

from __future__ import annotations

import time
from dataclasses import dataclass

from hypothesis import strategies as st

from rnnprog import api, kinds
from rnnprog.check import checker
from rnnprog.compare.outcome import Limits

#: Step budget per fuzzed run: random programs often loop forever.
FUZZ_STEPS = 150
#: Inputs drawn for fuzzed programs (small: shrinking works best on small cases).
FUZZ_LIMITS = Limits(max_input=6, max_length=12, amplitude=100.0)


@dataclass
class FuzzReport:
    """A fuzz run: the CheckReport counters, plus the shrunk failing program and input."""

    kind: str
    check: checker.CheckReport
    program: object = None

    @property
    def ok(self) -> bool:
        return self.check.ok

    @property
    def source(self) -> str:
        """The shrunk program as source text (parses back to an equal program)."""
        text = str(self.program)
        return text if text.endswith("\n") else text + "\n"


def programs(kind: str):
    """Random valid programs of a kind (each shrinks towards its simplest program).

    Raises:
        ValueError: an unknown kind.
    """
    return _kind(kind).programs()


def fuzz(kind: str = "rm", *, examples: int = 200, seed: int = 0, dtype: str | None = None,
         device: str | None = None, max_steps: int = FUZZ_STEPS) -> FuzzReport:
    """Compile random programs of `kind`, run each on a random input, compare every step.

    Args:
        kind: a registered kind's name ("rm", "seq", ...: `rnnprog.kinds.all_kinds()`).
        examples: how many (program, input) pairs.
        seed: seeds the draws.
        dtype, device: where the networks run (the kind's default dtype when None).
        max_steps: step budget per run.
    Returns:
        A FuzzReport; on failure it holds the shrunk program, input and first divergence.
    Raises:
        ValueError: unknown kind. RnnprogError: a dtype or device the kind cannot use.
    """
    start = time.perf_counter()
    target = checker.target_for(_simplest(kind), dtype=dtype)
    report = FuzzReport(kind, checker.CheckReport(kind, target.dtype, target.approximate, seed=seed))

    @st.composite
    def cases(draw):
        # parsed from its own source, so reported line numbers match the printed program
        program = api.parse(str(draw(programs(kind))), kind=kind)
        target = checker.target_for(program, dtype=dtype, device=device, max_steps=max_steps)
        return program, target, draw(target.inputs(FUZZ_LIMITS))

    def compare(case):
        _, target, inputs = case
        return target.compare(inputs)

    found = checker.search(cases(), compare, report.check, examples, seed)
    if found is not None:
        program, target, inputs = found
        report.program = program
        report.check.case, report.check.counterexample = inputs, target.describe(inputs)
        report.check.mismatch = target.compare(inputs).mismatch
    report.check.seconds = time.perf_counter() - start
    return report


def _kind(name: str):
    try:
        return kinds.get(name)
    except kinds.UnknownKind as err:
        raise ValueError(str(err)) from None


def _simplest(kind: str):
    """The kind's simplest program, to resolve its default dtype before drawing."""
    return api.parse(_kind(kind).simplest, kind=kind)
