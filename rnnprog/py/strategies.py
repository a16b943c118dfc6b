"""Hypothesis strategies for Python functions of the subset (as IR; `str()` is their source) and
for their arguments.

`python_functions()` draws small functions that use every construct: signed arithmetic with all
six operators, comparison chains, and/or values, conditional expressions, if/elif/else, while
and for-range loops with break, continue and else, tuple and augmented assignment, asserts,
builtins and a helper function. Loops need not end and values may grow: a test compares CPython
and the network under a budget of loop passes. Everything shrinks towards `return 0`.
"""

from __future__ import annotations

import functools

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from rnnprog.py import check, ir

__all__ = ["python_arguments", "python_functions"]

PARAMS = ("a", "b", "c")
LOCALS = ("x", "y", "i")
HELPER = "helper"
_COMPARE = ir.COMPARISONS
_OPERATORS = ("+", "-", "*", "//", "%", "**")
#: Three functions in four give every local a value first (fewer end at an UnboundLocalError).
_ALL_LOCALS = st.sampled_from((True, True, True, False))


def python_arguments(module: ir.Module, *, min_value: int = -10, max_value: int = 10):
    """An int in min_value..max_value for every parameter of the entry function; shrinks to 0
    (or the bound nearer 0)."""
    if min_value > max_value:
        raise InvalidArgument(f"min_value={min_value} must be <= max_value={max_value}")
    return st.fixed_dictionaries({name: st.integers(min_value, max_value) for name in module.main.params})


def constants(big: bool = True):
    """Small ints mostly (shrinking to 0), now and then one past 2^64."""
    small = st.integers(-12, 12)
    return st.one_of(small, st.integers(-(2**70), 2**70)) if big else small


@functools.cache  # one strategy object per shape, not one per draw
@st.composite
def expressions(draw, names: tuple[str, ...], depth: int, helper: int = 0):
    """An int-valued expression over `names`; `helper` is the helper function's parameter count
    (0: no helper to call)."""
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        if names and draw(st.booleans()):
            return ir.Name(draw(st.sampled_from(names)))
        return ir.Const(draw(constants()))
    sub = expressions(names, depth - 1, helper)
    form = draw(st.sampled_from(("binary", "unary", "compare", "boolop", "ifexp", "call", "not")))
    if form == "binary":
        op = draw(st.sampled_from(_OPERATORS))
        if op == "**":  # keep powers small: a constant exponent, or one in 0..2
            right = draw(st.one_of(st.integers(-1, 4).map(ir.Const),
                                   sub.map(lambda e: ir.Binary("%", e, ir.Const(3)))))
            return ir.Binary(op, draw(sub), right)
        return ir.Binary(op, draw(sub), draw(sub))
    if form == "unary":
        op, operand = draw(st.sampled_from(("-", "+", "~"))), draw(sub)
        if op == "-" and isinstance(operand, ir.Const) and not operand.is_bool:
            return ir.Const(-operand.value)  # `-5` is a literal, as the parser reads it
        return ir.Unary(op, operand)
    if form == "not":
        return ir.Unary("not", draw(sub))
    if form == "compare":
        size = draw(st.integers(1, 3))
        return ir.Compare(draw(sub), tuple(draw(st.sampled_from(_COMPARE)) for _ in range(size)),
                          tuple(draw(sub) for _ in range(size)))
    if form == "boolop":
        return ir.BoolOp(draw(st.sampled_from(("and", "or"))), tuple(draw(st.lists(sub, min_size=2,
                                                                                     max_size=3))))
    if form == "ifexp":
        return ir.IfExp(draw(sub), draw(sub), draw(sub))
    funcs = ["abs", "min", "max", "pow"] + ([HELPER] if helper else [])
    func = draw(st.sampled_from(funcs))
    count = {"abs": 1, "pow": 2, HELPER: helper}.get(func) or draw(st.integers(2, 3))
    args = tuple(draw(sub) for _ in range(count))
    if func == "pow":
        args = (args[0], ir.Binary("%", args[1], ir.Const(4)))
    return ir.Call(func, args)


@functools.cache  # one strategy object per shape, not one per draw
@st.composite
def statements(draw, names: tuple[str, ...], depth: int, in_loop: bool, helper: int, size: int):
    """A block of 1..size statements."""
    count = draw(st.integers(1, max(1, size)))
    return tuple(draw(statement(names, depth, in_loop, helper)) for _ in range(count))


