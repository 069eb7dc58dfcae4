"""The house rules of DESIGN.md, checked on the source: no import circle, Whoosh only in the engine, short modules."""
import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"
MAX_LINES = 400


def module_name(path: Path) -> str:
    """The dotted name of a module or package under app/."""
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in APP.rglob("*.py")}


def imported_names(path: Path) -> set[str]:
    """Every module name an app module imports, at the top or inside a function, absolute or relative."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def app_dependencies(path: Path) -> set[str]:
    """The app modules a module depends on (an imported name resolves to its nearest module)."""
    deps = set()
    for name in imported_names(path):
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name:
            deps.add(name)
    deps.discard(module_name(path))
    return deps


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), or of one module importing itself."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_sees_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_in_app():
    graph = {name: app_dependencies(path) for name, path in MODULES.items()}
    assert cycles(graph) == []


def test_only_the_search_engine_imports_whoosh():
    engine = APP / "search" / "engine"
    offenders = [module_name(path) for path in APP.rglob("*.py")
                 if engine not in path.parents and any(n == "whoosh" or n.startswith("whoosh.")
                                                       for n in imported_names(path))]
    assert offenders == []


def test_the_search_engine_imports_nothing_from_the_app():
    engine = APP / "search" / "engine"
    leaks = {module_name(path): sorted(d for d in app_dependencies(path) if not d.startswith("app.search.engine"))
             for path in engine.rglob("*.py")}
    assert {name: deps for name, deps in leaks.items() if deps} == {}


@pytest.mark.parametrize("lower, upper", [
    ("app.core", ("app.models", "app.services", "app.web", "app.search", "app.mail", "app.files", "app.ops")),
    ("app.models", ("app.services", "app.web", "app.search", "app.mail", "app.files", "app.ops")),
    ("app.services", ("app.web", "app.cli", "app.demo")),
    ("app.search", ("app.web", "app.services", "app.cli")),
])
def test_imports_flow_one_way(lower, upper):
    wrong = {name: sorted(d for d in app_dependencies(path) if d.startswith(upper))
             for name, path in MODULES.items() if name == lower or name.startswith(lower + ".")}
    assert {name: deps for name, deps in wrong.items() if deps} == {}


def test_no_module_is_over_400_lines():
    long = {module_name(path): n for path in APP.rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_services_hold_domain_packages_and_the_access_rules_only():
    services = APP / "services"
    loose = sorted(p.name for p in services.iterdir()
                   if p.suffix == ".py" and p.name not in ("__init__.py", "access.py"))
    packages = sorted(p.name for p in services.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert loose == [] and {"accounts", "businesses", "listings", "moderation", "responses"} <= set(packages)


def test_only_the_use_case_edge_commits():
    """Services flush; the one commit is app.core.transaction.use_case's (DESIGN: transactions compose)."""
    committing = sorted(module_name(path) for path in APP.rglob("*.py")
                        if "session.commit(" in path.read_text(encoding="utf-8")
                        and module_name(path) != "app.core.transaction")
    assert committing == []


def test_imports_sit_at_the_top_of_modules():
    """No import inside a function (they only dodged circles), except the factory's and the registries' wiring."""
    wiring = {"app", "app.web", "app.cli"}
    lazy = sorted(f"{module_name(path)}:{sub.lineno}" for path in APP.rglob("*.py") if module_name(path) not in wiring
                  for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                  if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                  for sub in ast.walk(node) if isinstance(sub, ast.Import | ast.ImportFrom))
    assert lazy == []
