"""One Python function's registers while it is lowered: its variables (a Pair each), the flags of
variables that may be read unassigned, a pool of temporaries, and calls of other functions."""

from __future__ import annotations

from dataclasses import dataclass

from rnnprog.errors import CompileError
from rnnprog.py import check, expr, flow, ir, routines
from rnnprog.py.asm import Asm, Origin, Pair
from rnnprog.py.expr import Number, Temp, Value, Var
from rnnprog.py.semantics import UNBOUND


@dataclass(frozen=True)
class Site:
    """A place the network stops with a Python error: reaching it sets reg:raise to `number`."""

    number: int
    exception: str
    message: str
    function: str
    line: int


@dataclass(frozen=True)
class CallSite:
    """A call of a function of the file, and the flag register that is 1 while it runs."""

    flag: str
    caller: str
    callee: str
    line: int


class Frame:
    """The registers of one function and what its statements need to write code."""

    def __init__(self, builder, function: ir.Function, prefix: str, returns: tuple[Pair, ...],
                 subroutine: routines.Subroutine | None):
        self.builder, self.function, self.prefix = builder, function, prefix
        self.asm: Asm = builder.asm
        self.routines = builder.routines
        self.variables = {name: self.asm.pair(prefix + name) for name in check.assigned(function)}
        self.flags = {name: self.asm.register(f"{prefix}{name}_assigned")
                      for name in sorted(flow.maybe_unbound(function))}
        self.returns, self.subroutine = returns, subroutine
        self.free_temps: list[Pair] = []
        self.line = function.line
        self.loops: list[tuple[str, str]] = []  # (continue here, break here)
        #: Variables the statement being lowered assigns and reads once: that read takes the
        #: registers over (moves them) instead of copying, since they are replaced anyway.
        self.stealable: set[str] = set()

    def __repr__(self) -> str:
        return f"Frame({self.function.name}, {len(self.variables)} variables)"

    @property
    def where(self) -> str:
        """A name for call sites on the current line (`gcd_7`)."""
        return f"{self.function.name}_{self.line}"

    def at(self, line: int, text: str) -> None:
        """Statements from here on come from this Python line."""
        self.line = line
        self.asm.origin = Origin(self.function.name, line, text)

    # --- temporaries -------------------------------------------------------------------------
    def take(self) -> Pair:
        """A temporary pair, 0 (temporaries are 0 whenever they are free)."""
        return self.free_temps.pop() if self.free_temps else self.asm.pair(f"{self.prefix}tmp")

    def free(self, regs: Pair) -> None:
        """Return a temporary (0 again wherever the code goes on) to the pool.

        Raises:
            CompileError: it is free already (two live values would share registers).
        """
        regs = regs if regs.pos.endswith("_pos") else regs.negated()  # a negated view swaps halves
        if regs in self.free_temps:
            raise CompileError(f"internal: temporary {regs.pos}/{regs.neg} freed twice")
        self.free_temps.append(regs)

    # --- variables ---------------------------------------------------------------------------
    def read(self, name: str) -> Pair:
        """A variable's registers for reading; one that may be unassigned is checked first."""
        if name in self.flags:
            self.asm.emit("jz", self.flags[name], self.raises("UnboundLocalError", UNBOUND.format(name=name)))
        return self.variables[name]

    def assign(self, name: str, source: Value) -> None:
        """name = source."""
        regs = self.variables[name]
        if isinstance(source, Var) and set(source.regs) == set(regs):
            if source.regs != regs:  # x = -x
                source = Temp(expr.materialize(self, source))
            else:
                source = None
        if source is not None:
            self.asm.drain(regs)
            expr.into(self, regs, source)
        self.mark(name)

    def mark(self, name: str) -> None:
        """Set the variable's `assigned` flag, if it has one."""
        flag = self.flags.get(name)
        if flag is not None:
            done = self.asm.label("assigned")
            self.asm.emit("jnz", flag, done)
            self.asm.emit("inc", flag)
            self.asm.place(done)

    def add_to(self, name: str, source: Value) -> None:
        """name += source, in place."""
        regs = self.variables[name]
        if isinstance(source, Number) and abs(source.value) <= expr.SMALL_STEP:
            for _ in range(abs(source.value)):
                self.asm.step(regs, source.value > 0)
        elif isinstance(source, Var) and set(source.regs) == set(regs):
            if source.regs == regs:  # x += x doubles
                for half in regs:
                    self.asm.copy(half, half)
            else:  # x -= x
                self.asm.drain(regs)
        else:
            expr.into(self, regs, source)
            self.asm.cancel(regs)
        self.mark(name)

    # --- errors and calls ----------------------------------------------------------------------
    def raises(self, exception: str, message: str) -> str:
        """The label to jump to where Python raises `exception(message)` on the current line."""
        return self.builder.site(exception, message, self.function.name, self.line)

    def call_function(self, name: str, args: list[Value]) -> list[Value]:
        """Call a function of the file: arguments into its parameters (0 between calls), the
        call, then its results moved out into temporaries."""
        callee = self.builder.frames[name]
        for param, arg in zip(callee.function.params, args):
            expr.into(self, callee.variables[param], arg)
        flag = routines.call(self.asm, callee.subroutine, self.where)
        self.builder.calls.append(CallSite(flag, self.function.name, name, self.line))
        out = []
        for result in callee.returns:
            regs = self.take()
            for half, source in zip(regs, result):
                self.asm.move(half, source)
            out.append(Temp(regs))
        return out

    def epilogue(self) -> None:
        """Before returning to a caller: parameters and flags back to 0 for the next call (other
        locals are cleared by each assignment)."""
        for param in self.function.params:
            self.asm.drain(self.variables[param])
        for flag in self.flags.values():
            self.asm.clear(flag)
