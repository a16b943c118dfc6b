"""What the Python subset refuses, and the hint each refusal gives: one table, read by the parser."""

from __future__ import annotations

import ast

from rnnprog.errors import Diagnostic

#: ast node type -> (code, what it is, hint). Anything not listed here or handled by the parser
#: is refused with the generic entry at the bottom.
NODES: dict[type, tuple[str, str, str]] = {
    ast.List: ("container", "lists", "the subset has int variables only; use one variable per value"),
    ast.Dict: ("container", "dicts", "the subset has int variables only"),
    ast.Set: ("container", "sets", "the subset has int variables only"),
    ast.ListComp: ("container", "list comprehensions", "write the loop with `for i in range(...)`"),
    ast.SetComp: ("container", "set comprehensions", "write the loop with `for i in range(...)`"),
    ast.DictComp: ("container", "dict comprehensions", "write the loop with `for i in range(...)`"),
    ast.GeneratorExp: ("generator", "generator expressions", "write the loop with `for i in range(...)`"),
    ast.Lambda: ("lambda", "lambdas", "define a function with `def` at the top level"),
    ast.Attribute: ("attribute", "attributes (`x.y`)",
                    "no modules or methods: e.g. write `x // 2` rather than `x >> 1`"),
    ast.Subscript: ("subscript", "indexing (`x[i]`)", "the subset has int variables only"),
    ast.Starred: ("star-argument", "`*` unpacking", "pass each argument by itself"),
    ast.JoinedStr: ("string", "f-strings", "return an int; the subset has no strings"),
    ast.NamedExpr: ("walrus", "assignment expressions (`:=`)", "assign on a line of its own"),
    ast.Await: ("async", "await", "the subset has no coroutines"),
    ast.Yield: ("generator", "yield", "return a value instead"),
    ast.YieldFrom: ("generator", "yield from", "return a value instead"),
    ast.Slice: ("subscript", "slices", "the subset has int variables only"),
    ast.Import: ("import", "imports", "the subset computes with ints and builtins abs, min, max, "
                 "divmod and pow: no modules"),
    ast.ImportFrom: ("import", "imports", "the subset computes with ints and builtins abs, min, max, "
                     "divmod and pow: no modules"),
    ast.Global: ("global", "`global`", "pass the value as a parameter and return the new one"),
    ast.Nonlocal: ("global", "`nonlocal`", "pass the value as a parameter and return the new one"),
    ast.Try: ("try", "`try`", "errors end the run, as uncaught exceptions end a Python call"),
    ast.Raise: ("raise", "`raise`", "use `assert condition, \"message\"` to stop with an error"),
    ast.With: ("with", "`with`", "the subset has no context managers"),
    ast.ClassDef: ("class", "classes", "write functions of ints"),
    ast.Delete: ("del", "`del`", "assign a new value instead"),
    ast.AsyncFunctionDef: ("async", "async functions", "use a plain `def`"),
    ast.AsyncFor: ("async", "`async for`", "use `for i in range(...)`"),
    ast.AsyncWith: ("async", "`async with`", "the subset has no context managers"),
    ast.Match: ("match", "`match`", "use `if`/`elif`/`else`"),
}
if hasattr(ast, "TryStar"):  # Python 3.11+
    NODES[ast.TryStar] = NODES[ast.Try]

GENERIC = ("unsupported", "", "the subset: ints, + - * // % **, comparisons, and/or/not, "
           "if/while/for-range, return, assert, calls of functions in the file")

#: Binary operators outside the subset: symbol and hint.
OPERATORS = {
    ast.Div: ("true-division", "`/` (true division gives a float)", "use `//`, floor division, as for ints"),
    ast.MatMult: ("unsupported", "`@`", "the subset has ints only"),
    ast.BitAnd: ("bitwise", "`&`", "use `%` and `//` on powers of two, e.g. `x % 2` for `x & 1`"),
    ast.BitOr: ("bitwise", "`|`", "use `+` where the bits do not overlap"),
    ast.BitXor: ("bitwise", "`^` (exclusive or; power is `**`)", "for a power write `x ** k`"),
    ast.LShift: ("shift", "`<<`", "write `x * 2 ** k`"),
    ast.RShift: ("shift", "`>>`", "write `x // 2 ** k` (floor division, like `>>` on ints)"),
}
#: Comparison operators outside the subset.
COMPARE_OPERATORS = {
    ast.Is: ("identity-comparison", "`is`", "compare ints with `==`"),
    ast.IsNot: ("identity-comparison", "`is not`", "compare ints with `!=`"),
    ast.In: ("membership", "`in`", "the subset has no containers; compare with `==`"),
    ast.NotIn: ("membership", "`not in`", "the subset has no containers; compare with `!=`"),
}
#: Calls of names that are not functions of the file, with the hint each gets.
BUILTIN_HINTS = {
    "print": "return the value instead: `rnnprog run` prints what the function returns",
    "range": "`range(...)` may only follow `for NAME in`",
    "len": "the subset has no containers",
    "int": "values are ints already",
    "float": "the subset computes with ints only",
    "str": "the subset has no strings",
    "input": "pass the value as a parameter: `rnnprog run FILE.py NAME=VALUE`",
    "sum": "add in a `for` loop",
    "round": "use `//` for a whole-number quotient",
    "bool": "use the value itself as a condition, or a comparison such as `x != 0`",
}


def node(n: ast.AST, hint: str | None = None) -> Diagnostic:
    """The refusal of an ast node, located at it."""
    code, what, default = NODES.get(type(n), GENERIC)
    return at(n, code, no(what or f"{type(n).__name__} nodes"), hint or default)


def no(what: str) -> str:
    """The message of a refusal: `the Python subset has no lists`."""
    return f"the Python subset has no {what}"


def at(n: ast.AST, code: str, message: str, hint: str = "") -> Diagnostic:
    """A Diagnostic at node `n` (ast columns are 0-based, ours 1-based)."""
    return Diagnostic(code, message, getattr(n, "lineno", 1), getattr(n, "col_offset", 0) + 1, hint)
