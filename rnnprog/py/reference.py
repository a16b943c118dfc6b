"""CPython itself, calling the same function: what the compiled network is checked against.

Checking runs the file's functions (compiling never does). Two changes, made on the `ast` so
every line stays where it was: `a ** b` with b < 0 and a != 0 raises ValueError (Python's
answer would be a float, and the subset stops there; 0 ** -1 raises ZeroDivisionError as
CPython does), and with `fuel` each loop pass and call spends one unit, so a function that runs
too long stops with OutOfFuel instead of hanging.

Steps and fuel: a call is at least one step (it sets a flag and jumps), and so is every pass of a
loop but the last of each time the loop is entered (it jumps back). A loop is entered again only
after a step (an enclosing loop jumped back, or a call), so each loop is entered at most steps + 1
times, and a run of N steps needs at most `fuel_for(module, N)` = (loops + 2)(N + 1) units.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass

from rnnprog.py import ir
from rnnprog.py.result import PythonResult, value_text
from rnnprog.py.semantics import NEGATIVE_EXPONENT

#: Values past this many bits stop a fuelled call (TooBig): tests skip such draws.
BIG_BITS = 4096


class OutOfFuel(BaseException):
    """The call ran more loop passes and calls than its fuel."""


class TooBig(BaseException):
    """A variable passed BIG_BITS bits (tests skip such draws)."""


@dataclass(frozen=True)
class Outcome:
    """How a call ended: `returned` a value, `raised` an exception, or ran out of `fuel`."""

    how: str
    value: object = None
    exception: str = ""
    message: str = ""

    def __str__(self) -> str:
        if self.how == "returned":
            return f"returns {value_text(self.value)}"
        if self.how == "raised":
            return f"raises {self.exception}: {self.message}" if self.message else f"raises {self.exception}"
        return "runs out of fuel"


def fuel_for(module: ir.Module, steps: int) -> int:
    """The fuel a call that the network finishes in `steps` steps can need at most."""
    return (_loops(module) + 2) * (steps + 1)


def steps_for(module: ir.Module, fuel: int) -> int:
    """The most steps a network may take without returning where CPython ran out of `fuel`."""
    return max(fuel // (_loops(module) + 2) - 1, 0)


def _loops(module: ir.Module) -> int:
    from rnnprog.py import check

    return sum(isinstance(s, (ir.While, ir.For)) for f in module.functions
               for s in check.statements(f.body))


def outcome_of(result: PythonResult) -> Outcome:
    """The network's (or the register interpreter's) end as an Outcome."""
    if result.error is not None:
        return Outcome("raised", exception=result.error.exception, message=result.error.message)
    return Outcome("returned", result.value)


class Reference:
    """A module's functions defined in CPython, ready to call."""

    def __init__(self, module: ir.Module):
        self.module = module
        source = module.source or str(module)
        tree = _Instrument().visit(ast.parse(source, filename=module.path))
        ast.fix_missing_locations(tree)
        self.fuel = 0
        self.big_bits = BIG_BITS
        self.namespace = {"__builtins__": builtins, "__name__": "rnnprog_reference",
                          "__rnnprog_pow__": _checked_pow, "__rnnprog_tick__": self._tick}
        exec(compile(tree, module.path, "exec"), self.namespace)  # the file's defs: checking calls them

    def _tick(self, variables: dict) -> None:
        self.fuel -= 1
        if self.fuel < 0:
            raise OutOfFuel
        for v in variables.values():
            if type(v) is int and v.bit_length() > self.big_bits:
                raise TooBig

    def call(self, args: tuple[int, ...], *, fuel: int | None = None) -> Outcome:
        """Call the entry function; `fuel` None is unlimited. TooBig propagates."""
        self.fuel = fuel if fuel is not None else 1 << 62
        try:
            value = self.namespace[self.module.entry](*args)
        except OutOfFuel:
            return Outcome("fuel")
        except Exception as err:  # noqa: BLE001 - what the function raises is the outcome
            return Outcome("raised", exception=type(err).__name__, message=str(err))
        return Outcome("returned", value)


def agree(python: Outcome, network: Outcome) -> bool:
    """The same value (== : True equals 1) or the same exception and message."""
    if python.how != network.how:
        return False
    if python.how == "returned":
        return _same_numbers(python.value, network.value)
    return (python.exception, python.message) == (network.exception, network.message)


def _same_numbers(a, b) -> bool:
    if isinstance(a, tuple) or isinstance(b, tuple):
        return isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b) and \
            all(_same_numbers(x, y) for x, y in zip(a, b))
    return isinstance(a, int) and isinstance(b, int) and a == b


def _checked_pow(base, exponent):
    if exponent < 0 and base != 0:
        raise ValueError(NEGATIVE_EXPONENT)
    return base ** exponent


class _Instrument(ast.NodeTransformer):
    """`**` and pow() through _checked_pow; a fuel tick first in every loop body and function."""

    def visit_BinOp(self, node: ast.BinOp):
        self.generic_visit(node)
        if isinstance(node.op, ast.Pow):
            return ast.copy_location(_call("__rnnprog_pow__", [node.left, node.right]), node)
        return node

    def visit_AugAssign(self, node: ast.AugAssign):
        self.generic_visit(node)
        if isinstance(node.op, ast.Pow) and isinstance(node.target, ast.Name):
            load = ast.Name(node.target.id, ast.Load())
            value = _call("__rnnprog_pow__", [load, node.value])
            return ast.copy_location(ast.Assign([node.target], value), node)
        return node

    def visit_Call(self, node: ast.Call):
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == "pow" and len(node.args) == 2:
            return ast.copy_location(_call("__rnnprog_pow__", node.args), node)
        return node

    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        node.decorator_list = []
        node.body = [_tick(node), *node.body]
        return node

    def visit_While(self, node):
        self.generic_visit(node)
        node.body = [_tick(node), *node.body]
        return node

    visit_For = visit_While


def _call(name: str, args: list) -> ast.Call:
    return ast.Call(ast.Name(name, ast.Load()), list(args), [])


def _tick(node) -> ast.stmt:
    locals_call = ast.Call(ast.Name("locals", ast.Load()), [], [])
    return ast.copy_location(ast.Expr(_call("__rnnprog_tick__", [locals_call])), node)
