"""Compile a sequence program into a stock `torch.nn.RNN(relu)` reading one symbol per tick.

h(t) = relu(W h(t-1) + U x(t) + b), x(t) the one-hot symbol read at tick t. Three linear forms
of h(t) carry the machine (the layout's rule units make them exact):

    fired_k(t) = sum_Y (-1)^|Y| rule_{k,Y}(t)       1 exactly when rule k fires at tick t
    state_q(t) = [q = start] init(t) + sum_{k -> q} fired_k(t)      the state after tick t
    count_c(t) = ctr_c(t) + sum_k d_{k,c} fired_k(t)                the counter after tick t
"""

from __future__ import annotations

from dataclasses import dataclass

from rnnprog.network.ir import Matrix, Network, column
from rnnprog.seq.ir import Program
from rnnprog.seq.layout import Layout, allocate

Form = dict[int, int]


@dataclass(frozen=True, eq=False)
class CompiledSeq:
    """A program, its layout, its network and the decoding maps: fire (rules, H) gives
    fired_k(t) and count (counters, H) gives count_c(t) from h(t)."""

    program: Program
    layout: Layout
    network: Network
    fire: Matrix
    count: Matrix

    def __repr__(self) -> str:
        return f"CompiledSeq({len(self.layout.units)} units, {len(self.program.rules)} rules)"


def compile(program: Program) -> CompiledSeq:
    """Lay out the units and build W, U, b, the readout and h(0) = relu(E @ [1])."""
    layout = allocate(program)
    size, symbols = len(layout.units), program.symbols
    outputs = program.outputs
    network = Network(
        layout.units,
        recurrent=Matrix.of((size, size), recurrent_weights(program, layout)),
        input=Matrix.of((size, len(symbols)), input_weights(program, layout)),
        bias=column(size, ((u, -1) for parts in layout.rules for u, _, _ in parts)),
        readout=Matrix.of((len(outputs) + 2, size), readout_weights(program, layout)),
        readout_names=(*(f"out:{o}" for o in outputs), "accept", "fired"),
        encoder=Matrix.of((size, 1), [(layout.init, 0, 1)]),
        input_names=tuple(f"in:{s}" for s in symbols),
        initial="h(0): init = 1, every other unit 0 (the start state, counters 0)")
    fire = Matrix.of((len(program.rules), size), ((k, i, w) for k in range(len(program.rules))
                                                  for i, w in fired(layout, k).items()))
    count = Matrix.of((len(program.counters), size),
                      ((c, i, w) for c, name in enumerate(program.counters)
                       for i, w in counter(program, layout, name).items()))
    return CompiledSeq(program, layout, network, fire, count)


def _add(total: Form, form: Form, scale: int = 1) -> Form:
    for i, w in form.items():
        total[i] = total.get(i, 0) + scale * w
    return total


def fired(layout: Layout, k: int) -> Form:
    """fired_k = sum_Y (-1)^|Y| rule_{k,Y}."""
    return {u: sign for u, sign, _ in layout.rules[k]}


def state(program: Program, layout: Layout, q: str) -> Form:
    """state_q = [q = start] init + sum of fired_k over the rules k entering q."""
    total: Form = {layout.init: 1} if q == program.start else {}
    for k, rule in enumerate(program.rules):
        if rule.target == q:
            _add(total, fired(layout, k))
    return total


def counter(program: Program, layout: Layout, name: str) -> Form:
    """count_c = ctr_c + sum_k d_{k,c} fired_k."""
    total: Form = {layout.counters[name]: 1}
    for k, rule in enumerate(program.rules):
        if rule.delta(name):
            _add(total, fired(layout, k), rule.delta(name))
    return total


def recurrent_weights(program: Program, layout: Layout) -> list[tuple[int, int, int]]:
    """W, one tick ahead like the register machines' gates:

        ctr_c(t)     = relu(count_c(t-1))                              the counter, carried
        rule_{k,Y}(t) = relu(state_q(t-1) + x_a(t) - 1 - sum_{c in Z_k + Y} count_c(t-1))

    for rule k = `q a tests -> ...` with `=0` tests Z_k: 1 exactly when the machine is in q,
    reads a and every counter in Z_k and Y is 0 (state, symbol in {0, 1}, counters integers
    >= 0); the -1 is the bias and x_a(t) the input weight.
    """
    items: list[tuple[int, int, int]] = []
    for name, unit in layout.counters.items():
        items += [(unit, j, w) for j, w in counter(program, layout, name).items()]
    for k, rule in enumerate(program.rules):
        for unit, _, zeroed in layout.rules[k]:
            total = dict(state(program, layout, rule.state))
            for name in (*rule.zero, *zeroed):
                _add(total, counter(program, layout, name), -1)
            items += [(unit, j, w) for j, w in total.items()]
    return items


def input_weights(program: Program, layout: Layout) -> list[tuple[int, int, int]]:
    """U: rule_{k,Y} += x_a(t) for the symbol a rule k reads."""
    column_of = {s: j for j, s in enumerate(program.symbols)}
    return [(unit, column_of[rule.symbol], 1)
            for rule, parts in zip(program.rules, layout.rules) for unit, _, _ in parts]


def readout_weights(program: Program, layout: Layout) -> list[tuple[int, int, int]]:
    """R: out:o = sum of fired_k over rules emitting o; accept = sum over rules entering an
    accept state; fired = sum over every rule (0 at a tick no rule fires: rejected)."""
    items = []
    row_of = {o: i for i, o in enumerate(program.outputs)}
    accept, any_rule = len(row_of), len(row_of) + 1
    for k, rule in enumerate(program.rules):
        rows = [any_rule] + ([row_of[rule.output]] if rule.output is not None else [])
        rows += [accept] if rule.target in program.accept else []
        items += [(r, u, w) for r in rows for u, w in fired(layout, k).items()]
    return items
