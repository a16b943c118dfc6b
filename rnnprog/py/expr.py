"""Expressions into register code: values (a variable's registers, a temporary, a known number)
and conditions (jumps), with Python's meaning for every operator.

A value is read where it is used: a variable is copied (it keeps its registers), a temporary is
moved (it ends at 0 and goes back to the frame's pool), a number is counted in. Known numbers
are folded as Python would fold them; small constant operands get counting code of their own
(`x // 10` is one loop, not a call).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

from rnnprog.py import ir, routines
from rnnprog.py.asm import Pair
from rnnprog.py.semantics import NEGATIVE_EXPONENT, ZERO_DIVISION

#: Constants added by counting (|c| steps) rather than by building them in a register.
SMALL_STEP = 6
#: Constant divisors 2..SMALL_DIVISOR divide in one counting loop of their own.
SMALL_DIVISOR = 16
#: Constant factors 2..SMALL_FACTOR multiply in one counting loop (two for a variable).
SMALL_FACTOR = 16
#: Folded constants larger than this many bits are left to the network: a constant costs a few
#: instructions per bit, and 2 ** 4000 is one call of the power routine.
FOLD_BITS = 256
#: Sign of (left - right) -> outcome of each comparison: (negative, zero, positive).
OUTCOMES = {"<": (True, False, False), "<=": (True, True, False), ">": (False, False, True),
            ">=": (False, True, True), "==": (False, True, False), "!=": (True, False, True)}


@dataclass(frozen=True)
class Var:
    """A variable's registers: read by copying."""

    regs: Pair


@dataclass(frozen=True)
class Temp:
    """A temporary of the frame's pool: read by moving, which empties it."""

    regs: Pair


@dataclass(frozen=True)
class Number:
    """A value known when compiling."""

    value: int


Value = Var | Temp | Number


def negate(value: Value) -> Value:
    """-value, free: the halves swap places."""
    if isinstance(value, Number):
        return Number(-value.value)
    return type(value)(value.regs.negated())


# --- values -----------------------------------------------------------------------------------
def value(frame, expr: ir.Expr) -> Value:
    """Evaluate one int-valued expression, left to right as Python does."""
    if isinstance(expr, ir.Const):
        return Number(expr.value)
    if isinstance(expr, ir.Name):
        regs = frame.read(expr.id)
        if expr.id in frame.stealable:  # its last read before the statement assigns it
            frame.stealable.discard(expr.id)
            taken = frame.take()
            for half, own in zip(taken, regs):
                frame.asm.move(half, own)
            return Temp(taken)
        return Var(regs)
    if isinstance(expr, ir.Binary):
        return binary(frame, expr.op, value(frame, expr.left), value(frame, expr.right))
    if isinstance(expr, ir.Unary):
        return unary(frame, expr)
    if isinstance(expr, ir.BoolOp):
        return boolop(frame, expr)
    if isinstance(expr, ir.IfExp):
        return ifexp(frame, expr)
    if isinstance(expr, ir.Call):
        return call(frame, expr)[0]
    return as_bool(frame, expr)  # a comparison


def values(frame, expr: ir.Expr) -> list[Value]:
    """Evaluate an expression that may give several ints (a tuple, a call returning one)."""
    if isinstance(expr, ir.Tuple):
        return [value(frame, e) for e in expr.elements]
    if isinstance(expr, ir.Call):
        return call(frame, expr)
    return [value(frame, expr)]


def into(frame, dest: Pair, source: Value) -> None:
    """dest += source, leaving dest's halves to be cancelled by the caller when it mixes signs.
    A temporary source is emptied and returned to the pool."""
    asm = frame.asm
    if isinstance(source, Number):
        if abs(source.value) <= SMALL_STEP:
            for _ in range(abs(source.value)):
                asm.step(dest, source.value > 0)
            return
        source = Temp(constant(frame, source.value))
    if isinstance(source, Var):
        for half, other in zip(dest, source.regs):
            asm.copy(half, other)
        return
    for half, other in zip(dest, source.regs):
        asm.move(half, other)
    frame.free(source.regs)


