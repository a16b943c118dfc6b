"""The `# example: INPUT -> OUTPUT... [accept | reject | running]` lines of a sequence program."""

from __future__ import annotations

from dataclasses import dataclass

from rnnprog.seq.ir import ACCEPTED, REJECTED, RUNNING
from rnnprog.source import example_lines

#: The last word of an example may say how the run ends.
ENDS = {"accept": ACCEPTED, "reject": REJECTED, "running": RUNNING}


@dataclass(frozen=True)
class Example:
    """An input string, the output symbols it emits, and how the run ends (None: not said)."""

    text: str
    outputs: tuple[str, ...]
    end: str | None

    def holds(self, outputs, end: str) -> bool:
        """Do a run's outputs and end agree with this example?"""
        return tuple(outputs) == self.outputs and self.end in (None, end)


def examples(source: str) -> list[Example]:
    """Every example line of a program's source, in order.

    Raises:
        ValueError: an example line without `->`.
    """
    out = []
    for line in example_lines(source):
        text, arrow, expected = line.partition("->")
        if not arrow:
            raise ValueError(f"example {line!r} has no `->`")
        words = expected.split()
        end = ENDS.get(words[-1]) if words else None
        out.append(Example(text.strip(), tuple(words[:-1] if end else words), end))
    return out
