"""Every named case of tests/cases_table.py at every level, through the public API only:
(a) the reference interpreter, (b) the network in each dtype its kind supports, (c) a .rnn file
round trip, (d) the CLI (`rnnprog run`, `rnnprog filter`) through CliRunner."""

from __future__ import annotations

import json
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
from click.testing import CliRunner

import rnnprog
import rnnprog.artifacts
from rnnprog import kinds
from rnnprog.cli import main
from tests.cases_table import CASES, Case

#: (rtol, atol) by dtype for filter outputs; None is the float interpreter.
TOLERANCE = {None: (1e-12, 1e-12), "float64": (1e-12, 1e-12), "float32": (1e-6, 1e-6)}

BY_DTYPE = [pytest.param(case, dtype, id=f"{case.name}-{dtype}") for case in CASES
            for dtype in case.dtypes]
FILTERS = [case for case in CASES if case.kind == "iir"]


def ids(case: Case) -> str:
    return case.name


def program_inputs(case: Case):
    """The case's inputs in the form `rnnprog.run` and `rnnprog.interpret` take for its kind."""
    if case.kind in ("rm", "py"):
        return dict(case.inputs)
    if case.kind in ("tm", "seq"):
        return case.inputs
    return np.array(case.inputs, dtype=float)


def assert_expected(case: Case, result, dtype=None) -> None:
    """`result` (from the interpreter or the network) gives the case's expected outputs."""
    if case.kind == "iir":
        rtol, atol = TOLERANCE[dtype]
        for key in ("y", "zf"):
            np.testing.assert_allclose(np.asarray(getattr(result, key), dtype=float), case.expected[key],
                                       rtol=rtol, atol=atol, err_msg=f"{case.name} {key} ({dtype})")
        return
    if case.kind == "rm":
        assert result.halted and result.outputs == case.expected, (case.name, dtype, result)
    elif case.kind == "py":
        error = None if result.error is None else (result.error.exception, result.error.message)
        want = case.expected
        assert result.halted and (result.value, error) == (want["value"], want["error"]), (
            case.name, dtype, result)
    else:
        got = {key: tuple(v) if isinstance(v, list) else v for key, v in
               ((key, getattr(result, key)) for key in case.expected)}
        assert got == case.expected, (case.name, dtype, result)
    steps = result.ticks if case.kind == "seq" else result.steps
    assert steps > 0, "a case must run at least one step"
    if case.steps is not None:
        assert steps == case.steps, (case.name, dtype)


def shape(case: Case, result) -> tuple:
    """What network and interpreter must agree on beyond the expected outputs."""
    if case.kind == "rm":
        return result.outputs, result.registers, result.steps, result.halted
    if case.kind == "tm":
        return result.halted, result.steps, result.state, result.tape, result.head, result.origin
    if case.kind == "seq":
        return tuple(result.outputs), result.end, result.ticks
    if case.kind == "py":
        return result.value, result.error, result.steps, result.halted
    return ()


# --- (a) the reference interpreter -------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=ids)
def test_interpreter(case):
    program = rnnprog.load(case.path)
    assert_expected(case, rnnprog.interpret(program, program_inputs(case)))


@pytest.mark.parametrize("case", FILTERS, ids=ids)
def test_filter_interpreter_is_exact(case):
    """In rationals the difference equation gives the hand-computed decimals exactly."""
    result = rnnprog.interpret(rnnprog.load(case.path), program_inputs(case), exact=True)
    for key in ("y", "zf"):
        assert [Fraction(v) for v in getattr(result, key)] == [Fraction(repr(v)) for v in
                                                               case.expected[key]], key


def test_table_covers_every_kind():
    """Every built-in kind of the registry has at least two cases, and each level below has a
    branch for it (a new kind fails here until it is added, rather than being skipped)."""
    counts = Counter(case.kind for case in CASES)
    for name in kinds.BUILTIN:
        assert counts[name] >= 2, f"tests/cases_table.py has {counts[name]} case(s) of kind {name}"
        assert name in CLI_FORMS, f"test_cli has no branch for kind {name}"
    assert len({case.name for case in CASES}) == len(CASES), "case names are unique"
    assert all(case.path.is_file() for case in CASES)


# --- (b) the network, in every dtype of its kind -------------------------------------------------

@pytest.mark.parametrize(("case", "dtype"), BY_DTYPE)
def test_network(case, dtype):
    program = rnnprog.load(case.path)
    network = rnnprog.run(program, program_inputs(case), dtype=dtype)
    assert_expected(case, network, dtype)
    reference = rnnprog.interpret(program, program_inputs(case))
    assert shape(case, network) == shape(case, reference)
    if case.kind == "rm":
        assert network.dtype == dtype


@pytest.mark.parametrize("case", FILTERS, ids=ids)
def test_filters_refuse_exact(case):
    program = rnnprog.load(case.path)
    with pytest.raises(rnnprog.RnnprogError, match="float32 or float64"):
        rnnprog.run(program, program_inputs(case), dtype="exact")


