"""Parse `.rm` text into a Program, collecting every problem with its line and column."""

from __future__ import annotations

import re

from rnnprog.errors import Diagnostic, ProgramError
from rnnprog.rm.ir import DIRECTIVES, KEYWORDS, OPS, Instruction, Program
from rnnprog.source import Token, strip_comment

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_LABEL = re.compile(r"\s*([^\s:]+)\s*:")
_WORD = re.compile(r"\S+")
ARG_KIND_NAMES = {"r": "register", "l": "label"}


def parse(text: str, path: str = "<string>") -> Program:
    """Parse register-machine source text.

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
    for number, raw in enumerate(text.splitlines(), start=1):
        _parse_line(state, number, strip_comment(raw))
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
        self.instructions: list[Instruction] = []
        self.pending: list[str] = []  # labels waiting for their instruction
        self.label_at: dict[str, Token] = {}
        self.uses: list[Token] = []  # label references, checked at the end
        self.problems: list[Diagnostic] = []

    def problem(self, code, message, line, col, hint=""):
        self.problems.append(Diagnostic(code, message, line, col, hint))


def _parse_line(state: _State, number: int, code: str) -> None:
    pos = 0
    labels: list[Token] = []
    while (m := _LABEL.match(code, pos)) and m.group(1).lower() not in DIRECTIVES:
        labels.append(Token(m.group(1), number, m.start(1) + 1))
        pos = m.end()
    words = [Token(m.group(), number, m.start() + 1) for m in _WORD.finditer(code, pos)]
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
        state.problem("unknown-instruction", f"unknown instruction `{op.text}`", number, op.col, hint)
        return
    _parse_instruction(state, op, words[1:])


def _define_label(state: _State, label: Token) -> None:
    if not NAME.match(label.text) or label.text in KEYWORDS:
        state.problem("bad-label", f"`{label.text}` is not a valid label name", label.line, label.col,
                      "labels are identifiers (letters, digits, _) and not instruction names")
    elif label.text in state.label_at:
        first = state.label_at[label.text]
        state.problem("duplicate-label", f"label `{label.text}` is defined twice", label.line,
                      label.col, f"first defined at line {first.line}; rename one of them")
    else:
        state.label_at[label.text] = label
        state.pending.append(label.text)


def _parse_directive(state: _State, op: Token, names: list[Token]) -> None:
    target = state.inputs if op.text == "in" else state.outputs
    if not names:
        state.problem("wrong-arity", f"`{op.text}` needs at least one register name", op.line,
                      op.col, f"e.g. `{op.text} a b`")
    for name in names:
        if _check_register(state, name):
            if name.text in target:
                kind = "input" if op.text == "in" else "output"
                state.problem(f"duplicate-{kind}", f"`{name.text}` is declared as {kind} twice",
                              name.line, name.col, "declare each register once")
            else:
                target.append(name.text)


def _parse_instruction(state: _State, op: Token, args: list[Token]) -> None:
    kinds = OPS[op.text]
    if len(args) != len(kinds):
        shape = " ".join([op.text, *(ARG_KIND_NAMES[k] for k in kinds)])
        bad = args[len(kinds)] if len(args) > len(kinds) else op
        state.problem("wrong-arity", f"`{op.text}` takes {len(kinds)} argument(s), got {len(args)}",
                      bad.line, bad.col, f"write it as `{shape}`")
        return
    ok = True
    for kind, arg in zip(kinds, args):
        if kind == "r":
            ok &= _check_register(state, arg)
        elif not NAME.match(arg.text) or arg.text in KEYWORDS:
            state.problem("bad-label", f"`{arg.text}` is not a valid label name", arg.line, arg.col,
                          "labels are identifiers (letters, digits, _)")
            ok = False
        else:
            state.uses.append(arg)
    if ok:
        state.instructions.append(Instruction(op.text, tuple(a.text for a in args),
                                              tuple(state.pending), op.line, op.col))
        state.pending = []


def _check_register(state: _State, name: Token) -> bool:
    if NAME.match(name.text) and name.text not in KEYWORDS:
        return True
    state.problem("bad-register", f"`{name.text}` is not a valid register name", name.line,
                  name.col, "registers are identifiers: a letter or _, then letters, digits, _; "
                  "not an instruction name")
    return False


def _check_labels(state: _State) -> None:
    for use in state.uses:
        if use.text not in state.label_at:
            known = ", ".join(sorted(state.label_at)) or "none defined"
            state.problem("undefined-label", f"label `{use.text}` is not defined", use.line,
                          use.col, f"define it with `{use.text}:` before an instruction "
                          f"(labels: {known})")