def materialize(frame, source: Value) -> Pair:
    """A temporary holding `source` (the same one when it is a temporary already)."""
    if isinstance(source, Temp):
        return source.regs
    regs = frame.take()
    into(frame, regs, source)
    return regs


def drop(frame, source: Value) -> None:
    """Discard a value (a temporary is drained)."""
    if isinstance(source, Temp):
        frame.asm.drain(source.regs)
        frame.free(source.regs)


def constant(frame, number: int) -> Pair:
    """A temporary holding `number`, built by doubling: one instruction or two per bit."""
    regs = frame.take()
    target, spare = (regs.pos, regs.neg) if number >= 0 else (regs.neg, regs.pos)
    magnitude = abs(number)
    if magnitude <= SMALL_STEP:
        for _ in range(magnitude):
            frame.asm.emit("inc", target)
        return regs
    bits = bin(magnitude)[3:]  # after the leading 1
    # alternate between the two halves so the last doubling lands in `target`
    here, there = (target, spare) if len(bits) % 2 == 0 else (spare, target)
    frame.asm.emit("inc", here)
    for bit in bits:
        double(frame.asm, there, here)
        if bit == "1":
            frame.asm.emit("inc", there)
        here, there = there, here
    return regs


def double(asm, dest: str, source: str) -> None:
    """dest += 2 * source, source emptied (one loop of five instructions)."""
    loop, done = asm.label("double"), asm.label("doubled")
    asm.place(loop)
    asm.emit("jz", source, done)
    asm.emit("dec", source)
    asm.emit("inc", dest)
    asm.emit("inc", dest)
    asm.jump(loop)
    asm.place(done)


def unary(frame, expr: ir.Unary) -> Value:
    if expr.op == "not":
        return as_bool(frame, expr)
    operand = value(frame, expr.operand)
    if expr.op == "+":
        return operand
    if expr.op == "-":
        return negate(operand)
    return add(frame, negate(operand), Number(-1))  # ~x == -x - 1


def binary(frame, op: str, left: Value, right: Value) -> Value:
    """`left op right` for + - * // % ** (both operands already evaluated)."""
    if isinstance(left, Number) and isinstance(right, Number):
        folded = fold(op, left.value, right.value)
        if folded is not None:
            return Number(folded)
    if op == "+":
        return add(frame, left, right)
    if op == "-":
        return add(frame, left, negate(right))
    if op == "*":
        return multiply(frame, left, right)
    if op == "**":
        return power(frame, left, right)
    return divide(frame, op, left, right)


_OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "//": operator.floordiv,
              "%": operator.mod, "**": operator.pow}


def fold(op: str, a: int, b: int) -> int | None:
    """a op b as Python computes it, or None where it raises, is not an int, or is huge."""
    if op in ("//", "%") and b == 0:
        return None
    if op == "**" and (b < 0 or (abs(a) > 1 and b * a.bit_length() > FOLD_BITS)):
        return None
    result = _OPERATORS[op](a, b)
    return result if result.bit_length() <= FOLD_BITS else None


def needs_cancel(right: Value) -> bool:
    """Adding `right` may leave both halves positive (a small number is counted in signed)."""
    return not (isinstance(right, Number) and abs(right.value) <= SMALL_STEP)


def add(frame, left: Value, right: Value) -> Value:
    """left + right in a temporary (the left one, when it is a temporary)."""
    if isinstance(left, Number) and not isinstance(right, Number):
        left, right = right, left
    regs = materialize(frame, left)
    into(frame, regs, right)
    if needs_cancel(right):
        frame.asm.cancel(regs)
    return Temp(regs)


def multiply(frame, left: Value, right: Value) -> Value:
    if isinstance(left, Number):
        left, right = right, left
    if isinstance(right, Number) and abs(right.value) <= SMALL_FACTOR:
        if right.value == 0:
            drop(frame, left)
            return Number(0)
        if abs(right.value) == 1:
            return left if right.value == 1 else negate(left)
        product = scaled(frame, left, abs(right.value))
        return product if right.value > 0 else negate(product)
    return routine(frame, "mul", left, right)[0]


