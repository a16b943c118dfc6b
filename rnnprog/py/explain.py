"""`rnnprog show` and `rnnprog explain` for Python functions: each Python line, the register
instructions it lowers to and the units they own; the variables' units; why the weights work."""

from __future__ import annotations

from collections import defaultdict

from rnnprog.errors import split_lines
from rnnprog.network import text
from rnnprog.py.compile import CompiledFunction
from rnnprog.rm.explain import FAST_FORWARD, GATE_WHY, WHY


def _owned(compiled: CompiledFunction) -> dict[tuple[str, int], list[int]]:
    """(function, Python line) -> the register instructions (indices) written for it, in order;
    line 0 holds a routine's, function "" the error chain's."""
    out: dict[tuple[str, int], list[int]] = defaultdict(list)
    for index, origin in enumerate(compiled.lowering.origins):
        out[(origin.function, origin.line)].append(index)
    return out


def _units(compiled: CompiledFunction, instructions: list[int]) -> list[int]:
    """The units of the core instructions these register instructions lower to."""
    chosen = set(instructions)
    layout, code = compiled.layout, compiled.lowered.code
    units = []
    for k, core in enumerate(code):
        if core.origin in chosen:
            units.append(layout.pc[k])
            if k in layout.gates:
                units.append(layout.gates[k])
    return units


def listing(compiled: CompiledFunction) -> list[str]:
    """The Python source, each line with the register instructions and units it compiled to."""
    source = split_lines(compiled.module.source or str(compiled.module))
    owned = _owned(compiled)
    program = compiled.lowered.program
    out = [f"the Python function {compiled.module.entry}, lowered to {len(program.instructions)} register "
           f"instructions ({len(compiled.lowered.code)} core); `rnnprog compile FILE.py --emit rm` "
           "prints them"]
    lines_of = {n for _, n in owned if n}
    width = min(max((len(source[n - 1]) for n in lines_of if n <= len(source)), default=0), 60)
    for number, line in enumerate(source, start=1):
        mine = [k for (function, n), ks in owned.items() if n == number for k in ks]
        units = _units(compiled, mine)
        note = f"{len(mine):>4} instructions, {len(units):>4} units" if mine else ""
        out.append(f"  {number:>3}  {line:<{width}}  {note}".rstrip())
    for (function, line), mine in owned.items():
        if line == 0:
            what = f"routine {function}" if function else "the error sites"
            out.append(f"       {what}: {len(mine)} instructions, {len(_units(compiled, mine))} units")
    return out


def lines(compiled: CompiledFunction, path: str) -> list[str]:
    """For each Python line: its register instructions and units; then the variables' units,
    what the routines do, the weights of the first line as an example, and fast-forward."""
    network, lowered, lowering = compiled.network, compiled.lowered, compiled.lowering
    source = split_lines(compiled.module.source or str(compiled.module))
    program = lowered.program
    out = [f"{path}: {compiled.module.entry} is {len(program.instructions)} register instructions, "
           f"{network.size} units; one tick per core instruction", ""]
    first = None
    for (function, number), mine in _owned(compiled).items():
        head = (f"line {number}: {source[number - 1].strip()}" if number and number <= len(source)
                else f"routine {function}: {lowering.origins[mine[0]].text}" if function
                else "the error sites: each adds 1 to reg:raise on the way to the end")
        out.append(head + (f"   (in {function})" if number and function != compiled.module.entry else ""))
        for k in mine:
            units = _units(compiled, [k])
            owned = ", ".join(network.labels[u] for u in units)
            out.append(f"    {str(program.instructions[k]):<40} {owned}")
            if first is None and number and any(k2 in compiled.layout.gates for k2, core in
                                                enumerate(lowered.code) if core.origin == k):
                first = k  # the first instruction that tests a register: the weights worth showing
        out.append("")
    out.append("variables (each int is two units, x = x+ - x-; relu keeps both >= 0)")
    for function, variables in lowering.variables.items():
        for name, pair in variables.items():
            units = [compiled.layout.registers[r] for r in pair]
            out.append(f"  {function}.{name}: " + ", ".join(network.labels[u] for u in units))
    if lowering.sites:
        out += ["", "errors the network can stop with (reg:raise holds the number)"]
        out += [f"  {s.number}: line {s.line}, {s.exception}" + (f": {s.message}" if s.message else "")
                for s in lowering.sites]
    if first is not None:
        out += ["", f"the weights of `{program.instructions[first]}`, for example:"]
        out += _weights(compiled, first)
    return out + ["", *FAST_FORWARD]


def _weights(compiled: CompiledFunction, instruction: int) -> list[str]:
    network, layout, lowered = compiled.network, compiled.layout, compiled.lowered
    out = []
    for k, core in enumerate(lowered.code):
        if core.origin != instruction:
            continue
        owned = [layout.pc[k]] + ([layout.gates[k]] if k in layout.gates else [])
        out.append(f"  {lowered.text(k)}   owns {', '.join(network.labels[u] for u in owned)}")
        for unit in owned:
            out.append(f"    {text.equation(network, unit)}")
        name = network.labels[layout.pc[k]].removeprefix("pc:")
        target = network.labels[layout.pc[core.target]] if core.target is not None else ""
        register = "" if core.register is None else \
            network.labels[layout.registers[core.register]].removeprefix("reg:")
        out.append("    why: " + WHY[core.op].format(r=register, k=name, target=target))
        if k in layout.gates:
            out.append("    gate: " + GATE_WHY.format(k=name, r=register))
    return out
