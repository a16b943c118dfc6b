"""One view of any compiled program: labelled units with kinds and meanings, and exact weights."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from rnnprog import api

#: Unit kinds in the order plots and tables group them, with a readable name for each.
KIND_NAMES = {"pc": "program counter", "halt": "program counter", "reg": "registers",
              "gate": "gates", "stack": "stacks", "digit": "stack digits", "head": "head",
              "state": "filter state", "output": "filter output"}


@dataclass(frozen=True)
class Unit:
    """One hidden unit: its label (`reg:c`), kind (a key of KIND_NAMES) and what it means."""

    label: str
    kind: str
    meaning: str


@dataclass(frozen=True)
class View:
    """A compiled program seen as h(t+1) = relu(W h(t) + U x(t) + b).

    `weight` (H, H), `inputs` (H, I) and `bias` (H,) hold exact Fractions (object arrays); the
    input columns are named by `input_names`. `initial` says how h(0) is made.
    """

    kind: str  # "rm", "iir" or "tm"
    path: str
    units: tuple[Unit, ...]
    weight: np.ndarray
    inputs: np.ndarray
    input_names: tuple[str, ...]
    bias: np.ndarray
    ticks_per_step: int
    initial: str

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(u.label for u in self.units)

    def __repr__(self) -> str:
        return f"View({self.kind}: {self.path}, {len(self.units)} units)"


def of(compiled, path: str = "<program>") -> View:
    """The View of a compiled register program, filter or Turing machine."""
    ext = api.kind_of(compiled).EXTENSION
    return {".rm": _register_view, ".iir": _filter_view, ".tm": _machine_view}[ext](compiled, path)


def load(path: str) -> tuple[object, View]:
    """Load and compile a program file; returns (compiled, View).

    Raises:
        ProgramError: the file is unreadable or malformed.
    """
    compiled = api.compile(api.load(path))
    return compiled, of(compiled, str(path))


def _fractions(array) -> np.ndarray:
    out = np.empty(np.shape(array), dtype=object)
    for index, value in np.ndenumerate(np.asarray(array, dtype=object)):
        out[index] = Fraction(value)
    return out


def _register_view(compiled, path: str) -> View:
    units = tuple(Unit(u.label, u.kind, u.meaning) for u in compiled.layout.units)
    size = compiled.units
    return View("rm", path, units, _fractions(compiled.weight), _fractions(np.zeros((size, 0))), (),
                _fractions(np.zeros(size)), compiled.ticks_per_step,
                "h(0) = relu(E @ [1, *inputs]): the program counter at the first instruction, "
                "the input registers set, every other register 0")


def _filter_view(compiled, path: str) -> View:
    from rnnprog.iir import network

    w_ih, w_hh = network.recurrent_weights(compiled.layout, compiled.state_space)
    units = []
    for label in compiled.labels:
        name, sign = label[:-1], label[-1]
        part = "positive" if sign == "+" else "negative"
        if name == "y":
            units.append(Unit(label, "output", f"the {part} part of the output y[n]"))
        else:
            i = int(name[1:]) - 1
            units.append(Unit(label, "state", f"the {part} part of state z[{i}] (scipy's zi[{i}])"))
    size = len(units)
    return View("iir", path, tuple(units), _fractions(w_hh), _fractions(w_ih), ("x",),
                _fractions(np.zeros(size)), compiled.ticks_per_step,
                "h(0) = 0 (or the initial state zi split into + and - parts); x[n] is the input at tick n")


def _machine_view(compiled, path: str) -> View:
    labels = compiled.labels
    index = {label: i for i, label in enumerate(labels)}
    size = len(labels)
    weight = _fractions(np.zeros((size, size)))
    bias = _fractions(np.zeros(size))
    for i, row in enumerate(compiled.rows):
        for label, value in row.terms.items():
            weight[i, index[label]] = value
        bias[i] = row.const
    units = tuple(Unit(label, *_machine_unit(label, compiled.layout.base)) for label in labels)
    return View("tm", path, units, weight, _fractions(np.zeros((size, 0))), (), bias,
                compiled.ticks_per_step,
                "h(0) encodes the initial tape: one gate on, the two stacks as base-"
                f"{compiled.layout.base} fractions, the head cell in head:+/head:-")


def _machine_unit(label: str, base: int) -> tuple[str, str]:
    if label.startswith("gate:"):
        pair, move = label[len("gate:"):].rsplit(" via ", 1)
        state, symbol = pair[:-2], pair[-1]
        return "gate", f"1 exactly when in state {state} reading {symbol}, arrived by a move {move}"
    if label.startswith("stack"):
        name, op = label[len("stack"):].split(":")
        side = "left of the head, nearest first" if name == "L" else "from the head rightwards"
        return "stack", (f"stack {name} (cells {side}, base-{base} digits) when this step "
                         f"{'pushes' if op == 'push' else 'pops'} it; 0 otherwise")
    if label.startswith("head"):
        return "head", f"the head cell's {'positive' if label.endswith('+') else 'negative'} part"
    name, rest = label.split(">=")
    j, role = rest.split(":")
    digit = "top digit of stack L" if name == "topL" else "second digit of stack R"
    return "digit", f"part of [{digit} >= {j}] ({role})"
