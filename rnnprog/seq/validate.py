"""The checks `parse` runs on a sequence program's headers and rules (every problem reported)."""

from __future__ import annotations

import re

from rnnprog.errors import clip
from rnnprog.seq.ir import END, Rule
from rnnprog.source import Token

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: The most `>0` tests one rule may make: the rule takes 2^k units (one per subset of them, for
#: inclusion-exclusion), so 16 tests are 65,536 units and 40 would be 2^40.
MAX_POSITIVE_TESTS = 16


def headers(given: dict[str, list[Token]], at: dict[str, Token], problem, rules) -> tuple | None:
    """(alphabet, counters, start, accept) from the header lines, or None when one is missing."""
    missing = [name for name in ("alphabet", "start") if name not in given]
    anchor = rules[0][1] if rules else Token("", 1, 1)
    for name in missing:
        problem("missing-header", f"the program has no `{name}:` line", anchor,
                "e.g. `alphabet: a b`" if name == "alphabet" else "e.g. `start: s`")
    alphabet = _symbols(given.get("alphabet", []), problem)
    counters = _names(given.get("counters", []), problem, "counter")
    accept = _names(given.get("accept", []), problem, "state")
    start_words = given.get("start", [])
    if "start" in given and len(start_words) != 1:
        problem("bad-name", "`start:` names exactly one state", start_words[1] if start_words
                else at["start"], "e.g. `start: s`")
        return None
    start = _names(start_words, problem, "state")
    if missing or not start:
        return None
    if "alphabet" in given and not alphabet and not given["alphabet"]:
        problem("bad-symbol", "the alphabet is empty", at["alphabet"], "e.g. `alphabet: a b`")
    return alphabet, counters, start[0], accept


def _symbols(words: list[Token], problem) -> tuple[str, ...]:
    out: list[str] = []
    for w in words:
        if len(w.text) != 1 or w.text == END:
            why = "the end symbol, added by itself" if w.text == END else "not one character"
            problem("bad-symbol", f"alphabet symbol `{clip(w.text)}` is {why}", w,
                    "input symbols are single characters other than $, # and ;")
        elif w.text in out:
            problem("duplicate-name", f"symbol `{w.text}` is listed twice", w, "list it once")
        else:
            out.append(w.text)
    return tuple(out)


def _names(words: list[Token], problem, what: str) -> tuple[str, ...]:
    out: list[str] = []
    for w in words:
        if not NAME.match(w.text):
            problem("bad-name", f"`{clip(w.text)}` is not a valid {what} name", w,
                    f"{what} names are identifiers: a letter or _, then letters, digits, _")
        elif w.text in out:
            problem("duplicate-name", f"{what} `{w.text}` is listed twice", w, "list it once")
        else:
            out.append(w.text)
    return tuple(out)


def rules(located: list[tuple[Rule, Token]], alphabet, counters, accept, problem) -> None:
    """Names, symbols and counters exist; decrements are guarded; the machine is deterministic."""
    seen: dict[tuple[str, str], list[Rule]] = {}
    for rule, at in located:
        _one_rule(rule, at, alphabet, counters, accept, problem)
        for other in seen.get((rule.state, rule.symbol), []):
            if not _disjoint(rule, other):
                problem("overlapping-rules", f"this rule and the rule at line {other.line} both fire "
                        f"in state {rule.state} on `{rule.symbol}`", at,
                        "make their tests differ on some counter (one `n=0`, the other `n>0`)")
                break
        seen.setdefault((rule.state, rule.symbol), []).append(rule)


def _one_rule(rule: Rule, at: Token, alphabet, counters, accept, problem) -> None:
    where = Token(rule.symbol, at.line, at.col + len(rule.state) + 1)
    if not NAME.match(rule.state):
        problem("bad-name", f"`{clip(rule.state)}` is not a valid state name", at,
                "state names are identifiers: a letter or _, then letters, digits, _")
    if not NAME.match(rule.target):
        problem("bad-name", f"`{clip(rule.target)}` is not a valid state name", at,
                "state names are identifiers: a letter or _, then letters, digits, _")
    if rule.symbol not in alphabet and rule.symbol != END:
        problem("unknown-symbol", f"`{clip(rule.symbol)}` is not in the alphabet", where,
                f"the alphabet is {' '.join(alphabet) or '(empty)'}, and $ ends the input")
    if rule.state in accept:
        problem("rule-from-accept", f"`{rule.state}` is an accept state: entering it ends the run",
                at, "remove the rule, or take the state out of `accept:`")
    for kind, pairs in (("test", rule.tests), ("change", rule.changes)):
        names = [c for c, _ in pairs]
        for c in names:
            if c not in counters:
                problem("unknown-counter", f"counter `{clip(c)}` is not declared", at,
                        f"declare it: `counters: {' '.join([*counters, c])}`")
        for c in {c for c in names if names.count(c) > 1}:
            problem(f"duplicate-{kind}", f"counter `{c}` has two {kind}s in one rule", at,
                    f"give each counter at most one {kind}")
    if len(rule.positive) > MAX_POSITIVE_TESTS:
        problem("too-many-tests", f"this rule makes {len(rule.positive)} `>0` tests: its network "
                f"would need 2^{len(rule.positive)} units (one per subset of them)", at,
                f"at most {MAX_POSITIVE_TESTS} `>0` tests a rule; split the rule over more states")
    for c, d in rule.changes:
        if d < 0 and c not in rule.positive:
            problem("unguarded-decrement", f"`{c}-1` without the test `{c}>0`", at,
                    f"counters never go below 0: add `{c}>0` before `->`")


def _disjoint(a: Rule, b: Rule) -> bool:
    """Two guards on the same state and symbol exclude each other: some counter is tested
    `=0` by one and `>0` by the other."""
    tests = dict(a.tests)
    return any(c in tests and tests[c] != z for c, z in b.tests)
