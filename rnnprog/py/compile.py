"""Compile a Python function into a stock `torch.nn.RNN(nonlinearity='relu')`, in four stages:

1. parse and check (rnnprog.py.parse, .check): the file's `ast` -> the subset's IR;
2. lower (rnnprog.py.lower): IR -> a register program, each int a pair of registers;
3. rm's compiler (rnnprog.rm.parse, .compile): register program -> weights, as for any `.rm`;
4. name (here): every unit relabelled by its Python origin (`pc:L3.2`, `reg:a+`), and h(0)
   taken from the signed arguments themselves: relu splits each into its two registers.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import torch

from rnnprog.errors import CompileError
from rnnprog.network import torch_build
from rnnprog.network.ir import Matrix, Network, Unit
from rnnprog.py import ir
from rnnprog.py.lower import RAISED, Lowering, lower
from rnnprog.rm.compile import CompiledProgram
from rnnprog.rm.compile import compile as compile_registers
from rnnprog.rm.ir import Lowered
from rnnprog.rm.layout import Layout
from rnnprog.rm.parse import parse as parse_registers


@dataclass(frozen=True, eq=False)
class CompiledFunction:
    """A compiled Python function: its module, the register program it lowers to, the unit
    layout and the network (h(0) = relu(E @ [1, *arguments]))."""

    module: ir.Module
    lowering: Lowering
    lowered: Lowered
    layout: Layout
    network: Network
    natural_encoder: Matrix  # E over [1, x_pos, x_neg, ...]: the register program's own inputs

    @property
    def program(self) -> ir.Module:
        return self.module

    @property
    def labels(self) -> tuple[str, ...]:
        return self.network.labels

    @property
    def units(self) -> int:
        return self.network.size

    @functools.cached_property
    def registers(self) -> CompiledProgram:
        """The same weights as a compiled register program (inputs x_pos, x_neg): what rm's
        runtime, fast-forward, guard and checker run."""
        rm_inputs = self.lowered.program.inputs
        network = dataclasses.replace(self.network, encoder=self.natural_encoder,
                                      encoder_names=rm_inputs, cache={})
        return CompiledProgram(self.lowered, self.layout, network)

    @property
    def rnn(self) -> torch.nn.RNN:
        """The stock module in float32 on the CPU."""
        return self.module_in("float32", torch.device("cpu"))

    def module_in(self, dtype: str, device: torch.device) -> torch.nn.RNN:
        return torch_build.module(self.network, dtype, device)

    def __repr__(self) -> str:
        return (f"CompiledFunction({self.module.entry}, units={self.units}, "
                f"nonzero_weights={self.network.recurrent.nonzero})")


def compile(module: ir.Module) -> CompiledFunction:
    """Lower, compile with rm, and name every unit after its Python origin."""
    lowering = lower(module)
    program = parse_registers(lowering.text, f"{module.path} (lowered)")
    compiled = compile_registers(program)
    units = relabel(compiled, lowering)
    layout = dataclasses.replace(compiled.layout, units=units)
    network = dataclasses.replace(compiled.network, units=units, encoder=signed_encoder(compiled, lowering),
                                  encoder_names=tuple(name for name, _ in lowering.params),
                                  initial="h(0) = relu(E @ [1, *arguments]): relu(x) into x+ and "
                                  "relu(-x) into x-, the program counter at the first instruction",
                                  cache={})
    return CompiledFunction(module, lowering, compiled.lowered, layout, network, compiled.network.encoder)


def signed_encoder(compiled: CompiledProgram, lowering: Lowering) -> Matrix:
    """E' over [1, x, y, ...] with relu(E' @ [1, x, ...]) == relu(E @ [1, x_pos, x_neg, ...]):
    the column of x_pos goes in with +1, that of x_neg with -1 (x_pos = relu(x), x_neg = relu(-x)).
    A gate row that only subtracts inputs (relu(-r) of a later instruction) is 0 for every input
    and keeps just its constant.

    Raises:
        CompileError: an input feeds a unit that is not its register and may be positive (its
            sign split would not be linear; lower guards the first instruction so none does).
    """
    column = {}
    for k, (_, pair) in enumerate(lowering.params, start=1):
        column[pair.pos], column[pair.neg] = (k, 1), (k, -1)
    names = compiled.lowered.program.inputs
    rows = compiled.network.encoder.rows
    items = []
    for i, row in enumerate(rows):
        at_zero = all(w <= 0 for _, w in row)
        for j, w in row:
            if j == 0:
                items.append((i, 0, w))
                continue
            name = names[j - 1]
            if compiled.layout.registers[name] == i:
                k, sign = column[name]
                items.append((i, k, sign * w))
            elif not at_zero:
                raise CompileError(f"input {name} feeds unit {compiled.labels[i]}: its sign cannot "
                                   "be split")
    return Matrix.of((compiled.network.size, 1 + len(lowering.params)), items)


def relabel(compiled: CompiledProgram, lowering: Lowering) -> tuple[Unit, ...]:
    """Every unit named after where it comes from in the Python source: `pc:L3.0` (line 3's
    first instruction), `gate:L3.0`, `reg:a+`/`reg:a-` (variable a), `pc:divmod.4` (a routine)."""
    names = _instruction_names(compiled, lowering)
    registers = _register_names(lowering)
    out = []
    for unit in compiled.layout.units:
        fields = dict(unit.fields)
        if unit.role in ("pc", "gate"):
            k = fields["instruction"]
            origin = lowering.origins[compiled.lowered.code[k].origin]
            where = f"line {origin.line} `{origin.text}`" if origin.line else origin.text
            out.append(Unit(f"{unit.role}:{names[k]}", unit.role, f"{where}: {unit.meaning}",
                            (*unit.fields, ("python_line", origin.line), ("function", origin.function))))
        elif unit.role == "reg":
            register = fields["register"]
            label, meaning = registers.get(register, (default_label(register), _meaning(register, unit)))
            out.append(Unit(f"reg:{label}", "reg", meaning, unit.fields))
        else:
            out.append(Unit(unit.label, unit.role, "the function has returned or raised", unit.fields))
    return tuple(out)


def _instruction_names(compiled: CompiledProgram, lowering: Lowering) -> list[str]:
    """`L3.0`, `L3.1`, ... per Python line; `helper:L7.0` in another function; `divmod.12` in
    a routine; `raise.0` in the error chain."""
    main = next(iter(lowering.variables), "")
    counts: dict[tuple, int] = {}
    out = []
    for core in compiled.lowered.code:
        origin = lowering.origins[core.origin]
        if origin.line:
            key = (origin.function, origin.line)
            stem = f"L{origin.line}" if origin.function in (main, "") else f"{origin.function}:L{origin.line}"
        else:
            key = (origin.function or RAISED, 0)
            stem = origin.function or RAISED
        out.append(f"{stem}.{counts.get(key, 0)}")
        counts[key] = counts.get(key, 0) + 1
    return out


def _register_names(lowering: Lowering) -> dict[str, tuple[str, str]]:
    """register -> (label, meaning): a variable's halves are `x+` and `x-` (`f.x+` in a
    function the entry calls); other pairs by their stem; single registers as they are."""
    out = {}
    entry = next(iter(lowering.variables), None)
    for function, variables in lowering.variables.items():
        qualifier = "" if function == entry else f"{function}."
        for name, pair in variables.items():
            out[pair.pos] = (f"{qualifier}{name}+", f"{function}: {name} when >= 0 (x = x+ - x-)")
            out[pair.neg] = (f"{qualifier}{name}-", f"{function}: -{name} when < 0 (x = x+ - x-)")
    for index, pair in enumerate(lowering.results):
        what = "the value returned" if len(lowering.results) == 1 else f"returned value {index}"
        out[pair.pos] = (pair.pos.removesuffix("_pos") + "+", f"{what}, when >= 0")
        out[pair.neg] = (pair.neg.removesuffix("_neg") + "-", f"-({what}), when < 0")
    out[RAISED] = (RAISED, "0, or the number of the error site the function stopped at")
    return out


def default_label(register: str) -> str:
    """A register's label when it is not a variable's: a pair's halves end `+` and `-`."""
    for suffix, sign in (("_pos", "+"), ("_neg", "-")):
        if register.endswith(suffix):
            return register.removesuffix(suffix) + sign
    return register


def _meaning(register: str, unit: Unit) -> str:
    """What a register the compiler made holds: a half of a temporary value, a routine's
    register, a call's return flag (rm's `%t` keeps rm's own words)."""
    stem = register.removesuffix("_pos").removesuffix("_neg")
    half = "the + half" if register.endswith("_pos") else "the - half" if register.endswith("_neg") else ""
    if "_from_" in register:
        callee, _, site = register.partition("_from_")
        return f"1 while {callee} runs for the call at {site} (its return goes back there)"
    if half and "tmp" in stem:
        return f"{half} of a value being computed ({stem})"
    if half:
        return f"{half} of {stem}"
    return unit.meaning if register.startswith("%") else f"{register}, a register of the compiled code"
