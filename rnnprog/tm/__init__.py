"""Turing machines compiled into a stock ReLU nn.RNN that runs one machine step per tick, exactly."""

from rnnprog.tm import capacity, interpreter, runtime, strategies
from rnnprog.tm.compiler import CompiledProgram, compile
from rnnprog.tm.interpreter import interpret
from rnnprog.tm.ir import Config, Program, Result, Rule
from rnnprog.tm.parser import parse
from rnnprog.tm.runtime import run, trace

__all__ = ["CompiledProgram", "Config", "Program", "Result", "Rule", "capacity", "compile",
           "interpret", "interpreter", "parse", "run", "runtime", "strategies", "trace"]
