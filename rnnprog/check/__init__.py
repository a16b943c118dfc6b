"""Checking as a product: compare a compiled network with the interpreter on drawn inputs, every
step; fuzz the compiler with random programs; perturb weights to watch the check fail."""

from rnnprog.check.checker import DEFAULT_CHECK_STEPS, CheckReport, check, check_case, target_for
from rnnprog.check.fuzzing import FuzzReport, fuzz
from rnnprog.check.perturbation import Perturbation, perturb
from rnnprog.compare.outcome import Limits, Mismatch, Outcome

__all__ = ["DEFAULT_CHECK_STEPS", "CheckReport", "FuzzReport", "Limits", "Mismatch", "Outcome",
           "Perturbation", "check", "check_case", "fuzz", "perturb", "target_for"]
