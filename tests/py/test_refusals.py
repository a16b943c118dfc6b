"""Everything outside the subset is refused when compiling, located (code, line, column) with a
hint, and every problem of a file is reported at once; the file is never run."""

import pytest

from rnnprog.errors import ProgramError
from rnnprog.py import parse

#: (source, code, line, column) of the first problem. A body of `...` stands for "return 0".
REFUSED = [
    ("def f(x):\n    return x / 2\n", "true-division", 2, 12),
    ("def f(x):\n    return 1.5\n", "float", 2, 12),
    ("def f(x):\n    return 'a'\n", "string", 2, 12),
    ("def f(x):\n    return None\n", "constant", 2, 12),
    ("def f(x):\n    return\n", "return-none", 2, 5),
    ("def f(x):\n    return [x]\n", "container", 2, 12),
    ("def f(x):\n    return {x: 1}\n", "container", 2, 12),
    ("def f(x):\n    return sum([i for i in range(x)])\n", "container", 2, 16),
    ("def f(x):\n    return x.bit_length()\n", "attribute", 2, 12),
    ("def f(x):\n    return x[0]\n", "subscript", 2, 12),
    ("def f(x):\n    g = lambda y: y\n    return 0\n", "lambda", 2, 9),
    ("import math\n\ndef f(x):\n    return x\n", "import", 1, 1),
    ("from math import gcd\n\ndef f(x):\n    return x\n", "import", 1, 1),
    ("N = 3\n\ndef f(x):\n    return x\n", "module-code", 1, 1),
    ("def f(x):\n    global N\n    return x\n", "global", 2, 5),
    ("def f(x):\n    try:\n        pass\n    except Exception:\n        pass\n    return x\n", "try", 2, 5),
    ("def f(x):\n    raise ValueError\n", "raise", 2, 5),
    ("def f(x):\n    with x:\n        pass\n    return x\n", "with", 2, 5),
    ("def f(x):\n    yield x\n", "generator", 2, 5),
    ("def f(x):\n    del x\n    return 0\n", "del", 2, 5),
    ("class C:\n    pass\n", "class", 1, 1),
    ("def f(x):\n    def g():\n        return 1\n    return x\n", "nested-function", 2, 5),
    ("@dec\ndef f(x):\n    return x\n", "decorator", 1, 2),
    ("def f(x=1):\n    return x\n", "default-argument", 1, 9),
    ("def f(*xs):\n    return 0\n", "star-argument", 1, 8),
    ("def f(x, *, y):\n    return 0\n", "star-argument", 1, 13),
    ("def f(x):\n    return g(y=x)\n\ndef g(y):\n    return y\n", "keyword-argument", 2, 14),
    ("def f(x):\n    return x & 1\n", "bitwise", 2, 12),
    ("def f(x):\n    return x >> 1\n", "shift", 2, 12),
    ("def f(x):\n    return x is 1\n", "identity-comparison", 2, 12),
    ("def f(x):\n    return x in 1\n", "membership", 2, 12),
    ("def f(x):\n    for i in x:\n        pass\n    return 0\n", "for-iterable", 2, 14),
    ("def f(x):\n    for i in range(1, 2, 3, 4):\n        pass\n    return 0\n", "wrong-arity", 2, 14),
    ("def f(x):\n    assert x, f'{x}'\n    return x\n", "assert-message", 2, 15),
    ("def f(x):\n    return (y := x)\n", "walrus", 2, 13),
    ("def f(x) -> float:\n    return x\n", "annotation", 1, 13),
    ("def f(x):\n    y = x, 1\n    return y\n", "unpack", 2, 5),
    ("def f(x):\n    return (x, 1) + 1\n", "tuple", 2, 12),
    ("def f(x):\n    x[0] = 1\n    return x\n", "subscript", 2, 5),
    ("def f(x):\n    return y\n", "undefined-name", 2, 12),
    ("def f(x):\n    return print(x)\n", "unknown-function", 2, 12),
    ("def f(x):\n    return len(x)\n", "unknown-function", 2, 12),
    ("def f(x):\n    return g(x, x)\n\ndef g(a):\n    return a\n", "wrong-arity", 2, 12),
    ("def f(x):\n    return min(x)\n", "wrong-arity", 2, 12),
    ("def f(x):\n    return pow(x, 2, 5)\n", "wrong-arity", 2, 12),
    ("def f(x):\n    return f(x - 1)\n", "recursion", 2, 12),
    ("def f(x):\n    return g(x)\n\ndef g(x):\n    return f(x)\n", "recursion", 5, 12),
    ("def f(x):\n    if x:\n        return 1\n", "missing-return", 1, 1),
    ("def f(x):\n    break\n", "break-outside-loop", 2, 5),
    ("def f(x):\n    if x:\n        continue\n    return 0\n", "continue-outside-loop", 3, 9),
    ("def f(x):\n    return x\n\ndef f(y):\n    return y\n", "duplicate-function", 4, 1),
    ("def f(x, x):\n    return x\n", "duplicate-param", 1, 1),
    ("def f(x):\n    abs = 1\n    return abs(x)\n", "shadowed-name", 3, 12),
    ("def f(x):\n    return g\n\ndef g():\n    return 0\n", "function-as-value", 2, 12),
    ("def f(x):\n    if x:\n        return 1, 2\n    return 3\n", "return-shape", 4, 5),
    ("def f(x):\n    return x,\n", "tuple-size", 2, 12),
    ("def f(x):\n    return divmod(x, 2) + 1\n", "tuple", 2, 12),
    ("def f(x):\n    a, b, c = divmod(x, 2)\n    return a\n", "unpack", 2, 5),
    ("def f(x):\n  return x +\n", "syntax-error", 2, 13),
    ("", "no-function", 1, 1),
]


