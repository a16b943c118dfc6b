"""What the parsed functions mean: names, calls, recursion, tuple shapes and returns, checked.

Everything CPython would only find at run time (an unknown name, a wrong argument count, a tuple
where an int must be) is refused here, at compile time, with its place and a hint; recursion is
refused naming the cycle (the network has no call stack: each function's registers exist once).
"""

from __future__ import annotations

from collections.abc import Iterator

from rnnprog.errors import Diagnostic
from rnnprog.py import ir
from rnnprog.py.refusals import BUILTIN_HINTS

#: Builtins whose result is a tuple, and its size.
TUPLE_BUILTINS = {"divmod": 2}


def problems(functions: list[ir.Function]) -> list[Diagnostic]:
    """Every problem of meaning in a file's functions (empty when it compiles)."""
    found: list[Diagnostic] = []
    by_name: dict[str, ir.Function] = {}
    for function in functions:
        if function.name in by_name:
            found.append(Diagnostic("duplicate-function", f"function `{function.name}` is defined twice",
                                    function.line, function.col,
                                    f"first defined on line {by_name[function.name].line}; rename one"))
        else:
            by_name[function.name] = function
    for function in functions:
        found += _names(function, by_name)
        found += _jumps(function.body, loop=False)
        if falls_through(function.body):
            found.append(Diagnostic("missing-return", f"`{function.name}` can reach its end without "
                                    "`return`, and Python would return None", function.line,
                                    function.col, "end every path with `return` an int"))
    found += _recursion(functions, by_name)
    if not found:
        found += _shapes(functions)
    return found


def pick_entry(functions: list[ir.Function], entry: str | None, stem: str
               ) -> tuple[str | None, list[Diagnostic]]:
    """The function a run calls: `entry` when given, else the one named like the file (gcd.py ->
    gcd), else the last function no other function calls."""
    names = [f.name for f in functions]
    if not functions:
        return None, [Diagnostic("no-function", "the file defines no function", 1, 1,
                                 "write `def name(params):` with a body that returns an int")]
    if entry is not None:
        if entry in names:
            return entry, []
        return None, [Diagnostic("unknown-entry", f"the file defines no function `{entry}`", 1, 1,
                                 f"functions: {', '.join(names)}")]
    if stem in names:
        return stem, []
    called = {call.func for f in functions for call in calls(f.body)}
    roots = [name for name in names if name not in called]
    return (roots or names)[-1], []


# --- walking the IR ---------------------------------------------------------------------------
def statements(body: tuple[ir.Stmt, ...]) -> Iterator[ir.Stmt]:
    """Every statement of a block, nested ones included, in source order."""
    for stmt in body:
        yield stmt
        for block in blocks(stmt):
            yield from statements(block)


def blocks(stmt: ir.Stmt) -> tuple[tuple[ir.Stmt, ...], ...]:
    """The blocks a statement holds (body, else)."""
    if isinstance(stmt, (ir.If, ir.While, ir.For)):
        return (stmt.body, stmt.orelse)
    return ()


def expressions(stmt: ir.Stmt) -> tuple[ir.Expr, ...]:
    """The expressions a statement evaluates itself (not those of its blocks)."""
    if isinstance(stmt, (ir.Assign, ir.AugAssign, ir.Return, ir.ExprStmt)):
        return (stmt.value,)
    if isinstance(stmt, (ir.If, ir.While, ir.Assert)):
        return (stmt.test,)
    if isinstance(stmt, ir.For):
        return stmt.args
    return ()


def children(expr: ir.Expr) -> tuple[ir.Expr, ...]:
    """An expression's operands."""
    if isinstance(expr, ir.Unary):
        return (expr.operand,)
    if isinstance(expr, ir.Binary):
        return (expr.left, expr.right)
    if isinstance(expr, ir.Compare):
        return (expr.first, *expr.rest)
    if isinstance(expr, ir.BoolOp):
        return expr.values
    if isinstance(expr, ir.IfExp):
        return (expr.test, expr.body, expr.orelse)
    if isinstance(expr, ir.Call):
        return expr.args
    if isinstance(expr, ir.Tuple):
        return expr.elements
    return ()


def subexpressions(expr: ir.Expr) -> Iterator[ir.Expr]:
    yield expr
    for child in children(expr):
        yield from subexpressions(child)


def calls(body: tuple[ir.Stmt, ...]) -> Iterator[ir.Call]:
    """Every call in a block, in source order."""
    for stmt in statements(body):
        for expr in expressions(stmt):
            yield from (e for e in subexpressions(expr) if isinstance(e, ir.Call))


