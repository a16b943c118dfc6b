"""The network IR every kind compiles to, with the one torch builder, exact ticker and runner."""

from rnnprog.network.ir import Matrix, Network, Unit, column

__all__ = ["Matrix", "Network", "Unit", "column"]
