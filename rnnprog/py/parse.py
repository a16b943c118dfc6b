"""Read a `.py` file of top-level functions into the subset's IR with `ast`, never running it.

Every construct outside the subset is refused where it stands (`path:line:col`, the line, a caret
and a hint); the parser goes on past each one, so a file's problems are all reported at once.
"""

from __future__ import annotations

import ast
from pathlib import Path

from rnnprog.errors import Diagnostic, ProgramError
from rnnprog.py import check, ir, refusals
from rnnprog.py.refusals import at, no

BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**"}
UNARY = {ast.USub: "-", ast.UAdd: "+", ast.Invert: "~", ast.Not: "not"}
COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
#: The deepest expression compiled (the compiler's passes recurse over it).
MAX_DEPTH = 100
#: Annotations that say "an int" (they are never evaluated).
INT_ANNOTATIONS = ("int", "bool")


def parse(text: str, path: str = "<string>", *, entry: str | None = None,
          decorators: bool = False) -> ir.Module:
    """Parse and check Python source: top-level `def` functions in the subset.

    Args:
        text: the file's source.
        path: shown in messages; its stem names the default entry function (gcd.py -> gcd).
        entry: the function a run calls; None picks one (see `check.pick_entry`).
        decorators: ignore decorators (the API compiles decorated functions from their source).
    Returns:
        The Module, checked: every name, call and return shape is known.
    Raises:
        ProgramError: every problem found, each with code, line, column and hint.
    """
    functions, problems = read(text, path, decorators=decorators)
    if not problems:
        problems = check.problems(functions)
    chosen = None
    if not problems:
        chosen, problems = check.pick_entry(functions, entry, Path(path).stem)
    if problems:
        raise ProgramError(sorted(problems, key=lambda d: (d.line, d.col)), path=path, source=text)
    return ir.Module(tuple(functions), chosen, source=text, path=path)


def read(text: str, path: str = "<string>", *, decorators: bool = False
         ) -> tuple[list[ir.Function], list[Diagnostic]]:
    """The functions of a file as IR, and every construct refused on the way (no check of
    meaning yet: names and calls are rnnprog.py.check's).

    Raises:
        ProgramError: the text is not Python at all (a syntax error).
    """
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as err:
        line, col = err.lineno or 1, err.offset or 1
        raise ProgramError([Diagnostic("syntax-error", f"not valid Python: {err.msg}", line, col,
                                       "fix the syntax; the file is read, never run")],
                           path=path, source=text) from None
    except (MemoryError, RecursionError, ValueError) as err:  # CPython's parser gives up
        raise ProgramError([Diagnostic("too-deep", f"Python's parser cannot read this file "
                                       f"({type(err).__name__})", 1, 1, "nest less deeply")],
                           path=path, source=text) from None
    reader = _Reader(decorators)
    functions = reader.module(tree)
    return functions, reader.problems


