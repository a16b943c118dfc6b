"""The four exact tickers compute one tick alike: exact.tick (dense lists), exact._tick_scaled
(fixed point, here with no fraction bits), Accelerator.apply (sparse pre-activations, then
relu) and kernels.ActiveRow.tick (active units only), on register programs' integer weights."""

from hypothesis import given, settings
from hypothesis import strategies as st

from rnnprog.network import accelerate, exact, kernels
from rnnprog.rm import compile
from rnnprog.rm.strategies import register_programs


@st.composite
def networks_and_states(draw):
    """A register program's network and a state of small naturals (shrinks to zeros)."""
    network = compile(draw(register_programs(max_registers=3, max_size=8))).network
    state = draw(st.lists(st.integers(0, 5), min_size=network.size, max_size=network.size))
    return network, state


@settings(max_examples=60, deadline=None)
@given(networks_and_states())
def test_the_four_exact_tickers_agree(case):
    network, state = case
    dense = exact.tick(exact.rows(network), state)
    table = [([(j, int(w)) for j, w in row], int(network.bias_of(i)))
             for i, row in enumerate(network.recurrent.rows)]
    scaled, shift = exact._tick_scaled(table, list(state), 0, 0)
    assert shift == 0 and scaled == dense
    engine = accelerate.Accelerator(network, ())
    sparse = {i: v for i, v in enumerate(state) if v}
    z = engine.apply(sparse, True)
    assert engine.dense({i: v for i, v in z.items() if v > 0}) == dense
    active = kernels.ActiveRow(network, "float64").tick(sparse)
    assert engine.dense(active) == dense