def assigned(function: ir.Function) -> list[str]:
    """The function's local variables: parameters, then every name assigned, in order."""
    names = dict.fromkeys(function.params)
    for stmt in statements(function.body):
        if isinstance(stmt, ir.Assign):
            for target in stmt.targets:
                names.update(dict.fromkeys((target,) if isinstance(target, str) else target))
        elif isinstance(stmt, (ir.AugAssign, ir.For)):
            names.setdefault(stmt.name)
    return list(names)


def falls_through(body: tuple[ir.Stmt, ...]) -> bool:
    """Can control reach the end of this block? (`while True` without `break` never ends.)"""
    for stmt in body:
        if isinstance(stmt, ir.Return) or (isinstance(stmt, ir.Jump) and stmt.keyword != "pass"):
            return False
        if isinstance(stmt, ir.Assert) and _constant(stmt.test) is False:
            return False
        if isinstance(stmt, ir.If) and not (falls_through(stmt.body) or falls_through(stmt.orelse)):
            return False
        if isinstance(stmt, ir.While) and _constant(stmt.test) is True and not _breaks(stmt.body):
            return False
    return True


def _constant(expr: ir.Expr) -> bool | None:
    return bool(expr.value) if isinstance(expr, ir.Const) else None


def _breaks(body: tuple[ir.Stmt, ...]) -> bool:
    """Does a `break` in this loop body (not in an inner loop) leave it?"""
    for stmt in body:
        if isinstance(stmt, ir.Jump) and stmt.keyword == "break":
            return True
        if isinstance(stmt, ir.If) and (_breaks(stmt.body) or _breaks(stmt.orelse)):
            return True
        if isinstance(stmt, (ir.While, ir.For)) and _breaks(stmt.orelse):
            return True
    return False


# --- the checks -------------------------------------------------------------------------------
def _names(function: ir.Function, by_name: dict[str, ir.Function]) -> list[Diagnostic]:
    found = []
    seen = set()
    for param in function.params:
        if param in seen:
            found.append(Diagnostic("duplicate-param", f"parameter `{param}` is named twice",
                                    function.line, function.col, "give each parameter its own name"))
        seen.add(param)
    local = set(assigned(function))
    for stmt in statements(function.body):
        if isinstance(stmt, ir.For) and "range" in local:
            found.append(_shadow("range", stmt, "the builtin"))
        for expr in expressions(stmt):
            for e in subexpressions(expr):
                if isinstance(e, ir.Name) and e.id not in local:
                    found.append(_unknown_name(e, by_name))
                elif isinstance(e, ir.Call):
                    found += _call(e, by_name, local)
    return found


def _unknown_name(name: ir.Name, by_name) -> Diagnostic:
    if name.id in by_name or name.id in ir.BUILTINS:
        return Diagnostic("function-as-value", f"`{name.id}` is a function; the subset's values are ints",
                          name.line, name.col, f"call it: `{name.id}(...)`")
    return Diagnostic("undefined-name", f"name `{name.id}` is not defined", name.line, name.col,
                      "assign it first, or make it a parameter (globals are not compiled)")


def _call(call: ir.Call, by_name: dict[str, ir.Function], local: set[str]) -> list[Diagnostic]:
    if call.func in local:
        return [_shadow(call.func, call, "the function" if call.func in by_name else "the builtin")]
    if call.func in by_name:
        want = len(by_name[call.func].params)
        if len(call.args) != want:
            return [Diagnostic("wrong-arity", f"{call.func}() takes {_count(want)}, this call gives "
                               f"{len(call.args)}", call.line, call.col, "pass one value per parameter")]
        return []
    if call.func in ir.BUILTINS:
        counts = ir.BUILTINS[call.func]
        if counts is None and len(call.args) < 2:
            return [Diagnostic("wrong-arity", f"{call.func}() of one argument reads an iterable",
                               call.line, call.col, f"give two or more ints: `{call.func}(a, b)`")]
        if counts is not None and len(call.args) not in counts:
            hint = ("pow(base, exp, mod) is not compiled: write the square-and-multiply loop "
                    "(programs/pow_mod.py)" if call.func == "pow" else "pass the arguments it takes")
            return [Diagnostic("wrong-arity", f"{call.func}() takes {_count(counts[0])} here, this call "
                               f"gives {len(call.args)}", call.line, call.col, hint)]
        return []
    hint = BUILTIN_HINTS.get(call.func, "define it in this file, or use abs, min, max, divmod or pow")
    return [Diagnostic("unknown-function", f"`{call.func}` is not a function of this file or a "
                       "builtin the subset has", call.line, call.col, hint)]


def _shadow(name: str, node, what: str) -> Diagnostic:
    return Diagnostic("shadowed-name", f"the local variable `{name}` hides {what} `{name}` called here",
                      node.line, node.col, "rename the variable")


def _count(n: int) -> str:
    return "1 argument" if n == 1 else f"{n} arguments"


