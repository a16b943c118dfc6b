"""`rnnprog show` and `rnnprog explain` for filters: the coefficients, the exact state-space
form, and each state variable's pair of units."""

from __future__ import annotations

from rnnprog.network import text


def listing(compiled) -> list[str]:
    """The coefficients and the exact state-space form every evaluator shares."""
    space = compiled.state_space
    out = ["program as parsed", *("  " + line for line in str(compiled.program).splitlines()),
           "as lowered: transposed direct form II, y[n] = d x[n] + z[0], z' = F z + g x[n]",
           f"  d = {text.number(space.direct)}",
           f"  g = [{', '.join(text.number(v) for v in space.input_gain)}]"]
    for i, row in enumerate(space.transition):
        out.append(f"  F[{i}] = [{', '.join(text.number(v) for v in row)}]")
    return out



def lines(compiled, path: str) -> list[str]:
    """The filter's lines (b, a), then each state variable's unit pair with its equations."""
    program, network = compiled.program, compiled.network
    out = [f"{path}: {len(network.units)} units; one tick per sample", ""]
    for line in str(program).splitlines():
        out.append(f"  {line}")
    out += ["", "The coefficients become the exact state-space form (transposed direct form II);",
            "each state value z[i] is held as a pair of ReLU units, z[i] = s(i+1)+ minus s(i+1)-,",
            "because a ReLU unit alone cannot hold a negative number.", ""]
    for i in range(0, len(network.units), 2):
        plus, minus = network.labels[i], network.labels[i + 1]
        name = "the output y[n]" if plus.startswith("y") else f"state z[{i // 2}]"
        out.append(f"{plus} / {minus}: {name}")
        out += [f"    {text.equation(network, i)}", f"    {text.equation(network, i + 1)}"]
        out.append(f"    why: the two rows are negatives of each other, so exactly one is nonzero "
                   f"and {plus} - {minus} is {name} itself.")
    out.append("readout: y[n] = y+ - y- (a linear layer after the RNN)")
    return out


