"""The registry of program kinds and the Kind protocol: the bottom of rnnprog's import graph.

This module imports no other rnnprog module. Everything above it (api, artifacts, check, inspect,
cli) finds a kind here and talks to it only through the protocol below and the network IR
(`rnnprog.network`). A kind is one package plus one line in BUILTIN (or a `register` call).
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol, runtime_checkable

#: Built-in kinds: name -> "module:attribute" of its Kind object, imported on first use.
BUILTIN = {
    "rm": "rnnprog.rm.kind:KIND",
    "iir": "rnnprog.iir.kind:KIND",
    "tm": "rnnprog.tm.kind:KIND",
    "seq": "rnnprog.seq.kind:KIND",
}

_registered: dict[str, Kind] = {}


@runtime_checkable
class Kind(Protocol):
    """What every program kind provides (`rnnprog.network.kind.BaseKind` gives defaults).

    Names: `name` ("rm"), `extension` (".rm"), `title` ("register program"). Defaults:
    `default_dtype`, `dtypes` it runs in, `default_max_steps` (None: runs as long as its input).
    `simplest` is the source text of its simplest program (for fuzzing and docs).
    """

    name: str
    extension: str
    title: str
    default_dtype: str
    dtypes: tuple[str, ...]
    default_max_steps: int | None
    simplest: str

    def owns(self, value: Any) -> bool:
        """Is `value` a Program or a compiled program of this kind?"""

    def parse(self, text: str, path: str) -> Any:
        """Program text -> Program; raises ProgramError with path:line:col diagnostics."""

    def compile(self, program: Any) -> Any:
        """Program (or compiled program, returned as is) -> compiled program with `.network`."""

    def program_of(self, value: Any) -> Any:
        """The Program of a Program or a compiled program."""

    def network(self, compiled: Any) -> Any:
        """The compiled program's network IR (rnnprog.network.ir.Network)."""

    def with_network(self, compiled: Any, network: Any) -> Any:
        """A copy of `compiled` that runs `network` instead (perturbation edits the IR)."""

    def interpret(self, program: Any, inputs: Any, *, max_steps: int | None, **options) -> Any:
        """The reference interpreter's result (independent of the compiler)."""

    def run(self, program: Any, inputs: Any, *, device: Any, dtype: str | None,
            max_steps: int | None, **options) -> Any:
        """Run the network: one input gives one result, a list gives a list."""

    def decode(self, compiled: Any, state: Any) -> Any:
        """One hidden state -> the kind's own state (registers, configuration), or None."""

    def programs(self) -> Any:
        """A Hypothesis strategy of valid programs (shrinking to the simplest)."""

    def target(self, compiled: Any, *, dtype: str | None, device: Any, max_steps: int,
               clean: Any = None) -> Any:
        """The checker's comparison for this kind (a rnnprog.check.outcome.Target)."""

    def listing(self, compiled: Any) -> list[str]:
        """The program as parsed and as lowered (the first part of `rnnprog show`)."""

    def explain(self, compiled: Any, path: str) -> list[str]:
        """`rnnprog explain`: what each line owns and why."""

    def facts(self, compiled: Any) -> dict:
        """Kind-specific facts for `show --json` (e.g. a tape capacity)."""

    def description(self, compiled: Any) -> tuple[dict, dict]:
        """(encoding, decoding): JSON-ready words on how inputs become h(0) and states outputs."""

    def run_command(self, program: Any, file: str, options: Any) -> int:
        """The body of `rnnprog run FILE` for this kind; returns the exit code."""

    def commands(self) -> tuple[Any, ...]:
        """Extra click commands the kind adds to the CLI (e.g. `filter`)."""

    def trainer(self) -> Any:
        """What `rnnprog train` needs for this kind, or None where training makes no sense:
        `refusal(compiled)` (why a program cannot be trained, or None), `run(compiled, name=,
        options=, progress=)` -> (report with `table()` and `as_dict()`, trained model),
        `plot(report, model, compiled, path)` and `save(model, path)`."""


class UnknownKind(LookupError):
    """No registered kind has this name, extension or program type."""


def register(kind: Kind) -> Kind:
    """Add (or replace) a kind; returns it, so a module can say `KIND = register(MyKind())`."""
    _registered[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Remove a registered kind (tests register toy kinds and remove them again)."""
    _registered.pop(name, None)


def all_kinds() -> list[Kind]:
    """Every kind, built-ins first, in registration order."""
    for name in BUILTIN:
        _load(name)
    return list(_registered.values())


def get(name_or_extension: str) -> Kind:
    """The kind named "rm" or with extension ".rm".

    Raises:
        UnknownKind: no such kind (the message lists the known extensions).
    """
    if not isinstance(name_or_extension, str):
        raise UnknownKind(f"a kind is named by a string, not {type(name_or_extension).__name__}")
    name = name_or_extension.removeprefix(".")
    if name in BUILTIN:
        _load(name)
    if name in _registered:
        return _registered[name]
    known = ", ".join(k.name for k in all_kinds())
    raise UnknownKind(f"unknown program kind {name_or_extension!r}; known kinds: {known}")


def of(value: Any) -> Kind:
    """The kind whose Program or compiled program `value` is.

    Raises:
        UnknownKind: `value` is not a program of any registered kind.
    """
    for kind in all_kinds():
        if kind.owns(value):
            return kind
    raise UnknownKind(f"not an rnnprog program: {type(value).__name__}")


def extensions() -> list[str]:
    """Every registered kind's file extension."""
    return [kind.extension for kind in all_kinds()]


def _load(name: str) -> None:
    if name not in _registered:
        module, _, attribute = BUILTIN[name].partition(":")
        register(getattr(importlib.import_module(module), attribute))
