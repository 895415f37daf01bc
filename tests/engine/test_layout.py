"""The code's layout is what the README says, and no module imports itself in a circle."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "govmedia_lint"


def module_map() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## How it is built", 1)[1].split("```", 2)[1]


#: packages of many like modules (one per kind family, per format, per import step): the package's line says so
FAMILIES = {"checks", "render", "importing"}


def test_the_readme_module_map_names_every_module_and_package():
    shown = set(re.findall(r"[\w.]+", module_map()))
    missing = []
    for path in sorted(SOURCE.rglob("*.py")):
        rel = path.relative_to(SOURCE)
        if path.name == "__init__.py" and rel.parent != Path(".") and path.parent.name != "settings":
            continue
        if path.name == "__main__.py" or rel.parts[0] in FAMILIES:
            continue
        if path.name not in shown and path.stem not in shown:
            missing.append(str(rel))
    for package in sorted(p for p in SOURCE.iterdir() if (p / "__init__.py").exists()):
        if f"{package.name}/" not in module_map():
            missing.append(f"{package.name}/")
    assert missing == [], f"add these to the README's module map: {missing}"


def test_the_module_map_names_nothing_that_is_gone():
    names = {p.name for p in SOURCE.rglob("*.py")} | {p.name for p in SOURCE.rglob("*.yaml")}
    named = set(re.findall(r"\b([a-z_]+\.(?:py|yaml))\b", module_map()))
    assert named - names == set()


def _imports(path: Path, package: str) -> set[str]:
    """The govmedia_lint modules a file imports anywhere (functions too), but for TYPE_CHECKING blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
               for n in ast.walk(node)}
    out = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.add(target)
            out.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return out


def test_no_import_cycles():
    modules = {}
    for path in SOURCE.rglob("*.py"):
        parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        graph[name] = {m for m in _imports(path, package) if m in modules and m != name
                       and not name.startswith(m + ".")}  # a module's own package is not a cycle
    cycles, index, low, stack, counter = [], {}, {}, [], [0]

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert cycles == []