@functools.cache  # one strategy object per shape, not one per draw
@st.composite
def statement(draw, names: tuple[str, ...], depth: int, in_loop: bool, helper: int):
    value = expressions(names, 2, helper)
    targets = tuple(n for n in names if n not in PARAMS) or names
    forms = ["assign", "augassign", "tuple", "assert", "return"]
    if depth > 0:
        forms += ["if", "while", "for"]
    if in_loop:
        forms += ["break", "continue"]
    form = draw(st.sampled_from(forms))
    if form == "assign":
        return ir.Assign((draw(st.sampled_from(names)),), draw(value))
    if form == "augassign":
        return ir.AugAssign(draw(st.sampled_from(names)), draw(st.sampled_from(_OPERATORS[:5])), draw(value))
    if form == "tuple":
        left, right = draw(st.sampled_from(names)), draw(st.sampled_from(targets))
        if draw(st.booleans()):
            return ir.Assign(((left, right),), ir.Call("divmod", (draw(value), draw(value))))
        return ir.Assign(((left, right),), ir.Tuple((draw(value), draw(value))))
    if form == "assert":
        return ir.Assert(draw(value), draw(st.sampled_from((None, "checked"))))
    if form == "return":
        return ir.Return(draw(value))
    if form in ("break", "continue"):
        return ir.Jump(form)
    body = statements(names, depth - 1, form != "if" or in_loop, helper, 3)
    orelse = st.one_of(st.just(()), statements(names, depth - 1, in_loop, helper, 2))
    if form == "if":
        return ir.If(draw(value), draw(body), draw(orelse))
    if form == "while":
        return ir.While(draw(value), draw(body), draw(orelse))
    args = tuple(draw(st.one_of(st.integers(-4, 6).map(ir.Const), expressions(names, 1, helper)))
                 for _ in range(draw(st.integers(1, 3))))
    return ir.For(draw(st.sampled_from(targets)), args, draw(body), draw(orelse))


@st.composite
def python_functions(draw, *, max_params: int = 3, max_statements: int = 5, max_depth: int = 2,
                     helpers: bool = True) -> ir.Module:
    """Valid modules: a function `f` (and maybe a loop-free `helper` it calls) of the subset.

    Shrinks towards `def f(): return 0`: fewer statements, shallower blocks, constants towards 0.

    Args (keyword-only):
        max_params: parameters of f, named a, b, c (0-3).
        max_statements: statements per block.
        max_depth: nesting of if/while/for.
        helpers: also draw a helper function (1 or 2 parameters, no loops) that f may call.
    """
    if not 0 <= max_params <= len(PARAMS):
        raise InvalidArgument(f"max_params={max_params} must be in 0..{len(PARAMS)}")
    if max_statements < 1 or max_depth < 0:
        raise InvalidArgument("max_statements must be >= 1 and max_depth >= 0")
    functions = []
    arity = draw(st.integers(0, 2)) if helpers else 0
    if arity:
        params = PARAMS[:arity]
        body = draw(statements(params + ("x",), 1, False, 0, 3))
        functions.append(_finish(ir.Function(HELPER, params, body), draw(expressions(params, 2)),
                                 draw(_ALL_LOCALS)))
    params = PARAMS[:draw(st.integers(0, max_params))]
    names = params + LOCALS
    body = draw(statements(names, max_depth, False, arity, max_statements))
    functions.append(_finish(ir.Function("f", params, body), draw(expressions(names, 2, arity)),
                             draw(_ALL_LOCALS)))
    return ir.Module(tuple(functions), "f")


def _finish(function: ir.Function, last: ir.Expr, all_locals: bool) -> ir.Function:
    """End with a return, and assign 0 at the top to every local read somewhere that no statement
    assigns (to every local read, with `all_locals`); without it, a read before the local's first
    assignment on some path raises UnboundLocalError, as in CPython."""
    body = function.body + (ir.Return(last),)
    draft = ir.Function(function.name, function.params, body)
    assigned = set(function.params) if all_locals else set(check.assigned(draft))
    read = {e.id for s in check.statements(body) for x in check.expressions(s)
            for e in check.subexpressions(x) if isinstance(e, ir.Name)}
    read |= {s.name for s in check.statements(body) if isinstance(s, ir.AugAssign)}
    missing = sorted(read - assigned)
    first = tuple(ir.Assign((name,), ir.Const(0)) for name in missing)
    return ir.Function(function.name, function.params, first + body)
