"""Text the check and fuzz commands print: a summary, or a counterexample and its first divergence."""

from __future__ import annotations

from rnnprog.compare.outcome import Mismatch, number

#: At most this many differing units are listed (a broken network can differ everywhere).
UNIT_ROWS = 12


def summary(report, name: str, device: str) -> list[str]:
    """Success: examples, steps compared, max |error| (filters), dtype, device, seed and time."""
    lines = [f"ok: {name}: the network agrees with {report.reference} on {report.examples} "
             f"{_plural(report.examples, 'example')}, every step"]
    detail = f"{report.steps:,} steps compared"
    if report.approximate:
        detail += f", max |error| {report.max_error:.3g}"
    lines.append(f"  {detail}; {report.dtype} on {device}, seed {report.seed}, "
                 f"{report.seconds:.2f} s")
    if report.examples < report.requested:
        lines.append(f"  fewer than the {report.requested:,} examples asked for: there are no more "
                     "distinct inputs within the limits (raise --max-input or --max-length)")
    if report.guarded:
        lines.append(f"  {report.guarded} {_plural(report.guarded, 'run')} stopped by the precision "
                     f"guard before leaving {report.dtype}'s exact range (the interpreter "
                     "confirms they would)")
    return lines


def perturbations(report) -> list[str]:
    """The weights a --perturb run changed, by unit label (target <- source)."""
    if not report.perturbations:
        return []
    count = len(report.perturbations)
    return ([f"perturbed {count} {_plural(count, 'weight')} (seed {report.seed}), "
             "as `unit <- source: before -> after`:"]
            + [f"  {change}" for change in report.perturbations])


def failure(report, name: str) -> list[str]:
    """The shrunk counterexample, its first divergence, and how to rerun it."""
    lines = [f"FAIL: {name}: the network and {report.reference} disagree "
             f"(found after {report.examples} {_plural(report.examples, 'example')}, "
             f"{report.dtype})",
             f"counterexample (shrunk): {report.counterexample}"]
    lines += divergence(report.mismatch)
    if report.rerun:
        lines.append(f"rerun: {report.rerun}")
    return lines


def divergence(mismatch: Mismatch) -> list[str]:
    """The first-divergence table: step, what ran before it, both states, differing units."""
    step = "" if mismatch.step is None else f" at step {mismatch.step}"
    lines = [f"first divergence{step}, after {mismatch.location}",
             f"  interpreter: {mismatch.expected}",
             f"  network:     {mismatch.actual}"]
    if mismatch.note:
        lines.append(f"  {mismatch.note}")
    if mismatch.units:
        width = max(len(label) for label, _, _ in mismatch.units[:UNIT_ROWS])
        width = max(width, len("unit"))
        lines.append(f"  {'unit':<{width}}  {'expected':>14}  {'network':>14}")
        for label, want, got in mismatch.units[:UNIT_ROWS]:
            lines.append(f"  {label:<{width}}  {_cell(want):>14}  {_cell(got):>14}")
        if len(mismatch.units) > UNIT_ROWS:
            lines.append(f"  ... and {len(mismatch.units) - UNIT_ROWS} more units")
    return lines


def _cell(value) -> str:
    value = number(value)
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def _plural(n: int, noun: str) -> str:
    return noun if n == 1 else noun + "s"
