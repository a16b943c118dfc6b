"""Look inside a compiled network: unit tables, weights as equations, per-line explanations."""