def _jumps(body: tuple[ir.Stmt, ...], loop: bool) -> list[Diagnostic]:
    found = []
    for stmt in body:
        if isinstance(stmt, ir.Jump) and stmt.keyword != "pass" and not loop:
            found.append(Diagnostic(f"{stmt.keyword}-outside-loop", f"`{stmt.keyword}` outside a loop",
                                    stmt.line, stmt.col, "use it inside `while` or `for`"))
        elif isinstance(stmt, (ir.While, ir.For)):
            found += _jumps(stmt.body, True) + _jumps(stmt.orelse, loop)
        elif isinstance(stmt, ir.If):
            found += _jumps(stmt.body, loop) + _jumps(stmt.orelse, loop)
    return found


def _recursion(functions: list[ir.Function], by_name: dict[str, ir.Function]) -> list[Diagnostic]:
    """One refusal per call that closes a cycle of calls, naming the cycle."""
    graph = {f.name: [c for c in calls(f.body) if c.func in by_name] for f in functions}
    found, done, stack = [], set(), []

    def visit(name: str) -> None:
        stack.append(name)
        for call in graph[name]:
            if call.func in stack:
                cycle = " -> ".join(stack[stack.index(call.func):] + [call.func])
                found.append(Diagnostic("recursion", f"recursion is not compiled: {cycle}", call.line,
                                        call.col, "the network has no call stack (each function's "
                                        "registers exist once); write it as a loop"))
            elif call.func not in done:
                visit(call.func)
        stack.pop()
        done.add(name)

    for function in functions:
        if function.name not in done:
            visit(function.name)
    return found


def shape(expr: ir.Expr, returns: dict[str, int]) -> int:
    """How many ints an expression gives: 1, or a tuple's size."""
    if isinstance(expr, ir.Tuple):
        return len(expr.elements)
    if isinstance(expr, ir.Call):
        return returns.get(expr.func, TUPLE_BUILTINS.get(expr.func, 1))
    return 1


def return_shapes(functions) -> dict[str, int]:
    """Each function's return size (from its first return; `_shapes` checks the others agree).
    Callees are settled first: calls form no cycle."""
    by_name = {f.name: f for f in functions}
    out: dict[str, int] = {}

    def settle(function: ir.Function) -> None:
        for call in calls(function.body):
            if call.func in by_name and call.func not in out:
                settle(by_name[call.func])
        first = next((s for s in statements(function.body) if isinstance(s, ir.Return)), None)
        out[function.name] = 1 if first is None else shape(first.value, out)

    for function in functions:
        if function.name not in out:
            settle(function)
    return out


def _shapes(functions) -> list[Diagnostic]:
    returns = return_shapes(functions)
    found = []
    for function in functions:
        for stmt in statements(function.body):
            found += _statement_shapes(stmt, function, returns)
    return found


def _statement_shapes(stmt: ir.Stmt, function: ir.Function, returns: dict[str, int]) -> list[Diagnostic]:
    found = []
    tops = expressions(stmt)
    for top in tops:
        inner = children(top) if isinstance(top, ir.Tuple) else (top,)
        for expr in (e for t in inner for e in subexpressions(t)):
            if expr is not top and shape(expr, returns) != 1:
                found.append(_tuple_here(expr))
        if isinstance(top, ir.Tuple) and len(top.elements) < 2:
            found.append(Diagnostic("tuple-size", "a tuple of fewer than two ints", top.line, top.col,
                                    "return or assign two or more values, or a plain int"))
    if isinstance(stmt, ir.Return) and shape(stmt.value, returns) != returns[function.name]:
        found.append(Diagnostic("return-shape", f"`{function.name}` returns {_sized(returns[function.name])} "
                                f"on its first return and {_sized(shape(stmt.value, returns))} here",
                                stmt.line, stmt.col, "return the same number of values everywhere"))
    if isinstance(stmt, ir.Assign):
        size = shape(stmt.value, returns)
        for target in stmt.targets:
            want = 1 if isinstance(target, str) else len(target)
            if want != size:
                found.append(Diagnostic("unpack", f"{_sized(size)} assigned to {_sized(want, 'name')}",
                                        stmt.line, stmt.col, "unpack a tuple into as many names as it "
                                        "has values: `a, b = f(x)`"))
    elif isinstance(stmt, (ir.AugAssign, ir.If, ir.While, ir.For, ir.Assert)):
        for top in tops:
            if shape(top, returns) != 1:
                found.append(_tuple_here(top))
    return found


def _tuple_here(expr: ir.Expr) -> Diagnostic:
    return Diagnostic("tuple", "a tuple cannot be used as an int here", expr.line, expr.col,
                      "unpack it first: `a, b = ...`")


def _sized(n: int, noun: str = "value") -> str:
    return f"1 {noun}" if n == 1 else f"{n} {noun}s"
