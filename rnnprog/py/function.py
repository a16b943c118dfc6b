"""Python functions as networks from Python itself: `compile_function(f)` reads f's source (and the
sources of the functions of its module it calls), and `@on_rnn` makes a function whose calls run
on the compiled RNN and return what the function returns (or raise what it raises)."""

from __future__ import annotations

import builtins
import inspect
import linecache
import textwrap

from rnnprog.errors import Diagnostic, ProgramError, RnnprogError
from rnnprog.py import check, parse, result, runtime
from rnnprog.py.compile import CompiledFunction, compile
from rnnprog.py.result import PythonResult


class NotReturned(RnnprogError):
    """A call ran past its step budget without returning."""

    exit_code = 3


class NetworkFunction:
    """A Python function compiled into a stock `torch.nn.RNN`; calling it runs the network.

    `compiled` is the CompiledFunction (`.rnn` the module, `.network` the weights), `run(*args)`
    the full PythonResult, `interpret(*args)` the register interpreter's, `python` the original.
    """

    def __init__(self, python, compiled: CompiledFunction, *, dtype: str | None = None,
                 device=None, max_steps: int | None = None):
        self.python, self.compiled = python, compiled
        self.dtype, self.device, self.max_steps = dtype or "exact", device, max_steps
        self.__name__ = compiled.module.entry
        self.__doc__ = getattr(python, "__doc__", None)
        self.__wrapped__ = python

    def run(self, *args) -> PythonResult:
        """The network's run of this call, with its steps and where it ran."""
        calls = [result.arguments(self.compiled.lowering, self._named(args))]
        return runtime.run(self.compiled, calls, device=self.device, dtype=self.dtype,
                           max_steps=self.max_steps).results[0]

    def interpret(self, *args) -> PythonResult:
        return runtime.interpret(self.compiled, result.arguments(self.compiled.lowering, self._named(args)),
                                 max_steps=self.max_steps)

    def __call__(self, *args):
        """What the function returns, computed by the network; its errors raised as Python raises
        them (NotReturned where a step budget ends the run first)."""
        done = self.run(*args)
        if not done.halted:
            raise NotReturned(str(done))
        if done.error is not None:
            raise getattr(builtins, done.error.exception)(done.error.message)
        return done.value

    def _named(self, args: tuple) -> dict:
        params = [name for name, _ in self.compiled.lowering.params]
        if len(args) != len(params):
            raise TypeError(f"{self.__name__}() takes {len(params)} arguments ({len(args)} given)")
        return dict(zip(params, args))

    def __repr__(self) -> str:
        return f"<{self.__name__} on a {self.compiled.units}-unit RNN>"


def compile_function(function, **options) -> NetworkFunction:
    """Compile a Python function (a plain `def` of the subset) from its source code.

    Functions of its module that it calls are compiled with it. Options: dtype, device,
    max_steps (as `rnnprog.run`).

    Raises:
        ProgramError: the function (or one it calls) is outside the subset, or has no source.
    """
    python = getattr(function, "python", function)
    text, path = source_of(python)
    module = parse.parse(text, path, entry=python.__name__, decorators=True)
    return NetworkFunction(python, compile(module), **options)


def on_rnn(function=None, **options):
    """A decorator: `@on_rnn` (or `@on_rnn(dtype="float64")`) compiles the function, and each call
    runs on the network."""
    if function is None:
        return lambda f: compile_function(f, **options)
    return compile_function(function, **options)


def source_of(python) -> tuple[str, str]:
    """The text to parse for `python` and its callees, and the path messages name.

    Where every function lives at the top level of one file, the text is that file with every
    other line blanked, so a message's line and column are the file's own; otherwise the
    functions' dedented sources, one after another."""
    functions = _with_callees(python)
    files = {inspect.getsourcefile(f) for f in functions}
    try:
        spans = [(inspect.getsourcelines(f), f) for f in functions]
    except (OSError, TypeError) as err:
        raise ProgramError([Diagnostic("no-source", f"cannot read the source of {python.__name__}: {err}",
                                       1, 1, "define the function in a file or a notebook cell")],
                           path=python.__name__) from None
    path = next(iter(files))
    top_level = len(files) == 1 and path and all(lines[0][0][:1] in ("@", "d") for (lines, _), _ in
                                                   zip(spans, functions))
    if top_level:
        every = linecache.getlines(path)
        keep = {start + i for (lines, start), _ in spans for i in range(len(lines))}
        text = "".join(line if (n + 1) in keep else "\n" for n, line in enumerate(every))
        return text, path
    return "\n\n".join(textwrap.dedent("".join(lines)) for (lines, _), _ in spans), f"<{python.__name__}>"


def _with_callees(python) -> list:
    """`python` and every function of its module it calls, directly or not (by name)."""
    found, todo = {python.__name__: python}, [python]
    while todo:
        current = todo.pop()
        try:
            text = textwrap.dedent(inspect.getsource(current))
            functions, _ = parse.read(text, "<source>", decorators=True)
        except (OSError, TypeError, ProgramError):
            continue  # reported when the whole is parsed
        for call in (c for f in functions for c in check.calls(f.body)):
            target = getattr(current, "__globals__", {}).get(call.func)
            target = getattr(target, "python", target)
            if inspect.isfunction(target) and call.func not in found:
                found[call.func] = target
                todo.append(target)
    return list(found.values())
