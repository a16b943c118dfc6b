"""What a kind's comparison returns (Limits, Mismatch, Outcome, Target) and the generic step-by-step
comparison (StepTarget): the layer below the kinds that `rnnprog.check` drives from above."""
