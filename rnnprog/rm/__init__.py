"""Register machines (Minsky counter programs) compiled into a ReLU RNN, one tick per step."""

from rnnprog.rm import strategies
from rnnprog.rm.compile import CompiledProgram, compile
from rnnprog.rm.interpret import interpret
from rnnprog.rm.ir import Instruction, Lowered, Program
from rnnprog.rm.lower import lower
from rnnprog.rm.parse import parse
from rnnprog.rm.result import DEFAULT_MAX_STEPS, Result, State
from rnnprog.rm.runtime import BatchRun, run_batch

__all__ = ["BatchRun", "CompiledProgram", "DEFAULT_MAX_STEPS", "Instruction", "Lowered",
           "Program", "Result", "State", "compile", "interpret", "lower", "parse", "run_batch",
           "strategies"]
