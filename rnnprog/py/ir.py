"""The Python subset as frozen dataclasses: expressions, statements, functions and a module.

Every node prints as Python source (`str(node)`), and parsing that source gives an equal node:
a Hypothesis counterexample reads as a program. Line and column (1-based) are for messages only
and take no part in equality.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Binding strength of each expression form, as in Python's grammar (higher binds tighter).
IFEXP, OR, AND, NOT, COMPARE, SUM, PRODUCT, UNARY, POWER, ATOM = 1, 2, 3, 4, 5, 10, 11, 12, 13, 14
BINARY_PRECEDENCE = {"+": SUM, "-": SUM, "*": PRODUCT, "//": PRODUCT, "%": PRODUCT, "**": POWER}
COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
#: Builtins the subset calls, with the argument counts each accepts (None: two or more).
BUILTINS = {"abs": (1,), "min": None, "max": None, "divmod": (2,), "pow": (2,)}


def _at():
    return field(default=0, compare=False, repr=False)


# --- expressions ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Const:
    """An int literal, or True/False (`is_bool`); negative after folding `-5`."""

    value: int
    is_bool: bool = False
    line: int = _at()
    col: int = _at()

    precedence = property(lambda self: UNARY if self.value < 0 else ATOM)

    def __str__(self) -> str:
        return str(bool(self.value)) if self.is_bool else str(self.value)


@dataclass(frozen=True)
class Name:
    """A parameter or local variable read."""

    id: str
    line: int = _at()
    col: int = _at()

    precedence = ATOM

    def __str__(self) -> str:
        return self.id


@dataclass(frozen=True)
class Unary:
    """`-x`, `+x`, `~x` or `not x`."""

    op: str
    operand: Expr
    line: int = _at()
    col: int = _at()

    precedence = property(lambda self: NOT if self.op == "not" else UNARY)

    def __str__(self) -> str:
        space = " " if self.op == "not" else ""
        return f"{self.op}{space}{wrap(self.operand, self.precedence)}"


@dataclass(frozen=True)
class Binary:
    """`left op right` for op in + - * // % **."""

    op: str
    left: Expr
    right: Expr
    line: int = _at()
    col: int = _at()

    precedence = property(lambda self: BINARY_PRECEDENCE[self.op])

    def __str__(self) -> str:
        mine = self.precedence
        if self.op == "**":  # right-associative; a unary minus may stand on its right
            return f"{wrap(self.left, ATOM)} ** {wrap(self.right, UNARY)}"
        return f"{wrap(self.left, mine)} {self.op} {wrap(self.right, mine + 1)}"


@dataclass(frozen=True)
class Compare:
    """A comparison chain `first op1 rest[0] op2 rest[1] ...` (`0 <= i < n`)."""

    first: Expr
    ops: tuple[str, ...]
    rest: tuple[Expr, ...]
    line: int = _at()
    col: int = _at()

    precedence = COMPARE

    def __str__(self) -> str:
        parts = [wrap(self.first, COMPARE + 1)]
        for op, operand in zip(self.ops, self.rest):
            parts += [op, wrap(operand, COMPARE + 1)]
        return " ".join(parts)


@dataclass(frozen=True)
class BoolOp:
    """`a and b and ...` or `a or b or ...`: the value of the operand that decides."""

    op: str
    values: tuple[Expr, ...]
    line: int = _at()
    col: int = _at()

    precedence = property(lambda self: AND if self.op == "and" else OR)

    def __str__(self) -> str:
        return f" {self.op} ".join(wrap(v, self.precedence + 1) for v in self.values)


@dataclass(frozen=True)
class IfExp:
    """`body if test else orelse`."""

    test: Expr
    body: Expr
    orelse: Expr
    line: int = _at()
    col: int = _at()

    precedence = IFEXP

    def __str__(self) -> str:
        return f"{wrap(self.body, OR)} if {wrap(self.test, OR)} else {wrap(self.orelse, IFEXP)}"


@dataclass(frozen=True)
class Call:
    """A call of a function of the same file or of a builtin (abs, min, max, divmod, pow)."""

    func: str
    args: tuple[Expr, ...]
    line: int = _at()
    col: int = _at()

    precedence = ATOM

    def __str__(self) -> str:
        return f"{self.func}({', '.join(wrap(a, IFEXP) for a in self.args)})"


@dataclass(frozen=True)
class Tuple:
    """`a, b, c`: only as what a function returns or a tuple assignment's right side."""

    elements: tuple[Expr, ...]
    line: int = _at()
    col: int = _at()

    precedence = 0

    def __str__(self) -> str:
        return ", ".join(wrap(e, IFEXP) for e in self.elements)


Expr = Const | Name | Unary | Binary | Compare | BoolOp | IfExp | Call | Tuple


