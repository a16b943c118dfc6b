"""Parse `.iir` text (coefficient lines or one difference equation) into a filter Program."""

from __future__ import annotations

import re
import sys
from fractions import Fraction

from rnnprog.errors import Diagnostic, ProgramError, clip
from rnnprog.iir.ir import Program
from rnnprog.source import split_lines, strip_comment

#: Longest delay accepted (x[n-k] or a coefficient list), so a typo cannot allocate millions of units.
MAX_ORDER = 1000
#: Most digits in one coefficient (a literal before its exponent, or each of p and q of `p/q`);
#: enough for any float64 written exactly, as `str(program)` writes them.
MAX_DIGITS = 400
#: float64's largest number and smallest normal one: every coefficient and network weight is at
#: most FLOAT_MAX in magnitude; one below FLOAT_MIN must be a float64 exactly (a subnormal).
FLOAT_MAX, FLOAT_MIN = Fraction(sys.float_info.max), Fraction(sys.float_info.min)
_RANGE = ("coefficients are at most 1.7976931348623157e308 in magnitude; below 2.2250738585072014e-308 "
          "only exact float64 values are taken (use 0, or rescale the filter)")

_LITERAL = r"[0-9]+/[0-9]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_NUMBER = re.compile(rf"[+-]?(?:{_LITERAL})\Z")
_KEY = re.compile(r"\s*([A-Za-z_]\w*)\s*:")
_ITEM = re.compile(r"[^\s,]+")
_EQ_TOKEN = re.compile(rf"\s*(?:(?P<num>{_LITERAL})"
                       r"|(?P<name>[A-Za-z_]\w*)|(?P<op>[-+*=\[\]])|(?P<bad>\S))")


def parse(text: str, path: str = "<string>") -> Program:
    """Parse a filter program.

    Args:
        text: either `b: ...` / `a: ...` coefficient lines (a defaults to 1) or one line
            `y[n] = c0*x[n] + c1*x[n-1] + ... + d1*y[n-1] + ...`.
        path: shown in error messages.

    Returns:
        The Program, coefficients as exact Fractions.

    Limits: a delay or coefficient list of at most MAX_ORDER (1000); coefficients of at most
    MAX_DIGITS (400) digits, in ASCII; every coefficient, and every network weight they give
    (divided by a[0]), at most 1.8e308 in magnitude; a nonzero coefficient below 2.2e-308 (the
    smallest normal float64) only if it is a float64 exactly, so no literal silently loses digits.

    Raises:
        ProgramError: listing every problem found, each with a code, line, column and hint.
    """
    lines = [(n, strip_comment(line)) for n, line in enumerate(split_lines(text), start=1)]
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
    if not problems:
        _check_weights(Program(tuple(b), tuple(a)), lines[0][0], problems)
    if problems:
        raise ProgramError(problems, path=path, source=text)
    return Program(tuple(b), tuple(a), source=text, path=path)


def _check_weights(program: Program, line: int, problems) -> None:
    """Every coefficient divided by a[0] and every weight of the network fits in a float64."""
    b, a = program.normalized()
    gain = [b[k] - a[k] * b[0] for k in range(1, len(b))]  # layout.state_space's input gain
    named = [*(f"b[{k}]/a[0]" for k in range(len(b))), *(f"a[{k}]/a[0]" for k in range(len(a))),
             *(f"b[{k}] - a[{k}]*b[0]" for k in range(1, len(b)))]
    for name, value in zip(named, [*b, *a, *gain]):
        if abs(value) > FLOAT_MAX:
            problems.append(Diagnostic("weight-out-of-range", f"{name} (normalised) is about "
                                       f"10^{_magnitude(value)}, past float64's largest 1.8e308",
                                       line, 1, "scale the coefficients down, or a[0] up"))
            return


def _magnitude(value: Fraction) -> int:
    """About log10(|value|), for a value too large for a float."""
    return round((value.numerator.bit_length() - value.denominator.bit_length()) * 0.30103)


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
        if len(values) > MAX_ORDER:
            problems.append(Diagnostic("order-too-large", f"more than {MAX_ORDER + 1} coefficients",
                                       n, m.start() + 1, f"the longest filter has order {MAX_ORDER}"))
            return values
        value = _number(m.group(), n, m.start() + 1, problems)
        if value is not None and key == "a" and not values and value == 0:
            problems.append(Diagnostic("a0-zero", "a[0] is 0, so the output is undefined", n,
                                       m.start() + 1, "a[0] divides every coefficient; use 1"))
        values.append(value if value is not None else Fraction(0))
    if not values:
        problems.append(Diagnostic("empty-coefficients", f"`{key}:` has no coefficients", n,
                                   len(line.rstrip()) + 1, "write at least one number, e.g. `1`"))
    return values


