"""The layout of docs/architecture.md, held against the code: apps import only the
apps before them in the declared order, no modules import each other in a circle, and
imports sit at the top of their module (except in `AppConfig.ready`)."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def declared_order() -> dict[str, int]:
    """App → its floor, read from the order line in docs/architecture.md (apps in
    braces share a floor)."""
    line = next(
        line
        for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines()
        if line.startswith("lms ←")
    )
    floors = {}
    for floor, part in enumerate(line.split("←")):
        for app in re.findall(r"[a-z0-9_]+", part):
            floors[app] = floor
    return floors


ORDER = declared_order()


def app_modules() -> dict[str, Path]:
    """Every module of every app (migrations included), by dotted name."""
    modules = {}
    for app in ORDER:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = app_modules()


def all_imports(name: str, path: Path) -> list[tuple[int, str, str | None]]:
    """(line, module imported, the function it sits in or None) for every import of
    the module, `importlib.import_module("…")` and `__import__("…")` calls included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []

    def visit(node, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = child.name if function is None else function
            if isinstance(child, ast.Import):
                found.extend((child.lineno, a.name, function) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - child.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                found.append((child.lineno, base, function))
                # `from pkg import module`: the module is imported too.
                found.extend(
                    (child.lineno, f"{base}.{a.name}", function)
                    for a in child.names
                    if f"{base}.{a.name}" in MODULES
                )
            elif (
                isinstance(child, ast.Call)
                and getattr(child.func, "attr", getattr(child.func, "id", ""))
                in ("import_module", "__import__")
                and child.args
                and isinstance(child.args[0], ast.Constant)
                and isinstance(child.args[0].value, str)
            ):
                found.append((child.lineno, child.args[0].value, function))
            visit(child, inner)

    visit(tree, None)
    return found


def imports_of(name: str, path: Path) -> list[tuple[int, str, str | None]]:
    """The imports of project modules (see `all_imports`)."""
    return [item for item in all_imports(name, path) if item[1].split(".")[0] in ORDER]


def test_the_order_names_every_app():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps == set(ORDER), "docs/architecture.md's order and the apps differ"


def test_apps_import_only_the_apps_before_them():
    wrong = []
    for name, path in MODULES.items():
        app = name.split(".")[0]
        for line, imported, _ in imports_of(name, path):
            other = imported.split(".")[0]
            if other != app and ORDER[other] >= ORDER[app]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_no_modules_import_each_other_in_a_circle():
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        if ".migrations" in name:
            continue
        graph[name] = {
            imported
            for _, imported, _ in imports_of(name, path)
            if imported in MODULES and imported != name
        }
    done: set[str] = set()

    def walk(node: str, trail: list[str]) -> list[str] | None:
        if node in trail:
            return trail[trail.index(node) :] + [node]
        if node in done:
            return None
        for following in sorted(graph.get(node, ())):
            circle = walk(following, [*trail, node])
            if circle:
                return circle
        done.add(node)
        return None

    for start in sorted(graph):
        circle = walk(start, [])
        assert circle is None, " → ".join(circle)


@pytest.mark.parametrize("app", sorted(ORDER))
def test_imports_sit_at_the_top_except_in_app_config_ready(app):
    """Any import inside a function (the project's or not) is refused, except in the
    `ready` method of the app's `apps.py`, where Django requires it."""
    inside = [
        f"{path.relative_to(ROOT)}:{line} imports {imported} in {function}()"
        for name, path in MODULES.items()
        if name.split(".")[0] == app
        for line, imported, function in all_imports(name, path)
        if function is not None and not (path.name == "apps.py" and function == "ready")
    ]
    assert not inside, "\n".join(inside)
