"""Lower a checked Module to a register program: the entry function first, then each function it
calls (callers before callees), the arithmetic routines, and the chain every error ends in.

Each Python int is a pair of registers (rnnprog.py.asm); each statement's code carries its
Python line; the result is `.rm` text, which rm parses and compiles like any register program.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rnnprog.py import check, expr, flow, ir
from rnnprog.py.asm import Asm, Line, Origin, Pair
from rnnprog.py.expr import Number, Temp, Var
from rnnprog.py.frame import CallSite, Frame, Site
from rnnprog.py.routines import Routines, Subroutine, dispatch
from rnnprog.py.semantics import RANGE_STEP
from rnnprog.rm.ir import Instruction
from rnnprog.rm.layout import GATED_OPS
from rnnprog.rm.lower import expand

#: The register an error sets to its site's number (a Python keyword: no variable is called so).
RAISED = "raise"


@dataclass(frozen=True)
class Lowering:
    """A Module as a register program, and how its registers map back to Python.

    `origins[k]` is the Python origin of instruction k of `text`; `params` and `results` are the
    entry function's argument and return registers; `sites[k - 1]` is the error reg:raise = k
    names; `calls` the flags of calls between functions (a traceback's frames)."""

    text: str
    origins: tuple[Origin, ...]
    params: tuple[tuple[str, Pair], ...]
    results: tuple[Pair, ...]
    sites: tuple[Site, ...]
    calls: tuple[CallSite, ...]
    variables: dict[str, dict[str, Pair]] = field(compare=False)
    booleans: tuple[bool, ...] = ()


def lower(module: ir.Module) -> Lowering:
    """Write the register program of `module`'s entry function and everything it calls."""
    return _Builder(module).build()


class _Builder:
    def __init__(self, module: ir.Module):
        self.module = module
        self.asm = Asm()
        self.routines = Routines(self.asm)
        self.sites: list[Site] = []
        self.site_labels: list[str] = []
        self.calls: list[CallSite] = []
        self.order = _callers_first(module)
        self.end = self.asm.label("end")
        self.frames: dict[str, Frame] = {}
        shapes = check.return_shapes(module.functions)
        for k, function in enumerate(self.order):
            entry = k == 0
            prefix = "" if entry else f"{function.name}_"
            shape = shapes[function.name]
            names = ["return"] if shape == 1 else [f"return{i}" for i in range(shape)]
            returns = tuple(self.asm.pair(prefix + name) for name in names)
            subroutine = None if entry else Subroutine(function.name, self.asm.label(function.name),
                                                         self.asm.label(f"{function.name}_return"))
            self.frames[function.name] = Frame(self, function, prefix, returns, subroutine)
        self.asm.registers.add(RAISED)

    def site(self, exception: str, message: str, function: str, line: int) -> str:
        self.sites.append(Site(len(self.sites) + 1, exception, message, function, line))
        self.site_labels.append(self.asm.label(f"raise_{exception}_{line}"))
        return self.site_labels[-1]

    def build(self) -> Lowering:
        asm = self.asm
        for function in self.order:
            _Statements(self.frames[function.name], self).function()
        self.routines.write()
        asm.origin = Origin("", 0, "an error: reg:raise counts up to its site's number")
        if self.sites:
            asm.comment("errors: each site enters the chain where the count of incs is its number")
        for label in reversed(self.site_labels):
            asm.place(label)
            asm.emit("inc", RAISED)
        asm.place(self.end)
        asm.simplify()
        if not asm.code:  # `return 0` and nothing else: rm wants one instruction
            asm.emit("halt")
        entry = self.frames[self.module.entry]
        params = tuple((p, entry.variables[p]) for p in entry.function.params)
        inputs = tuple(r for _, pair in params for r in pair)
        _guard_first(asm, set(inputs))
        outputs = (*(r for pair in entry.returns for r in pair), RAISED)
        text = asm.text(inputs, outputs, _preamble(self.module))
        variables = {name: frame.variables for name, frame in self.frames.items()}
        return Lowering(text, tuple(line.origin for line in asm.code), params, entry.returns,
                        tuple(self.sites), tuple(self.calls), variables,
                        flow.booleans(self.module.functions)[self.module.entry])


def _callers_first(module: ir.Module) -> list[ir.Function]:
    """The entry function and every function it reaches, each after all of its callers."""
    by_name = {f.name: f for f in module.functions}
    done: list[str] = []

    def visit(name: str) -> None:
        if name in done:
            return
        for call in check.calls(by_name[name].body):
            if call.func in by_name:
                visit(call.func)
        done.append(name)

    visit(module.entry)
    return [by_name[name] for name in reversed(done)]


def _guard_first(asm: Asm, inputs: set[str]) -> None:
    """h(0) splits each signed argument by relu (x_pos = relu(x), x_neg = relu(-x)); a zero-test
    gate of the first instruction would need relu(1 - x_pos), which is not linear in x. So a
    first instruction that tests an input register gets a `jmp` to it in front (one tick)."""
    first = asm.code[0] if asm.code else None
    if first is None:
        return
    op, register, _ = expand(Instruction(first.op, first.args))[0]
    if op in GATED_OPS and register in inputs:
        start = asm.label("start")
        first.labels.insert(0, start)
        asm.code.insert(0, Line([], "jmp", (start,), first.origin))
        asm.headers = {k + 1: text for k, text in asm.headers.items()}


def _preamble(module: ir.Module) -> list[str]:
    entry = module.main
    args = ", ".join(entry.params)
    return [f"{entry.name}({args}) from {module.path}, compiled by rnnprog",
            "each Python int x is two registers, x = x_pos - x_neg, one of them 0;",
            f"reg:{RAISED} is 0 after a return, else the number of the error site reached"]


class _Statements:
    """The statements of one function, written through its Frame."""

    def __init__(self, frame: Frame, builder: _Builder):
        self.frame, self.builder, self.asm = frame, builder, frame.asm

    def function(self) -> None:
        frame, asm = self.frame, self.asm
        function = frame.function
        frame.at(function.line, f"def {function.name}({', '.join(function.params)}):")
        if frame.subroutine is not None:
            asm.place(frame.subroutine.entry)
        self.block(function.body)
        if frame.subroutine is not None:
            frame.at(function.line, f"return from {function.name}")
            asm.place(frame.subroutine.back)
            frame.epilogue()
            dispatch(asm, frame.subroutine, place=False)

    def block(self, body: tuple[ir.Stmt, ...]) -> None:
        for stmt in body:
            text = stmt.lines()[0]
            self.frame.at(stmt.line, text)
            self.asm.comment(f"line {stmt.line}: {text}")
            getattr(self, f"_{type(stmt).__name__.lower()}")(stmt)

    def _assign(self, stmt: ir.Assign) -> None:
        frame = self.frame
        target = stmt.targets[0]
        value = stmt.value
        if len(stmt.targets) == 1 and isinstance(target, str) and isinstance(value, ir.Binary) \
                and value.left == ir.Name(target):  # x = x + y is x += y: in place
            return self._augassign(ir.AugAssign(target, value.op, value.right, stmt.line, stmt.col))
        names = [n for t in stmt.targets for n in ((t,) if isinstance(t, str) else t)]
        reads = [e.id for e in check.subexpressions(value) if isinstance(e, ir.Name)]
        frame.stealable = {n for n in names if reads.count(n) == 1} - ({value.id} if isinstance(
            value, ir.Name) else set())
        values = expr.values(frame, value)
        frame.stealable = set()
        if len(names) > 1:  # a variable read after it was assigned here is copied first
            values = [Temp(expr.materialize(frame, v)) if isinstance(v, Var) and
                      any(set(v.regs) == set(frame.variables[n]) for n in names[:k]) else v
                      for k, v in enumerate(values)]
        if len(stmt.targets) > 1:
            values = [Temp(expr.materialize(frame, v)) for v in values]
        for k, target in enumerate(stmt.targets):
            last = k == len(stmt.targets) - 1
            group = (target,) if isinstance(target, str) else target
            for name, v in zip(group, values):
                frame.assign(name, v if last or not isinstance(v, Temp) else Var(v.regs))
        return None

    def _augassign(self, stmt: ir.AugAssign) -> None:
        """x op= e. For + and - in place; otherwise x's registers are taken over as a temporary
        (x will be replaced anyway), so x is neither copied nor cleared."""
        frame = self.frame
        regs = frame.read(stmt.name)
        source = expr.value(frame, stmt.value)
        if stmt.op in "+-":
            frame.add_to(stmt.name, source if stmt.op == "+" else expr.negate(source))
            return
        if isinstance(source, Var) and set(source.regs) == set(regs):  # x *= x reads x after
            frame.assign(stmt.name, expr.binary(frame, stmt.op, Var(regs), source))
            return
        taken = frame.take()
        for half, own in zip(taken, regs):
            self.asm.move(half, own)
        expr.into(frame, regs, expr.binary(frame, stmt.op, Temp(taken), source))
        frame.mark(stmt.name)

    def _if(self, stmt: ir.If) -> None:
        asm = self.asm
        yes, no, done = asm.label(f"L{stmt.line}_then"), asm.label(f"L{stmt.line}_else"), \
            asm.label(f"L{stmt.line}_endif")
        expr.condition(self.frame, stmt.test, yes, no)
        asm.place(yes)
        self.block(stmt.body)
        asm.jump(done)
        asm.place(no)
        self.block(stmt.orelse)
        asm.place(done)

    def _while(self, stmt: ir.While) -> None:
        asm = self.asm
        test, body, orelse, done = (asm.label(f"L{stmt.line}_{n}") for n in ("while", "do", "else",
                                                                             "endwhile"))
        asm.place(test)
        expr.condition(self.frame, stmt.test, body, orelse)
        asm.place(body)
        self.loop(stmt.body, test, done)
        asm.jump(test)
        asm.place(orelse)
        self.block(stmt.orelse)
        asm.place(done)

    def loop(self, body: tuple[ir.Stmt, ...], again: str, out: str) -> None:
        self.frame.loops.append((again, out))
        self.block(body)
        self.frame.loops.pop()

    def _for(self, stmt: ir.For) -> None:
        _ForLoop(self, stmt).write()

    def _return(self, stmt: ir.Return) -> None:
        frame = self.frame
        for regs, value in zip(frame.returns, expr.values(frame, stmt.value)):
            expr.into(frame, regs, value)
        self.asm.jump(frame.subroutine.back if frame.subroutine else self.builder.end)

    def _assert(self, stmt: ir.Assert) -> None:
        ok = self.asm.label(f"L{stmt.line}_ok")
        expr.condition(self.frame, stmt.test, ok, self.frame.raises("AssertionError", stmt.message or ""))
        self.asm.place(ok)

    def _exprstmt(self, stmt: ir.ExprStmt) -> None:
        for value in expr.values(self.frame, stmt.value):
            expr.drop(self.frame, value)

    def _jump(self, stmt: ir.Jump) -> None:
        if stmt.keyword != "pass":
            again, out = self.frame.loops[-1]
            self.asm.jump(again if stmt.keyword == "continue" else out)


class _ForLoop:
    """`for name in range(start, stop, step)`: the iteration count is worked out once (Python
    evaluates range's arguments once) and counted down; the variable is stepped each pass, or a
    hidden copy is when the body assigns the variable itself."""

    def __init__(self, statements: _Statements, stmt: ir.For):
        self.statements, self.stmt = statements, stmt
        self.frame, self.asm = statements.frame, statements.asm
        base = f"{self.frame.prefix}{stmt.name}_L{stmt.line}"
        self.left = self.asm.register(f"{base}_passes")
        assigns = any(isinstance(s, (ir.Assign, ir.AugAssign, ir.For)) and stmt.name in
                      _targets(s) for s in check.statements(stmt.body))
        self.hidden = self.asm.pair(f"{base}_next") if assigns else None

    def write(self) -> None:
        stmt, frame, asm = self.stmt, self.frame, self.asm
        args = [expr.value(frame, a) for a in stmt.args]
        start, stop, step = ([Number(0), args[0], Number(1)] if len(args) == 1 else
                             [*args, Number(1)] if len(args) == 2 else args)
        labels = [asm.label(f"L{stmt.line}_{n}") for n in ("for", "body", "skip", "else", "endfor")]
        again, body, skip, orelse, done = labels
        asm.clear(self.left)  # a break or a return may have left passes uncounted
        stride = self.count(start, stop, step)
        first = start
        asm.emit("jz", self.left, skip)
        self.assign(first)
        asm.jump(body)
        asm.place(again)
        asm.emit("jz", self.left, orelse)
        self.advance(stride)
        asm.place(body)
        asm.emit("dec", self.left)
        self.statements.loop(stmt.body, again, done)
        asm.jump(again)
        asm.place(skip)  # no pass: the first value, freed where it was assigned, is drained here
        if isinstance(first, Temp):
            asm.drain(first.regs)
        asm.place(orelse)
        self.statements.block(stmt.orelse)
        asm.place(done)

    def count(self, start, stop, step):
        """Set reg `left` to len(range(start, stop, step)); returns the step to advance by."""
        frame, asm = self.frame, self.asm
        start_copy = Var(start.regs) if isinstance(start, Temp) else start
        if isinstance(step, Number) and abs(step.value) <= expr.SMALL_DIVISOR:
            if step.value == 0:
                asm.jump(frame.raises("ValueError", RANGE_STEP))
                return step
            span = expr.add(frame, stop, expr.negate(start_copy))  # stop - start
            if step.value < 0:
                span = expr.negate(span)
            self.passes(span.regs if isinstance(span, Temp) else expr.materialize(frame, span),
                        abs(step.value))
            return step
        stride = self.frame.asm.pair(f"{self.left}_step")
        asm.drain(stride)
        expr.into(frame, stride, step)
        if not isinstance(step, Number):
            ok = asm.label("step_ok")
            asm.emit("jnz", stride.pos, ok)
            asm.emit("jnz", stride.neg, ok)
            asm.jump(frame.raises("ValueError", RANGE_STEP))
            asm.place(ok)
        # len = max(0, (stop - start + step - sign(step)) // step)
        span = expr.add(frame, stop, expr.negate(start_copy))
        span = expr.add(frame, span, Var(stride))
        negative, ready = asm.label("step_negative"), asm.label("span_ready")
        asm.emit("jnz", stride.neg, negative)
        asm.step(span.regs, False)
        asm.jump(ready)
        asm.place(negative)
        asm.step(span.regs, True)
        asm.place(ready)
        quotient = expr.divide(frame, "//", span, Var(stride))
        regs = expr.materialize(frame, quotient)
        asm.move(self.left, regs.pos)
        asm.clear(regs.neg)
        frame.free(regs)
        return Var(stride)

    def passes(self, span: Pair, size: int) -> None:
        """left = ceil(span / size) when span > 0, else 0 (span used up)."""
        asm = self.asm
        if size == 1:
            asm.move(self.left, span.pos)
        else:
            loop, done = asm.label("passes"), asm.label("counted")
            asm.place(loop)
            asm.emit("jz", span.pos, done)
            asm.emit("dec", span.pos)
            asm.emit("inc", self.left)
            for _ in range(size - 1):
                asm.emit("jz", span.pos, done)
                asm.emit("dec", span.pos)
            asm.jump(loop)
            asm.place(done)
        asm.clear(span.neg)
        self.frame.free(span)

    def assign(self, first) -> None:
        frame = self.frame
        if self.hidden is None:
            frame.assign(self.stmt.name, first)
            return
        self.asm.drain(self.hidden)
        expr.into(frame, self.hidden, first)
        frame.assign(self.stmt.name, Var(self.hidden))

    def advance(self, stride) -> None:
        frame = self.frame
        if self.hidden is None:
            frame.add_to(self.stmt.name, stride)
            return
        expr.into(frame, self.hidden, stride)
        if expr.needs_cancel(stride):
            self.asm.cancel(self.hidden)
        frame.assign(self.stmt.name, Var(self.hidden))


def _targets(stmt: ir.Stmt) -> set[str]:
    if isinstance(stmt, ir.Assign):
        return {n for t in stmt.targets for n in ((t,) if isinstance(t, str) else t)}
    return {stmt.name}
