"""The layering holds: the kinds registry imports no other rnnprog module, and the import graph
of rnnprog (every import statement, at module level or inside a function) has no cycle."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "rnnprog"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if p.name != "__main__.py"}


def imports(path: Path) -> set[str]:
    """The rnnprog modules `path` imports (`from a import b` counts a.b when b is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module
                      for a in node.names}
    return {name for name in found if name in MODULES and name != module_name(path)}


GRAPH = {name: imports(path) for name, path in MODULES.items()}


def cycle() -> list[str] | None:
    """One import cycle, or None."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(name):
        state[name] = 1
        stack.append(name)
        for nxt in sorted(GRAPH[name]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[name] = 2
        return None

    for name in sorted(GRAPH):
        if name not in state and (found := visit(name)):
            return found
    return None


def test_the_registry_is_the_bottom_of_the_graph():
    assert GRAPH["rnnprog.kinds"] == set()


def test_the_import_graph_has_no_cycle():
    assert cycle() is None, " -> ".join(cycle())


def test_only_kind_packages_and_the_registry_name_a_kind():
    """The layers above the kinds (api, artifacts, check, inspect, cli, network) import none."""
    from rnnprog.kinds import BUILTIN

    kinds = tuple(path.partition(":")[0].rsplit(".", 1)[0] for path in BUILTIN.values())
    for name in MODULES:
        if name.startswith(kinds) or name in ("rnnprog", "rnnprog.strategies"):
            continue
        named = {m for m in GRAPH[name] if m.startswith(kinds)}
        assert not named, f"{name} imports {sorted(named)}"


def test_every_module_imports_alone_in_dependency_order():
    """In a fresh interpreter, import each module after only its dependencies (a topological
    order of the graph): a cycle hidden from the static graph would fail here."""
    order, done = [], set()

    def place(name):
        if name in done:
            return
        done.add(name)
        for dep in sorted(GRAPH[name]):
            place(dep)
        order.append(name)

    for name in sorted(GRAPH):
        place(name)
    code = f"import importlib\nfor name in {order!r}:\n    importlib.import_module(name)\n"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


def reachable(start: str) -> set[str]:
    """Every module `start` imports, directly or through others."""
    seen, todo = set(), [start]
    while todo:
        for nxt in GRAPH[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


def kind_modules() -> set[str]:
    from rnnprog.kinds import BUILTIN

    packages = tuple(path.partition(":")[0].rsplit(".", 1)[0] for path in BUILTIN.values())
    return {name for name in MODULES if name.startswith(packages)}


def test_kind_packages_sit_below_api():
    """A kind package never imports rnnprog.api (the CLI hands a kind `api.load` where it needs
    one): api sits above the kinds and finds them through the registry."""
    for name in sorted(kind_modules()):
        assert "rnnprog.api" not in reachable(name), f"{name} imports rnnprog.api"


def test_every_package_sits_on_one_side_of_the_kinds():
    """No subpackage of rnnprog is both below the kinds (a kind package imports one of its
    modules) and above them (one of its modules imports a kind package or api)."""
    kinds_ = kind_modules()
    below = set().union(*(reachable(name) for name in kinds_)) - kinds_
    above = {name for name in MODULES if reachable(name) & (kinds_ | {"rnnprog.api"})} - kinds_
    packages = {name for name, path in MODULES.items()
                if path.name == "__init__.py" and name.count(".") == 1} - {"rnnprog"}
    for package in sorted(packages - kinds_):
        inside = {name for name in MODULES if name == package or name.startswith(package + ".")}
        low, high = sorted(inside & below), sorted(inside & above)
        assert not (low and high), f"{package} is below the kinds ({low}) and above them ({high})"
