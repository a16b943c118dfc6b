"""The compiled network: a stock nn.RNN(relu), labelled units, dyadic weights, one tick per step."""

from fractions import Fraction

import pytest
import torch

from rnnprog.tm import capacity, codec, compile, parse
from rnnprog.tm.compiler import TICKS_PER_STEP
from rnnprog.tm.ir import Config
from rnnprog.tm.scorecard import markdown, scorecard
from tests.tm.cases import CASES


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_stock_rnn_with_a_label_per_unit(case):
    compiled = compile(case.program)
    rnn = compiled.rnn
    assert type(rnn) is torch.nn.RNN and rnn.nonlinearity == "relu" and rnn.num_layers == 1
    assert rnn.hidden_size == compiled.units == len(compiled.labels) == len(set(compiled.labels))
    assert compiled.ticks_per_step == TICKS_PER_STEP == 1
    assert not rnn.weight_ih_l0.any() and not rnn.bias_ih_l0.any()


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_weights_are_dyadic_and_float32_holds_them_exactly(case):
    compiled = compile(case.program)
    w = compiled.rnn.weight_hh_l0.detach().double()
    b = compiled.rnn.bias_hh_l0.detach().double()
    network = compiled.network
    for i, j, value in network.recurrent.entries:
        value = Fraction(value)
        assert value.denominator & (value.denominator - 1) == 0
        assert Fraction(float(w[i, j])) == value
    for i, _, value in network.bias.entries:
        assert Fraction(float(b[i])) == value
    assert int((w != 0).sum()) + int((compiled.rnn.bias_hh_l0 != 0).sum()) == compiled.nonzero_weights


def test_unit_count_for_bb4():
    """BB(4): 8 (state, entering move) gate sets x 2 symbols, 4 stack, 6 threshold, 2 head units."""
    compiled = compile(parse("1RB1LB_1LA0LC_1RZ1LD_1RD0RA"))
    assert compiled.units == 28
    assert sum(label.startswith("gate:") for label in compiled.labels) == 16
    assert "gate:Z/1 via R" in compiled.labels and "stackR:push" in compiled.labels


def test_encode_then_decode_is_the_identity():
    compiled = compile(parse("1RB2LA0RA_2LA0RB1LB"))
    config = Config("B", 3, ((-2, "2"), (0, "1"), (3, "2"), (5, "1")))
    assert codec.decode(compiled, codec.encode(compiled, config)) == config


def test_capacity_follows_the_mantissa():
    bb2 = compile(parse("1RB1LB_1LA1RZ"))
    assert (capacity.capacity(bb2, "float32"), capacity.capacity(bb2, "float64")) == (11, 25)
    three = compile(parse("1RB2LA0RA_2LA0RB1LB"))  # base 8: 3 bits a cell
    assert (capacity.capacity(three, "float32"), capacity.capacity(three, "float64")) == (7, 17)


def test_scorecard_rows():
    rows = scorecard()
    by_name = {r["machine"]: r for r in rows}
    assert by_name["bb4.tm"] | {} == {"machine": "bb4.tm", "size": "4 x 2", "neurons": "28", "weights": "236",
                                      "ticks": "1", "float32": "11", "float64": "25", "exact": "unbounded"}
    assert any("886" in r["neurons"] for r in rows) and any("54" in r["neurons"] for r in rows)
    assert markdown(rows).count("\n") == len(rows) + 1
