"""Two facts the lowering needs that Python decides at run time: which variables may be read
before they are assigned (they get an `assigned` flag register, and a read of an unassigned one
raises UnboundLocalError as CPython does), and which values are bools (printed True/False)."""

from __future__ import annotations

from rnnprog.py import check, ir


def maybe_unbound(function: ir.Function) -> set[str]:
    """The variables some read of which may come before any assignment on some path."""
    walker = _Definite()
    walker.block(function.body, frozenset(function.params))
    return walker.unbound


class _Definite:
    """Definite assignment over the structured code: a block maps the names surely assigned at
    its start to those surely assigned where it falls through (None: it never does)."""

    def __init__(self):
        self.unbound: set[str] = set()
        self.breaks: list[list[frozenset]] = []

    def reads(self, expr: ir.Expr, known: frozenset) -> None:
        for e in check.subexpressions(expr):
            if isinstance(e, ir.Name) and e.id not in known:
                self.unbound.add(e.id)

    def block(self, body: tuple[ir.Stmt, ...], known: frozenset | None) -> frozenset | None:
        for stmt in body:
            if known is None:
                return None
            known = self.statement(stmt, known)
        return known

    def statement(self, stmt: ir.Stmt, known: frozenset) -> frozenset | None:
        for expr in check.expressions(stmt):
            self.reads(expr, known)
        if isinstance(stmt, ir.Assign):
            names = [n for t in stmt.targets for n in ((t,) if isinstance(t, str) else t)]
            return known | set(names)
        if isinstance(stmt, ir.AugAssign):
            self.reads(ir.Name(stmt.name), known)
            return known | {stmt.name}
        if isinstance(stmt, ir.If):
            return _meet(self.block(stmt.body, known), self.block(stmt.orelse, known))
        if isinstance(stmt, (ir.While, ir.For)):
            return self.loop(stmt, known)
        if isinstance(stmt, ir.Return) or (isinstance(stmt, ir.Jump) and stmt.keyword != "pass"):
            if isinstance(stmt, ir.Jump) and stmt.keyword == "break":
                self.breaks[-1].append(known)
            return None
        if isinstance(stmt, ir.Assert) and isinstance(stmt.test, ir.Const) and not stmt.test.value:
            return None
        return known

    def loop(self, stmt: ir.While | ir.For, known: frozenset) -> frozenset | None:
        """The loop's head is first reached with `known` (later passes know more, never less)."""
        self.breaks.append([])
        inside = known | {stmt.name} if isinstance(stmt, ir.For) else known
        self.block(stmt.body, inside)
        breaks = self.breaks.pop()
        endless = isinstance(stmt, ir.While) and isinstance(stmt.test, ir.Const) and stmt.test.value
        done = None if endless else self.block(stmt.orelse, known)
        for state in breaks:
            done = _meet(done, state)
        return done


def _meet(a: frozenset | None, b: frozenset | None) -> frozenset | None:
    """Names assigned on both of two paths that join (None: a path that never gets there)."""
    if a is None:
        return b
    return a if b is None else a & b


# --- bools ------------------------------------------------------------------------------------
def booleans(functions: tuple[ir.Function, ...]) -> dict[str, tuple[bool, ...]]:
    """For each function, which of the values it returns are always bools (True/False).

    A variable is a bool when every value assigned to it is; parameters are ints. Starts from
    "everything is a bool" and removes what an int reaches, until nothing changes.
    """
    shapes = check.return_shapes(functions)
    returns = {f.name: (True,) * shapes[f.name] for f in functions}
    variables = {f.name: {v: v not in f.params for v in check.assigned(f)} for f in functions}
    changed = True
    while changed:
        changed = False
        for function in functions:
            typer = _Typer(variables[function.name], returns)
            before = (dict(variables[function.name]), returns[function.name])
            typer.function(function)
            if typer.returned is not None:
                returns[function.name] = tuple(a and b for a, b in zip(returns[function.name],
                                                                       typer.returned))
            changed |= before != (variables[function.name], returns[function.name])
    return returns


class _Typer:
    def __init__(self, variables: dict[str, bool], returns: dict[str, tuple[bool, ...]]):
        self.variables, self.returns = variables, returns
        self.returned: tuple[bool, ...] | None = None

    def function(self, function: ir.Function) -> None:
        for stmt in check.statements(function.body):
            if isinstance(stmt, ir.Assign):
                values = self.elements(stmt.value)
                for target in stmt.targets:
                    names = (target,) if isinstance(target, str) else target
                    for name, value in zip(names, values):
                        self.variables[name] = self.variables[name] and value
            elif isinstance(stmt, (ir.AugAssign, ir.For)):
                self.variables[stmt.name] = False
            elif isinstance(stmt, ir.Return):
                values = self.elements(stmt.value)
                self.returned = values if self.returned is None else \
                    tuple(a and b for a, b in zip(self.returned, values))

    def elements(self, expr: ir.Expr) -> tuple[bool, ...]:
        if isinstance(expr, ir.Tuple):
            return tuple(self.is_bool(e) for e in expr.elements)
        if isinstance(expr, ir.Call) and expr.func in self.returns:
            return self.returns[expr.func]
        if isinstance(expr, ir.Call) and expr.func in check.TUPLE_BUILTINS:
            return (False,) * check.TUPLE_BUILTINS[expr.func]
        return (self.is_bool(expr),)

    def is_bool(self, expr: ir.Expr) -> bool:
        if isinstance(expr, ir.Const):
            return expr.is_bool
        if isinstance(expr, ir.Name):
            return self.variables.get(expr.id, False)
        if isinstance(expr, ir.Unary):
            return expr.op == "not"
        if isinstance(expr, ir.Compare):
            return True
        if isinstance(expr, ir.BoolOp):
            return all(self.is_bool(v) for v in expr.values)
        if isinstance(expr, ir.IfExp):
            return self.is_bool(expr.body) and self.is_bool(expr.orelse)
        if isinstance(expr, ir.Call) and expr.func in ("min", "max"):
            return all(self.is_bool(a) for a in expr.args)
        if isinstance(expr, ir.Call) and expr.func in self.returns:
            return self.returns[expr.func][0]
        return False
