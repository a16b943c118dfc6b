"""Sequence-program tests: the kind is registered (a no-op once it is in kinds.BUILTIN)."""

from rnnprog import kinds
from rnnprog.seq.kind import KIND

kinds.register(KIND)
