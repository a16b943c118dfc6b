"""Parse `.tm` text (busy-beaver one-liners or named rule tables) into a Program, reporting every error."""

from __future__ import annotations

import re

from rnnprog import source
from rnnprog.errors import Diagnostic, ProgramError, clip, plural
from rnnprog.tm.ir import BB_STATES, HALT, MOVES, Program, Rule

_HEADER = re.compile(r"^\s*([A-Za-z_]\w*)\s*:\s*(.*?)\s*$")
HEADERS = ("name", "start", "blank")
#: Busy-beaver notation writes a symbol as one digit and names a state by one letter.
BB_DIGITS = "0123456789"
#: The largest rule table: states with rules, and symbols (the blank included).
MAX_STATES, MAX_SYMBOLS = 256, 64


def parse(text: str, path: str = "<string>") -> Program:
    """Parse a Turing machine in either notation.

    A file whose only code is one word with no `:` is busy-beaver notation
    (`1RB1LB_1LA1RZ`); anything else is a rule table.

    Limits: a busy-beaver line has at most 26 states (A-Z) and 10 symbols (0-9); a rule table at
    most MAX_STATES (256) states with rules and MAX_SYMBOLS (64) symbols, blank included.

    Args:
        text: the program source.
        path: the file name used in error messages.

    Returns:
        The Program.

    Raises:
        ProgramError: every problem found, each with a code, line and column.
    """
    lines = source.tokenize(text)
    code = [(n, toks) for n, toks in enumerate(lines, start=1) if toks]
    if not code:
        raise ProgramError([Diagnostic("empty-program", "the file has no rules", 1, 1,
                                       "write a busy-beaver line like 1RB1LB_1LA1RZ or rule lines "
                                       "STATE READ WRITE MOVE NEXT")], path=path, source=text)
    if len(code) == 1 and len(code[0][1]) == 1 and ":" not in code[0][1][0].text:
        program, problems = _parse_bb(code[0][1][0])
    else:
        program, problems = _parse_table(text)
    if problems:
        raise ProgramError(problems, path=path, source=text)
    return program


def _parse_bb(token: source.Token) -> tuple[Program | None, list[Diagnostic]]:
    parts, offset = [], 0
    for part in token.text.split("_"):
        parts.append((part, token.col + offset))
        offset += len(part) + 1
    width = len(parts[0][0])
    problems = _bb_shape(token, width, len(parts))
    if any(p.code in ("bb-triple", "too-many-symbols") for p in problems):
        return None, problems
    n_symbols = width // 3
    rules = []
    for index, (part, col) in enumerate(parts[:len(BB_STATES)]):
        if len(part) != width:
            hint = f"give every state {plural(n_symbols, 'transition')} (--- for undefined)"
            problems.append(Diagnostic("bb-triple", f"state {BB_STATES[index]} has "
                                       f"{plural(len(part), 'character')}, state A has {width}",
                                       token.line, col, hint))
            continue
        for symbol in range(n_symbols):
            triple = part[3 * symbol:3 * symbol + 3]
            rule = _bb_rule(BB_STATES[index], symbol, triple, n_symbols, token.line,
                            col + 3 * symbol, problems)
            if rule is not None:
                rules.append(rule)
    states = tuple(BB_STATES[:len(parts)])
    symbols = tuple(str(s) for s in range(n_symbols))
    return Program(states, symbols, tuple(rules), "A", notation="bb"), problems


