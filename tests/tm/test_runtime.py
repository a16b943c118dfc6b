"""Batched runs, the capacity guard, exact mode's unbounded tape and input checks."""

import pytest

from rnnprog.errors import DeviceError, InputError, PrecisionError
from rnnprog.tm import compile, interpret, interpreter, parse, run, trace
from rnnprog.tm.scorecard import PROGRAMS

INCREMENT = parse((PROGRAMS / "binary_increment.tm").read_text())
BB3 = parse("1RB1RZ_1LB0RC_1LC1LA")


def test_batch_rows_halt_at_their_own_step():
    tapes = ["1011", "111", "", "0", "1" * 8]
    got = run(INCREMENT, tapes, dtype="float64")
    assert got == [interpret(INCREMENT, t) for t in tapes]
    assert [r.steps for r in got] == [8, 8, 2, 3, 18]


def test_per_row_heads_and_a_single_tape_returns_one_result():
    got = run(BB3, ["", "", "1"], head=[0, 5, -2], dtype="float64")
    assert got == [interpret(BB3, t, head=h) for t, h in (("", 0), ("", 5), ("1", -2))]
    assert run(BB3, "", dtype="float32") == interpret(BB3, "")


def test_guard_stops_before_a_stack_outgrows_float32():
    expected = r"stack R .* 12 cells.*float32 holds 11.*--dtype float64"
    with pytest.raises(PrecisionError, match=expected) as info:
        run(parse("1RB1LB_1LA0LC_1RZ1LD_1RD0RA"), "", dtype="float32")
    assert info.value.exit_code == 4


def test_guard_checks_the_initial_tape():
    with pytest.raises(PrecisionError, match="initial tape"):
        run(INCREMENT, "1" * 18, dtype="float64")  # base 8 in float64 holds 17 cells


def test_guard_names_the_row_in_a_batch():
    with pytest.raises(PrecisionError, match="row 1: "):
        run(INCREMENT, ["1", "1" * 18], dtype="float64")


def test_exact_mode_has_an_unbounded_tape():
    tape = "1" * 200
    got = run(INCREMENT, tape, dtype="exact")
    assert got.tape == "1" + "0" * 200 and got == interpret(INCREMENT, tape)


def test_not_halting_reports_the_configuration_after_max_steps():
    got = run(parse("1RA1RA"), "", dtype="float64", max_steps=20)
    assert (got.halted, got.steps, got.head, got.tape) == (False, 20, 20, "1" * 20)


def test_blank_runs_keep_stacks_empty_so_float32_runs_far():
    got = run(parse("0LA"), "", dtype="float32", max_steps=2000)
    assert (got.halted, got.head, got.tape) == (False, -2000, "")


def test_trace_decodes_every_tick():
    result, configs = trace(BB3, "", dtype="float64")
    assert len(configs) == result.steps + 1 == 22
    assert configs[-1].state == "Z"


def test_a_precompiled_program_is_reused():
    compiled = compile(BB3)
    assert run(compiled, "", dtype="exact") == run(compiled, "", dtype="float64")


def test_unknown_tape_symbol_and_head_count_mismatch():
    with pytest.raises(InputError, match="'x'"):
        run(BB3, "1x", dtype="float64")
    with pytest.raises(InputError, match="2 head positions for 3 tapes"):
        run(BB3, ["", "", ""], head=[0, 1])


def test_unsupported_dtype():
    with pytest.raises(DeviceError):
        run(BB3, "", dtype="float16")


def test_guard_counts_the_head_cell_of_an_empty_stack():
    """Pinned from `rnnprog fuzz --kind tm`: from an all-blank tape, one step can put two cells on
    stack R (the written 1 and the new blank head cell). The guard stops a run at the first step
    whose configuration outgrows the dtype (by the interpreter's stack depths), and a run one step
    shorter equals the interpreter."""
    from rnnprog.errors import PrecisionError
    from rnnprog.tm import capacity, interpret, interpreter, parse, run, runtime

    machine = parse("1LB------_0LB0LA---\n")
    depths = [max(runtime.stack_depths(c)) for c in interpreter.configurations(machine, "", max_steps=20)]
    assert depths[:3] == [0, 2, 3]
    for dtype in ("float32", "float64"):
        limit = capacity.capacity(compile(machine), dtype)
        first = next(step for step, depth in enumerate(depths) if depth > limit)
        with pytest.raises(PrecisionError, match=f"at step {first} stack R .* would hold {limit + 1} cells"):
            run(machine, "", max_steps=20, dtype=dtype)
        assert run(machine, "", max_steps=first - 1, dtype=dtype) == interpret(machine, "",
                                                                                 max_steps=first - 1)


def test_the_public_api_uses_the_machines_own_budget():
    """rnnprog.run(tm, ...) once used the register programs' 1,000,000-step default."""
    import rnnprog

    forever = rnnprog.parse("0RB---_0LA---\n", kind="tm")  # steps right and back for ever
    assert rnnprog.run(forever, "").steps == interpreter.DEFAULT_MAX_STEPS == 10_000
    assert rnnprog.interpret(forever, "").steps == 10_000
    assert not rnnprog.run(forever, "", max_steps=7).halted


def test_the_exact_network_in_fixed_point_equals_the_rational_run():
    """Dyadic weights run as scaled integers (network.exact.run_dyadic): the very same values as
    ticking Fractions, 3,000 steps of BB(5)."""
    from rnnprog.network import exact
    from rnnprog.tm import codec
    from rnnprog.tm.ir import initial_config

    machine = parse("1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA")
    compiled = compile(machine)
    h0 = [codec.encode(compiled, initial_config(machine, "", 0))]
    fixed = exact.run_dyadic(compiled.network, h0, max_steps=300, record=True)
    table = exact.rows(compiled.network)
    values = list(h0[0])
    for t in range(300):
        assert fixed.traces[0][t] == values, t
        values = exact.tick(table, values)
    assert run(compiled, "", dtype="exact", max_steps=3000) == interpret(machine, "", max_steps=3000)
