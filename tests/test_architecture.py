"""The house plan, checked: no import loop, a pure search core, operations that do not commit."""

from __future__ import annotations

import ast
from pathlib import Path

import portal

PACKAGE = Path(portal.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _top_level_imports(path: Path) -> set[str]:
    """Modules of the portal imported when `path` is imported (not inside functions, not under
    `if TYPE_CHECKING`)."""
    found: set[str] = set()

    def visit(statements) -> None:
        for node in statements:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, (ast.If, ast.Try, ast.With)):
                for block in ("body", "orelse", "finalbody", "handlers"):
                    visit(getattr(node, block, []))
            elif isinstance(node, ast.ExceptHandler):
                visit(node.body)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return {name for name in found if name in MODULES}


GRAPH = {name: _top_level_imports(path) - {name} for name, path in MODULES.items()}


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                connect(target)
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
                components.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            connect(node)
    return components


def test_no_module_of_the_portal_imports_itself_through_others():
    assert len(GRAPH) > 50  # the parser sees the whole package
    assert _cycles() == []


def test_the_search_core_needs_neither_flask_nor_the_database():
    forbidden = ("flask", "flask_babel", "sqlalchemy", "portal.extensions", "portal.directory.models")
    for name, path in MODULES.items():
        if not name.startswith("portal.search.core"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not {m for m in imported if m.startswith(forbidden)}, name


def test_operations_flush_and_leave_the_commit_to_the_request_or_the_command():
    """One rule: an operation never commits. The documented exception is the freshness
    reminders, committed one e-mail at a time (moderation/campaigns.py)."""
    for path in PACKAGE.rglob("operations.py"):
        assert ".commit()" not in path.read_text(encoding="utf-8"), path