def scaled(frame, source: Value, factor: int) -> Value:
    """source * factor (2 <= factor) in a new temporary: each unit taken from the source adds
    `factor` units; a variable's units are counted aside and put back."""
    asm = frame.asm
    regs = frame.take()
    spare = frame.take() if isinstance(source, Var) else None
    for half, dest in zip(source.regs, regs):
        loop, done = asm.label("scale"), asm.label("scaled")
        asm.place(loop)
        asm.emit("jz", half, done)
        asm.emit("dec", half)
        for _ in range(factor):
            asm.emit("inc", dest)
        if spare is not None:
            asm.emit("inc", spare.pos)
        asm.jump(loop)
        asm.place(done)
        if spare is not None:
            asm.move(half, spare.pos)
    if spare is not None:
        frame.free(spare)
    else:
        frame.free(source.regs)
    return Temp(regs)


def divide(frame, op: str, left: Value, right: Value) -> Value:
    """Floor division and modulo, Python's: the remainder has the divisor's sign."""
    if isinstance(right, Number):
        c = right.value
        if c == 0:
            frame.asm.jump(frame.raises("ZeroDivisionError", ZERO_DIVISION[op]))
            drop(frame, left)
            return Number(0)
        if c < 0 and -c <= SMALL_DIVISOR:  # x // -c == (-x) // c, x % -c == -((-x) % c)
            result = divide(frame, op, negate(left), Number(-c))
            return result if op == "//" else negate(result)
        if c == 1:
            if op == "//":
                return left
            drop(frame, left)
            return Number(0)
        if 2 <= c <= SMALL_DIVISOR:
            return small_divide(frame, op, left, c)
    if op == "%":
        return routine(frame, "mod", left, right, op=op)[0]
    return routine(frame, "divmod", left, right, op=op, keep=(0,))[0]


def small_divide(frame, op: str, left: Value, divisor: int) -> Value:
    """left // c or left % c for 2 <= c <= SMALL_DIVISOR, in one counting loop: take c from
    |left| per pass (counting passes); where it runs out after j of the c, the remainder is j."""
    asm = frame.asm
    regs = materialize(frame, left)
    work, extra = frame.take(), frame.take()
    magnitude, count, rest, negative = work.pos, work.neg, extra.pos, extra.neg
    asm.magnitude(regs, magnitude, negative)
    divide_label = asm.label("divide")
    asm.place(divide_label)
    exits = [asm.label(f"remainder{j}") for j in range(divisor)]
    for j in range(divisor):
        asm.emit("jz", magnitude, exits[j])
        asm.emit("dec", magnitude)
    asm.emit("inc", count)
    asm.jump(divide_label)
    for j in reversed(range(1, divisor)):  # entering at remainder j counts j
        asm.place(exits[j])
        asm.emit("inc", rest)
    asm.place(exits[0])
    done, nonnegative = asm.label("divided"), asm.label("nonnegative")
    asm.emit("jz", negative, nonnegative)
    asm.emit("dec", negative)
    if op == "//":  # -(Q + 1) when something was left over, else -Q
        exact = asm.label("exact")
        asm.emit("jz", rest, exact)
        asm.clear(rest)
        asm.emit("inc", regs.neg)
        asm.place(exact)
        asm.move(regs.neg, count)
        asm.jump(done)
        asm.place(nonnegative)
        asm.move(regs.pos, count)
        asm.clear(rest)
    else:  # c - R when something was left over, else 0
        asm.clear(count)
        asm.emit("jz", rest, done)
        for _ in range(divisor):
            asm.emit("inc", regs.pos)
        asm.emit("sub", regs.pos, rest)
        asm.clear(rest)
        asm.jump(done)
        asm.place(nonnegative)
        asm.clear(count)
        asm.move(regs.pos, rest)
    asm.place(done)
    frame.free(work)
    frame.free(extra)
    return Temp(regs)


