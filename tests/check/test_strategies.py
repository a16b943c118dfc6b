"""The public strategies: valid programs whose source round-trips, checked bounds, and the
documented recipe for property-testing your own program."""

import importlib
from pathlib import Path

import pytest
from hypothesis import find, given
from hypothesis.errors import InvalidArgument

import rnnprog
from rnnprog import kinds, strategies

PROGRAMS = Path(__file__).resolve().parents[2] / "programs"
KINDS = {"register_programs": "rm", "turing_machines": "tm", "iir_filters": "iir",
         "sequence_programs": "seq", "python_functions": "py"}


@pytest.mark.parametrize("name", list(kinds.BUILTIN))
def test_the_namespace_exports_every_kinds_strategies(name):
    """Each built-in kind of the registry has a strategies module, and the public namespace
    exports all of it: a new kind is not forgotten silently."""
    package = kinds.BUILTIN[name].partition(":")[0].rsplit(".", 1)[0]
    module = importlib.import_module(f"{package}.strategies")
    missing = sorted(set(module.__all__) - set(strategies.__all__))
    assert module.__all__ and not missing, f"rnnprog.strategies lacks {name}'s {missing}"
    assert all(getattr(strategies, function) is getattr(module, function) for function in module.__all__)
    assert name in KINDS.values(), f"test_str_parses_back_to_an_equal_program lacks kind {name}"


@pytest.mark.parametrize("strategy", [
    strategies.register_programs(max_registers=4, max_size=10),
    strategies.register_programs(macros=False),
    strategies.turing_machines(max_states=4, max_symbols=3),
    strategies.turing_machines(notation="table"),
    strategies.iir_filters(max_order=4),
    strategies.iir_filters(max_order=2, stable=False),
    strategies.sequence_programs(max_symbols=3, max_counters=3, max_states=4),
    strategies.python_functions(max_statements=3),
], ids=["rm", "rm-core", "tm-bb", "tm-table", "iir-stable", "iir-dyadic", "seq", "py"])
def test_str_parses_back_to_an_equal_program(strategy):
    @given(strategy)
    def round_trip(program):
        kind = api_kind(program)
        assert rnnprog.parse(str(program), kind=kind) == program
        rnnprog.compile(program)  # always valid
    round_trip()


def api_kind(program):
    return rnnprog.api.kind_of(program).name


@pytest.mark.parametrize("make", [
    lambda: strategies.register_programs(max_registers=0),
    lambda: strategies.register_programs(min_size=3, max_size=2),
    lambda: strategies.register_inputs(rnnprog.parse("in a\nhalt\n"), max_value=-1),
    lambda: strategies.iir_filters(max_order=-1),
    lambda: strategies.turing_machines(max_states=0),
    lambda: strategies.turing_machines(max_symbols=1),
    lambda: strategies.tapes(rnnprog.parse("1RZ---", kind="tm"), max_size=-1),
    lambda: strategies.sequence_programs(max_symbols=0),
    lambda: strategies.sequence_programs(max_counters=4),
    lambda: strategies.sequence_inputs(rnnprog.parse("alphabet: a\nstart: s\ns a -> s\n", kind="seq"),
                                       max_size=-1),
])
def test_bad_arguments_raise_invalid_argument(make):
    with pytest.raises(InvalidArgument):
        find(make(), lambda _: True)


# The recipe in the README: property-test your own program against the interpreter.
MUL = rnnprog.load(PROGRAMS / "mul.rm")


@given(strategies.register_inputs(MUL, max_value=12))
def test_recipe_my_program_equals_the_interpreter(inputs):
    network, reference = rnnprog.run(MUL, inputs), rnnprog.interpret(MUL, inputs)
    assert (network.outputs, network.steps, network.halted) == (reference.outputs, reference.steps,
                                                                reference.halted)
    assert network.outputs == {"c": inputs["a"] * inputs["b"]}
