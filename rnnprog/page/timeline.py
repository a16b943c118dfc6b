"""The kind-neutral record of one run that a page shows, and what a page keeps of a long run.

A kind's `timeline` method returns a `Timeline`: the source, the names of the decoded fields,
and the kept `Moment`s of the run, each the network's hidden state h(t) after tick t with the
source position, the state decoded from h(t) and the interpreter's state at the same step, and
where a fast-forward jump ended there, the jump with its first iterations ticked one by one.
The page reads nothing else of the kind.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Every tick up to this one is kept.
HEAD = 5_000
#: About this many ticks, evenly spaced, are kept between the head and the tail.
SAMPLES = 2_000
#: The last ticks kept.
TAIL = 500
#: A jump keeps its first ITERATIONS repetitions, ticked one by one, at most FIRST ticks.
ITERATIONS = 3
FIRST = 40


@dataclass(frozen=True)
class Span:
    """A piece of source to highlight: `line` (1-based) and the columns [start, end) (1-based),
    or the whole line when `start` is 0."""

    line: int
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Jump:
    """A certified fast-forward jump that ended at a moment: `blocks` repetitions of a block of
    `block_ticks` ticks over the source `where` ("lines 6-9"), each adding `changes`; `first`
    holds the moments of its first ticks, computed one by one."""

    blocks: int
    block_ticks: int
    where: str
    changes: str = ""
    first: tuple[Moment, ...] = ()

    @property
    def ticks(self) -> int:
        return self.blocks * self.block_ticks


@dataclass(frozen=True)
class Moment:
    """The network after tick `tick`: its hidden state h(tick) (`state`), the fields decoded
    from it (`network`) and the interpreter's at the same step (`interpreter`), the indices of
    the fields that differ, the source position (`where`) and what the tick did in words
    (`doing`), the units that fed the tick (nonzero in h(tick - 1), or the jump's units), the
    RNN input x(tick) where the kind has one, and the jump that ended here, if one did."""

    tick: int
    network: tuple[str, ...]
    interpreter: tuple[str, ...]
    state: tuple[float, ...]
    where: tuple[Span, ...] = ()
    doing: str = ""
    differs: tuple[int, ...] = ()
    acted: tuple[int, ...] = ()
    inputs: tuple[float, ...] = ()
    jump: Jump | None = None


@dataclass(frozen=True)
class Timeline:
    """One run for a page: its `inputs` in words ("a=6 b=7"), the `source` lines, the decoded
    `fields`' names, the kept `moments` in tick order, the run's `ticks` and whether it
    `halted`, its `dtype`, and `kept`, what the page keeps in words; `notes` are lines the page
    shows under the title."""

    inputs: str
    source: tuple[str, ...]
    fields: tuple[str, ...]
    moments: tuple[Moment, ...]
    ticks: int
    halted: bool
    dtype: str
    kept: str
    notes: tuple[str, ...] = ()

    @property
    def agrees(self) -> bool:
        """No kept moment (nor any jump's first iterations) has a field that differs."""
        return not any(m.differs or (m.jump and any(f.differs for f in m.jump.first))
                       for m in self.moments)


@dataclass(frozen=True)
class Keep:
    """Which ticks of a run of `total` ticks a page keeps: every tick up to `head`, the last
    `tail`, about `samples` evenly spaced between, and (kinds that jump) every jump with the
    ticks of its first `iterations` repetitions, at most `first`. A 10^6-tick run without jumps
    keeps about 7,500 moments."""

    head: int = HEAD
    samples: int = SAMPLES
    tail: int = TAIL
    iterations: int = ITERATIONS
    first: int = FIRST

    def opened(self, block_ticks: int, ticks: int) -> int:
        """How many of a jump's ticks to keep, one by one (its first repetitions)."""
        return min(self.iterations * block_ticks, self.first, ticks)

    def stride(self, total: int) -> int:
        """The spacing of the samples between head and tail (1 keeps every tick)."""
        middle = total - self.head - self.tail
        return max(1, math.ceil(middle / self.samples)) if middle > 0 else 1

    def wants(self, tick: int, total: int) -> bool:
        return tick <= self.head or tick >= total - self.tail or tick % self.stride(total) == 0

    def ticks(self, total: int) -> list[int]:
        """The kept ticks of 0..total, in order."""
        if total <= self.head + self.tail + 1 or self.stride(total) == 1:
            return list(range(total + 1))
        stride = self.stride(total)
        middle = range(self.head + 1, total - self.tail)
        return [*range(self.head + 1), *(t for t in middle if t % stride == 0),
                *range(total - self.tail, total + 1)]

    def words(self, total: int, jumps: int = 0) -> str:
        """What a page of `total` ticks keeps, in a sentence."""
        jumped = (f"; every jump ({jumps:,}) with its first {self.iterations} iterations (at most "
                  f"{self.first} ticks)") if jumps else ""
        if total <= self.head + self.tail + 1 or self.stride(total) == 1:
            return f"every tick ({total:,}){jumped}"
        return (f"ticks 0-{self.head:,}, one tick in {self.stride(total):,} after that, and the last "
                f"{self.tail:,}{jumped}")


def clip(text: str, most: int = 60) -> str:
    """Inputs in words, cut to `most` characters (a 10^6-symbol input is not a title)."""
    return text if len(text) <= most else f"{text[:most]}\u2026 ({len(text):,} characters)"


def floats(h) -> tuple[float, ...]:
    """A hidden state as floats for the page (integers past float range show as infinity)."""
    out = []
    for v in h:
        try:
            out.append(float(v))
        except OverflowError:
            out.append(math.inf)
    return tuple(out)


def nonzero(h) -> tuple[int, ...]:
    """The units active in a hidden state: those whose weights act on the next tick."""
    return tuple(i for i, v in enumerate(h) if v)


def differing(network: tuple[str, ...], interpreter: tuple[str, ...]) -> tuple[int, ...]:
    """The fields whose texts differ (kinds with exact states compare texts)."""
    return tuple(i for i, (a, b) in enumerate(zip(network, interpreter)) if a != b)
