"""rnnprog: compile small programs into the weights of a stock PyTorch RNN, and prove they agree."""

from rnnprog.api import compile, interpret, load, parse, run
from rnnprog.errors import (
    CompileError,
    DeviceError,
    InputError,
    PrecisionError,
    ProgramError,
    RnnprogError,
)
from rnnprog.iir.lfilter import lfilter, lfilter_zi
from rnnprog.version import __version__

__all__ = ["CompileError", "DeviceError", "InputError", "PrecisionError", "ProgramError",
           "RnnprogError", "__version__", "compile", "interpret", "lfilter", "lfilter_zi", "load", "parse",
           "run"]
