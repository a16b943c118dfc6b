"""The commands on Python files: run (values, errors and their tracebacks, --function, --json,
--trace, --plot, budgets and precision), compile (--emit rm and .rnn files), show, explain and
check; exit codes and clean messages, never a traceback."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import rnnprog
from rnnprog.cli import main

PROGRAMS = Path(__file__).resolve().parents[2] / "programs"
GCD = str(PROGRAMS / "gcd.py")


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="rnnprog")


def test_run_prints_the_call_its_value_and_the_run():
    result = invoke("run", GCD, "a=48", "b=18")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "gcd(48, 18) = 6"
    assert lines[1].startswith("# returned after ") and "ticks computed" in lines[1] and "jumps" in lines[1]
    assert "-unit RNN on cpu, exact" in lines[1]


def test_negative_arguments_and_tuples():
    result = invoke("run", PROGRAMS / "egcd.py", "a=-240", "b=46")
    assert result.output.splitlines()[0] == "egcd(-240, 46) = (2, 9, 47)"


def test_an_error_is_reported_as_python_reports_it(tmp_path):
    path = tmp_path / "div.py"
    path.write_text("def half(x):\n    assert x % 2 == 0, 'odd'\n    return x // 2\n\n\n"
                    "def div(a, b):\n    return half(a // b)\n")
    result = invoke("run", path, "a=7", "b=1")
    assert result.exit_code == 1
    assert result.output.splitlines()[:5] == [
        "div(7, 1) raised AssertionError: odd",
        f'  File "{path}", line 7, in div', "    return half(a // b)",
        f'  File "{path}", line 2, in half', "    assert x % 2 == 0, 'odd'"]
    assert invoke("run", path, "a=7", "b=0").output.startswith(
        "div(7, 0) raised ZeroDivisionError: integer division or modulo by zero")


def test_function_picks_the_function_to_call():
    result = invoke("run", PROGRAMS / "clamp.py", "x=-7", "--function", "sign")
    assert result.exit_code == 0 and result.output.startswith("sign(-7) = -1\n")
    missing = invoke("run", PROGRAMS / "clamp.py", "x=1", "--function", "nope")
    assert missing.exit_code == 1 and "unknown-entry" in missing.output
    other = invoke("run", PROGRAMS / "mul.rm", "a=1", "b=2", "--function", "f")
    assert other.exit_code == 2 and "--function does not apply to a register program" in other.output


@pytest.mark.parametrize("words, message", [
    (["a=1"], "missing argument(s) 'b'"),
    (["a=1", "b=2", "c=3"], "unknown argument(s) 'c'"),
    (["a=1.5", "b=2"], "argument a='1.5' is not an int"),
])
def test_bad_arguments_are_clean_errors(words, message):
    result = invoke("run", GCD, *words)
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_json():
    result = invoke("run", PROGRAMS / "egcd.py", "a=240", "b=46", "--json")
    data = json.loads(result.output)
    assert data["value"] == [2, -9, 47] and data["halted"] and data["function"] == "egcd"


def test_trace_shows_python_lines_and_variables_beside_the_interpreter():
    result = invoke("run", PROGRAMS / "digit_sum.py", "n=-47", "--trace", "--trace-limit", "400")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["step", "line", "python", "instruction"] and "total" in lines[0]
    rows = [line for line in lines[1:] if line.endswith("ok")]
    assert len(rows) >= 10 and any("total += n % 10" in row for row in rows)
    assert "DIFF" not in result.output and "digit_sum(-47) = 11" in result.output
    plain = invoke("run", PROGRAMS / "digit_sum.py", "n=-47", "--trace", "--no-accelerate")
    assert plain.exit_code == 0 and "passes of" not in plain.output


def test_plot_writes_a_png(tmp_path):
    out = tmp_path / "run.png"
    result = invoke("run", GCD, "a=48", "b=18", "--plot", out)
    assert result.exit_code == 0 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_budget_stops_a_run_with_exit_3():
    result = invoke("run", PROGRAMS / "collatz.py", "n=27", "--max-steps", "1000")
    assert result.exit_code == 3 and "collatz(27) did not return within 1,000 steps" in result.output


def test_float32_stops_before_a_wrong_number():
    result = invoke("run", PROGRAMS / "fib.py", "n=40", "--dtype", "float32")
    assert result.exit_code == 4 and "--dtype exact" in result.output


def test_compile_emit_rm_is_a_register_program_that_runs_the_same():
    result = invoke("compile", GCD, "--emit", "rm")
    assert result.exit_code == 0 and "in a_pos a_neg b_pos b_neg" in result.output
    assert "# line 11: a, b = b, a % b" in result.output
    registers = rnnprog.parse(result.output, "gcd.rm")
    got = rnnprog.interpret(registers, {"a_pos": 0, "a_neg": 48, "b_pos": 18, "b_neg": 0})
    assert got.outputs == {"return_pos": 6, "return_neg": 0, "raise": 0}


def test_compile_to_rnn_and_run_it(tmp_path):
    out = tmp_path / "gcd.rnn"
    written = invoke("compile", GCD, "-o", out)
    assert written.exit_code == 0 and "py program gcd.py" in written.output
    result = invoke("run", out, "a=-4", "b=6")
    assert result.exit_code == 0 and result.output.startswith("gcd(-4, 6) = 2\n")
    assert rnnprog.load(out).entry == "gcd"


def test_show_and_explain_name_units_by_python_line_and_variable():
    shown = invoke("show", GCD)
    assert shown.exit_code == 0 and "pc:L11.0" in shown.output and "reg:a+" in shown.output
    assert "   11          a, b = b, a % b" in shown.output
    data = json.loads(invoke("show", GCD, "--json").output)
    assert data["kind"] == "py" and "reg:b-" in [u["label"] for u in data["units"]]
    explained = invoke("explain", GCD)
    assert explained.exit_code == 0 and "line 11: a, b = b, a % b" in explained.output
    assert "gcd.a: reg:a+, reg:a-" in explained.output


def test_check_compares_with_the_interpreter_and_cpython():
    result = invoke("check", PROGRAMS / "digit_sum.py", "--examples", "6", "--max-input", "30")
    assert result.exit_code == 0, result.output
    assert "6 examples" in result.output


def test_a_file_outside_the_subset_is_a_clean_error(tmp_path):
    path = tmp_path / "bad.py"
    path.write_text("import math\n\ndef f(x):\n    return x / 2\n")
    result = invoke("run", path, "x=1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{path}:1:1: error[import]" in result.output
    assert f"{path}:4:12: error[true-division]" in result.output


def test_onnx_export_runs_in_onnxruntime(tmp_path):
    pytest.importorskip("onnxruntime")
    out = tmp_path / "gcd.onnx"
    assert invoke("export", GCD, "--onnx", out).exit_code == 0
    result = invoke("run", out, "b=6", "a=-4")
    assert result.exit_code == 0 and result.output.startswith("gcd(-4, 6) = 2\n")
    assert "onnxruntime-cpu, float32" in result.output
