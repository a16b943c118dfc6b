"""Bad inputs, one table per format: each ends in rnnprog's own error, located, never a traceback.

Rows assert the error class and its code, line and column (or row and line of a CSV), not message
text; every row also runs through the CLI, which must exit 1 or 2 with an `error` line.
"""

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import rnnprog
from rnnprog.cli import main
from rnnprog.errors import InputError, ProgramError
from rnnprog.iir import signals_io
from rnnprog.rm.result import check_inputs
from rnnprog.rm.rows import read_rows

MEGA = 1_000_000
ADD = "in a b\nout a\nadd a b\n"
ERROR_LINE = re.compile(r"^(.*: )?error\b|^Error:", re.IGNORECASE | re.MULTILINE)


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_clean_failure(result, codes=(1, 2)):
    """Exit 1 or 2 by rnnprog's or click's own handling: an error line, no traceback, short."""
    assert result.exit_code in codes, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and ERROR_LINE.search(result.output), result.output
    assert len(result.output) < 20_000


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def assert_located(path, code, line, col):
    with pytest.raises(ProgramError) as info:
        rnnprog.load(path)
    first = info.value.diagnostics[0]
    assert (first.code, first.line, first.col) == (code, line, col)
    assert len(str(info.value)) < 20_000  # a 1 MB line is clipped, not echoed


# ---------------------------------------------------------------- register programs (.rm)

RM_PROGRAMS = [
    pytest.param("\ufeffin a\nfoo a\n", "unknown-instruction", 2, 1, id="bom-ignored"),
    pytest.param("inc a\r\nfoo\r\n", "unknown-instruction", 2, 1, id="crlf"),
    pytest.param("inc a\rfoo\r", "unknown-instruction", 2, 1, id="cr-only"),
    pytest.param("inc a\u2028b\nfoo\n", "wrong-arity", 1, 7, id="u2028-is-a-space"),
    pytest.param("inc a\x0b\x0c\x1c\x1d\x1e\x85\u2029\nfoo\n", "unknown-instruction", 2, 1,
                 id="splitlines-breaks-are-spaces"),
    pytest.param("inc " + "a" * MEGA + "-\n", "bad-register", 1, 5, id="1mb-token"),
    pytest.param("inc a" + " " * MEGA + "b\n", "wrong-arity", 1, MEGA + 6, id="1mb-line-caret-far"),
    pytest.param("3x: inc a\n", "bad-label", 1, 1, id="label-not-identifier"),
    pytest.param("inc \u00e9\n", "bad-register", 1, 5, id="non-ascii-register"),
    pytest.param("in: in a\ninc a\n", "label-on-directive", 1, 1, id="in-label-on-directive"),
    pytest.param("jmp sub\n", "undefined-label", 1, 5, id="keyword-target-undefined"),
    pytest.param("halt: inc a\nhalt: halt\n", "duplicate-label", 2, 1, id="keyword-label-twice"),
    pytest.param("inc: a\n", "unknown-instruction", 1, 6, id="keyword-label-then-no-op"),
    pytest.param("in inc inc\nhalt\n", "duplicate-input", 1, 8, id="keyword-register-twice"),
    pytest.param("jz inc\n", "wrong-arity", 1, 1, id="keyword-register-missing-label"),
    pytest.param(b"inc a\n\xff\n", "binary-file", 2, 1, id="not-utf8"),
    pytest.param(b"inc \xc3\xa9\xff\n", "binary-file", 1, 6, id="not-utf8-after-multibyte"),
    pytest.param(b"inc a\x00\n", "binary-file", 1, 1, id="nul-byte"),
]


RM_VALUES = ["\u00b2", "\u0664\u0662", "_1_", "1_000", "-1", "1.5", "", "+5", "0x10", "1e3",
             "9" * 4001, "9" * 5001]


@pytest.mark.parametrize("value", RM_VALUES, ids=lambda v: ascii(v)[:12])
def test_bad_input_values(tmp_path, value):
    program = rnnprog.parse(ADD)
    with pytest.raises(InputError):
        check_inputs(program, {"a": value, "b": "1"})
    assert_clean_failure(cli("run", write(tmp_path, "p.rm", ADD), f"a={value}", "b=1"), codes=(1,))


