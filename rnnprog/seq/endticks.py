"""The ticks after a sequence program's input, fast-forwarded: the end symbol repeats, so the
network is autonomous and the register programs' certified loop jumps apply.

With x(t) = e_$ for every tick after the input, h(t+1) = relu(W h(t) + (b + U e_$)): a
zero-input network with bias b' = b + U e_$ (`end_network`). `EndAccelerator` runs one row of
it in exact integers (rnnprog.network.accelerate): single ticks over the few active units, and
jumps over loops whose every tick is certified to keep its pattern (and, for a float dtype,
every value at most the limit - 2, so the float network computes the same numbers). A run ends
where the readout says so (accept > 1/2, or fired < 1/2: no rule fired), which the active rule
units decide, so no jump passes an end. A tick of a rule that emits a symbol is never jumped
over: each is computed, and its symbol kept in order.
"""

from __future__ import annotations

from rnnprog.errors import PrecisionError
from rnnprog.network import accelerate, certificate
from rnnprog.network.ir import Matrix, Network, column
from rnnprog.seq.compile import CompiledSeq


def end_network(compiled: CompiledSeq) -> Network:
    """The network with the end symbol folded into the bias: b' = b + U e_$ (cached)."""
    network = compiled.network
    key = "seq-end-network"
    if key not in network.cache:
        end = len(compiled.program.symbols) - 1
        bias = {i: v for i, _, v in (network.bias.entries if network.bias else ())}
        for i, j, w in network.input.entries:
            if j == end:
                bias[i] = bias.get(i, 0) + w
        network.cache[key] = Network(network.units, network.recurrent,
                                     Matrix.of((network.size, 1), ()),
                                     column(network.size, ((i, v) for i, v in bias.items() if v)))
    return network.cache[key]


def counter_error(name: str, value: int, limit: int, dtype: str) -> PrecisionError:
    """The float guard's error: counter `name` holds `value` and the next tick could pass it."""
    return PrecisionError(f"counter {name} = {value:,} could reach {limit:,} at the next tick, past "
                          f"the integers {dtype} holds exactly; rerun with --dtype "
                          f"{'float64' if dtype == 'float32' else 'exact'}")


class EndAccelerator(accelerate.Accelerator):
    """One row's end ticks with fast-forward; `emitted` collects the output rows (-1 none) of
    the ticks computed one by one (only those can emit).

    Args:
        compiled: the sequence program.
        limit: None for exact; else the float dtype's counter limit (LIMIT[dtype]): the guard
            raises where the chunked float run would (a counter at limit - 1 before a tick).
    """

    def __init__(self, compiled: CompiledSeq, limit: int | None = None, dtype: str = "exact"):
        layout, program = compiled.layout, compiled.program
        rule_units = {u for parts in layout.rules for u, _, _ in parts}
        super().__init__(end_network(compiled), rule_units | {layout.init}, limit=limit,
                         guard=None if limit is None else self._guard, replays=False)
        self.compiled, self.dtype, self.outputs = compiled, dtype, len(program.outputs)
        readout = compiled.network.readout
        self.readout: dict[int, list] = {}  # unit -> [(readout row, weight)]
        for r, u, w in readout.entries:
            self.readout.setdefault(u, []).append((r, w))
        self.emitting = frozenset(u for parts, rule in zip(layout.rules, program.rules)
                                  if rule.output is not None for u, _, _ in parts)
        self.counts = [(name, dict(row)) for name, row in zip(program.counters, compiled.count.rows)]
        self.emitted: list[int] = []

    def readouts(self, state: dict) -> list:
        """y = R h over the active units: out rows, accept, fired."""
        y = [0] * (self.outputs + 2)
        for u, v in state.items():
            for r, w in self.readout.get(u, ()):
                y[r] += w * v
        return y

    def halted(self, state: dict) -> bool:
        """The run has ended: accepted (accept > 1/2) or rejected (fired < 1/2)."""
        y = self.readouts(state)
        return 2 * y[self.outputs] > 1 or 2 * y[self.outputs + 1] < 1

    def _guard(self, state: dict, _tick: int) -> None:
        """Before a tick: a counter at limit - 1 stops a float run (runtime.safe_ticks's rule)."""
        best = None
        for name, row in self.counts:
            value = sum(w * state.get(u, 0) for u, w in row.items())
            if best is None or value > best[1]:
                best = (name, value)
        if best is not None and best[1] >= self.limit - 1:
            raise counter_error(best[0], best[1], self.limit, self.dtype)

    def _single(self, run) -> None:
        super()._single(run)
        y = self.readouts(run.state)
        self.emitted.append(next((i for i in range(self.outputs) if 2 * y[i] > 1), -1))

    def _repeat(self, events, states, pres, positions, budget: int):
        """A jump, unless a rule that emits is active somewhere in its block: the block since
        this position's last visit is looked at before any certificate is worked out (jumps
        made earlier never hold such a tick, and replays are off)."""
        if self.emitting and positions:
            emitting = self.emitting
            for event in events[positions[-1]:]:
                if type(event) is certificate.Tick and not emitting.isdisjoint(event.pattern):
                    return None
        return super()._repeat(events, states, pres, positions, budget)
