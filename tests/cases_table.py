"""One table of named cases across every program kind, checked at every level by test_case_table.py.

Each case is a shipped program under programs/, inputs in that kind's form (a register program: a
dict of input values; a Turing machine: a tape string; a filter: a signal; a sequence program: its
input string) and the expected outputs. test_case_table.py fails for a registered kind without cases.
Every expected value was worked out by hand (the derivation is in the comment beside it) and agrees
with the program's own `# example:` lines where it has one; none was copied from what the code prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rnnprog import kinds

PROGRAMS = Path(__file__).resolve().parents[1] / "programs"



@dataclass(frozen=True)
class Case:
    """A named run of a shipped program and what it must give."""

    name: str
    program: str  # file name under programs/
    inputs: object  # rm: {name: value}; tm: the tape, cell 0 first; iir: the signal x; seq: the input
    expected: dict  # rm: the output registers; tm, seq: Result fields; iir: {"y": ..., "zf": ...}
    steps: int | None = None  # executed steps, where counted by hand (None: compared with the interpreter)

    @property
    def path(self) -> Path:
        return PROGRAMS / self.program

    @property
    def kind(self) -> str:
        return self.path.suffix[1:]

    @property
    def dtypes(self) -> tuple[str, ...]:
        """Every dtype the kind's network runs in, its default first."""
        kind = kinds.get(self.kind)
        return (kind.default_dtype, *(d for d in kind.dtypes if d != kind.default_dtype))


