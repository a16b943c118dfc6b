"""Python-function tests: the kind is registered (a no-op once it is in kinds.BUILTIN)."""

from rnnprog import kinds
from rnnprog.py.kind import KIND

kinds.register(KIND)
