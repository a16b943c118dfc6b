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
    "py": "rnnprog.py.kind:KIND",
}

_registered: dict[str, Kind] = {}


class Required(Protocol):
    """What every kind supplies itself: nothing generic can stand in for its language.

    Names: `name` ("rm"), `extension` (".rm"), `title` ("register program"). Defaults:
    `default_dtype`, `dtypes` it runs in, `default_max_steps` (None: runs as long as its input).
    `simplest` is the source text of its simplest program (for fuzzing and docs).
    (A `rnnprog.kindbase.BaseKind` subclass also gives `build`, `program_types` and
    `compiled_types`, from which BaseKind provides the rest.)
    """

    name: str
    extension: str
    title: str
    default_dtype: str
    dtypes: tuple[str, ...]
    default_max_steps: int | None
    simplest: str

    def parse(self, text: str, path: str) -> Any:
        """Program text -> Program; raises ProgramError with path:line:col diagnostics."""

    def interpret(self, program: Any, inputs: Any, *, max_steps: int | None, **options) -> Any:
        """The reference interpreter's result (independent of the compiler)."""

    def trace(self, program: Any, inputs: Any, *, max_steps: int) -> list:
        """The interpreter's states, before step 1 through the last (for the generic check)."""

    def decode(self, compiled: Any, state: Any) -> Any:
        """One hidden state -> the kind's own state (registers, configuration), or None."""

    def programs(self) -> Any:
        """A Hypothesis strategy of valid programs (shrinking to the simplest)."""

    def inputs(self, program: Any, limits: Any) -> Any:
        """A Hypothesis strategy of inputs for `program` within the checker's Limits."""


class Provided(Protocol):
    """What generic code calls beyond `Required`; `BaseKind` writes each once on the network IR
    (a kind overrides what it does better), and a kind that does not subclass it supplies them all."""

    def owns(self, value: Any) -> bool:
        """Is `value` a Program or a compiled program of this kind?"""

    def program_of(self, value: Any) -> Any:
        """The Program of a Program or a compiled program."""

    def compile(self, program: Any) -> Any:
        """Program (or compiled program, returned as is) -> compiled program."""

    def network(self, compiled: Any) -> Any:
        """The compiled program's network IR (rnnprog.network.ir.Network)."""

    def with_network(self, compiled: Any, network: Any) -> Any:
        """A copy of `compiled` that runs `network` instead (perturbation edits the IR)."""

    def hooks(self, compiled: Any, dtype: str) -> Any:
        """The float runner's hooks (rnnprog.network.runner.Hooks): the precision guard."""

    def initial_states(self, compiled: Any, rows: list) -> Any:
        """h(0) for each input row, an object array of exact numbers (batch, units)."""

    def results(self, compiled: Any, final: Any, steps: Any, halted: Any, device: str,
                dtype: str) -> list:
        """One result per row from the final states, steps and halted flags of a run."""

    def run(self, program: Any, inputs: Any, *, device: Any, dtype: str | None,
            max_steps: int | None, **options) -> Any:
        """Run the network: one input gives one result, a list gives a list."""

    def target(self, compiled: Any, *, dtype: str | None, device: Any, max_steps: int,
               clean: Any = None) -> Any:
        """The checker's comparison for this kind (a rnnprog.compare.outcome.Target)."""

    def listing(self, compiled: Any) -> list[str]:
        """The program as parsed and as lowered (the first part of `rnnprog show`)."""

    def explain(self, compiled: Any, path: str) -> list[str]:
        """`rnnprog explain`: what each line owns and why."""

    def facts(self, compiled: Any) -> dict:
        """Kind-specific facts for `show --json` (e.g. a tape capacity)."""

    def description(self, compiled: Any) -> tuple[dict, dict]:
        """(encoding, decoding): JSON-ready words on how inputs become h(0) and states outputs."""

    def timeline(self, compiled: Any, inputs: Any, *, max_steps: int | None, dtype: str | None,
                 keep: Any = None, **options) -> Any:
        """One run beside the interpreter for `rnnprog page` (a rnnprog.page.timeline.Timeline):
        the source, and for each kept tick its source position, the state decoded from h(t) and
        the interpreter's; every fast-forward jump as one step with its first ticks."""

    def run_command(self, program: Any, file: str, options: Any) -> int:
        """The body of `rnnprog run FILE` for this kind; returns the exit code."""

    def input_rows(self, options: Any) -> list:
        """The input rows `rnnprog run` was given (NAME=VALUE words, a file of inputs, ...)."""

    def echo_results(self, table: list, results: list, seconds: float, options: Any) -> int:
        """Print the results of `input_rows`; returns the exit code."""

    def lowered_source(self, compiled: Any) -> tuple[str, str] | None:
        """(extension, text) of the program this kind compiles through, in another kind's
        language (a Python function's register program: ".rm"), or None (`compile --emit`)."""

    def commands(self, load: Any) -> tuple[Any, ...]:
        """Extra click commands the kind adds to the CLI (e.g. `filter`); `load(path)` reads any
        program file, source or .rnn (a kind package sits below `api` and must not import it)."""

    def trainer(self) -> Any:
        """What `rnnprog train` needs for this kind, or None where training makes no sense:
        `refusal(compiled)` (why a program cannot be trained, or None), `run(compiled, name=,
        options=, progress=)` -> (report with `table()` and `as_dict()`, trained model),
        `plot(report, model, compiled, path)` and `save(model, path)`."""


@runtime_checkable
class Kind(Required, Provided, Protocol):
    """Everything generic code (api, check, artifacts, inspect, cli) calls on a kind: `Required`
    plus `Provided`. `register` refuses an object that lacks any of it."""


def members(protocol: type) -> frozenset[str]:
    """The attribute and method names a protocol class declares itself (not its bases')."""
    own = set(protocol.__dict__.get("__annotations__", {}))
    own |= {name for name, value in protocol.__dict__.items()
            if callable(value) and not name.startswith("_")}
    return frozenset(own)


#: What a kind must supply, and what BaseKind provides; together, every member of `Kind`.
REQUIRED, PROVIDED = members(Required), members(Provided)


class UnknownKind(LookupError):
    """No registered kind has this name, extension or program type."""


def register(kind: Kind) -> Kind:
    """Add (or replace) a kind; returns it, so a module can say `KIND = register(MyKind())`.

    Raises:
        TypeError: `kind` lacks members of the Kind protocol (they are named).
    """
    missing = sorted(name for name in REQUIRED | PROVIDED if not hasattr(kind, name))
    if missing:
        raise TypeError(f"{type(kind).__name__} is not a Kind: it lacks {', '.join(missing)} "
                        "(subclass rnnprog.kindbase.BaseKind to get every member of PROVIDED)")
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
