"""The messages CPython gives for the errors the subset can raise, read from the running CPython
itself (they change between versions: `integer modulo by zero` is 3.11's wording)."""

from __future__ import annotations


def _message(thunk) -> str:
    try:
        thunk()
    except Exception as err:  # noqa: BLE001 - whichever error it is, its text is what we want
        return str(err)
    raise AssertionError("expected an error")


def _unbound_template() -> str:
    namespace: dict = {}
    exec("def f():\n    if False:\n        name_here = 1\n    return name_here\n", namespace)  # our own text
    return _message(namespace["f"]).replace("name_here", "{name}")


_zero = 0
#: The ZeroDivisionError message of each operator (and of divmod()).
ZERO_DIVISION = {"//": _message(lambda: 1 // _zero), "%": _message(lambda: 1 % _zero),
                 "divmod": _message(lambda: divmod(1, _zero)), "**": _message(lambda: _zero ** -1)}
#: range() with a zero step.
RANGE_STEP = _message(lambda: range(0, 1, _zero))
#: A local read before any assignment ({name} is the variable).
UNBOUND = _unbound_template()
#: Python gives a float for an int to a negative power; the subset stops with this instead.
NEGATIVE_EXPONENT = "negative exponent: Python's result would be a float, and the subset computes with ints"
