"""Parse `.iir` text (coefficient lines or one difference equation) into a filter Program."""

from __future__ import annotations

import re
from fractions import Fraction

from rnnprog.errors import Diagnostic, ProgramError
from rnnprog.iir.ir import Program
from rnnprog.source import strip_comment

#: Longest delay accepted (x[n-k] or a coefficient list), so a typo cannot allocate millions of units.
MAX_ORDER = 1000

_NUMBER = re.compile(r"[+-]?(?:\d+/\d+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\Z")
_KEY = re.compile(r"\s*([A-Za-z_]\w*)\s*:")
_ITEM = re.compile(r"[^\s,]+")
_EQ_TOKEN = re.compile(r"\s*(?:(?P<num>\d+/\d+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
                       r"|(?P<name>[A-Za-z_]\w*)|(?P<op>[-+*=\[\]])|(?P<bad>\S))")


def parse(text: str, path: str = "<string>") -> Program:
    """Parse a filter program.

    Args:
        text: either `b: ...` / `a: ...` coefficient lines (a defaults to 1) or one line
            `y[n] = c0*x[n] + c1*x[n-1] + ... + d1*y[n-1] + ...`.
        path: shown in error messages.

    Returns:
        The Program, coefficients as exact Fractions.

    Raises:
        ProgramError: listing every problem found, each with a code, line, column and hint.
    """
    lines = [(n, strip_comment(line)) for n, line in enumerate(text.splitlines(), start=1)]
    lines = [(n, line) for n, line in lines if line.strip()]
    problems: list[Diagnostic] = []
    if not lines:
        problems.append(Diagnostic("empty", "the file has no filter in it", 1, 1,
                                   "write `b: ...` and `a: ...` lines or `y[n] = ...`"))
        raise ProgramError(problems, path=path, source=text)
    if any("=" in line for _, line in lines):
        b, a = _parse_equation(lines, problems)
    else:
        b, a = _parse_coefficients(lines, problems)
    if problems:
        raise ProgramError(problems, path=path, source=text)
    return Program(tuple(b), tuple(a), source=text, path=path)


def _parse_coefficients(lines, problems):
    """The `b:` / `a:` form; returns (b, a) lists (a defaults to [1])."""
    found: dict[str, list[Fraction]] = {}
    for n, line in lines:
        m = _KEY.match(line)
        if m is None:
            col = len(line) - len(line.lstrip()) + 1
            problems.append(Diagnostic("syntax", "expected `b:` or `a:` followed by coefficients",
                                       n, col, "or write one difference equation `y[n] = ...`"))
            continue
        key, col = m.group(1), m.start(1) + 1
        if key not in ("a", "b"):
            problems.append(Diagnostic("unknown-name", f"unknown coefficient list {key!r}", n, col,
                                       "the lists are `b:` (inputs) and `a:` (outputs)"))
            continue
        if key in found:
            problems.append(Diagnostic("duplicate-key", f"`{key}:` is given twice", n, col,
                                       "write all coefficients on one line"))
            continue
        found[key] = _numbers(line, m.end(), n, key, problems)
    if "b" not in found and not any(p.code in ("syntax", "unknown-name") for p in problems):
        problems.append(Diagnostic("missing-b", "there is no `b:` line", lines[0][0], 1,
                                   "add `b: ...`, the feed-forward coefficients"))
    return found.get("b", []), found.get("a", [Fraction(1)])


def _numbers(line, start, n, key, problems):
    """The coefficients after `key:`; checks a[0] != 0 and the length limit."""
    values = []
    for m in _ITEM.finditer(line, start):
        value = _number(m.group(), n, m.start() + 1, problems)
        if value is not None and key == "a" and not values and value == 0:
            problems.append(Diagnostic("a0-zero", "a[0] is 0, so the output is undefined", n,
                                       m.start() + 1, "a[0] divides every coefficient; use 1"))
        values.append(value if value is not None else Fraction(0))
    if not values:
        problems.append(Diagnostic("empty-coefficients", f"`{key}:` has no coefficients", n,
                                   len(line.rstrip()) + 1, "write at least one number, e.g. `1`"))
    elif len(values) > MAX_ORDER + 1:
        problems.append(Diagnostic("order-too-large", f"{len(values)} coefficients; at most "
                                   f"{MAX_ORDER + 1} are allowed", n, start + 1, ""))
    return values


def _number(text, n, col, problems):
    """A decimal, integer or p/q fraction as an exact Fraction, or None after reporting it."""
    if _NUMBER.match(text):
        try:
            return Fraction(text)
        except ZeroDivisionError:
            problems.append(Diagnostic("bad-number", f"{text!r} divides by zero", n, col, ""))
            return None
    problems.append(Diagnostic("bad-number", f"{text!r} is not a number", n, col,
                               "write decimals (0.25, -1e-3) or fractions (1/3)"))
    return None


def _parse_equation(lines, problems):
    """The `y[n] = ...` form: b[k] from c*x[n-k], a[k] = -c from c*y[n-k], a[0] = 1."""
    first = next(i for i, (_, text) in enumerate(lines) if "=" in text)
    n, line = lines[first]
    for m, other in lines[:first] + lines[first + 1:]:
        col = len(other) - len(other.lstrip()) + 1
        code = "duplicate-equation" if "=" in other else "mixed-forms"
        problems.append(Diagnostic(code, "a filter is one difference equation on one line", m, col,
                                   "remove this line, or use `b:`/`a:` lines only"))
    tokens = _equation_tokens(line, n, problems)
    b: dict[int, Fraction] = {}
    a: dict[int, Fraction] = {0: Fraction(1)}
    rhs = _lhs(tokens, n, problems)
    if rhs is not None:
        _terms(tokens[rhs:], n, len(line) + 1, b, a, problems)
    return ([b.get(k, Fraction(0)) for k in range(max(b, default=0) + 1)],
            [a.get(k, Fraction(0)) for k in range(max(a) + 1)])


