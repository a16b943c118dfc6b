"""The program as parsed and as lowered, for each kind: the first part of `rnnprog show`."""

from __future__ import annotations

from rnnprog import api


def lines(compiled) -> list[str]:
    """The source as parsed and what it lowers to (core instructions, rules, state space)."""
    ext = api.kind_of(compiled).EXTENSION
    return {".rm": register_lines, ".iir": filter_lines, ".tm": machine_lines}[ext](compiled)


def core_text(compiled, k: int) -> str:
    """Core instruction k of a register program, jump targets by name: `jz a mb`, `inc c`."""
    from rnnprog.rm import report

    return report.instruction_text(compiled, k)


def register_lines(compiled) -> list[str]:
    """Each source instruction with its line, and under it the core instructions it lowers to."""
    lowered = compiled.lowered
    program = lowered.program
    out = ["program as parsed, and as lowered (core instructions under each line)"]
    for directive, names in (("in", program.inputs), ("out", program.outputs)):
        if names:
            out.append(f"  {directive} {' '.join(names)}")
    for origin, ins in enumerate(program.instructions):
        out.append(f"  line {ins.line:>3}: {ins}")
        for k, core in enumerate(lowered.code):
            if core.origin == origin:
                unit = compiled.labels[compiled.layout.pc[k]]  # a halt instruction is pc:halt
                out.append(f"      {k:>3} {unit:<9} {core_text(compiled, k)}")
    if program.end_labels:
        out.append("  " + " ".join(f"{label}:" for label in program.end_labels)
                   + "  (past the end: pc:halt)")
    return out


def filter_lines(compiled) -> list[str]:
    """The coefficients and the exact state-space form every evaluator shares."""
    from rnnprog.inspect.show import number

    space = compiled.state_space
    out = ["program as parsed", *("  " + line for line in str(compiled.program).splitlines()),
           "as lowered: transposed direct form II, y[n] = d x[n] + z[0], z' = F z + g x[n]",
           f"  d = {number(space.direct)}",
           f"  g = [{', '.join(number(v) for v in space.input_gain)}]"]
    for i, row in enumerate(space.transition):
        out.append(f"  F[{i}] = [{', '.join(number(v) for v in row)}]")
    return out


def machine_lines(compiled) -> list[str]:
    """The machine as written, then its rule table one rule a line."""
    program = compiled.program
    out = ["program as parsed", *("  " + line for line in str(program).splitlines()),
           f"as lowered: {len(program.rules)} rules (state read -> write move next), "
           f"symbols {' '.join(program.symbols)} (blank {program.blank}), start {program.start}"]
    for rule in program.rules:
        out.append(f"  {rule}")
    return out
