"""`rnnprog show` and `rnnprog explain` for Turing machines: each rule with its gate units and
what their columns feed, then the tape machinery."""

from __future__ import annotations

from rnnprog.network import text


def listing(compiled) -> list[str]:
    """The machine as written, then its rule table one rule a line."""
    program = compiled.program
    out = ["program as parsed", *("  " + line for line in str(program).splitlines()),
           f"as lowered: {len(program.rules)} rules (state read -> write move next), "
           f"symbols {' '.join(program.symbols)} (blank {program.blank}), start {program.start}"]
    for rule in program.rules:
        out.append(f"  {rule}")
    return out


def lines(compiled, path: str) -> list[str]:
    """Each rule with its gate units and what their columns feed; then the tape machinery."""
    program, network = compiled.program, compiled.network
    out = [f"{path}: {len(network.units)} units; one tick per machine step", ""]
    for rule in program.rules:
        where = f"line {rule.line}: " if rule.line else ""
        gates = [i for i, u in enumerate(network.units)
                 if u.role == "gate" and (u.get("state"), u.get("symbol")) == (rule.state, rule.read)]
        out.append(f"{where}{rule}   owns {', '.join(network.labels[i] for i in gates) or 'no unit'}")
        for i in gates:
            out.append(f"    {network.labels[i]} feeds: {text.feeds(network, i)}")
        if rule.is_bare_halt:
            out.append("    why: no weights fire from this gate into the tape: the machine halts here.")
        else:
            out.append(f"    why: the gate is 1 exactly when the machine is in state {rule.state} "
                       f"reading {rule.read}; its weights write {rule.write}, move the head "
                       f"{rule.move} (pop one stack, push the other) and turn on the gates of "
                       f"state {rule.next}.")
    out += ["", "tape machinery (shared by every rule)"]
    for i, unit in enumerate(network.units):
        if unit.role != "gate":
            out.append(f"  {text.equation(network, i)}")
            out.append(f"      {unit.meaning}")
    return out
