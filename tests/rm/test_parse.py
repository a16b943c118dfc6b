"""Parser: the language's corners, and every error with its code, line and column."""

import pytest

from rnnprog.errors import ProgramError
from rnnprog.rm import parse
from rnnprog.rm.ir import Instruction


def error_of(text):
    with pytest.raises(ProgramError) as info:
        parse(text, "prog.rm")
    return info.value


@pytest.mark.parametrize("text, code, line, col", [
    ("inc a\nfoo b\n", "unknown-instruction", 2, 1),
    ("  INC a\n", "unknown-instruction", 1, 3),
    ("inc\n", "wrong-arity", 1, 1),
    ("inc a b\n", "wrong-arity", 1, 7),
    ("jz a\n", "wrong-arity", 1, 1),
    ("halt now\n", "wrong-arity", 1, 6),
    ("jmp nowhere\n", "undefined-label", 1, 5),
    ("x: inc a\nx: dec a\n", "duplicate-label", 2, 1),
    ("inc 3a\n", "bad-register", 1, 5),
    ("inc a-b\n", "bad-register", 1, 5),
    ("jmp 9\n", "bad-label", 1, 5),
    ("in a a\ninc a\n", "duplicate-input", 1, 6),
    ("x: in a\ninc a\n", "label-on-directive", 1, 1),
    ("in\nhalt\n", "wrong-arity", 1, 1),
    ("", "empty-program", 1, 1),
    ("# only a comment\n\n", "empty-program", 1, 1),
    ("in a\nout a\n", "empty-program", 1, 1),
])
def test_error_location(text, code, line, col):
    err = error_of(text)
    assert (err.code, err.diagnostics[0].line, err.diagnostics[0].col) == (code, line, col)


def test_all_problems_reported_at_once_in_source_order():
    err = error_of("jmp nowhere\nfoo\ninc 1x\n")
    assert [(d.code, d.line) for d in err.diagnostics] == [
        ("undefined-label", 1), ("unknown-instruction", 2), ("bad-register", 3)]


def test_message_shows_path_line_caret_and_hint():
    text = str(error_of("inc a\n  jz a nowhere\n"))
    assert text.splitlines()[:3] == [
        "prog.rm:2:8: error[undefined-label]: label `nowhere` is not defined",
        "      jz a nowhere",
        "           ^",
    ]
    assert "hint:" in text


def test_comments_labels_and_directives():
    program = parse("in a b ; inputs\nin c\nout d  # result\nx: y: inc d # two labels\n"
                    "z:\n  jz a x\nend:\n")
    assert program.inputs == ("a", "b", "c") and program.outputs == ("d",)
    assert program.instructions[0] == Instruction("inc", ("d",), ("x", "y"))
    assert program.instructions[1] == Instruction("jz", ("a", "x"), ("z",))
    assert program.end_labels == ("end",)
    assert parse(str(program)) == program


def test_label_and_instruction_without_space():
    assert parse("loop:inc a\njmp loop\n").instructions[0].labels == ("loop",)


def test_source_spans_do_not_affect_equality():
    assert parse("inc a\n") == parse("\n\n   inc a   # moved\n")


def test_registers_in_order_inputs_first():
    assert parse("in b\nout z\ninc a\nadd c b\n").registers == ("b", "a", "c", "z")
