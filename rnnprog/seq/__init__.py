"""Sequence programs: deterministic counter machines that read one input symbol per tick.

parse (text -> Program), interpret (the reference), layout + compile (Program -> Network),
runtime (batched float and exact runs), kind (the registry's view).
"""