@pytest.mark.parametrize("value", [-10**5000, float("inf"), float("nan"), True, None, 2.5],
                         ids=["huge-negative", "inf", "nan", "bool", "none", "float"])
def test_bad_input_values_through_the_api(value):
    with pytest.raises(InputError):
        rnnprog.run(rnnprog.parse(ADD), {"a": value, "b": 1})


def _rows_with_bad_row_73421():
    rows = [f"{i},{i % 7}" if i != 73421 else "3,x" for i in range(1, 80_000)]
    return "a,b\n" + "\n".join(rows) + "\n"


#: (csv, error class, row, line): row counts data rows from 1, line counts the file's lines.
RM_ROWS = [
    pytest.param(_rows_with_bad_row_73421(), InputError, 73421, 73422, id="bad-value-row-73421"),
    pytest.param(b"a,b\n1,2\n\xff,3\n", InputError, None, 3, id="not-utf8"),
    pytest.param("a,a,b\n1,2,3\n", InputError, None, 1, id="duplicate-header"),
    pytest.param("a,,b\n1,2,3\n", InputError, None, 1, id="unnamed-column"),
    pytest.param("", InputError, None, 1, id="empty-file"),
    pytest.param("a,b\n", click.UsageError, None, None, id="header-only"),
    pytest.param("a,b\n1,2\n3\n", InputError, 2, 3, id="short-row"),
    pytest.param("a,b\n1,2,3\n", InputError, 1, 2, id="long-row"),
    pytest.param("a,b\n1,\n", InputError, 1, 2, id="empty-value"),
    pytest.param("a,b\n\n1,2\n\u00b2,1\n", InputError, 2, 4, id="superscript-after-blank-line"),
    pytest.param("a,b\n" + "9" * 5001 + ",1\n", InputError, 1, 2, id="5001-digits"),
    pytest.param("a,c\n1,2\n", InputError, 1, None, id="unknown-name"),
]


def _check_rows(program, path):
    for number, row in enumerate(read_rows(str(path)), start=1):
        check_inputs(program, row, row=number)


@pytest.mark.parametrize("data, error, row, line", RM_ROWS)
def test_bad_input_rows(tmp_path, data, error, row, line):
    path = write(tmp_path, "rows.csv", data)
    with pytest.raises(error) as info:
        _check_rows(rnnprog.parse(ADD), path)
    if error is InputError:
        assert (info.value.row, info.value.line) == (row, line)
    assert_clean_failure(cli("run", write(tmp_path, "p.rm", ADD), "--inputs", path),
                         codes=(1,) if error is InputError else (2,))


# ---------------------------------------------------------------- filters (.iir)

IIR_PROGRAMS = [
    pytest.param("b: 1e400\n", "number-out-of-range", 1, 4, id="1e400"),
    pytest.param("b: 1e-310\n", "number-out-of-range", 1, 4, id="1e-310-subnormal"),
    pytest.param("b: " + "1" * 5000 + "\n", "number-too-long", 1, 4, id="5000-digits"),
    pytest.param("b: 0." + "0" * 400 + "1\n", "number-too-long", 1, 4, id="401-digit-decimal"),
    pytest.param("b: 1/" + "7" * 401 + "\n", "number-too-long", 1, 4, id="401-digit-denominator"),
    pytest.param(f"y[n] = 1/{10**299 + 1}*x[n] + 1/{10**299 + 3}*x[n]\n", "number-too-long", 1, 621,
                 id="terms-add-up-to-600-digits"),
    pytest.param("b: 5e-324\n", "number-out-of-range", 1, 4, id="inexact-subnormal"),
    pytest.param("b: 1e-99999999\n", "number-out-of-range", 1, 4, id="1e-99999999"),
    pytest.param("b: 1e999999999\n", "number-out-of-range", 1, 4, id="1e999999999"),
    pytest.param("b: 1\na: 1 -1e309\n", "number-out-of-range", 2, 6, id="a-overflows"),
    pytest.param("y[n] = 1e400*x[n]\n", "number-out-of-range", 1, 8, id="equation-literal"),
    pytest.param("b: 1e300\na: 1e-300\n", "weight-out-of-range", 1, 1, id="b-over-a0"),
    pytest.param("b: 1e200 1e200\na: 1 1e200\n", "weight-out-of-range", 1, 1, id="gain-overflows"),
    pytest.param("y[n] = 1e308*x[n] + 1e308*x[n]\n", "weight-out-of-range", 1, 1, id="sum-overflows"),
    pytest.param("b: " + "1 " * 1002 + "\n", "order-too-large", 1, 2006, id="1002-coefficients"),
    pytest.param("y[n] = x[n-5000]\n", "order-too-large", 1, 8, id="delay-5000"),
    pytest.param("y[n] = x[n-" + "9" * 5000 + "]\n", "order-too-large", 1, 8, id="delay-5000-digits"),
    pytest.param("b: \u0664\n", "bad-number", 1, 4, id="arabic-indic-digit"),
    pytest.param("b: \u00b2\n", "bad-number", 1, 4, id="superscript-two"),
    pytest.param("\ufeffb: 1\nc: 2\n", "unknown-name", 2, 1, id="bom-ignored"),
    pytest.param("b: 1\u2028x\nc: 1\n", "bad-number", 1, 6, id="u2028-is-a-space"),
    pytest.param("b: " + "x" * MEGA + "\n", "bad-number", 1, 4, id="1mb-token"),
    pytest.param(b"b: 1\n\xfe\n", "binary-file", 2, 1, id="not-utf8"),
]