CASES = [
    # --- register programs ------------------------------------------------------------------
    # add.rm moves a into c (jz, dec, inc, jmp: 4 steps per unit), then b the same way; each loop
    # ends with one taken jz: 4*2 + 1 + 4*3 + 1 = 22 steps. `# example: a=2 b=3 -> c=5`.
    Case("add", "add.rm", {"a": 2, "b": 3}, {"c": 5}, steps=22),
    # 6 * 7; `# example: a=6 b=7 -> c=42`.
    Case("mul", "mul.rm", {"a": 6, "b": 7}, {"c": 42}),
    # mul.rm with a = 0: the first `jz a done` is taken and the program halts: 1 step, c = 0.
    Case("mul-by-zero", "mul.rm", {"a": 0, "b": 5}, {"c": 0}, steps=1),
    # gcd(12, 18) = 6 (12 = 2*2*3, 18 = 2*3*3); `# example: a=12 b=18 -> g=6`.
    Case("gcd", "gcd.rm", {"a": 12, "b": 18}, {"g": 6}),
    # 17 = 3*5 + 2; two output registers; `# example: a=17 b=5 -> q=3 r=2`.
    Case("divmod", "divmod.rm", {"a": 17, "b": 5}, {"q": 3, "r": 2}),
    # --- Turing machines --------------------------------------------------------------------
    # 1RB1LB_1LA1RZ from a blank tape, head at 0:
    #   A@0 reads 0: 1 R B | B@1 reads 0: 1 L A | A@0 reads 1: 1 L B | B@-1 reads 0: 1 L A |
    #   A@-2 reads 0: 1 R B | B@-1 reads 1: 1 R Z. Six steps, cells -2..1 all 1, head at 0 (BB(2)).
    Case("bb2", "bb2.tm", "",
         {"halted": True, "state": "Z", "tape": "1111", "head": 0, "ones": 4}, steps=6),
    # 1011 + 1: `right` walks over 4 cells (4 steps) and turns at the blank (step 5, head 3);
    # `carry` turns 1 1 into 0 0 (steps 6, 7) and the 0 at cell 1 into 1 (step 8, head 0): 1100.
    Case("binary-increment", "binary_increment.tm", "1011",
         {"halted": True, "state": "halt", "tape": "1100", "head": 0, "ones": 2}, steps=8),
    # 3 + 2 in unary: `scan` passes 111 (3 steps), turns + into 1 (step 4), `end` passes 11 (5, 6),
    # turns at the blank at cell 6 (7), `erase` blanks cell 5 and moves to 4 (8): 11111 on cells 0..4.
    Case("unary-addition", "unary_addition.tm", "111+11",
         {"halted": True, "state": "halt", "tape": "11111", "head": 4, "ones": 5}, steps=8),
    # --- filters (y and scipy's final state zf; every value an exact decimal) -----------------
    # y[n] = 0.1 x[n] + 0.9 y[n-1] on an impulse: 0.1 * 0.9^n; zf = 0.9 * y[3] (b1 = 0).
    # `# example: x = 1 0 0 0 -> y = 0.1 0.09 0.081 0.0729`.
    Case("low-pass", "low-pass.iir", (1.0, 0.0, 0.0, 0.0),
         {"y": (0.1, 0.09, 0.081, 0.0729), "zf": (0.06561,)}),
    # the mean of the last 4 samples: 4/4, 8/4, 12/4, 16/4, (4+4+4+8)/4, (4+4+8+0)/4; the state holds
    # the samples' future share: zf = ((x3 + x4 + x5)/4, (x4 + x5)/4, x5/4) = (3, 2, 0).
    # `# example: x = 4 4 4 4 8 0 -> y = 1 2 3 4 5 4`.
    Case("moving-average", "moving-average.iir", (4.0, 4.0, 4.0, 4.0, 8.0, 0.0),
         {"y": (1.0, 2.0, 3.0, 4.0, 5.0, 4.0), "zf": (3.0, 2.0, 0.0)}),
    # y[n] = x[n] + 0.99 y[n-1] - 0.9801 y[n-2] on an impulse: 1, 0.99, 0.99^2 - 0.9801 = 0,
    # -0.9801 * 0.99 = -0.970299, 0.99 * -0.970299 = -0.96059601; zf = (0.99 y[4] - 0.9801 y[3],
    # -0.9801 y[4]) = (0, 0.941480149401). `# example: x = 1 0 0 0 0 -> y = 1 0.99 0 -0.970299 ...`.
    Case("resonator", "resonator.iir", (1.0, 0.0, 0.0, 0.0, 0.0),
         {"y": (1.0, 0.99, 0.0, -0.970299, -0.96059601), "zf": (0.0, 0.941480149401)}),
    # --- sequence programs (outputs, how the run ended, ticks: input symbols + end ticks) -------
    # a^2 b^2: s a -> s n+1 (ticks 1, 2: n = 2), s b -> t n-1 (3: n = 1), t b -> t n-1 (4: n = 0),
    # t $ n=0 -> yes (5: accepted). `# example: aabb -> accept`.
    Case("anbn", "anbn.seq", "aabb", {"outputs": (), "end": "accepted", "ticks": 5}, steps=5),
    # a b a b: s a (n = 1), s b (t, n = 0), then t reads a: no rule of t reads a, rejected at tick 3.
    # `# example: abab -> reject`.
    Case("anbn-reject", "anbn.seq", "abab", {"outputs": (), "end": "rejected", "ticks": 3}, steps=3),
    # parity after each bit of 1101: 1, 0, 0, 1 (one output per symbol), then even/odd $ -> done
    # at tick 5. `# example: 1101 -> 1 0 0 1 accept`.
    Case("parity", "parity.seq", "1101",
         {"outputs": ("1", "0", "0", "1"), "end": "accepted", "ticks": 5}, steps=5),
    # aaa counts n to 3 (ticks 1-3), then three end ticks emit b (n 3 -> 0, ticks 4-6) and
    # s $ n=0 -> done at tick 7. `# example: aaa -> b b b accept`.
    Case("unary-echo", "unary_echo.seq", "aaa",
         {"outputs": ("b", "b", "b"), "end": "accepted", "ticks": 7}, steps=7),
    # --- Python functions (the value returned, or the error raised) ---------------------------
    # gcd(48, -18): 48 % -18 = -6 (the remainder takes the divisor's sign: 48 = -3 * -18 - 6),
    # then gcd(-18, -6): -18 % -6 = 0, so a = -6 and abs(a) = 6. `# example: gcd(-48, 18) == 6`.
    Case("gcd-py", "gcd.py", {"a": 48, "b": -18}, {"value": 6, "error": None}),
    # 240 * -9 + 46 * 47 = -2160 + 2162 = 2; `# example: egcd(240, 46) == (2, -9, 47)`.
    Case("egcd-py", "egcd.py", {"a": 240, "b": 46}, {"value": (2, -9, 47), "error": None}),
    # 27 -> 82 -> 41 -> ... -> 1 in 111 steps (the well-known record below 100);
    # `# example: collatz(27) == 111`.
    Case("collatz-py", "collatz.py", {"n": 27}, {"value": 111, "error": None}),
    # assert n >= 1 fails at once. `# example: collatz(0) raises AssertionError: n must be >= 1`.
    Case("collatz-py-error", "collatz.py", {"n": 0},
         {"value": None, "error": ("AssertionError", "n must be >= 1")}),
]