class _Reader:
    """ast -> IR, collecting a Diagnostic for everything refused instead of stopping."""

    def __init__(self, decorators: bool):
        self.decorators = decorators
        self.depth = 0
        self.problems: list[Diagnostic] = []

    def refuse(self, diagnostic: Diagnostic) -> None:
        self.problems.append(diagnostic)

    # --- module and functions ------------------------------------------------------------------
    def module(self, tree: ast.Module) -> list[ir.Function]:
        functions = []
        for k, stmt in enumerate(tree.body):
            if isinstance(stmt, ast.FunctionDef):
                functions.append(self.function(stmt))
            elif k == 0 and _is_docstring(stmt):
                continue
            elif isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__":
                continue  # changes nothing the subset can express
            elif type(stmt) in refusals.NODES:
                self.refuse(refusals.node(stmt))
            else:
                self.refuse(at(stmt, "module-code", "only `def` functions may stand at the top level",
                               "move this into a function; a constant can be a literal or a parameter"))
        return functions

    def function(self, node: ast.FunctionDef) -> ir.Function:
        if node.decorator_list and not self.decorators:
            self.refuse(at(node.decorator_list[0], "decorator", no("decorators"),
                           "remove the decorator; rnnprog compiles the plain function"))
        self.arguments(node)
        body = [s for s in node.body if not _is_docstring(s)]
        return ir.Function(node.name, tuple(a.arg for a in node.args.args), self.block(body),
                           node.lineno, node.col_offset + 1)

    def arguments(self, node: ast.FunctionDef) -> None:
        args = node.args
        extra = [*args.posonlyargs, *args.kwonlyargs, *filter(None, (args.vararg, args.kwarg))]
        for arg in extra:
            self.refuse(at(arg, "star-argument", "only plain positional parameters are compiled",
                           "write `def f(a, b):`"))
        for default in args.defaults:
            self.refuse(at(default, "default-argument", no("default arguments"),
                           "pass every argument at each call"))
        for arg in args.args:
            self.annotation(arg.annotation)
        self.annotation(node.returns, returns=True)

    def annotation(self, node: ast.expr | None, returns: bool = False) -> None:
        """Annotations are never evaluated; ones that say anything but int are refused."""
        if node is None or (isinstance(node, ast.Name) and node.id in INT_ANNOTATIONS):
            return
        if returns and isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
                and node.value.id == "tuple":
            parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            for part in parts:
                self.annotation(part)
            return
        self.refuse(at(node, "annotation", f"the annotation `{ast.unparse(node)}` is not an int",
                       "the subset computes with ints: annotate `int`, `bool` or `tuple[int, ...]`"))

    # --- statements ----------------------------------------------------------------------------
    def block(self, body: list[ast.stmt]) -> tuple[ir.Stmt, ...]:
        out = []
        for stmt in body:
            converted = self.statement(stmt)
            if converted is not None:
                out.append(converted)
        return tuple(out)

    def statement(self, node: ast.stmt) -> ir.Stmt | None:
        where = {"line": node.lineno, "col": node.col_offset + 1}
        handler = getattr(self, f"_{type(node).__name__}", None)
        if handler is not None:
            return handler(node, where)
        if isinstance(node, ast.FunctionDef):
            self.refuse(at(node, "nested-function", no("nested functions"),
                           "define it at the top level of the file"))
        else:
            self.refuse(refusals.node(node))
        return None

    def _Assign(self, node: ast.Assign, where: dict) -> ir.Assign:
        targets = tuple(self.target(t) for t in node.targets)
        return ir.Assign(targets, self.expr(node.value, tuples=True), **where)

    def _AnnAssign(self, node: ast.AnnAssign, where: dict) -> ir.Assign | None:
        self.annotation(node.annotation)
        if node.value is None:
            self.refuse(at(node, "annotation", "an annotation without a value assigns nothing",
                           "write `x: int = 0` or leave the line out"))
            return None
        return ir.Assign((self.target(node.target),), self.expr(node.value), **where)

    def _AugAssign(self, node: ast.AugAssign, where: dict) -> ir.AugAssign:
        name = self.name_target(node.target)
        return ir.AugAssign(name, self.operator(node, node.op), self.expr(node.value), **where)

    def _If(self, node: ast.If, where: dict) -> ir.If:
        return ir.If(self.expr(node.test), self.block(node.body), self.block(node.orelse), **where)

    def _While(self, node: ast.While, where: dict) -> ir.While:
        return ir.While(self.expr(node.test), self.block(node.body), self.block(node.orelse), **where)

    def _For(self, node: ast.For, where: dict) -> ir.For:
        name = self.name_target(node.target)
        call = node.iter
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "range"):
            self.refuse(at(node.iter, "for-iterable", "a `for` loop runs over `range(...)` only",
                           "write `for i in range(stop)`, `range(start, stop)` or "
                           "`range(start, stop, step)`"))
            return ir.For(name, (ir.Const(0),), self.block(node.body), self.block(node.orelse), **where)
        if call.keywords:
            self.refuse(at(call.keywords[0], "keyword-argument", no("keyword arguments"),
                           "pass range's arguments by position"))
        if not 1 <= len(call.args) <= 3:
            self.refuse(at(call, "wrong-arity", f"range() takes 1 to 3 arguments, not {len(call.args)}",
                           "write `range(stop)`, `range(start, stop)` or `range(start, stop, step)`"))
        args = tuple(self.expr(a) for a in call.args) or (ir.Const(0),)
        return ir.For(name, args, self.block(node.body), self.block(node.orelse), **where)

    def _Return(self, node: ast.Return, where: dict) -> ir.Return:
        if node.value is None:
            self.refuse(at(node, "return-none", "a bare `return` returns None, which is not an int",
                           "return an int or a tuple of ints"))
            return ir.Return(ir.Const(0), **where)
        return ir.Return(self.expr(node.value, tuples=True), **where)

    def _Assert(self, node: ast.Assert, where: dict) -> ir.Assert:
        message = None
        if node.msg is not None:
            if isinstance(node.msg, ast.Constant) and isinstance(node.msg.value, str):
                message = node.msg.value
            else:
                self.refuse(at(node.msg, "assert-message", "an assert's message must be a string literal",
                               "write `assert test, \"what went wrong\"`"))
        return ir.Assert(self.expr(node.test), message, **where)

    def _Expr(self, node: ast.Expr, where: dict) -> ir.ExprStmt | None:
        if _is_docstring(node):
            return None  # a string on its own line does nothing
        return ir.ExprStmt(self.expr(node.value), **where)

    def _Break(self, node: ast.Break, where: dict) -> ir.Jump:
        return ir.Jump(type(node).__name__.lower(), **where)

    _Continue = _Pass = _Break

    def target(self, node: ast.expr) -> str | tuple[str, ...]:
        if isinstance(node, (ast.Tuple, ast.List)):
            return tuple(self.name_target(e) for e in node.elts)
        return self.name_target(node)

    def name_target(self, node: ast.expr) -> str:
        if isinstance(node, ast.Name):
            return node.id
        if type(node) in refusals.NODES:
            self.refuse(refusals.node(node))
        else:
            self.refuse(at(node, "assign-target", "only names (and tuples of names) can be assigned",
                           "write `x = ...` or `a, b = ...`"))
        return "_"

    # --- expressions ---------------------------------------------------------------------------
    def expr(self, node: ast.expr, tuples: bool = False) -> ir.Expr:
        """One expression; a tuple only where `tuples` (a return or an assignment's value)."""
        where = {"line": node.lineno, "col": node.col_offset + 1}
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                self.refuse(at(node, "too-deep", f"an expression nested more than {MAX_DEPTH} deep",
                               "name a part of it with an assignment"))
                return ir.Const(0, **where)
            return self._expr(node, tuples, where)
        finally:
            self.depth -= 1

    def _expr(self, node: ast.expr, tuples: bool, where: dict) -> ir.Expr:
        if isinstance(node, ast.Tuple):
            if not tuples:
                self.refuse(at(node, "tuple", "a tuple can only be returned or unpacked at once",
                               "write `a, b = x, y` or `return x, y`"))
            return ir.Tuple(tuple(self.expr(e) for e in node.elts), **where)
        handler = getattr(self, f"_{type(node).__name__}", None)
        if handler is None:
            self.refuse(refusals.node(node))
            return ir.Const(0, **where)
        return handler(node, where)

    def _Constant(self, node: ast.Constant, where: dict) -> ir.Const:
        value = node.value
        if isinstance(value, bool):
            return ir.Const(int(value), True, **where)
        if isinstance(value, int):
            return ir.Const(value, **where)
        kind, hint = _CONSTANTS.get(type(value), ("values of this type", "the subset computes with ints"))
        self.refuse(at(node, "float" if isinstance(value, float) else "string" if isinstance(value, str)
                       else "constant", no(kind), hint))
        return ir.Const(0, **where)

    def _Name(self, node: ast.Name, where: dict) -> ir.Name:
        return ir.Name(node.id, **where)

    def _UnaryOp(self, node: ast.UnaryOp, where: dict) -> ir.Expr:
        op = UNARY[type(node.op)]
        operand = node.operand
        if op == "-" and isinstance(operand, ast.Constant) and type(operand.value) is int:
            return ir.Const(-operand.value, **where)  # `-5` is a literal, as it prints
        return ir.Unary(op, self.expr(operand), **where)

    def _BinOp(self, node: ast.BinOp, where: dict) -> ir.Binary:
        return ir.Binary(self.operator(node, node.op), self.expr(node.left), self.expr(node.right),
                         **where)

    def operator(self, node: ast.AST, op: ast.operator) -> str:
        symbol = BINARY.get(type(op))
        if symbol is None:
            code, what, hint = refusals.OPERATORS[type(op)]
            self.refuse(at(node, code, no(what), hint))
            return "+"
        return symbol

    def _BoolOp(self, node: ast.BoolOp, where: dict) -> ir.BoolOp:
        op = "and" if isinstance(node.op, ast.And) else "or"
        return ir.BoolOp(op, tuple(self.expr(v) for v in node.values), **where)

    def _Compare(self, node: ast.Compare, where: dict) -> ir.Compare:
        ops = []
        for op in node.ops:
            if type(op) in COMPARE:
                ops.append(COMPARE[type(op)])
            else:
                code, what, hint = refusals.COMPARE_OPERATORS[type(op)]
                self.refuse(at(node, code, no(what), hint))
                ops.append("==")
        return ir.Compare(self.expr(node.left), tuple(ops), tuple(self.expr(c) for c in node.comparators),
                          **where)

    def _IfExp(self, node: ast.IfExp, where: dict) -> ir.IfExp:
        return ir.IfExp(self.expr(node.test), self.expr(node.body), self.expr(node.orelse), **where)

    def _Call(self, node: ast.Call, where: dict) -> ir.Expr:
        if not isinstance(node.func, ast.Name):
            self.refuse(refusals.node(node.func) if type(node.func) in refusals.NODES else
                        at(node.func, "call", "only functions of this file and builtins can be called",
                           "call a function by its name"))
            return ir.Const(0, **where)
        for keyword in node.keywords:
            self.refuse(at(keyword, "keyword-argument", no("keyword arguments"),
                           "pass arguments by position"))
        return ir.Call(node.func.id, tuple(self.expr(a) for a in node.args), **where)


_CONSTANTS = {
    float: ("floats", "the subset computes with ints; use `//` for whole-number division"),
    complex: ("complex numbers", "the subset computes with ints"),
    str: ("strings", "return an int; the subset has no strings"),
    bytes: ("bytes", "the subset computes with ints"),
    type(None): ("None", "return an int or a tuple of ints"),
    type(...): ("`...`", "write `pass` for an empty block"),
}


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) \
        and isinstance(stmt.value.value, str)