def wrap(expr: Expr, least: int) -> str:
    """`expr` as source, in parentheses when it binds more loosely than `least`."""
    text = str(expr)
    return f"({text})" if expr.precedence < least else text


# --- statements -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Assign:
    """`t1 = t2 = value`; each target a name or a tuple of names (`a, b = b, a % b`)."""

    targets: tuple[str | tuple[str, ...], ...]
    value: Expr
    line: int = _at()
    col: int = _at()

    def lines(self) -> list[str]:
        heads = [t if isinstance(t, str) else ", ".join(t) for t in self.targets]
        return [" = ".join([*heads, str(self.value)])]


@dataclass(frozen=True)
class AugAssign:
    """`name op= value`."""

    name: str
    op: str
    value: Expr
    line: int = _at()
    col: int = _at()

    def lines(self) -> list[str]:
        return [f"{self.name} {self.op}= {self.value}"]


@dataclass(frozen=True)
class If:
    """`if test: body` with `elif`/`else` as an If alone in `orelse`."""

    test: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...] = ()
    line: int = _at()
    col: int = _at()

    def lines(self, keyword: str = "if") -> list[str]:
        out = [f"{keyword} {self.test}:", *indent(self.body)]
        if len(self.orelse) == 1 and isinstance(self.orelse[0], If):
            return out + self.orelse[0].lines("elif")
        return out + (["else:", *indent(self.orelse)] if self.orelse else [])


@dataclass(frozen=True)
class While:
    """`while test: body` and an optional `else:` run when the test fails (not on break)."""

    test: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...] = ()
    line: int = _at()
    col: int = _at()

    def lines(self) -> list[str]:
        return [f"while {self.test}:", *indent(self.body),
                *(["else:", *indent(self.orelse)] if self.orelse else [])]


@dataclass(frozen=True)
class For:
    """`for name in range(*args): body` (1 to 3 arguments) and an optional `else:`."""

    name: str
    args: tuple[Expr, ...]
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...] = ()
    line: int = _at()
    col: int = _at()

    def lines(self) -> list[str]:
        args = ", ".join(wrap(a, IFEXP) for a in self.args)
        return [f"for {self.name} in range({args}):", *indent(self.body),
                *(["else:", *indent(self.orelse)] if self.orelse else [])]


@dataclass(frozen=True)
class Return:
    """`return value` (an int, or a Tuple of ints)."""

    value: Expr
    line: int = _at()
    col: int = _at()

    def lines(self) -> list[str]:
        return [f"return {self.value}"]


@dataclass(frozen=True)
class Assert:
    """`assert test` or `assert test, "message"`."""

    test: Expr
    message: str | None = None
    line: int = _at()
    col: int = _at()

    def lines(self) -> list[str]:
        return [f"assert {self.test}" + ("" if self.message is None else f", {self.message!r}")]


@dataclass(frozen=True)
class ExprStmt:
    """A call whose value is dropped (it may still raise)."""

    value: Expr
    line: int = _at()
    col: int = _at()

    def lines(self) -> list[str]:
        return [str(self.value)]


@dataclass(frozen=True)
class Jump:
    """`break`, `continue` or `pass`."""

    keyword: str
    line: int = _at()
    col: int = _at()

    def lines(self) -> list[str]:
        return [self.keyword]


Stmt = Assign | AugAssign | If | While | For | Return | Assert | ExprStmt | Jump


def indent(body: tuple[Stmt, ...]) -> list[str]:
    """The lines of a block, four spaces in (`pass` for an empty one)."""
    return ["    " + line for stmt in body for line in stmt.lines()] or ["    pass"]


# --- functions and modules --------------------------------------------------------------------
@dataclass(frozen=True)
class Function:
    """A top-level `def name(params): body`."""

    name: str
    params: tuple[str, ...]
    body: tuple[Stmt, ...]
    line: int = _at()
    col: int = _at()

    def __str__(self) -> str:
        return "\n".join([f"def {self.name}({', '.join(self.params)}):", *indent(self.body)]) + "\n"


@dataclass(frozen=True)
class Module:
    """A file's functions and the one a run calls (`entry`); `source` and `path` for messages."""

    functions: tuple[Function, ...]
    entry: str
    source: str = field(default="", compare=False, repr=False)
    path: str = field(default="<string>", compare=False, repr=False)

    def function(self, name: str) -> Function:
        """The function called `name` (KeyError when there is none)."""
        for function in self.functions:
            if function.name == name:
                return function
        raise KeyError(name)

    @property
    def main(self) -> Function:
        """The entry function."""
        return self.function(self.entry)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.functions)

    def __str__(self) -> str:
        return "\n\n".join(str(f) for f in self.functions)