def power(frame, left: Value, right: Value) -> Value:
    """left ** right; a negative exponent raises (ZeroDivisionError for 0, as Python, else
    ValueError: Python's answer would be a float)."""
    if isinstance(right, Number):
        if right.value == 0:
            drop(frame, left)
            return Number(1)
        if right.value == 1:
            return left
        if right.value == 2:
            regs = materialize(frame, left)
            return routine(frame, "mul", Var(regs), Temp(regs))[0]
    return routine(frame, "pow", left, right)[0]


def routine(frame, name: str, left: Value, right: Value, op: str = "",
            keep: tuple[int, ...] | None = None) -> list[Value]:
    """Call a shared arithmetic routine with two operands; returns the results asked for (`keep`,
    all by default) as temporaries, and drains the others. Division checks its divisor, and
    power its exponent, before the call (where Python raises)."""
    asm = frame.asm
    sub, registers = frame.routines.get(name)
    a, b, results = registers[0], registers[1], registers[2:]
    into(frame, a, left)
    into(frame, b, right)
    if name in ("divmod", "mod"):
        ok = asm.label("divisor_ok")
        asm.emit("jnz", b.pos, ok)
        asm.emit("jnz", b.neg, ok)
        asm.jump(frame.raises("ZeroDivisionError", ZERO_DIVISION[op or "divmod"]))
        asm.place(ok)
    elif name == "pow":
        ok, value_error = asm.label("exponent_ok"), frame.raises("ValueError", NEGATIVE_EXPONENT)
        asm.emit("jz", b.neg, ok)
        asm.emit("jnz", a.pos, value_error)
        asm.emit("jnz", a.neg, value_error)
        asm.jump(frame.raises("ZeroDivisionError", ZERO_DIVISION["**"]))
        asm.place(ok)
    routines.call(asm, sub, frame.where)
    out = []
    for index, result in enumerate(results):
        if keep is not None and index not in keep:
            asm.drain(result)
            continue
        regs = frame.take()
        for half, other in zip(regs, result):
            asm.move(half, other)
        out.append(Temp(regs))
    return out


# --- conditions -------------------------------------------------------------------------------
def condition(frame, expr: ir.Expr, yes: str, no: str) -> None:
    """Jump to `yes` when `expr` is true (nonzero), else to `no`."""
    asm = frame.asm
    if isinstance(expr, ir.Unary) and expr.op == "not":
        return condition(frame, expr.operand, no, yes)
    if isinstance(expr, ir.BoolOp):
        for operand in expr.values[:-1]:
            nxt = asm.label("next")
            if expr.op == "and":
                condition(frame, operand, nxt, no)
            else:
                condition(frame, operand, yes, nxt)
            asm.place(nxt)
        return condition(frame, expr.values[-1], yes, no)
    if isinstance(expr, ir.Compare):
        return compare_chain(frame, expr, yes, no)
    truth(frame, value(frame, expr), yes, no)


def truth(frame, source: Value, yes: str, no: str) -> None:
    """Jump by whether `source` is nonzero (a temporary is drained on the way)."""
    if isinstance(source, Number):
        frame.asm.jump(yes if source.value else no)
        return
    frame.asm.sign(source.regs, yes, no, yes, consume=isinstance(source, Temp))
    if isinstance(source, Temp):
        frame.free(source.regs)


def compare_chain(frame, expr: ir.Compare, yes: str, no: str) -> None:
    """`a < b < c`: each middle operand is evaluated once and kept for the next comparison; a
    chain that stops early drains what it kept."""
    asm = frame.asm
    left = value(frame, expr.first)
    for k, (op, operand) in enumerate(zip(expr.ops, expr.rest)):
        right = value(frame, operand)
        if k == len(expr.ops) - 1:
            return compare(frame, left, op, right, yes, no)
        kept, used = right, right
        if isinstance(right, Temp):  # the comparison empties what it reads: compare a copy
            used = Temp(materialize(frame, Var(right.regs)))
        nxt, stop = asm.label("next"), (asm.label("chain_false") if isinstance(kept, Temp) else no)
        compare(frame, left, op, used, nxt, stop)
        if isinstance(kept, Temp):
            asm.place(stop)
            asm.drain(kept.regs)
            asm.jump(no)
        asm.place(nxt)
        left = kept
    return None