def _number(text, n, col, problems):
    """A decimal, integer or p/q fraction as an exact Fraction, or None after reporting it
    (codes bad-number, number-too-long, number-out-of-range)."""
    if not _NUMBER.match(text):
        problems.append(Diagnostic("bad-number", f"{clip(text)!r} is not a number", n, col,
                                   "write decimals (0.25, -1e-3) or fractions (1/3), in ASCII digits"))
        return None
    mantissa, _, exponent = text.lower().lstrip("+-").partition("e")
    if max(len(part.replace(".", "")) for part in mantissa.split("/")) > MAX_DIGITS:
        problems.append(Diagnostic("number-too-long", f"{clip(text)!r} has more than {MAX_DIGITS} "
                                   "digits", n, col, "write fewer digits and an exponent: 1.25e-7"))
        return None
    if "/" in mantissa and not mantissa.split("/")[1].strip("0"):
        problems.append(Diagnostic("bad-number", f"{text!r} divides by zero", n, col, ""))
        return None
    if len(exponent.lstrip("+-").lstrip("0")) > 4:  # |exponent| >= 10^4: 0, or out of range
        value = Fraction(0) if not mantissa.replace(".", "").strip("0") else None
    else:
        value = Fraction(text)
    if value is None or not _representable(value):
        problems.append(Diagnostic("number-out-of-range", f"{clip(text)} is outside float64's range",
                                   n, col, _RANGE))
        return None
    return value


def _representable(value: Fraction) -> bool:
    """At most FLOAT_MAX in magnitude, and a float64 exactly when below FLOAT_MIN (or 0)."""
    size = abs(value)
    return size <= FLOAT_MAX and (size >= FLOAT_MIN or Fraction(float(size)) == size)


def _too_long(value: Fraction) -> bool:
    """A sum of coefficients with more than about MAX_DIGITS digits in p or q."""
    return max(value.numerator.bit_length(), value.denominator.bit_length()) > MAX_DIGITS * 3.33


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
        col = tokens[i][2] if i < len(tokens) else end_col
        signal = _signal(tokens, i, n, end_col, problems)
        if signal is None:
            return
        name, delay, i = signal
        if not name:
            continue
        target = b if name == "x" else a
        value = sign * coef if name == "x" else -sign * coef
        target[delay] = target.get(delay, Fraction(0)) + value
        if _too_long(target[delay]):
            problems.append(Diagnostic("number-too-long", f"the terms of {name}[n-{delay}] add up to a "
                                       f"fraction of more than {MAX_DIGITS} digits", n, col,
                                       "write that coefficient once"))
            return


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
        steps = int(texts[3]) if len(texts[3]) <= 9 else 10**9  # past MAX_ORDER either way
        delay = steps * (1 if texts[2] == "-" else -1)
        width = 6
    else:
        problems.append(Diagnostic("syntax", f"expected `{name}[n]` or `{name}[n-k]`", n, col,
                                   "write delays as `[n-1]`, `[n-2]`, ..."))
        return None
    if name not in ("x", "y"):
        problems.append(Diagnostic("unknown-name", f"unknown signal {name!r}", n, col,
                                   "the input is `x` and the output is `y`"))
    elif delay < 0:
        problems.append(Diagnostic("future-input", f"`{name}[n+{clip(texts[3])}]` is a future sample", n, col,
                                   "a causal filter uses only x[n], x[n-1], ... and y[n-1], ..."))
    elif name == "y" and delay == 0:
        problems.append(Diagnostic("y-on-right", "`y[n]` on the right-hand side", n, col,
                                   "only past outputs y[n-1], y[n-2], ... may appear on the right"))
    elif delay > MAX_ORDER:
        problems.append(Diagnostic("order-too-large", f"delay {clip(texts[3])} is over {MAX_ORDER}", n, col,
                                   f"the longest filter has order {MAX_ORDER}"))
    else:
        return name, delay, i + width
    return "", 0, i + width  # reported; the term is skipped so later terms are still checked