#: (signal file or None, CLI options); each is an InputError.
IIR_SIGNALS = [
    pytest.param("1\n1e400\n", (), id="inf-sample"),
    pytest.param("1,2\nnan,3\n", (), id="nan-sample"),
    pytest.param(b"1\n\xff\n", (), id="not-utf8"),
    pytest.param("1\nfoo\n", (), id="not-a-number"),
    pytest.param(None, ("--impulse", 10**11), id="impulse-too-long"),
    pytest.param(None, ("--step", 10**8), id="step-too-long"),
]


@pytest.mark.parametrize("data, options", IIR_SIGNALS)
def test_bad_signals(tmp_path, data, options):
    program = write(tmp_path, "f.iir", "b: 0.5 0.5\n")
    if data is None:
        length = options[1]
        with pytest.raises(InputError):
            signals_io.signal(None, length if options[0] == "--impulse" else None,
                              length if options[0] == "--step" else None)
        args = options
    else:
        path = write(tmp_path, "x.csv", data)
        with pytest.raises(InputError):
            signals_io.signal(str(path), None, None)
        args = ("--input", path)
    assert_clean_failure(cli("filter", program, *args), codes=(1,))


# ---------------------------------------------------------------- Turing machines (.tm)

def _table(lines):
    return "\n".join(lines) + "\n"