def _bb_shape(token: source.Token, width: int, n_states: int) -> list[Diagnostic]:
    """State A's width must be a multiple of 3; at most 10 symbols and 26 states."""
    line, col, hint = token.line, token.col, "use a rule table for bigger machines"
    if width == 0 or width % 3:
        return [Diagnostic("bb-triple", f"state A has {plural(width, 'character')}, not a multiple of 3",
                           line, col, "each transition is WRITE MOVE NEXT, e.g. 1RB")]
    if width // 3 > len(BB_DIGITS):
        return [Diagnostic("too-many-symbols", f"{width // 3} symbols; busy-beaver notation has at most "
                           f"{len(BB_DIGITS)} (0-9)", line, col, hint)]
    if n_states > len(BB_STATES):
        return [Diagnostic("too-many-states", f"{n_states} states; busy-beaver notation has at most "
                           f"{len(BB_STATES)} (A-Z)", line, col, hint)]
    return []


def _bb_rule(state: str, symbol: int, triple: str, n_symbols: int, line: int, col: int,
             problems: list[Diagnostic]) -> Rule | None:
    if triple == "---":
        return None
    write, move, nxt = triple
    ok = True
    if not (write in BB_DIGITS and int(write) < n_symbols):
        problems.append(Diagnostic("bad-symbol", f"cannot write {write!r}: symbols are 0..{n_symbols - 1}",
                                   line, col, "the WRITE character is a digit below the symbol count"))
        ok = False
    if move not in MOVES:
        problems.append(Diagnostic("bad-move", f"move {move!r} is not L or R", line, col + 1,
                                   "write L or R"))
        ok = False
    if nxt not in BB_STATES:
        problems.append(Diagnostic("bad-state", f"next state {nxt!r} is not a letter A-Z", line, col + 2,
                                   "use a letter; an undefined one (usually Z) halts"))
        ok = False
    return Rule(state, str(symbol), write, move, nxt, line, col, col + 2) if ok else None


def _parse_table(text: str) -> tuple[Program | None, list[Diagnostic]]:
    headers: dict[str, tuple[str, int, int]] = {}
    rules: list[Rule] = []
    problems: list[Diagnostic] = []
    named: list[str] = []  # states of every rule line, even malformed ones, so NEXT checks stay quiet
    for n, (raw, tokens) in enumerate(zip(source.split_lines(text), source.tokenize(text)), start=1):
        match = _HEADER.match(source.strip_comment(raw))
        if match:
            _read_header(match, n, headers, problems)
        elif tokens:
            named.append(tokens[0].text)
            rule = _table_rule(tokens, problems)
            if rule is not None:
                rules.append(rule)
    _check_size(rules, headers, problems)
    return _assemble(rules, headers, problems, named), problems


def _check_size(rules: list[Rule], headers: dict, problems: list[Diagnostic]) -> None:
    """Reports the rule that brings in state MAX_STATES + 1, and the one bringing symbol
    MAX_SYMBOLS + 1 (the blank counts as a symbol)."""
    states: set[str] = set()
    symbols = {headers.get("blank", ("0",))[0]}
    over = {"states": False, "symbols": False}
    for rule in rules:
        states.add(rule.state)
        symbols.update(s for s in (rule.read, rule.write) if s is not None)
        for kind, seen, limit in (("states", states, MAX_STATES), ("symbols", symbols, MAX_SYMBOLS)):
            if len(seen) > limit and not over[kind]:
                over[kind] = True
                problems.append(Diagnostic(f"too-many-{kind}", f"more than {limit} {kind}; a rule table "
                                           f"has at most {limit}", rule.line, rule.col,
                                           "the network grows with states x symbols"))


def _read_header(match: re.Match, line: int, headers: dict, problems: list[Diagnostic]) -> None:
    key, value = match.group(1), match.group(2)
    col = match.start(1) + 1
    if key not in HEADERS:
        problems.append(Diagnostic("unknown-header", f"unknown header {clip(key)!r}", line, col,
                                   f"headers are {', '.join(HEADERS)}"))
    elif key in headers:
        problems.append(Diagnostic("duplicate-header", f"header {clip(key)!r} given twice (first on line "
                                   f"{headers[key][1]})", line, col, "keep one"))
    elif key in ("start", "blank") and (not value or len(value.split()) != 1):
        problems.append(Diagnostic("bad-header", f"header {clip(key)!r} needs one word", line, col,
                                   f"e.g. {key}: " + ("right" if key == "start" else "_")))
    elif key == "blank" and len(value) != 1:
        problems.append(Diagnostic("bad-symbol", f"blank {clip(value)!r} is not a single character", line,
                                   match.start(2) + 1, "symbols are single characters, e.g. _"))
    else:
        headers[key] = (value, line, match.start(2) + 1)