def compare(frame, left: Value, op: str, right: Value, yes: str, no: str) -> None:
    """Jump by `left op right`, from the sign of left - right (both operands used up)."""
    negative, zero, positive = (yes if outcome else no for outcome in OUTCOMES[op])
    if isinstance(left, Number) and isinstance(right, Number):
        difference = left.value - right.value
        frame.asm.jump(negative if difference < 0 else zero if difference == 0 else positive)
        return
    if isinstance(right, Number) and right.value == 0:
        difference = left
    elif isinstance(left, Number) and left.value == 0:
        difference = negate(right)
    else:
        difference = add(frame, left, negate(right))
    frame.asm.sign(difference.regs, negative, zero, positive, consume=isinstance(difference, Temp))
    if isinstance(difference, Temp):
        frame.free(difference.regs)


def as_bool(frame, expr: ir.Expr) -> Value:
    """A condition's value: 1 (True) or 0 (False) in a temporary."""
    asm = frame.asm
    regs = frame.take()
    yes, no = asm.label("true"), asm.label("false")
    condition(frame, expr, yes, no)
    asm.place(yes)
    asm.emit("inc", regs.pos)
    asm.place(no)
    return Temp(regs)


def boolop(frame, expr: ir.BoolOp) -> Value:
    """`a or b`: a if a is true, else b; `a and b`: a if a is false, else b."""
    asm = frame.asm
    regs = frame.take()
    done = asm.label("decided")
    for k, operand in enumerate(expr.values):
        into(frame, regs, value(frame, operand))  # regs is 0 here: first, or after a 0 / a drain
        if k == len(expr.values) - 1:
            break
        nxt = asm.label("next")
        if expr.op == "or":
            asm.sign(regs, done, nxt, done, consume=False)
        else:
            asm.sign(regs, nxt, done, nxt, consume=True)
        asm.place(nxt)
    asm.place(done)
    return Temp(regs)


def ifexp(frame, expr: ir.IfExp) -> Value:
    asm = frame.asm
    regs = frame.take()
    yes, no, done = asm.label("then"), asm.label("else"), asm.label("endif")
    condition(frame, expr.test, yes, no)
    asm.place(yes)
    into(frame, regs, value(frame, expr.body))
    asm.jump(done)
    asm.place(no)
    into(frame, regs, value(frame, expr.orelse))
    asm.place(done)
    return Temp(regs)


# --- calls ------------------------------------------------------------------------------------
def call(frame, expr: ir.Call) -> list[Value]:
    """A call of a builtin or of a function of the file (arguments left to right, then the call)."""
    args = [value(frame, a) for a in expr.args]
    if expr.func == "abs":
        regs = materialize(frame, args[0])
        frame.asm.move(regs.pos, regs.neg)
        return [Temp(regs)]
    if expr.func in ("min", "max"):
        return [extreme(frame, expr.func, args)]
    if expr.func == "divmod":
        return routine(frame, "divmod", args[0], args[1])
    if expr.func == "pow":
        return [binary(frame, "**", args[0], args[1])]
    return frame.call_function(expr.func, args)


def extreme(frame, which: str, args: list[Value]) -> Value:
    """min or max: keep the first, replace it by each later one that is strictly better."""
    asm = frame.asm
    best = materialize(frame, args[0])
    for arg in args[1:]:
        other = materialize(frame, arg)
        difference = frame.take()
        into(frame, difference, Var(other))
        into(frame, difference, Var(best.negated()))
        asm.cancel(difference)
        take, keep, done = asm.label("better"), asm.label("not_better"), asm.label("compared")
        better_if_negative = which == "min"
        asm.sign(difference, take if better_if_negative else keep, keep,
                 keep if better_if_negative else take, consume=True)
        frame.free(difference)
        asm.place(take)
        asm.drain(best)
        for half, source in zip(best, other):
            asm.move(half, source)
        asm.jump(done)
        asm.place(keep)
        asm.drain(other)
        asm.place(done)
        frame.free(other)
    return Temp(best)
