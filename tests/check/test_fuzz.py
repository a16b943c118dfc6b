"""The compiler fuzzed under the active Hypothesis profile (ci: 200 examples per kind)."""

import pytest
from hypothesis import settings

from rnnprog import kinds
from rnnprog.check import fuzz


@pytest.mark.parametrize("kind", [kind.name for kind in kinds.all_kinds()])
def test_fuzz_under_the_profile(kind):
    report = fuzz(kind, examples=settings().max_examples, seed=0, device="cpu")
    assert report.ok, "\n" + report.source + str(report.check.mismatch)
    assert report.check.examples >= 1 and report.check.steps > 0
