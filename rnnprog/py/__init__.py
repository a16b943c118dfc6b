"""Python functions compiled into a stock ReLU RNN: the file's `ast` is checked against the subset,
lowered to a register program (each int a pair of registers) and compiled by rnnprog.rm.

Stages: parse (and check) -> lower -> rm's compile -> names from the Python source.
"""

from rnnprog.py.compile import CompiledFunction
from rnnprog.py.function import NetworkFunction, NotReturned, compile_function, on_rnn
from rnnprog.py.result import PythonError, PythonResult
from rnnprog.py.strategies import python_arguments, python_functions

__all__ = ["CompiledFunction", "NetworkFunction", "NotReturned", "PythonError", "PythonResult",
           "compile_function", "on_rnn", "python_arguments", "python_functions"]
