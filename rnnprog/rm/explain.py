"""`rnnprog show` and `rnnprog explain` for register programs: each source line, its core
instructions, the units it owns, the weights that implement it, and one sentence of why."""

from __future__ import annotations

from rnnprog.network import text

#: Why each core instruction's weights do what it means ({r} register, {k} unit suffix).
WHY = {
    "inc": "pc:{k} hands control to the next instruction and adds itself to reg:{r}, so while "
           "the program is here reg:{r} grows by exactly 1.",
    "dec": "reg:{r} loses pc:{k} - gate:{k}, which is 1 when the program is here and {r} > 0 and 0 "
           "when {r} is already 0, so the register never goes negative.",
    "jz": "the gate is 1 exactly when the program is here and {r} is zero: it sends control to "
          "{target}, and pc:{k} - gate:{k} (1 only when {r} > 0) falls through to the next line.",
    "jnz": "the gate is 1 exactly when the program is here and {r} is zero: then control falls "
           "through, and pc:{k} - gate:{k} (1 only when {r} > 0) jumps to {target}.",
    "jmp": "pc:{k} passes its 1 straight to {target}; nothing else changes.",
    "halt": "this instruction is the halt unit itself: pc:halt feeds itself, so a halted network "
            "stays put.",
}
GATE_WHY = ("the gate is computed one tick ahead as relu(pc:{k}' - reg:{r}'), written out in h(t): "
            "1 exactly when the next instruction is this one and {r} will be 0 (registers are "
            "integers >= 0).")



def listing(compiled) -> list[str]:
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
                out.append(f"      {k:>3} {unit:<9} {compiled.lowered.text(k)}")
    if program.end_labels:
        out.append("  " + " ".join(f"{label}:" for label in program.end_labels)
                   + "  (past the end: pc:halt)")
    return out


def lines(compiled, path: str) -> list[str]:
    """For each source instruction: core instructions, their units, equations and why."""
    lowered, layout, network = compiled.lowered, compiled.layout, compiled.network
    program = lowered.program
    out = [f"{path}: {len(network.units)} units; one tick per core instruction", ""]
    for origin, ins in enumerate(program.instructions):
        cores = [k for k, c in enumerate(lowered.code) if c.origin == origin]
        macro = ins.op not in ("inc", "dec", "jz", "jnz", "jmp", "halt")
        out.append(f"line {ins.line}: {ins}   " + (f"(macro: {len(cores)} core instructions)"
                                                    if macro else "(core instruction)"))
        for k in cores:
            out += ["  " + line for line in _core_block(compiled, k)]
        out.append("")
    out.append("registers (each keeps its value: reg:r' = reg:r + the changes above)")
    for unit in layout.registers.values():
        out.append(f"  {text.equation(network, unit)}")
    return out + ["", *FAST_FORWARD]


#: How `rnnprog run` skips ticks on these weights, for the end of `explain`.
FAST_FORWARD = [
    "fast-forward (rnnprog run; --no-accelerate computes every tick)",
    "  a loop: while a block of ticks keeps one pattern of active units the network is linear over "
    "it, h -> A h + c. When the block repeats with the same change d and A d = d, each further pass "
    "adds d, and every pre-activation is affine in the pass count, so it keeps its sign for every "
    "pass between two that do: the run jumps the most passes that keep every sign (in float32 or "
    "float64 also every value at most 2^24 - 2 or 2^53 - 2).",
    "  between loops: the ticks from one jump to the next are kept as run, and replayed from a later "
    "state with the same active units and program position when every pre-activation that moves "
    "with the registers keeps the sign it had (each is the recorded value plus a fixed multiple of "
    "the change in the registers); the jump after it is then certified from the same numbers.",
]


def _core_block(compiled, k: int) -> list[str]:
    lowered, layout, network = compiled.lowered, compiled.layout, compiled.network
    core = lowered.code[k]
    name = lowered.names[k]
    target = network.labels[layout.pc[core.target]] if core.target is not None else ""
    pc = layout.pc[k]
    owned = [pc] + ([layout.gates[k]] if k in layout.gates else [])
    out = [f"{k}: {lowered.text(k)}   owns {', '.join(network.labels[u] for u in owned)}"]
    for unit in owned:
        out.append(f"    {text.equation(network, unit)}")
        out.append(f"      feeds: {text.feeds(network, unit)}")
    out.append("    why: " + WHY[core.op].format(r=core.register, k=name, target=target))
    if k in layout.gates:
        out.append("    gate: " + GATE_WHY.format(k=name, r=core.register))
    return out


