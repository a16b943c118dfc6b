"""The timeline any kind gets from BaseKind: written on the Kind protocol and the network IR.

The network runs from h(0) (the kind's `initial_states`, with its float guard), every kept state
is read back with the kind's `decode` and set beside the kind's `trace` (the interpreter's
states) at the same step. Without a source map the page highlights no line; a kind with one
(every built-in kind) writes its own timeline.
"""

from __future__ import annotations

from rnnprog import device as devices
from rnnprog.errors import RnnprogError
from rnnprog.page import sampling
from rnnprog.page.timeline import Keep, Moment, Timeline, clip, floats, nonzero

#: The one field a generic page shows: the kind's own state, as its `str`.
FIELDS = ("state",)


def timeline(kind, compiled, inputs, *, max_steps: int | None = None, dtype: str | None = None,
             device=None, keep: Keep | None = None) -> Timeline:
    """A Timeline of one run of `compiled` on `inputs` (a mapping of input values).

    Raises:
        InputError: inputs that do not name the network's inputs. PrecisionError: from the
            kind's float guard.
    """
    keep = keep or Keep()
    dtype = devices.resolve_dtype(dtype or kind.default_dtype)
    budget = kind.default_max_steps if max_steps is None else max_steps
    inputs = {} if inputs is None else inputs
    network = kind.network(compiled)
    h0 = kind.initial_states(compiled, [inputs])[0].tolist()
    run = sampling.sample(network, h0, dtype=dtype, device=device, max_steps=budget,
                          hooks=kind.hooks(compiled, dtype), keep=keep)
    reference = _reference(kind, compiled, inputs, run.steps)
    moments = []
    for t in run.kept:
        got = _decoded(kind, compiled, run.states[t])
        want = reference[min(t, len(reference) - 1)] if reference else None
        same = reference is None or got == want
        moments.append(Moment(t, (_text(got),), ("(no trace)" if reference is None else _text(want),),
                              floats(run.states[t]), differs=() if same else (0,),
                              acted=nonzero(run.states[t - 1]) if t else ()))
    program = kind.program_of(compiled)
    words = clip(" ".join(f"{name}={value}" for name, value in inputs.items())) or "no inputs"
    return Timeline(words, tuple(str(program).splitlines()), FIELDS, tuple(moments), run.steps,
                    run.halted, dtype, keep.words(run.steps))


def _reference(kind, compiled, inputs, steps: int) -> list | None:
    """The interpreter's states, step 0 to the last, or None where the kind has no trace."""
    try:
        return list(kind.trace(kind.program_of(compiled), inputs, max_steps=steps))
    except NotImplementedError:
        return None


def _decoded(kind, compiled, h):
    """The kind's reading of h, or the reason it has none (a state off the program's rails)."""
    try:
        return kind.decode(compiled, h)
    except RnnprogError as err:
        return _Invalid(str(err))


class _Invalid(str):
    """A state decode refused: compares unequal to every interpreter state."""


def _text(value) -> str:
    if isinstance(value, _Invalid):
        return f"(not a valid state: {value})"
    return "(not a valid state)" if value is None else str(value)
