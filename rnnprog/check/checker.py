"""Check a program: draw inputs with Hypothesis, run the network and the interpreter, compare every
step, and shrink the first disagreement to a small counterexample."""

from __future__ import annotations

import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from hypothesis import HealthCheck, Phase, Verbosity, find, settings
from hypothesis.errors import NoSuchExample

from rnnprog import kinds
from rnnprog.check import perturbation
from rnnprog.compare.outcome import Limits, Mismatch, Outcome
from rnnprog.errors import InputError

#: Step budget of a check: runs still going then compare as "both still running".
DEFAULT_CHECK_STEPS = 10_000


@dataclass
class CheckReport:
    """What a check found. `mismatch` is None when every example agreed.

    `examples` and `steps` count the inputs and steps compared up to the first failure;
    `max_error` is the largest |network - interpreter| (filters; 0 for exact kinds);
    `guarded` counts runs a float guard stopped because they truly leave the exact range.
    """

    kind: str
    dtype: str
    approximate: bool = False
    examples: int = 0
    requested: int = 0
    reference: str = "the interpreter"
    steps: int = 0
    max_error: float = 0.0
    guarded: int = 0
    seconds: float = 0.0
    seed: int = 0
    perturbations: tuple = ()
    case: object = None
    counterexample: str = ""
    mismatch: Mismatch | None = None
    rerun: str = field(default="", repr=False)

    @property
    def ok(self) -> bool:
        return self.mismatch is None

    def add(self, outcome: Outcome) -> None:
        self.examples += 1
        self.steps += outcome.steps
        self.max_error = max(self.max_error, outcome.error)
        self.guarded += outcome.guarded


def target_for(program, *, dtype=None, device=None, max_steps=DEFAULT_CHECK_STEPS, clean=None):
    """The kind's target: a compiled program with the dtype, device and budget to check it in.

    Args:
        program: a Program or CompiledProgram of any kind (a compiled filter keeps its dtype
            unless another is asked for).
        clean: for Turing machines, the unperturbed compile the unit table compares against.
    Raises:
        DeviceError: a dtype the kind cannot run (filters have no exact network).
    """
    try:
        kind = kinds.of(program)
    except kinds.UnknownKind as err:
        raise InputError(str(err)) from None
    return kind.target(kind.compile(program), dtype=dtype, device=device, max_steps=max_steps,
                       clean=clean)


def check(program, *, examples: int = 200, dtype: str | None = None, device: str | None = None,
          seed: int = 0, max_steps: int = DEFAULT_CHECK_STEPS, limits: Limits | None = None,
          perturb: int = 0, path: str = "") -> CheckReport:
    """Draw up to `examples` inputs, compare network and interpreter at every step of each.

    Args:
        program: a Program or compiled program of any registered kind.
        examples: how many inputs to try (fewer when there are fewer distinct inputs).
        dtype, device: where the network runs (each kind's default dtype when None).
        seed: seeds the draws (and the perturbation).
        max_steps: step budget per run; runs still going then compare as still running.
        limits: bounds on drawn inputs (Limits() when None).
        perturb: change this many weights by +/-1 first, to see the check fail.
        path: the program's file, for the rerun command in the report.
    Returns:
        A CheckReport; on failure it holds the shrunk input and its first divergence.
    Raises:
        RnnprogError: bad dtype/device for the kind, or too few weights to perturb.
    """
    start = time.perf_counter()
    target = target_for(program, dtype=dtype, device=device, max_steps=max_steps)
    changes = ()
    if perturb:
        broken, changes = perturbation.perturb(target.compiled, perturb, seed)
        target = target_for(broken, dtype=dtype, device=device, max_steps=max_steps,
                            clean=target.compiled)
    report = CheckReport(target.kind, target.dtype, target.approximate, seed=seed,
                         perturbations=changes, requested=examples, reference=target.reference)
    case = search(target.inputs(limits or Limits()), target.compare, report, examples, seed)
    if case is not None:
        report.case, report.counterexample = case, target.describe(case)
        report.mismatch = target.compare(case).mismatch
        report.rerun = "" if changes or not path else target.rerun(path, case)
    report.seconds = time.perf_counter() - start
    return report


def check_case(program, case, *, dtype=None, device=None,
               max_steps: int = DEFAULT_CHECK_STEPS) -> Outcome:
    """Compare network and interpreter on one given input (a dict, (tape, head) or a signal)."""
    return target_for(program, dtype=dtype, device=device, max_steps=max_steps).compare(case)


def search(strategy, compare, report: CheckReport, examples: int, seed: int):
    """Run `compare` on up to `examples` draws of `strategy`; return the shrunk failing draw or
    None. Every outcome up to and including the first failure is added to `report`."""
    failed = []

    def fails(case) -> bool:
        outcome = compare(case)
        if not failed:
            report.add(outcome)
        if outcome.mismatch is not None:
            failed.append(case)
            return True
        return False

    quiet = settings(max_examples=examples, database=None, deadline=None, derandomize=False,
                     verbosity=Verbosity.quiet, suppress_health_check=list(HealthCheck),
                     phases=[Phase.generate, Phase.shrink])
    try:
        with _no_local_constants():
            return find(strategy, fails, settings=quiet, random=random.Random(seed))
    except NoSuchExample:
        return None


@contextmanager
def _no_local_constants():
    """Hypothesis mixes literals from already-imported local modules (files under the current
    directory) into its draws, so one seed would draw different inputs depending on what else a
    process had imported (seen: a check inside the test suite drew other signals than the same
    check on the command line). `--seed S` must mean the same inputs everywhere: switch that pool
    off while the checker searches. It is a private hook; if it moves, draws just vary again."""
    try:
        from hypothesis.internal.conjecture import providers

        original, empty = providers._get_local_constants, providers.Constants()
        cache = providers.CONSTANTS_CACHE.cache
    except (ImportError, AttributeError):
        yield
        return
    providers._get_local_constants = lambda: empty
    cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = original
        cache.clear()


