"""The Kind protocol is what generic code calls: REQUIRED (what every kind supplies) and PROVIDED
(what BaseKind gives) are declared, generic modules ask a kind for nothing else, and a kind that
implements the protocol without BaseKind (tests/plainkind.py) works everywhere."""

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

import rnnprog
from rnnprog import kindbase, kinds
from rnnprog.cli import main
from tests import kindtour, plainkind
from tests.test_imports import MODULES, kind_modules

#: Names that hold a Kind object in generic code, and calls that return one.
KIND_NAMES = {"kind", "kind_object"}
KIND_CALLS = {"of", "get", "kind_of", "_kind"}


def kind_attributes(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, attribute) for every attribute read off an expression that holds a kind."""
    def holds_kind(node) -> bool:
        if isinstance(node, ast.Name):
            return node.id in KIND_NAMES
        if isinstance(node, ast.Attribute):
            return node.attr in ("kind_object",) or (node.attr == "kind" and isinstance(
                node.value, ast.Name) and node.value.id == "compiled")
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            return name in KIND_CALLS and not (isinstance(func, ast.Attribute) and isinstance(
                func.value, ast.Name) and func.value.id not in ("kinds", "api"))
        return False

    found = [(node.lineno, node.attr) for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and holds_kind(node.value)]
    found += [(node.lineno, node.args[1].value) for node in ast.walk(tree)  # getattr(kind, "x", ...)
              if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("getattr", "hasattr")
              and len(node.args) >= 2 and holds_kind(node.args[0])
              and isinstance(node.args[1], ast.Constant)]
    return found


def generic_modules() -> dict[str, Path]:
    """Every module above or beside the kinds: not a kind package, the registry or BaseKind."""
    own = kind_modules() | {"rnnprog.kinds", "rnnprog.kindbase"}
    return {name: path for name, path in MODULES.items() if name not in own}


def test_required_and_provided_split_the_protocol():
    assert kinds.REQUIRED and kinds.PROVIDED and not kinds.REQUIRED & kinds.PROVIDED
    assert {"parse", "interpret", "trace", "decode", "programs", "inputs"} <= kinds.REQUIRED
    assert {"run", "target", "hooks", "initial_states", "results", "input_rows",
            "echo_results", "owns"} <= kinds.PROVIDED


def test_generic_code_calls_only_protocol_members():
    """A static scan: what api, check, artifacts, inspect and cli read off a kind is declared."""
    declared = kinds.REQUIRED | kinds.PROVIDED
    uses = {(name, line, attr) for name, path in generic_modules().items()
            for line, attr in kind_attributes(ast.parse(path.read_text()))}
    assert len(uses) >= 25, "the scan found too few uses to mean anything"
    undeclared = sorted(use for use in uses if use[2] not in declared and use[2] != "__name__")
    assert not undeclared, f"generic code calls undeclared members: {undeclared}"


def test_the_scan_sees_an_undeclared_call():
    tree = ast.parse("def f(kind, compiled):\n    kind.secret()\n    kinds.of(x).hidden\n"
                     "    getattr(kinds.of(x), 'optional', None)\n")
    assert sorted(attr for _, attr in kind_attributes(tree)) == ["hidden", "optional", "secret"]


def test_basekind_provides_every_provided_member(monkeypatch):
    kindbase._check_provided()
    monkeypatch.setattr(kinds, "PROVIDED", kinds.PROVIDED | {"new_member"})
    with pytest.raises(ImportError, match="new_member"):
        kindbase._check_provided()


def test_register_refuses_an_object_that_lacks_members():
    class Half:
        name = "half"

        def parse(self, text, path):  # noqa: ARG002 - the protocol's signature
            return text

    with pytest.raises(TypeError, match="lacks .*decode.*run"):
        kinds.register(Half())
    assert "half" not in [k.name for k in kinds.all_kinds()]


def test_every_builtin_kind_is_a_kind():
    for kind in kinds.all_kinds():
        assert isinstance(kind, kinds.Kind), kind.name


@pytest.fixture
def plain(tmp_path):
    kind = kinds.register(plainkind.KIND)
    assert not isinstance(kind, kindbase.BaseKind) and isinstance(kind, kinds.Kind)
    path = tmp_path / "three.tick"
    path.write_text("tick n\n")
    yield path
    kinds.unregister("tick")


@pytest.mark.parametrize("dtype", ["float32", "float64", "exact"])
def test_a_kind_without_basekind_runs_through_the_api(plain, dtype):
    program = rnnprog.load(plain)
    assert rnnprog.run(program, {"n": 3}, dtype=dtype) == (("halted", 0), 4, True)
    assert rnnprog.run(program, [{"n": 0}, {"n": 2}], dtype=dtype)[1][1] == 3
    assert rnnprog.interpret(program, {"n": 3}) == (("halted", 0), 4)


def test_a_kind_without_basekind_is_checked_and_perturbed(plain):
    kindtour.assert_checked_and_perturbed(rnnprog.load(plain))


def test_a_kind_without_basekind_on_the_command_line(plain, tmp_path):
    kindtour.assert_on_the_command_line(plain, tmp_path, shown="pc:halt", explained="counts n down",
                                        ran="halted after 3 ticks\n")
    fuzzed = CliRunner().invoke(main, ["fuzz", "--kind", "tick", "--examples", "10"])
    assert fuzzed.exit_code == 0 and fuzzed.output.startswith("ok: fuzz --kind tick"), fuzzed.output
