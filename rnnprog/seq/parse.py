"""Parse `.seq` text into a Program, collecting every problem with its line and column."""

from __future__ import annotations

import re
import warnings

from rnnprog.errors import Diagnostic, ProgramError, ProgramWarning, clip, split_lines
from rnnprog.seq.ir import Program, Rule
from rnnprog.source import Token, strip_comment, tokenize

TEST = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(=0|>0)\Z")
CHANGE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)([+-])1\Z")
HEADERS = ("alphabet", "counters", "start", "accept")
ARROW = "->"
RULE_SHAPE = "STATE SYMBOL [n=0 | n>0]... -> STATE [n+1 | n-1]... [out SYMBOL]"


class _State:
    def __init__(self, text: str = ""):
        self.lines = split_lines(text)
        self.headers: dict[str, list[Token]] = {}
        self.header_at: dict[str, Token] = {}
        self.rules: list[tuple[Rule, Token]] = []
        self.problems: list[Diagnostic] = []

    def problem(self, code: str, message: str, token: Token, hint: str = "") -> None:
        self.problems.append(Diagnostic(code, message, token.line, token.col, hint))

    def comment_note(self, line: int) -> str:
        """What a `;` comment on `line` hid from the parser, for a hint ("" when none)."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        code = strip_comment(text)
        if len(code) < len(text) and text[len(code)] == ";":
            rest = text[len(code) + 1:].strip()
            return (f" (`;` starts a comment: `{clip(rest, 30)}` after it was not read)" if rest
                    else " (`;` starts a comment, so it is not part of the rule)")
        return ""


def parse(text: str, path: str = "<string>") -> Program:
    """Parse a sequence program.

    Header lines `alphabet: a b`, `counters: n`, `start: s`, `accept: done` (counters and
    accept optional), then one rule a line (`s b n>0 -> t n-1 out x`); `#` or `;` starts a
    comment (so neither can be a symbol).

    Returns:
        The Program; `str(result)` parses back to an equal Program.
    Raises:
        ProgramError: listing every problem (codes: unknown-header, duplicate-header,
            missing-header, bad-symbol, bad-name, duplicate-name, bad-rule, unknown-symbol,
            unknown-counter, bad-test, bad-change, duplicate-test, duplicate-change,
            unguarded-decrement, too-many-tests, rule-from-accept, overlapping-rules,
            empty-program).
    Warns:
        ProgramWarning: `start-is-accept` (every input is rejected at tick 1: an accept state
            has no rules) and `semicolon-comment` (code, then `;`: the rest of the line is a
            comment, which an author may not mean; `#` says so plainly).
    """
    state = _State(text)
    for words in tokenize(text):
        if words:
            _line(state, words)
    program = _program(state, text, path)
    if state.problems:
        raise ProgramError(sorted(state.problems, key=lambda d: (d.line, d.col)), path=path,
                           source=text)
    for diagnostic in _warnings(program, state, text):
        warnings.warn(ProgramWarning(diagnostic, path=path, source=text), stacklevel=2)
    return program


def _warnings(program: Program, state: _State, text: str) -> list[Diagnostic]:
    """What a valid program probably did not mean (see `parse`'s Warns)."""
    found = []
    for n, line in enumerate(split_lines(text), start=1):
        code = strip_comment(line)
        if code.strip() and len(code) < len(line) and line[len(code)] == ";":
            rest = line[len(code) + 1:].strip()
            found.append(Diagnostic(
                "semicolon-comment", f"`;` starts a comment: `{clip(rest)}` is not read" if rest
                else "`;` starts a comment, so it cannot be a symbol", n, len(code) + 1,
                "write comments after `#`; `;` and `#` are never symbols or rule parts"))
    if program.start in program.accept:
        at = state.headers["start"][0]
        found.append(Diagnostic(
            "start-is-accept", f"the start state `{program.start}` is an accept state: a run "
            "starts there without entering it, and no rule leaves it, so every input is rejected "
            "at tick 1", at.line, at.col,
            "start in another state and enter the accept state by a rule (`s $ -> done`)"))
    return sorted(found, key=lambda d: (d.line, d.col))


def _line(state: _State, words: list[Token]) -> None:
    head = words[0]
    if head.text.endswith(":") and not any(w.text == ARROW for w in words):
        name = head.text[:-1]
        if name not in HEADERS:
            state.problem("unknown-header", f"unknown header `{clip(head.text)}`", head,
                          "headers: " + ", ".join(f"`{h}:`" for h in HEADERS))
        elif name in state.headers:
            first = state.header_at[name]
            state.problem("duplicate-header", f"`{name}:` is given twice", head,
                          f"first given at line {first.line}; merge the two lines")
        else:
            state.headers[name], state.header_at[name] = words[1:], head
        return
    _rule(state, words)


def _rule(state: _State, words: list[Token]) -> None:
    arrows = [i for i, w in enumerate(words) if w.text == ARROW]
    if len(arrows) != 1 or arrows[0] < 2 or arrows[0] == len(words) - 1:
        state.problem("bad-rule", "a rule needs a state and a symbol, `->` and a next state",
                      words[0], f"write it as `{RULE_SHAPE}`{state.comment_note(words[0].line)}")
        return
    left, right = words[:arrows[0]], words[arrows[0] + 1:]
    tests = [_test(state, w) for w in left[2:]]
    output, changes_words = None, right[1:]
    if len(right) >= 2 and right[-2].text == "out":
        output, changes_words = right[-1].text, right[1:-2]
    elif any(w.text == "out" for w in right):
        where = next(w for w in right if w.text == "out")
        state.problem("bad-rule", "`out` takes one output symbol, at the end of the rule", where,
                      f"write it as `{RULE_SHAPE}`")
        return
    changes = [_change(state, w) for w in changes_words]
    if None in tests or None in changes:
        return
    rule = Rule(left[0].text, left[1].text, tuple(tests), right[0].text, tuple(changes), output,
                line=words[0].line)
    state.rules.append((rule, words[0]))


def _test(state: _State, word: Token) -> tuple[str, bool] | None:
    m = TEST.match(word.text)
    if m is None:
        state.problem("bad-test", f"`{clip(word.text)}` is not a counter test", word,
                      "tests are `n=0` or `n>0` for a counter n, before `->`")
        return None
    return m.group(1), m.group(2) == "=0"


def _change(state: _State, word: Token) -> tuple[str, int] | None:
    m = CHANGE.match(word.text)
    if m is None:
        state.problem("bad-change", f"`{clip(word.text)}` is not a counter change", word,
                      "changes are `n+1` or `n-1` for a counter n, after the next state")
        return None
    return m.group(1), 1 if m.group(2) == "+" else -1


def _program(state: _State, text: str, path: str) -> Program | None:
    """The headers and rules as a Program, after every check in `validate`."""
    from rnnprog.seq import validate

    headers = validate.headers(state.headers, state.header_at, state.problem, state.rules)
    if headers is None:
        return None
    alphabet, counters, start, accept = headers
    rules = [rule for rule, _ in state.rules]
    validate.rules(state.rules, alphabet, counters, accept, state.problem)
    if not rules and not state.problems:
        state.problems.append(Diagnostic("empty-program", "the program has no rules", 1, 1,
                                         "add a rule, e.g. `s a -> s`"))
    return Program(alphabet, counters, start, accept, tuple(rules), source=text, path=path)
