"""Public Hypothesis strategies for register programs (placeholder until written)."""