def _table_rule(tokens: list[source.Token], problems: list[Diagnostic]) -> Rule | None:
    state, read = tokens[0], tokens[1] if len(tokens) > 1 else None
    if len(tokens) == 3 and tokens[2].text == HALT:
        fields = [state, read]
    elif len(tokens) == 5:
        fields = [state, read, tokens[2], tokens[3], tokens[4]]
    else:
        problems.append(Diagnostic("field-count", f"a rule has 5 fields (or 3 for a bare halt), this "
                                   f"line has {len(tokens)}", state.line, state.col,
                                   "STATE READ WRITE MOVE NEXT, or STATE READ halt"))
        return None
    ok = True
    if state.text == HALT:
        problems.append(Diagnostic("reserved-state", "`halt` cannot have rules", state.line, state.col,
                                   "rename the state"))
        ok = False
    for tok in (fields[1], fields[2]) if len(fields) == 5 else (fields[1],):
        if len(tok.text) != 1:
            problems.append(Diagnostic("bad-symbol", f"symbol {clip(tok.text)!r} is not a single character",
                                       tok.line, tok.col, "symbols are single characters"))
            ok = False
    if len(fields) == 5 and fields[3].text not in MOVES:
        problems.append(Diagnostic("bad-move", f"move {clip(fields[3].text)!r} is not L or R", fields[3].line,
                                   fields[3].col, "write L or R"))
        ok = False
    if not ok:
        return None
    if len(fields) == 2:
        return Rule(state.text, read.text, None, None, None, state.line, col=state.col)
    return Rule(state.text, read.text, fields[2].text, fields[3].text, fields[4].text, state.line,
                state.col, fields[4].col)


def _assemble(rules: list[Rule], headers: dict, problems: list[Diagnostic],
              named: list[str]) -> Program | None:
    states = tuple(dict.fromkeys(r.state for r in rules))
    known = set(named)
    seen: dict[tuple[str, str], int] = {}
    for rule in rules:
        key = (rule.state, rule.read)
        if key in seen:
            problems.append(Diagnostic("duplicate-rule", f"a second rule for state {rule.state!r} reading "
                                       f"{rule.read!r} (first on line {seen[key]})", rule.line, rule.col,
                                       "a machine is deterministic: keep one rule per (state, symbol)"))
        seen.setdefault(key, rule.line)
        if rule.next is not None and rule.next != HALT and rule.next not in known:
            nxt = clip(rule.next)
            problems.append(Diagnostic("unknown-state", f"next state {nxt!r} has no rules", rule.line,
                                       rule.next_col, f"define {nxt!r} or go to `halt`"))
    start = headers.get("start", (named[0] if named else "", 0, 0))
    if named and start[0] not in known:
        problems.append(Diagnostic("unknown-state", f"start state {clip(start[0])!r} has no rules", start[1],
                                   start[2], f"states are {clip(', '.join(states), 200)}"))
    if not rules and not problems:
        problems.append(Diagnostic("empty-program", "the file has no rules", 1, 1,
                                   "write rule lines STATE READ WRITE MOVE NEXT"))
    if problems:
        return None
    blank = headers.get("blank", ("0",))[0]
    used = [s for r in rules for s in (r.read, r.write) if s is not None]
    symbols = tuple(dict.fromkeys([blank, *used]))
    name = headers.get("name", (None,))[0] or None
    return Program(states, symbols, tuple(rules), start[0], name=name, notation="table")
