"""Subroutines in a register machine, and the shared arithmetic ones: signed `*`, `//`/`%`
(together), `**`, written once per program and called from every place that needs them.

A call sets a flag register of its own (`mul_from_7`), jumps to the routine, and clears the flag
where the routine comes back; the routine ends with a chain of `jnz flag back` (one flag is
set). The flags of unfinished calls are the call stack: an error's traceback reads them off the
final state. Arguments and results are the routine's own registers: a caller adds its operands
into the arguments (which are 0) and moves the results out (leaving them 0).

The natural-number cores use doubling, so their loops run O(log n) times, each a counting
loop the fast-forward jumps: multiplication by halving one factor and doubling the other,
division by doubling the divisor past the dividend and halving it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rnnprog.py.asm import Asm, Origin, Pair


@dataclass
class Subroutine:
    """A block of code entered at `entry` and left through the flags of its call sites."""

    name: str
    entry: str
    back: str  # the label of its return: the dispatch over call sites
    sites: list[tuple[str, str]] = field(default_factory=list)  # (flag register, return label)


def call(asm: Asm, routine: Subroutine, where: str) -> str:
    """Call `routine` from here; returns the flag register naming this call site."""
    flag = asm.register(f"{routine.name}_from_{where}")
    back = asm.label(f"{routine.name}_done")
    routine.sites.append((flag, back))
    asm.emit("inc", flag)
    asm.jump(routine.entry)
    asm.place(back)
    asm.emit("dec", flag)
    return flag


def dispatch(asm: Asm, routine: Subroutine, *, place: bool = True) -> None:
    """The routine's return (at its `back` label, unless placed already): jump back to the call
    site whose flag is set."""
    if place:
        asm.place(routine.back)
    if not routine.sites:  # an entry function: its return is the program's end
        return
    for flag, back in routine.sites[:-1]:
        asm.emit("jnz", flag, back)
    asm.jump(routine.sites[-1][1])


class Routines:
    """The arithmetic routines a program uses, made on first use and written at the end."""

    ORDER = ("pow", "mul", "divmod", "mod", "natmul")  # callers before callees: call sites known first

    def __init__(self, asm: Asm):
        self.asm = asm
        self.used: dict[str, Subroutine] = {}
        self.args: dict[str, tuple] = {}

    def get(self, name: str) -> tuple[Subroutine, tuple]:
        """The routine and its registers: (arguments..., results...) as Pairs or registers."""
        if name not in self.used:
            asm = self.asm
            self.used[name] = Subroutine(name, asm.label(name), asm.label(f"{name}_return"))
            if name == "natmul":
                self.args[name] = (asm.register("natmul_a"), asm.register("natmul_b"),
                                   asm.register("natmul_product"))
            elif name == "divmod":
                self.args[name] = (asm.pair("divmod_a"), asm.pair("divmod_b"),
                                   asm.pair("divmod_quotient"), asm.pair("divmod_remainder"))
            elif name == "mod":
                self.args[name] = (asm.pair("mod_a"), asm.pair("mod_b"), asm.pair("mod_remainder"))
            else:
                self.args[name] = (asm.pair(f"{name}_a"), asm.pair(f"{name}_b"),
                                   asm.pair(f"{name}_result"))
            if name in ("mul", "pow"):
                self.get("natmul")
        return self.used[name], self.args[name]

    def write(self) -> None:
        """Each routine used, callers first, each followed by its return dispatch."""
        for name in self.ORDER:
            if name in self.used:
                self.asm.origin = Origin(name, 0, _WHAT[name])
                self.asm.comment(f"routine {name}: {_WHAT[name]}")
                self.asm.place(self.used[name].entry)
                getattr(self, f"_{name}")(*self.args[name])
                dispatch(self.asm, self.used[name])

    # --- the routines --------------------------------------------------------------------------
    def _signed_out(self, magnitude: str, sign: str, dest: Pair) -> None:
        """dest = -magnitude if sign else magnitude; both emptied."""
        asm = self.asm
        positive, done = asm.label("positive"), asm.label("signed")
        asm.emit("jz", sign, positive)
        asm.emit("dec", sign)
        asm.move(dest.neg, magnitude)
        asm.jump(done)
        asm.place(positive)
        asm.move(dest.pos, magnitude)
        asm.place(done)

    def _mul(self, a: Pair, b: Pair, product: Pair) -> None:
        """product = a * b: the sign by the signs, the magnitude by natmul."""
        natmul, (x, y, z) = self.get("natmul")
        sign = self.asm.register("mul_sign")
        self.asm.magnitude(a, x, sign)
        self.asm.magnitude(b, y, sign)
        asm = self.asm
        settled, one = asm.label("mul_signs"), asm.label("mul_one_minus")
        asm.emit("jz", sign, settled)  # sign counts the minus signs: two make a plus
        asm.emit("dec", sign)
        asm.emit("jz", sign, one)
        asm.emit("dec", sign)
        asm.jump(settled)
        asm.place(one)
        asm.emit("inc", sign)
        asm.place(settled)
        call(self.asm, natmul, "mul")
        self._signed_out(z, sign, product)

    def _natmul(self, x: str, y: str, z: str) -> None:
        """z += x * y (x, y emptied), a bit of y per pass: halve y into y', then one loop takes x
        into 2x in x' and, where the bit was 1, into z as well. The registers swap roles each
        pass, so nothing is moved back: two loops a bit."""
        asm = self.asm
        x2, y2 = asm.register("natmul_a2"), asm.register("natmul_b2")
        done = asm.label("natmul_end")
        halves = [asm.label("natmul_halve"), asm.label("natmul_halve")]
        for k, (xa, xb, ya, yb) in enumerate(((x, x2, y, y2), (x2, x, y2, y))):
            odd, even, last = (asm.label(f"natmul_{n}") for n in ("odd", "even", "last"))
            asm.place(halves[k])
            asm.emit("jz", ya, even)
            asm.emit("dec", ya)
            asm.emit("jz", ya, odd)
            asm.emit("dec", ya)
            asm.emit("inc", yb)
            asm.jump(halves[k])
            for bit, label in ((1, odd), (0, even)):
                asm.place(label)
                asm.emit("jz", yb, last if bit else done)  # no bits left (an even last: y was 0)
                loop = asm.label("natmul_take")
                asm.place(loop)
                asm.emit("jz", xa, halves[1 - k])
                asm.emit("dec", xa)
                if bit:
                    asm.emit("inc", z)
                asm.emit("inc", xb)
                asm.emit("inc", xb)
                asm.jump(loop)
            asm.place(last)
            asm.move(z, xa)
            asm.jump(done)
        asm.place(done)
        asm.clear(x)  # x is 0 unless y was 0

    def _divmod(self, a: Pair, b: Pair, quotient: Pair | None, remainder: Pair, name: str = "divmod") -> None:
        """Floor division and modulo of signed ints, as Python defines them (b != 0, checked by
        the caller): divide the magnitudes, then q = -(Q + 1), r = |b| - R where the signs
        differ and R > 0, and r takes b's sign. Without `quotient` (the `mod` routine) the
        quotient is never built."""
        asm = self.asm
        n, d = asm.register(f"{name}_rest"), asm.register(f"{name}_divisor")
        sign_a, sign_b = asm.register(f"{name}_sign_a"), asm.register(f"{name}_sign_b")
        q = asm.register(f"{name}_count") if quotient is not None else None
        self.asm.magnitude(a, n, sign_a)
        self.asm.magnitude(b, d, sign_b)
        self._natdivmod(n, d, q, name)
        same, differ, done = asm.label(f"{name}_same"), asm.label(f"{name}_differ"), asm.label(f"{name}_end")
        a_positive = asm.label(f"{name}_a_positive")
        asm.emit("jz", sign_a, a_positive)
        asm.emit("dec", sign_a)
        asm.emit("jz", sign_b, differ)
        asm.jump(same)
        asm.place(a_positive)
        asm.emit("jz", sign_b, same)
        asm.jump(differ)
        asm.place(same)  # q = Q, r = R with b's sign
        if q is not None:
            asm.move(quotient.pos, q)
        self._signed_out(n, sign_b, remainder)
        asm.jump(done)
        asm.place(differ)
        exact = asm.label(f"{name}_exact")
        if q is not None:
            asm.move(quotient.neg, q)
        asm.emit("jz", n, exact)
        if q is not None:
            asm.emit("inc", quotient.neg)  # q = -(Q + 1)
        asm.emit("sub", d, n)  # r = |b| - R
        asm.clear(n)
        self._signed_out(d, sign_b, remainder)
        asm.jump(done)
        asm.place(exact)  # R = 0: q = -Q, r = 0
        asm.clear(sign_b)
        asm.place(done)
        asm.clear(d)

    def _mod(self, a: Pair, b: Pair, remainder: Pair) -> None:
        self._divmod(a, b, None, remainder, "mod")

    def _natdivmod(self, rest: str, divisor: str, count: str | None, name: str) -> None:
        """count = rest // divisor, rest = rest % divisor (divisor > 0, kept). Grow: t = divisor,
        doubled k times while t <= rest. Shrink: k times halve t, double count, and take t from
        rest where it fits. Comparing and taking count both down at once into u, then put u
        back; t and count swap registers each pass, so a doubling or halving is one loop."""
        asm = self.asm
        t = (asm.register(f"{name}_shifted"), asm.register(f"{name}_shifted2"))
        c = (count, asm.register(f"{name}_count2")) if count is not None else None
        u, k = asm.register(f"{name}_taken"), asm.register(f"{name}_doublings")
        grow = [asm.label(f"{name}_grow"), asm.label(f"{name}_grow")]
        shrink = [asm.label(f"{name}_shrink"), asm.label(f"{name}_shrink")]
        done = asm.label(f"{name}_divided")
        asm.copy(t[0], divisor)
        for side in (0, 1):  # t in t[side]: is t <= rest?
            here, there = t[side], t[1 - side]
            fits, over = asm.label(f"{name}_fits"), asm.label(f"{name}_over")
            asm.place(grow[side])
            self._count_down(here, rest, u, fits, over)
            asm.place(fits)  # t <= rest: rest back, t doubled into the other register
            self._back(u, (rest, there, there), grow[1 - side], k)
            asm.place(over)  # t > rest: both back, and shrink
            self._back(u, (rest, here), shrink[side])
        for side in (0, 1):  # t in t[side], count in c[side]
            here, there = t[side], t[1 - side]
            finished = done if side == 0 or c is None else asm.label(f"{name}_finished")
            asm.place(shrink[side])
            asm.emit("jz", k, finished)
            asm.emit("dec", k)
            self._scaled_move(here, there, half=True)
            if c is not None:
                self._scaled_move(c[side], c[1 - side])
            taken, left = asm.label(f"{name}_taken"), asm.label(f"{name}_left")
            self._count_down(there, rest, u, taken, left)
            asm.place(taken)  # t fitted: rest keeps the difference, the bit is 1
            if c is not None:
                asm.emit("inc", c[1 - side])
            self._back(u, (there,), shrink[1 - side])
            asm.place(left)
            self._back(u, (rest, there), shrink[1 - side])
            if finished != done:
                asm.place(finished)
                asm.move(count, c[1])
                asm.jump(done)
        asm.place(done)
        asm.clear(t[0])
        asm.clear(t[1])

    def _count_down(self, t: str, rest: str, u: str, fits: str, over: str) -> None:
        """Take 1 from t and from rest, counting in u, until one is 0: t first (t <= rest) goes
        to `fits`, rest first (t > rest) to `over`."""
        asm = self.asm
        loop = asm.label("compare")
        asm.place(loop)
        asm.emit("jz", t, fits)
        asm.emit("jz", rest, over)
        asm.emit("dec", t)
        asm.emit("dec", rest)
        asm.emit("inc", u)
        asm.jump(loop)

    def _back(self, u: str, targets: tuple[str, ...], then: str, counter: str | None = None) -> None:
        """Move u into each of `targets` (a register twice gets it twice), then go on."""
        asm = self.asm
        if counter is not None:
            asm.emit("inc", counter)
        loop = asm.label("put_back")
        asm.place(loop)
        asm.emit("jz", u, then)
        asm.emit("dec", u)
        for target in targets:
            asm.emit("inc", target)
        asm.jump(loop)

    def _scaled_move(self, source: str, dest: str, half: bool = False) -> None:
        """dest += source / 2 (source even) or 2 * source; source emptied, in one loop."""
        asm = self.asm
        loop, done = asm.label("scale"), asm.label("scaled")
        asm.place(loop)
        asm.emit("jz", source, done)
        asm.emit("dec", source)
        if half:
            asm.emit("dec", source)
        asm.emit("inc", dest)
        if not half:
            asm.emit("inc", dest)
        asm.jump(loop)
        asm.place(done)

    def _pow(self, base: Pair, exponent: Pair, power: Pair) -> None:
        """power = base ** exponent (exponent >= 0, checked by the caller): square-and-multiply
        over the exponent's bits, with natmul; negative when base < 0 and the exponent is odd."""
        asm = self.asm
        natmul, (mx, my, mz) = self.get("natmul")
        x, y, z = asm.register("pow_base"), asm.register("pow_exponent"), asm.register("pow_power")
        sign, half, parity = asm.register("pow_sign"), asm.register("pow_half"), asm.register("pow_parity")
        self.asm.magnitude(base, x, sign)
        asm.move(y, exponent.pos)
        asm.emit("inc", z)
        halve, bit1, bit0, done = (asm.label(f"pow_{n}") for n in ("halve", "bit1", "bit0", "end"))
        even, odd, test = asm.label("pow_even"), asm.label("pow_odd"), asm.label("pow_parity")
        asm.emit("jz", sign, odd)  # a negative base: the result is negative when y is odd
        asm.copy(parity, y)
        asm.place(test)
        asm.emit("jz", parity, even)
        asm.emit("dec", parity)
        asm.emit("jz", parity, odd)
        asm.emit("dec", parity)
        asm.jump(test)
        asm.place(even)
        asm.emit("dec", sign)
        asm.place(odd)
        asm.emit("jz", y, done)
        asm.place(halve)
        asm.emit("jz", y, bit0)
        asm.emit("dec", y)
        asm.emit("jz", y, bit1)
        asm.emit("dec", y)
        asm.emit("inc", half)
        asm.jump(halve)
        asm.place(bit1)  # z = z * x
        asm.copy(mx, x)
        asm.move(my, z)
        call(asm, natmul, "pow_multiply")
        asm.move(z, mz)
        asm.place(bit0)
        asm.move(y, half)
        asm.emit("jz", y, done)
        asm.copy(mx, x)  # x = x * x
        asm.move(my, x)
        call(asm, natmul, "pow_square")
        asm.move(x, mz)
        asm.jump(halve)
        asm.place(done)
        asm.clear(x)
        self._signed_out(z, sign, power)


_WHAT = {"mul": "signed a * b", "natmul": "natural a * b by halving and doubling",
         "divmod": "a // b and a % b as Python floors them", "mod": "a % b as Python floors it",
         "pow": "a ** b by squaring"}
