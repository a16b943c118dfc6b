"""`rnnprog explain`: for each source line, its core instructions, the units it owns, the weights
that implement it, and one sentence of why."""

from __future__ import annotations

from rnnprog import api
from rnnprog.inspect import listing
from rnnprog.inspect.show import equation, number
from rnnprog.inspect.view import View

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


def lines(compiled, view: View) -> list[str]:
    """The explanation of a compiled program, one block per source line (or rule, or unit pair)."""
    ext = api.kind_of(compiled).EXTENSION
    return {".rm": register_lines, ".iir": filter_lines, ".tm": machine_lines}[ext](compiled, view)


def feeds(view: View, unit: int) -> str:
    """Where a unit's activation goes: `pc:2 +1, reg:a -1` (column `unit` of W)."""
    out = [f"{view.labels[i]} {'+' if w > 0 else ''}{number(w)}"
           for i, w in enumerate(view.weight[:, unit]) if w != 0]
    return ", ".join(out) or "nothing"


def register_lines(compiled, view: View) -> list[str]:
    """For each source instruction: core instructions, their units, equations and why."""
    lowered, layout = compiled.lowered, compiled.layout
    program = lowered.program
    out = [f"{view.path}: {len(view.units)} units; one tick per core instruction", ""]
    for origin, ins in enumerate(program.instructions):
        cores = [k for k, c in enumerate(lowered.code) if c.origin == origin]
        macro = ins.op not in ("inc", "dec", "jz", "jnz", "jmp", "halt")
        out.append(f"line {ins.line}: {ins}   " + (f"(macro: {len(cores)} core instructions)"
                                                    if macro else "(core instruction)"))
        for k in cores:
            out += ["  " + line for line in _core_block(compiled, view, k)]
        out.append("")
    out.append("registers (each keeps its value: reg:r' = reg:r + the changes above)")
    for unit in layout.registers.values():
        out.append(f"  {equation(view, unit)}")
    return out


def _core_block(compiled, view: View, k: int) -> list[str]:
    lowered, layout = compiled.lowered, compiled.layout
    core = lowered.code[k]
    name = lowered.names[k]
    target = view.labels[layout.pc[core.target]] if core.target is not None else ""
    pc = layout.pc[k]
    owned = [pc] + ([layout.gates[k]] if k in layout.gates else [])
    out = [f"{k}: {listing.core_text(compiled, k)}   owns {', '.join(view.labels[u] for u in owned)}"]
    for unit in owned:
        out.append(f"    {equation(view, unit)}")
        out.append(f"      feeds: {feeds(view, unit)}")
    out.append("    why: " + WHY[core.op].format(r=core.register, k=name, target=target))
    if k in layout.gates:
        out.append("    gate: " + GATE_WHY.format(k=name, r=core.register))
    return out


def filter_lines(compiled, view: View) -> list[str]:
    """The filter's lines (b, a), then each state variable's unit pair with its equations."""
    program = compiled.program
    out = [f"{view.path}: {len(view.units)} units; one tick per sample", ""]
    for line in str(program).splitlines():
        out.append(f"  {line}")
    out += ["", "The coefficients become the exact state-space form (transposed direct form II);",
            "each state value z[i] is held as a pair of ReLU units, z[i] = s(i+1)+ minus s(i+1)-,",
            "because a ReLU unit alone cannot hold a negative number.", ""]
    for i in range(0, len(view.units), 2):
        plus, minus = view.labels[i], view.labels[i + 1]
        name = "the output y[n]" if plus.startswith("y") else f"state z[{i // 2}]"
        out.append(f"{plus} / {minus}: {name}")
        out += [f"    {equation(view, i)}", f"    {equation(view, i + 1)}"]
        out.append(f"    why: the two rows are negatives of each other, so exactly one is nonzero "
                   f"and {plus} - {minus} is {name} itself.")
    out.append("readout: y[n] = y+ - y- (a linear layer after the RNN)")
    return out


def machine_lines(compiled, view: View) -> list[str]:
    """Each rule with its gate units and what their columns feed; then the tape machinery."""
    program = compiled.program
    index = {label: i for i, label in enumerate(view.labels)}
    out = [f"{view.path}: {len(view.units)} units; one tick per machine step", ""]
    for rule in program.rules:
        where = f"line {rule.line}: " if rule.line else ""
        gates = [label for label in view.labels if label.startswith(f"gate:{rule.state}/{rule.read} via")]
        out.append(f"{where}{rule}   owns {', '.join(gates) or 'no unit'}")
        for label in gates:
            out.append(f"    {label} feeds: {feeds(view, index[label])}")
        if rule.is_bare_halt:
            out.append("    why: no weights fire from this gate into the tape: the machine halts here.")
        else:
            out.append(f"    why: the gate is 1 exactly when the machine is in state {rule.state} "
                       f"reading {rule.read}; its weights write {rule.write}, move the head "
                       f"{rule.move} (pop one stack, push the other) and turn on the gates of "
                       f"state {rule.next}.")
    out += ["", "tape machinery (shared by every rule)"]
    for i, unit in enumerate(view.units):
        if unit.kind != "gate":
            out.append(f"  {equation(view, i)}")
            out.append(f"      {unit.meaning}")
    return out