@pytest.mark.parametrize("source, code, line, col", REFUSED, ids=[f"{c}-{i}" for i, (_, c, _, _) in
                                                                  enumerate(REFUSED)])
def test_refused(source, code, line, col):
    with pytest.raises(ProgramError) as caught:
        parse.parse(source, "bad.py")
    first = caught.value.diagnostics[0]
    assert (first.code, first.line, first.col) == (code, line, col), str(caught.value)
    text = str(caught.value)
    assert text.startswith(f"bad.py:{line}:{col}: error[{code}]: ")
    assert "hint: " in text and "Traceback" not in text


def test_the_message_shows_the_line_and_a_caret():
    with pytest.raises(ProgramError) as caught:
        parse.parse("def f(x):\n    return x / 2\n", "half.py")
    assert str(caught.value).splitlines() == [
        "half.py:2:12: error[true-division]: the Python subset has no `/` (true division gives a float)",
        "        return x / 2",
        "               ^",
        "  hint: use `//`, floor division, as for ints"]


def test_every_problem_is_reported_at_once():
    source = "import os\n\ndef f(x):\n    y = 1.5\n    return x / y + 'a'\n"
    with pytest.raises(ProgramError) as caught:
        parse.parse(source, "many.py")
    codes = [(d.code, d.line) for d in caught.value.diagnostics]
    assert codes == [("import", 1), ("float", 4), ("true-division", 5), ("string", 5)]


def test_recursion_names_the_cycle():
    source = "def even(n):\n    return 1 if n == 0 else odd(n - 1)\n\n" \
             "def odd(n):\n    return 0 if n == 0 else even(n - 1)\n"
    with pytest.raises(ProgramError) as caught:
        parse.parse(source, "parity.py")
    assert "recursion is not compiled: even -> odd -> even" in str(caught.value)


def test_parsing_never_runs_the_file(tmp_path):
    marker = tmp_path / "ran"
    source = f"open({str(marker)!r}, 'w').write('x')\n\ndef f():\n    return 0\n"
    with pytest.raises(ProgramError):
        parse.parse(source, "side.py")
    assert not marker.exists()


@pytest.mark.parametrize("source", [
    "def f(x: int, y: bool) -> tuple[int, int]:\n    return x, y\n",
    "from __future__ import annotations\n\ndef f(x):\n    '''doc'''\n    'a note'\n    return x\n",
    "def f(x):\n    y: int = 3\n    return x + y\n",
])
def test_accepted_annotations_docstrings_and_future_imports(source):
    assert parse.parse(source, "ok.py").entry == "f"


def test_the_entry_is_the_function_named_like_the_file_else_the_last_uncalled_one():
    source = "def g(x):\n    return x\n\ndef main(x):\n    return g(x)\n\ndef h(x):\n    return g(x)\n"
    assert parse.parse(source, "g.py").entry == "g"
    assert parse.parse(source, "any.py").entry == "h"
    assert parse.parse(source, "any.py", entry="main").entry == "main"
    with pytest.raises(ProgramError) as caught:
        parse.parse(source, "any.py", entry="nope")
    assert caught.value.code == "unknown-entry" and "g, main, h" in str(caught.value)
