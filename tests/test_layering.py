"""The layers of docs/architecture.md, checked on the import statements of every module.

touyan/ (the face) → evals/ → agents/ → memory/ → tools/; prompts/ is a leaf. Nothing imports a
layer above its own, and no module imports itself back through others. Imports under
`if TYPE_CHECKING:` are annotations only and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

# What each package may import from the project (besides itself).
ALLOWED = {
    "tools": set(),
    "prompts": set(),
    "memory": {"tools"},
    "agents": {"tools", "memory", "prompts"},
    "evals": {"agents", "tools", "memory", "prompts"},
    "touyan": {"evals", "agents", "tools", "memory", "prompts"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, modules: set[str]) -> set[str]:
    """Project modules imported anywhere in the module (function bodies too), TYPE_CHECKING blocks left out."""
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:  # `from pkg import module` imports the module, not only the package
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
        stack.extend(ast.iter_child_nodes(node))
    return {name for name in found if name.split(".")[0] in ALLOWED and name in modules}


def import_graph() -> dict[str, set[str]]:
    paths = [p for package in ALLOWED for p in (REPO / package).rglob("*.py")]
    modules = {_module_name(p) for p in paths}
    return {_module_name(p): _imports(ast.parse(p.read_text(encoding="utf-8")), modules) - {_module_name(p)}
            for p in paths}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_package_imports_only_the_layers_below_it():
    graph = import_graph()
    assert len(graph) > 100  # the walk really found the packages
    upward = sorted(f"{module} imports {target}" for module, targets in graph.items() for target in targets
                    if target.split(".")[0] != module.split(".")[0]
                    and target.split(".")[0] not in ALLOWED[module.split(".")[0]])
    assert upward == []


def test_no_module_imports_itself_back_through_others():
    assert cycles(import_graph()) == []


def test_the_checker_sees_upward_imports_and_cycles():
    tree = ast.parse("import tools.text\nfrom memory import search\nif TYPE_CHECKING:\n    import agents.context\n"
                     "def f():\n    from touyan.console import out\n")
    modules = {"tools.text", "memory", "memory.search", "agents.context", "touyan.console"}
    assert _imports(tree, modules) == {"tools.text", "memory.search", "touyan.console"}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