TM_PROGRAMS = [
    pytest.param("\u00b2\n", "bb-triple", 1, 1, id="superscript-alone"),
    pytest.param("\u00b2RB1LB_1LA1RZ\n", "bad-symbol", 1, 1, id="superscript-write"),
    pytest.param("\u0664RB1LB_1LA1RZ\n", "bad-symbol", 1, 1, id="arabic-indic-write"),
    pytest.param("1R\u00b2\n", "bad-symbol", 1, 1, id="superscript-state"),
    pytest.param("1RB" * 400 + "_" + "1LA" * 400 + "\n", "too-many-symbols", 1, 1, id="bb-400-symbols"),
    pytest.param("0RA_" * 26 + "0RA\n", "too-many-states", 1, 1, id="bb-27-states"),
    pytest.param(_table([f"s{i} 0 1 R s{i + 1}" for i in range(300)] + ["s300 0 1 R halt"]),
                 "too-many-states", 257, 1, id="table-301-states"),
    pytest.param(_table([f"a {chr(0x100 + i)} 1 R a" for i in range(100)]), "too-many-symbols", 63, 1,
                 id="table-102-symbols"),
    pytest.param("\ufeffa 0 1 X a\n", "bad-move", 1, 7, id="bom-ignored"),
    pytest.param("a 0 1 R b\u2028b 0 1 L halt\n", "field-count", 1, 1, id="u2028-is-a-space"),
    pytest.param("a 0 1 R b\x0cb 0 1 L halt\n", "field-count", 1, 1, id="form-feed-is-a-space"),
    pytest.param("a 0 1 R " + "b" * MEGA + "\n", "unknown-state", 1, 9, id="1mb-state-name"),
    pytest.param("1RB" * (MEGA // 3) + "\n", "too-many-symbols", 1, 1, id="1mb-bb-line"),
    pytest.param(b"\xff1RB\n", "binary-file", 1, 1, id="not-utf8"),
]


# ---------------------------------------------------------------- sequence programs (.seq)

SEQ_HEAD = "alphabet: a b\ncounters: n\nstart: s\naccept: done\n"
FORTY = " ".join(f"c{i}>0" for i in range(40))
SEQ_PROGRAMS = [
    pytest.param("alphabet: a\nstart: s\n", "empty-program", 1, 1, id="no-rules"),
    pytest.param("start: s\ns a -> s\n", "missing-header", 2, 1, id="no-alphabet"),
    pytest.param("alphabet: ab\nstart: s\ns a -> s\n", "bad-symbol", 1, 11, id="two-char-symbol"),
    pytest.param("alphabet: a $\nstart: s\ns a -> s\n", "bad-symbol", 1, 13, id="end-as-symbol"),
    pytest.param(SEQ_HEAD + "s a -> s n-1\n", "unguarded-decrement", 5, 1, id="unguarded"),
    pytest.param(SEQ_HEAD + "s a -> s\ns a n>0 -> s\n", "overlapping-rules", 6, 1, id="overlap"),
    pytest.param(SEQ_HEAD + "done a -> s\n", "rule-from-accept", 5, 1, id="rule-from-accept"),
    pytest.param(SEQ_HEAD + "s c -> s\n", "unknown-symbol", 5, 3, id="unknown-symbol"),
    pytest.param(SEQ_HEAD + "s a m>0 -> s\n", "unknown-counter", 5, 1, id="unknown-counter"),
    pytest.param("alphabet: a\ncounters: " + " ".join(f"c{i}" for i in range(40)) + "\nstart: s\n"
                 f"s a {FORTY} -> s\n", "too-many-tests", 4, 1, id="forty-positive-tests"),
    pytest.param(SEQ_HEAD + "s a -> s out\n", "bad-rule", 5, 10, id="out-without-symbol"),
    pytest.param(SEQ_HEAD + "s a;\n", "bad-rule", 5, 1, id="semicolon-cuts-a-rule"),
]


# ---------------------------------------------------------------- Python functions (.py)

PY_PROGRAMS = [
    pytest.param("\ufeffdef f(x):\n    return x / 2\n", "true-division", 2, 12, id="bom-ignored"),
    pytest.param("def f(x):\r\n    return x / 2\r\n", "true-division", 2, 12, id="crlf"),
    pytest.param("def f(x):\r    return x / 2\r", "true-division", 2, 12, id="cr-only"),
    pytest.param("def f(x):\u2028    return x\n", "syntax-error", 1, 10, id="u2028-is-not-python"),
    pytest.param("def f(x):\n    return " + "-" * MEGA + "x\n", "too-deep", 1, 1, id="1mb-of-minus"),
    pytest.param("def f(x):\n    return " + "(" * 1000 + "x" + ")" * 1000 + "\n", "syntax-error",
                 2, 212, id="parentheses-past-pythons-limit"),
    pytest.param("def f(x):\n    return " + "-" * 101 + "x\n", "too-deep", 2, 112, id="deep-expression"),
    pytest.param("def f(x):\n    return " + "9" * 5000 + "\n", "syntax-error", 2, 1, id="5000-digit-int"),
    pytest.param("def f(x):\n    y = x" + " " * MEGA + "/ 2\n    return y\n", "true-division", 2, 9,
                 id="1mb-line-caret-far"),
    pytest.param("def f(x):\n    return f(x)\n", "recursion", 2, 12, id="recursion"),
    pytest.param(b"def f(x):\n    return 1\xff\n", "binary-file", 2, 13, id="not-utf8"),
    pytest.param(b"def f(x):\n    return 1\x00\n", "binary-file", 1, 1, id="nul-byte"),
]


#: Each kind's table of bad programs (the test below holds it to the registry).
BAD_PROGRAMS = {"rm": RM_PROGRAMS, "iir": IIR_PROGRAMS, "tm": TM_PROGRAMS, "seq": SEQ_PROGRAMS,
                "py": PY_PROGRAMS}
#: How the CLI runs a program of each kind (each bad program must fail there cleanly too).
RUN = {"rm": ["run", "{path}", "a=1"], "iir": ["filter", "{path}", "--impulse", "3"],
       "tm": ["run", "{path}"], "seq": ["run", "{path}", "--tape", "a"], "py": ["run", "{path}", "x=1"]}


@pytest.mark.parametrize("kind, text, code, line, col", [
    pytest.param(kind, *row.values, id=f"{kind}-{row.id}")
    for kind, rows in BAD_PROGRAMS.items() for row in rows])
def test_bad_programs(tmp_path, kind, text, code, line, col):
    path = write(tmp_path, f"p.{kind}", text)
    assert_located(path, code, line, col)
    assert_clean_failure(cli(*(word.format(path=path) for word in RUN[kind])))


def test_a_rule_cut_by_a_semicolon_says_so(tmp_path):
    result = cli("run", write(tmp_path, "p.seq", SEQ_HEAD + "s a; -> s\n"), "--tape", "a")
    assert "`;` starts a comment: `-> s` after it was not read" in result.output


def test_every_kind_has_a_table_of_bad_programs():
    from rnnprog import kinds

    for name in kinds.BUILTIN:
        assert len(BAD_PROGRAMS.get(name, ())) >= 5, f"no table of bad {name} programs here"
        assert name in RUN, f"no way to run a {name} program here"


@pytest.mark.parametrize("text, code, line, col", [
    pytest.param("alphabet: a ;\nstart: s\ns a -> s\n", "semicolon-comment", 1, 13, id="alphabet-semicolon"),
    pytest.param("alphabet: a b\nstart: s\ns a -> s ; out b\n", "semicolon-comment", 3, 10,
                 id="rule-output-after-semicolon"),
    pytest.param("alphabet: a\nstart: s\naccept: s\nt a -> t\n", "start-is-accept", 2, 8,
                 id="start-is-accept"),
])
def test_sequence_programs_that_probably_mean_otherwise_warn(tmp_path, text, code, line, col):
    from rnnprog.errors import ProgramWarning

    path = write(tmp_path, "p.seq", text)
    with pytest.warns(ProgramWarning) as caught:
        rnnprog.load(path)
    found = [w.message for w in caught if isinstance(w.message, ProgramWarning)]
    assert [(w.code, w.diagnostic.line, w.diagnostic.col) for w in found] == [(code, line, col)]
    result = cli("run", path, "--tape", "a")
    assert f"{path}:{line}:{col}: warning[{code}]" in result.output and "Traceback" not in result.output


def test_a_rejection_names_the_symbol_read_whatever_the_whitespace():
    """Whitespace is not a symbol: a tab or a no-break space before `)` is skipped, and the
    message names `)`, the symbol the network read."""
    for space in ("\t", "\u00a0", " \u2028"):
        result = cli("run", "programs/dyck.seq", "--tape", f"{space})")
        assert result.exit_code == 0 and "no rule reads `)` here" in result.output, result.output


def test_an_inputs_file_breaks_lines_only_at_line_breaks(tmp_path):
    """A form feed or U+2028 inside a line is whitespace (as in program files), a tab does not
    add a field, and a bad symbol is reported with its line."""
    path = write(tmp_path, "in.txt", "a\fabb\n\ta b\nab\u2028ab\r\n\n")
    result = cli("run", "programs/anbn.seq", "--inputs", path)
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert rows == [["aabb", "-", "accepted"], ["ab", "-", "accepted"], ["abab", "-", "rejected"],
                    ["(empty)", "-", "accepted"]]
    bad = write(tmp_path, "bad.txt", "ab\n\nabc\n")
    result = cli("run", "programs/anbn.seq", "--inputs", bad)
    assert_clean_failure(result)
    assert f"{bad}:3: input symbol 3 is 'c'" in result.output


def test_a_long_input_from_a_file_or_standard_input(tmp_path):
    """200,000 symbols, past what a command line holds, from --tape-file FILE or `-`."""
    n = 100_000
    path = write(tmp_path, "long.txt", "a" * n + "b" * n + "\n")
    from_file = cli("run", "programs/anbn.seq", "--tape-file", path)
    assert from_file.exit_code == 0 and f"accepted at tick {2 * n + 1}" in from_file.output
    piped = CliRunner().invoke(main, ["run", "programs/anbn.seq", "--tape-file", "-"],
                               input="a" * n + "b" * (n - 1) + "\r\n")
    assert piped.exit_code == 0 and "rejected at tick" in piped.output, piped.output
    tape = CliRunner().invoke(main, ["run", "programs/binary_increment.tm", "--tape-file", "-"],
                              input="1011\n")
    assert tape.exit_code == 0 and tape.output.splitlines()[1].split()[:2] == ["tape", "1100"]


@pytest.mark.parametrize("args, message", [
    (["programs/anbn.seq", "--tape", "ab", "--tape-file", "-"], "give the input once"),
    (["programs/mul.rm", "a=1", "b=1", "--tape-file", "-"], "--tape-file does not apply to a register"),
    (["programs/anbn.seq", "--tape-file", "no/such/file"], "no such file"),
    (["programs/anbn.seq", "--tape", "ab", "--trace", "--json"], "give one of them"),
    (["programs/mul.rm", "a=1", "b=1", "--trace", "--json"], "give one of them"),
], ids=["tape-twice", "tape-file-on-rm", "missing-tape-file", "trace-json-seq", "trace-json-rm"])
def test_run_options_that_cannot_work_together(args, message):
    result = cli("run", *args)
    assert result.exit_code == 2 and message in result.output, result.output


def test_a_tape_file_that_is_not_text_is_refused(tmp_path):
    result = cli("run", "programs/anbn.seq", "--tape-file", write(tmp_path, "bin.txt", b"ab\xff"))
    assert result.exit_code == 2 and "not UTF-8 text" in result.output


# ---------------------------------------------------------------- what the hardening accepts

@pytest.mark.parametrize("text", [
    "in in inc\nout out\nhalt: jz in sub\ndec in\ninc out\njmp halt\nsub: add: jz inc in\n"
    "dec inc\ninc out\njmp sub\nin:\n",
    "\ufeffin a\nout a\ninc a\n",
    "in a\x0c\nout a\x0b\u2028\ninc a\r\n",
], ids=["instruction-words-as-names", "bom", "spaces-and-crlf"])
def test_register_corner_cases_parse_and_round_trip(text):
    program = rnnprog.parse(text)
    assert rnnprog.parse(str(program)) == program
    assert len(rnnprog.parse(text).instructions) >= 1


def test_instruction_words_as_names_run():
    program = rnnprog.parse("in in inc\nout out\nhalt: jz in sub\ndec in\ninc out\njmp halt\n"
                            "sub: jz inc in\ndec inc\ninc out\njmp sub\nin:\n")
    assert rnnprog.run(program, {"in": "2", "inc": 3}).outputs == {"out": 5}


def test_limits_are_inclusive():
    assert rnnprog.parse("in a\nout a\nhalt\n") is not None
    assert str(rnnprog.interpret(rnnprog.parse("in a\nout a\ninc a\n"), {"a": "9" * 4000})).endswith(
        "(halted after 1 step)")
    filt = rnnprog.iir.parse("b: 1.7976931348623157e308 2.2250738585072014e-308 0e99999999 -0/5 "
                             f"1/{2**1074}")
    assert filt.b[2] == 0 and filt.b[3] == 0 and float(filt.b[4]) == 5e-324
    assert rnnprog.iir.parse(str(filt)) == filt
    assert rnnprog.iir.parse("b: " + "1 " * 1001).order == 1000
    assert len(rnnprog.tm.parse("1RB" * 10 + "_" + "1LA" * 10).symbols) == 10


def test_csv_with_bom_crlf_and_blank_lines_runs(tmp_path):
    path = write(tmp_path, "rows.csv", b"\xef\xbb\xbfa,b\r\n1,2\r\n\r\n 3, 4\r\n")
    result = cli("run", write(tmp_path, "p.rm", ADD), "--inputs", path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "a,b,a,steps,halted" and [line.split(",")[2] for line in lines[1:]] == ["3", "7"]


# --- command-line misuse that used to write over its input, trace back or pass nonsense ----------

@pytest.mark.parametrize("args", [
    ["compile", "{src}", "-o", "{src}"],
    ["export", "{src}", "--onnx", "{src}"],
    ["check", "programs/low-pass.iir", "--amplitude", "nan"],
    ["run", "programs/add.rm", "a=1", "b=1", "--max-steps", str(10**23)],
    ["check", "programs/add.rm", "--max-steps", str(2**64)],
    ["run", "programs/add.rm", "a=1", "b=1", "--tape", "01"],
    ["run", "programs/bb2.tm", "a=1"],
], ids=["compile-onto-source", "export-onto-source", "amplitude-nan", "max-steps-huge",
        "check-max-steps-huge", "tape-on-rm", "assignment-on-tm"])
def test_cli_misuse_is_a_usage_error(tmp_path, args):
    from click.testing import CliRunner

    from rnnprog.cli import main

    src = tmp_path / "add.rm"
    src.write_text(Path("programs/add.rm").read_text())
    before = src.read_text()
    result = CliRunner().invoke(main, [a.format(src=src) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and src.read_text() == before


def test_filter_output_to_a_missing_folder_is_an_error(tmp_path):
    from click.testing import CliRunner

    from rnnprog.cli import main

    result = CliRunner().invoke(main, ["filter", "programs/low-pass.iir", "--impulse", "4",
                                       "--output", str(tmp_path / "no" / "y.csv")])
    assert result.exit_code == 1 and "cannot write" in result.output


@pytest.mark.parametrize("attribute, value", [("clip", 100.0), ("direction", "reverse"),
                                              ("hidden_size", 7), ("activations", [b"Tanh"])])
def test_an_onnx_node_attribute_changed_after_export_is_refused(tmp_path, attribute, value):
    onnx = pytest.importorskip("onnx")
    pytest.importorskip("onnxruntime")
    from onnx import helper

    import rnnprog
    from rnnprog.artifacts import onnx_export, onnx_run
    from rnnprog.errors import ArtifactError

    path = tmp_path / "mul.onnx"
    onnx_export.export(rnnprog.load("programs/mul.rm"), Path("programs/mul.rm").read_text(),
                       "mul.rm", str(path))
    model = onnx.load(str(path))
    rnn = next(n for n in model.graph.node if n.op_type == "RNN")
    kept = [a for a in rnn.attribute if a.name != attribute]
    del rnn.attribute[:]
    rnn.attribute.extend([*kept, helper.make_attribute(attribute, value)])
    onnx.save(model, str(path))
    with pytest.raises(ArtifactError, match=f"attribute `{attribute}`"):
        onnx_run.load(str(path))


#: Issue 20's ONNX files, each a real export of mul.rm with one edit (tests/artifacts/onnx_edits.py
#: has these and 24 more, each with the message it must get).
ONNX_EDITS = ["tampered_copy_first", "tampered_copy_last", "identical_copy", "output_renamed",
              "output_removed", "fixed_length", "opset_99", "initializer_shadows_input"]


@pytest.mark.parametrize("edit", ONNX_EDITS)
def test_an_edited_onnx_file_is_refused_and_never_runs(tmp_path, edit):
    """The worst printed c = 84 for 6 * 7 (a second, tampered weight that onnxruntime ran and the
    check did not read); the rest traced back in onnxruntime."""
    onnx = pytest.importorskip("onnx")
    pytest.importorskip("onnxruntime")
    from tests.artifacts import onnx_edits

    path = tmp_path / "mul.onnx"
    onnx.save(onnx_edits.edited(onnx.load(str(onnx_edits.export(path))), edit), str(path))
    result = cli("run", path, "a=6", "b=7")
    assert_clean_failure(result, codes=(1,))
    assert "c = " not in result.output


@pytest.mark.parametrize("source, options", [("programs/anbn.seq", ["--tape", "aabb"]),
                                             ("programs/bb2.tm", ["--tape", "1"]),
                                             ("programs/low-pass.iir", [])])
def test_an_onnx_file_run_cannot_feed_says_so(tmp_path, source, options):
    """A sequence program's ONNX file traced back in onnxruntime (INVALID_ARGUMENT), and with
    --tape said only that --tape does not apply to ONNX."""
    pytest.importorskip("onnxruntime")
    from tests.artifacts import onnx_edits

    path = onnx_edits.export(tmp_path / "x.onnx", Path(source))
    result = cli("run", path, *options)
    assert_clean_failure(result, codes=(1,))
    assert "cannot run this" in result.output and f"Run {Path(source).name} instead" in result.output


# --- the Python API: misuse raises rnnprog's own errors, never a raw one or accepted nonsense ------

MUL, BB2, LOWPASS, ANBN = "programs/mul.rm", "programs/bb2.tm", "programs/low-pass.iir", "programs/anbn.seq"
OK = {"a": 1, "b": 1}


@pytest.mark.parametrize("path, inputs, options, error", [
    (MUL, None, {}, "InputError"), (MUL, "a=6", {}, "InputError"),
    (MUL, OK, {"dtype": 32}, "DeviceError"), (MUL, OK, {"device": 0}, "DeviceError"),
    (MUL, OK, {"max_steps": 1.5}, "InputError"), (MUL, OK, {"max_steps": "10"}, "InputError"),
    (MUL, OK, {"max_steps": -1}, "InputError"), (MUL, OK, {"max_steps": True}, "InputError"),
    (MUL, OK, {"max_steps": 2**64}, "InputError"), (MUL, OK, {"backend": "bogus"}, "DeviceError"),
    (BB2, "", {"head": "3"}, "InputError"), (BB2, 7, {}, "InputError"),
    (BB2, "", {"max_steps": -1}, "InputError"), (LOWPASS, [[1.0, 2.0], [3.0]], {}, "InputError"),
    (ANBN, None, {}, "InputError"), (ANBN, 5, {}, "InputError"), (ANBN, b"ab", {}, "InputError"),
    (ANBN, {"a": 1}, {}, "InputError"), (ANBN, "ab", {"max_step": 5}, "InputError"),
    (MUL, OK, {"max_step": 5}, "InputError"), (BB2, "", {"max_step": 5}, "InputError"),
    (LOWPASS, [1.0], {"max_step": 5}, "InputError"),
], ids=["none", "text", "dtype-int", "device-int", "steps-float", "steps-text", "steps-negative",
        "steps-bool", "steps-huge", "backend", "head-text", "tape-int", "tm-steps-negative", "ragged",
        "seq-none", "seq-int", "seq-bytes", "seq-dict", "seq-misspelt-option", "rm-misspelt-option",
        "tm-misspelt-option", "iir-misspelt-option"])
def test_api_misuse_raises_rnnprogs_own_error(path, inputs, options, error):
    program = rnnprog.load(path)
    with pytest.raises(rnnprog.RnnprogError) as caught:
        rnnprog.run(program, inputs, **options)
    assert type(caught.value).__name__ == error
    if path in (ANBN, BB2) or "max_step" in options:  # their interpreters read the same inputs
        with pytest.raises(rnnprog.RnnprogError) as caught:
            rnnprog.interpret(program, inputs, **options)
        assert type(caught.value).__name__ == error


@pytest.mark.parametrize("path", [None, 3, b"programs/mul.rm"], ids=["none", "int", "bytes"])
def test_load_takes_a_path(path):
    with pytest.raises(InputError, match="load takes a file path"):
        rnnprog.load(path)


def test_a_fifo_a_deeply_nested_header_and_an_oversized_file_end_cleanly(tmp_path):
    import os
    import struct

    fifo = tmp_path / "pipe.rm"
    os.mkfifo(fifo)
    with pytest.raises(ProgramError) as caught:
        rnnprog.load(fifo)
    assert caught.value.code == "not-a-file"
    deep = tmp_path / "deep.rnn"
    header = ('{"__metadata__": ' + "[" * 200_000 + "]" * 200_000 + "}").encode()
    deep.write_bytes(struct.pack("<Q", len(header)) + header)
    result = CliRunner().invoke(main, ["run", str(deep)])
    assert result.exit_code == 1 and "nests JSON too deeply" in result.output
    assert "Traceback" not in result.output