# --- (c) a .rnn file round trip ------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=ids)
def test_file_round_trip(case, tmp_path):
    out = tmp_path / "x.rnn"
    rnnprog.artifacts.save(case.path, out)
    source = rnnprog.load(case.path)
    loaded = rnnprog.load(out)
    assert loaded == source
    assert rnnprog.artifacts.read(out).program == source
    dtype = case.dtypes[0]
    from_file = rnnprog.run(loaded, program_inputs(case), dtype=dtype)
    assert_expected(case, from_file, dtype)
    from_source = rnnprog.run(source, program_inputs(case), dtype=dtype)
    if case.kind == "iir":
        np.testing.assert_array_equal(from_file.y, from_source.y)
        np.testing.assert_array_equal(from_file.zf, from_source.zf)
    else:
        assert shape(case, from_file) == shape(case, from_source)


# --- (d) the command line ------------------------------------------------------------------------

def counted(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def cli_rm(case: Case, dtype: str, steps: int, _tmp_path) -> None:
    output = invoke("run", case.path, *[f"{k}={v}" for k, v in case.inputs.items()], "--dtype", dtype)
    lines = output.splitlines()
    assert lines[:len(case.expected)] == [f"{k} = {v}" for k, v in case.expected.items()]
    summary = f"# halted after {counted(steps, 'step')}: {counted(steps, 'tick')} of a "
    assert lines[len(case.expected)].startswith(summary)
    assert f", {dtype}, " in lines[len(case.expected)]


def cli_tm(case: Case, dtype: str, steps: int, _tmp_path) -> None:
    output = invoke("run", case.path, "--tape", case.inputs, "--dtype", dtype)
    want = case.expected
    lines = output.splitlines()
    assert lines[0] == f"halted after {counted(steps, 'step')} in state {want['state']}"
    assert lines[1].split()[:2] == ["tape", want["tape"]]
    assert f"cell {want['head']}," in lines[2]
    assert lines[3].split() == ["ones", str(want["ones"])]
    data = json.loads(invoke("run", case.path, "--tape", case.inputs, "--dtype", dtype, "--json"))
    assert {key: data[key] for key in want} == want
    assert (data["steps"], data["dtype"]) == (steps, dtype)


def cli_seq(case: Case, dtype: str, steps: int, _tmp_path) -> None:
    want = case.expected
    lines = invoke("run", case.path, "--tape", case.inputs, "--dtype", dtype).splitlines()
    assert lines[0] == "output: " + (" ".join(want["outputs"]) or "(none)")
    assert lines[1].startswith(f"{want['end']} at tick {steps}")
    assert f"{counted(steps, 'tick')} on {counted(len(case.inputs), 'input symbol')}" in lines[2]
    assert f"({dtype})" in lines[2]
    data = json.loads(invoke("run", case.path, "--tape", case.inputs, "--dtype", dtype, "--json"))
    assert (tuple(data["outputs"]), data["end"], data["ticks"]) == (want["outputs"], want["end"], steps)


def cli_iir(case: Case, dtype: str, _steps, tmp_path) -> None:
    signal = tmp_path / "x.csv"
    signal.write_text("".join(f"{v}\n" for v in case.inputs))
    data = json.loads(invoke("filter", case.path, "--input", signal, "--dtype", dtype, "--json"))
    assert (data["ticks"], data["signals"], data["dtype"]) == (len(case.inputs), 1, dtype)
    rtol, atol = TOLERANCE[dtype]
    np.testing.assert_allclose(data["y"], case.expected["y"], rtol=rtol, atol=atol)
    np.testing.assert_allclose(data["zf"], case.expected["zf"], rtol=rtol, atol=atol)
    text = invoke("filter", case.path, "--input", signal, "--dtype", dtype).splitlines()
    assert text[0].startswith(f"{case.path}: order ")
    values = [float(v) for v in text[2:2 + len(case.inputs)]]
    np.testing.assert_allclose(values, case.expected["y"], rtol=max(rtol, 1e-9), atol=atol)


def cli_py(case: Case, dtype: str, steps: int, _tmp_path) -> None:
    words = [f"{k}={v}" for k, v in case.inputs.items()]
    result = CliRunner().invoke(main, ["run", str(case.path), *words, "--dtype", dtype])
    call = f"{case.path.stem}({', '.join(str(v) for v in case.inputs.values())})"
    lines = result.output.splitlines()
    want = case.expected
    if want["error"] is None:
        assert result.exit_code == 0 and lines[0] == f"{call} = {want['value']}", result.output
    else:
        raised = f"{call} raised {': '.join(want['error'])}"
        assert result.exit_code == 1 and lines[0] == raised, result.output
    assert lines[-1].startswith(f"# {'raised' if want['error'] else 'returned'} after {steps:,} step")
    assert f", {dtype}, " in lines[-1]


#: Each kind's command-line form (test_table_covers_every_kind holds it to the registry).
CLI_FORMS = {"rm": cli_rm, "tm": cli_tm, "seq": cli_seq, "iir": cli_iir, "py": cli_py}


@pytest.mark.parametrize(("case", "dtype"), BY_DTYPE)
def test_cli(case, dtype, tmp_path):
    steps = case.steps
    if case.kind != "iir" and steps is None:
        steps = rnnprog.interpret(rnnprog.load(case.path), program_inputs(case)).steps
    CLI_FORMS[case.kind](case, dtype, steps, tmp_path)