def _equation_tokens(line, n, problems):
    """(kind, text, col) triples; reports characters that cannot start a token."""
    tokens = []
    for m in _EQ_TOKEN.finditer(line):
        kind = m.lastgroup
        if kind == "bad":
            problems.append(Diagnostic("syntax", f"unexpected character {m.group(kind)!r}", n,
                                       m.start(kind) + 1, "terms look like `0.5*x[n-1]`"))
            continue
        tokens.append((kind, m.group(kind), m.start(kind) + 1))
    return tokens


def _lhs(tokens, n, problems):
    """Checks the tokens before `=` are `y[n]`; returns the index after `=`, or None."""
    eq = next((i for i, t in enumerate(tokens) if t[1] == "="), None)
    texts = [t[1] for t in tokens[:eq]]
    if texts != ["y", "[", "n", "]"]:
        col = tokens[0][2] if tokens else 1
        problems.append(Diagnostic("bad-lhs", "the left-hand side must be `y[n]`", n, col,
                                   "write `y[n] = ...`"))
    extra = [t for t in tokens[eq + 1:] if t[1] == "="]
    for t in extra:
        problems.append(Diagnostic("syntax", "a second `=`", n, t[2], "one equation per filter"))
    return None if extra else eq + 1


def _terms(tokens, n, end_col, b, a, problems):
    """Reads `[+|-] [number [*]] name[n(-k)]` terms, accumulating coefficients into b and a."""
    i = 0
    if not tokens:
        problems.append(Diagnostic("syntax", "the right-hand side is empty", n, end_col,
                                   "write terms such as `0.5*x[n]`"))
    while i < len(tokens):
        sign, i = _sign(tokens, i, first=(i == 0), n=n, problems=problems)
        if sign is None:
            return
        coef, i = _coefficient(tokens, i, n, problems)
        signal = _signal(tokens, i, n, end_col, problems)
        if signal is None:
            return
        name, delay, i = signal
        if not name:
            continue
        target = b if name == "x" else a
        value = sign * coef if name == "x" else -sign * coef
        target[delay] = target.get(delay, Fraction(0)) + value


def _sign(tokens, i, *, first, n, problems):
    """The sign before a term: required `+`/`-` between terms, optional before the first."""
    if tokens[i][1] in "+-" and tokens[i][0] == "op":
        return (-1 if tokens[i][1] == "-" else 1), i + 1
    if first:
        return 1, i
    problems.append(Diagnostic("syntax", f"expected `+` or `-` before {tokens[i][1]!r}", n,
                               tokens[i][2], "separate terms with + or -"))
    return None, i


def _coefficient(tokens, i, n, problems):
    """An optional number with an optional `*` after it (1 when absent)."""
    if i < len(tokens) and tokens[i][0] == "num":
        value = _number(tokens[i][1], n, tokens[i][2], problems) or Fraction(0)
        i += 1
        if i < len(tokens) and tokens[i][1] == "*":
            i += 1
        return value, i
    return Fraction(1), i


def _signal(tokens, i, n, end_col, problems):
    """`x[n-k]` or `y[n-k]` -> (name, k, next index); None after reporting a problem."""
    if i >= len(tokens) or tokens[i][0] != "name":
        constant = i > 0 and tokens[i - 1][0] == "num"
        col = tokens[i - 1][2] if constant else tokens[i][2] if i < len(tokens) else end_col
        code = "constant-term" if constant else "syntax"
        problems.append(Diagnostic(code, "expected a signal such as `x[n-1]` or `y[n-1]`", n, col,
                                   "a linear filter has no constant terms; multiply a signal"))
        return None
    name, col = tokens[i][1], tokens[i][2]
    texts = [t[1] for t in tokens[i + 1:i + 6]]
    if texts[:3] == ["[", "n", "]"]:
        delay, width = 0, 4
    elif len(texts) >= 5 and texts[:2] == ["[", "n"] and texts[2] in "+-" and texts[4] == "]" \
            and tokens[i + 4][0] == "num" and texts[3].isdigit():
        delay = int(texts[3]) * (1 if texts[2] == "-" else -1)
        width = 6
    else:
        problems.append(Diagnostic("syntax", f"expected `{name}[n]` or `{name}[n-k]`", n, col,
                                   "write delays as `[n-1]`, `[n-2]`, ..."))
        return None
    if name not in ("x", "y"):
        problems.append(Diagnostic("unknown-name", f"unknown signal {name!r}", n, col,
                                   "the input is `x` and the output is `y`"))
    elif delay < 0:
        problems.append(Diagnostic("future-input", f"`{name}[n+{-delay}]` is a future sample", n, col,
                                   "a causal filter uses only x[n], x[n-1], ... and y[n-1], ..."))
    elif name == "y" and delay == 0:
        problems.append(Diagnostic("y-on-right", "`y[n]` on the right-hand side", n, col,
                                   "only past outputs y[n-1], y[n-2], ... may appear on the right"))
    elif delay > MAX_ORDER:
        problems.append(Diagnostic("order-too-large", f"delay {delay} is over {MAX_ORDER}", n, col, ""))
    else:
        return name, delay, i + width
    return "", 0, i + width  # reported; the term is skipped so later terms are still checked
