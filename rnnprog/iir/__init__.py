"""IIR filter programs: `.iir` text -> Program -> stock nn.RNN(relu) + readout, scipy's semantics."""

from __future__ import annotations

from pathlib import Path

from rnnprog.iir import strategies
from rnnprog.iir.interpret import interpret
from rnnprog.iir.ir import Program, Result
from rnnprog.iir.lfilter import lfilter, lfilter_zi
from rnnprog.iir.network import CompiledProgram, compile
from rnnprog.iir.parse import parse
from rnnprog.iir.runtime import run
from rnnprog.source import read_text

__all__ = ["CompiledProgram", "Program", "Result", "compile", "interpret", "lfilter",
           "lfilter_zi", "load", "parse", "run", "strategies"]


def load(path: str | Path) -> Program:
    """Read and parse a `.iir` file.

    Raises:
        ProgramError: the file is unreadable or malformed (every problem, located).
    """
    return parse(read_text(path), path=str(path))
