"""`show` and `explain`: unit tables, weight equations and explanations for every program kind."""

import json
from fractions import Fraction

import numpy as np
import pytest
from click.testing import CliRunner

from rnnprog import api, demo
from rnnprog.cli import main
from rnnprog.inspect import show
from rnnprog.network import torch_build

PROGRAMS = ["programs/mul.rm", "programs/low-pass.iir", "programs/bb2.tm"]


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def test_show_mul_lists_units_lowering_and_equations():
    result = invoke("show", "programs/mul.rm")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "line   7: add c b" in out  # the macro, with its core instructions under it
    assert "3 pc:3      inc %t" in out
    assert "reg:c      reg     register c" in out
    assert "W_hh: 23 x 23, 49 nonzero, values -1 1" in out
    assert "reg:c' = relu(pc:8 + reg:c)" in out
    assert "gate:loop' = relu(pc:11 - reg:a)" in out  # only `jmp loop` leads here


@pytest.mark.parametrize("path", PROGRAMS)
def test_equations_reproduce_the_network_weights(path):
    """Every equation's coefficients are the stock module's weights: rebuild W from the text."""
    compiled = api.compile(api.load(path))
    network = api.kind_of(compiled).network(compiled)
    weight = np.zeros((network.size, network.size))
    for row in range(network.size):
        for j, w in network.recurrent.rows[row]:
            assert f"{show.number(abs(w))}*{network.labels[j]}" in show.equation(network, row) \
                or (abs(w) == 1 and network.labels[j] in show.equation(network, row))
            weight[row, j] = float(w)
    module = torch_build.build_rnn(network, "float64")
    assert np.array_equal(weight, module.weight_hh_l0.detach().numpy())
    assert len(network.labels) == len(set(network.labels)) == weight.shape[0]


@pytest.mark.parametrize("path", PROGRAMS)
def test_show_json_has_units_weights_and_ticks(path):
    result = invoke("show", path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    compiled = api.compile(api.load(path))
    assert [u["label"] for u in data["units"]] == list(compiled.labels)
    assert data["ticks_per_step"] == 1
    assert {u["kind"] for u in data["units"]} <= set(show.ROLE_NAMES)
    assert data["weights"] and all(w["value"] != 0 for w in data["weights"])
    if path.endswith(".tm"):
        assert data["tape_capacity"]["float64"] > data["tape_capacity"]["float32"] > 0


def test_number_is_exact_and_short():
    assert [show.number(Fraction(v)) for v in (3, -1, "9/10", "-1/4", "17/16")] == \
        ["3", "-1", "0.9", "-0.25", "1.0625"]
    assert show.number(Fraction(1, 3)) == "1/3"


def test_explain_mul_names_units_weights_and_why():
    result = invoke("explain", "programs/mul.rm")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "line 7: add c b   (macro: 9 core instructions)" in out
    assert "0: jz a done   owns pc:loop, gate:loop" in out
    assert "the gate is 1 exactly when the program is here and a is zero" in out
    assert "feeds: pc:9 +1, reg:c +1" in out
    tail = out.split("fast-forward (rnnprog run; --no-accelerate computes every tick)")[1]
    assert "A d = d" in tail and "replayed from a later state" in tail  # how run skips ticks


@pytest.mark.parametrize("path", PROGRAMS[1:])
def test_explain_filters_and_machines(path):
    result = invoke("explain", path)
    assert result.exit_code == 0, result.output
    assert "why:" in result.output


def test_show_reports_a_bad_program_without_traceback(tmp_path):
    bad = tmp_path / "bad.rm"
    bad.write_text("jmp nowhere\n")
    result = invoke("show", str(bad))
    assert result.exit_code == 1
    assert "undefined-label" in result.output and "Traceback" not in result.output


def test_trace_is_plain_when_piped():
    result = invoke("run", "programs/add.rm", "a=1", "b=0", "--trace")
    assert result.exit_code == 0
    assert "\x1b[" not in result.output and "  ok" in result.output


def test_demo_runs_every_step():
    result = invoke("demo")
    assert result.exit_code == 0, result.output
    for _, command in demo.steps(main.commands):
        assert f"$ rnnprog {command}" in result.output
    assert "failed" not in result.output and "weights are the program" in result.output


def test_demo_exits_nonzero_when_a_step_fails(monkeypatch):
    """A step whose file is missing fails the demo (it used to swallow every exit)."""
    monkeypatch.setattr(demo, "STEPS", [*demo.STEPS, ("A missing file.", "run programs/missing.rm")])
    result = invoke("demo")
    assert result.exit_code == 1
    assert "1 of" in result.output and "run programs/missing.rm" in result.output
    assert "weights are the program" not in result.output
