"""Named Turing-machine cases shared by every test level: interpreter, exact RNN, float64, float32."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rnnprog import source
from rnnprog.tm import Program, parse

PROGRAMS = Path(__file__).resolve().parents[2] / "programs"


@dataclass(frozen=True)
class Case:
    """A machine, a tape and head, and the result fields it must end with."""

    name: str
    text: str
    tape: str
    head: int
    expect: dict
    max_steps: int = 10_000

    @property
    def program(self) -> Program:
        return parse(self.text, path=self.name)

    def __repr__(self) -> str:
        return self.name


def _value(key: str, text: str):
    if key == "halted":
        return {"true": True, "false": False}[text]
    return int(text) if key in ("steps", "head", "ones", "origin") else text


def example_case(name: str, text: str, example: str) -> Case:
    """A Case from an `# example: tape=... head=... -> field=value ...` line."""
    given, _, expected = example.partition("->")
    args = dict(word.split("=", 1) for word in given.split())
    expect = {k: _value(k, v) for k, v in (word.split("=", 1) for word in expected.split())}
    return Case(name, text, args.get("tape", ""), int(args.get("head", 0)), expect,
                int(args.get("max_steps", 10_000)))


def program_cases() -> list[Case]:
    """One case per `# example:` line of every programs/*.tm file."""
    out = []
    for path in sorted(PROGRAMS.glob("*.tm")):
        text = source.read_text(path)
        for i, example in enumerate(source.example_lines(text)):
            out.append(example_case(f"{path.stem}[{i}]", text, example))
    return out


INLINE = [
    Case("bb2-inline", "1RB1LB_1LA1RZ", "", 0, {"halted": True, "steps": 6, "ones": 4, "state": "Z"}),
    Case("halts-at-once", "---1RA", "", 0, {"halted": True, "steps": 0, "state": "A", "tape": ""}),
    Case("missing-rule-midway", "1RB---_1LA---", "", 0,
         {"halted": True, "steps": 2, "state": "A", "tape": "11", "head": 0}),
    Case("runs-forever-right", "0RA", "", 0,
         {"halted": False, "steps": 500, "state": "A", "tape": "", "head": 500}, max_steps=500),
    Case("head-starts-left", "1RA1RA", "101", -3, {"halted": False, "steps": 40, "head": 37}, max_steps=40),
    Case("bare-halt", "start: s\nblank: _\ns a b R s\ns x halt\n", "aax", 0,
         {"halted": True, "steps": 2, "state": "s", "tape": "bbx", "head": 2}),
    Case("three-symbols-both-ways", "1RB2LA0RA_2LA0RB1LB", "12", 1,
         {"halted": False, "steps": 60}, max_steps=60),
]

CASES = program_cases() + INLINE
