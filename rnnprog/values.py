"""Input values shared by the kinds: a non-negative whole number, from an int or ASCII digits."""

from __future__ import annotations

import re

from rnnprog.errors import InputError, clip

#: The longest input written as text: under Python's limit on int <-> str (4300 digits) with room
#: for a run's growth (one per step), so outputs still print. Larger values go in as Python ints.
MAX_INPUT_DIGITS = 4000
_DIGITS = re.compile(r"[0-9]+")


def input_value(name: str, value: object) -> int:
    """One input value as a non-negative int.

    A string is plain ASCII decimal digits, spaces around them ignored: no sign, no `_`, no other
    scripts' digits, at most MAX_INPUT_DIGITS digits. Ints (Python, numpy, torch) may be any size.

    Raises:
        InputError: the value is negative, not an integer, or too long a string.
    """
    if isinstance(value, str):
        text = value.strip()
        if _DIGITS.fullmatch(text) and len(text) > MAX_INPUT_DIGITS:
            raise InputError(f"input {name} has {len(text)} digits; at most {MAX_INPUT_DIGITS} are "
                             "accepted as text (pass larger values as Python ints)")
        if _DIGITS.fullmatch(text):
            return int(text)
    elif not isinstance(value, bool):
        try:
            number = int(value)  # numpy and torch integers
            if number == value and number >= 0:
                return number
        except (TypeError, ValueError, OverflowError):
            pass
    raise InputError(f"input {name}={_shown(value)} is not a non-negative integer; registers hold "
                     "0, 1, 2, ... written in ASCII digits")


def _shown(value: object) -> str:
    """A value for a message: huge ints by size (their repr could exceed Python's digit limit)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"<{value.bit_length()}-bit {'negative ' if value < 0 else ''}integer>"
    try:
        return clip(repr(value))
    except ValueError:  # a numpy or torch value holding a huge int, say
        return f"<{type(value).__name__}>"
