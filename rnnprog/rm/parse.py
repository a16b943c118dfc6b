"""Parse `.rm` text into a Program, collecting every problem with its line and column."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from rnnprog.errors import Diagnostic, ProgramError, clip
from rnnprog.network.ir import building
from rnnprog.rm.ir import DIRECTIVES, OPS, Instruction, Program
from rnnprog.source import COMMENT_CHARS, split_lines

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_LABEL = re.compile(r"\s*([^\s:]+)\s*:")
_WORD = re.compile(r"\S+")
_COMMENT = re.compile(f"[{re.escape(COMMENT_CHARS)}]")  # source.strip_comment in one C call
ARG_KIND_NAMES = {"r": "register", "l": "label"}


class Token(NamedTuple):
    """A word and where it starts (1-based line and column), as rnnprog.source.Token."""

    text: str
    line: int
    col: int


# A C-level constructor: Token(...) runs a Python __new__, and a 40,000-line program makes
# 120,000 of them (a tenth of its parse time)
_token = functools.partial(tuple.__new__, Token)


def parse(text: str, path: str = "<string>") -> Program:
    """Parse register-machine source text.

    A line is any number of labels (`name:`), then optionally one instruction or directive: the
    first word that does not end in `:` is always the instruction, so no name is reserved
    (`halt: jmp halt` and `inc inc` are fine).

    Args:
        text: the program, in the `.rm` language (see README).
        path: shown in error messages.
    Returns:
        The Program; `str(result)` parses back to an equal Program.
    Raises:
        ProgramError: listing every problem found (codes: unknown-instruction, wrong-arity,
            bad-register, bad-label, duplicate-label, undefined-label, duplicate-input,
            label-on-directive, empty-program).
    """
    state = _State()
    with building():
        for number, raw in enumerate(split_lines(text), start=1):
            comment = _COMMENT.search(raw)
            code = raw[:comment.start()] if comment else raw
            if not _parse_simple(state, number, code):
                _parse_line(state, number, code)
    if not state.instructions and not state.problems:
        state.problem("empty-program", "the program has no instructions", 1, 1,
                      "add at least one instruction, e.g. `halt`")
    _check_labels(state)
    if state.problems:
        problems = sorted(state.problems, key=lambda d: (d.line, d.col))
        raise ProgramError(problems, path=path, source=text)
    return Program(tuple(state.inputs), tuple(state.outputs), tuple(state.instructions),
                   tuple(state.pending), source=text, path=path)


class _State:
    def __init__(self):
        self.inputs: list[str] = []
        self.outputs: list[str] = []
        self.declared: dict[str, set[str]] = {"in": set(), "out": set()}
        self.instructions: list[Instruction] = []
        self.pending: list[str] = []  # labels waiting for their instruction
        self.label_at: dict[str, Token] = {}
        self.uses: list[Token] = []  # label references, checked at the end
        self.problems: list[Diagnostic] = []

    def problem(self, code, message, line, col, hint=""):
        self.problems.append(Diagnostic(code, message, line, col, hint))


# A well-formed instruction line: labels, an op and up to two names (the most any op takes). It
# is read in one match; any other line, and any problem, takes the word-by-word path below.
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_SIMPLE = re.compile(rf"((?:\s*{_NAME}\s*:)*)\s*([a-z]+)(?:\s+({_NAME}))?(?:\s+({_NAME}))?\s*\Z")


def _parse_simple(state: _State, number: int, code: str) -> bool:
    """Parse a well-formed instruction line as `_parse_line` would; False for any other line."""
    m = _SIMPLE.match(code)
    if m is None:
        return False
    op, first, second = m.groups()[1:]
    args = () if first is None else (first,) if second is None else (first, second)
    kinds = OPS.get(op)
    if kinds is None or len(kinds) != len(args):  # a directive, an unknown op, a wrong arity
        return False
    if m.end(1):
        for label in _LABEL.finditer(code, 0, m.end(1)):
            token = _token((label.group(1), number, label.start(1) + 1))
            if token.text in state.label_at:
                _define_label(state, token)  # the duplicate's error
            else:
                state.label_at[token.text] = token
                state.pending.append(token.text)
    if "l" in kinds:
        state.uses.append(_token((args[-1], number, m.start(2 + len(args)) + 1)))
    state.instructions.append(Instruction(op, args, tuple(state.pending), number, m.start(2) + 1))
    if state.pending:
        state.pending = []
    return True


def _parse_line(state: _State, number: int, code: str) -> None:
    pos = 0
    labels: list[Token] = []
    while ":" in code and (m := _LABEL.match(code, pos)):  # most lines have no label
        labels.append(_token((m.group(1), number, m.start(1) + 1)))
        pos = m.end()
    words = [_token((m.group(), number, m.start() + 1)) for m in _WORD.finditer(code, pos)]
    for label in labels:
        _define_label(state, label)
    if not words:
        return
    op = words[0]
    if op.text in DIRECTIVES:
        if labels:
            state.problem("label-on-directive", f"a label cannot mark an `{op.text}` line",
                          number, labels[0].col, "put the label on an instruction")
        _parse_directive(state, op, words[1:])
        return
    if op.text not in OPS:
        hint = f"did you mean `{op.text.lower()}`?" if op.text.lower() in OPS else \
            "instructions: " + ", ".join(OPS)
        state.problem("unknown-instruction", f"unknown instruction `{clip(op.text)}`", number, op.col,
                      hint)
        return
    _parse_instruction(state, op, words[1:])


def _define_label(state: _State, label: Token) -> None:
    if not NAME.match(label.text):
        state.problem("bad-label", f"`{clip(label.text)}` is not a valid label name", label.line,
                      label.col, "labels are identifiers: a letter or _, then letters, digits, _")
    elif label.text in state.label_at:
        first = state.label_at[label.text]
        state.problem("duplicate-label", f"label `{clip(label.text)}` is defined twice", label.line,
                      label.col, f"first defined at line {first.line}; rename one of them")
    else:
        state.label_at[label.text] = label
        state.pending.append(label.text)


def _parse_directive(state: _State, op: Token, names: list[Token]) -> None:
    target = state.inputs if op.text == "in" else state.outputs
    seen = state.declared[op.text]
    if not names:
        state.problem("wrong-arity", f"`{op.text}` needs at least one register name", op.line,
                      op.col, f"e.g. `{op.text} a b`")
    for name in names:
        if _check_register(state, name):
            if name.text in seen:
                kind = "input" if op.text == "in" else "output"
                state.problem(f"duplicate-{kind}", f"`{clip(name.text)}` is declared as {kind} twice",
                              name.line, name.col, "declare each register once")
            else:
                seen.add(name.text)
                target.append(name.text)


def _parse_instruction(state: _State, op: Token, args: list[Token]) -> None:
    kinds = OPS[op.text]
    if len(args) != len(kinds):
        shape = " ".join([op.text, *(ARG_KIND_NAMES[k] for k in kinds)])
        bad = args[len(kinds)] if len(args) > len(kinds) else op
        state.problem("wrong-arity", f"`{op.text}` takes {_count(len(kinds))}, got {len(args)}",
                      bad.line, bad.col, f"write it as `{shape}`")
        return
    ok = True
    for kind, arg in zip(kinds, args):
        if kind == "r":
            ok &= _check_register(state, arg)
        elif not NAME.match(arg.text):
            state.problem("bad-label", f"`{clip(arg.text)}` is not a valid label name", arg.line,
                          arg.col, "labels are identifiers: a letter or _, then letters, digits, _")
            ok = False
        else:
            state.uses.append(arg)
    if ok:
        state.instructions.append(Instruction(op.text, tuple(a.text for a in args),
                                              tuple(state.pending), op.line, op.col))
        state.pending = []


def _check_register(state: _State, name: Token) -> bool:
    if NAME.match(name.text):
        return True
    state.problem("bad-register", f"`{clip(name.text)}` is not a valid register name", name.line,
                  name.col, "registers are identifiers: a letter or _, then letters, digits, _")
    return False


def _count(n: int) -> str:
    return {0: "no arguments", 1: "1 argument"}.get(n, f"{n} arguments")


def _check_labels(state: _State) -> None:
    known = ", ".join(sorted(state.label_at)[:20]) or "none defined"
    known += ", ..." if len(state.label_at) > 20 else ""
    for use in state.uses:
        if use.text not in state.label_at:
            state.problem("undefined-label", f"label `{clip(use.text)}` is not defined", use.line,
                          use.col, f"define it with `{clip(use.text)}:` before an instruction "
                          f"(labels: {known})")
