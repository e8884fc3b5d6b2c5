"""The public names of a module read from its source: what its `__all__` must list."""

from __future__ import annotations

import ast

from .package_modules import Module


def defined_public_names(module: Module) -> set[str]:
    """Top-level functions, classes and assigned names without a leading underscore; for a
    package's __init__, also the names it imports (its re-exports)."""
    names: set[str] = set()
    for node in module.tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom) and module.path.name == "__init__.py" and node.module != "__future__":
            names.update(a.asname or a.name for a in node.names)
    return {n for n in names if not n.startswith("_")}


def declared_all(module: Module) -> list[str] | None:
    for node in module.tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets) and node.value is not None:
                return [ast.literal_eval(e) for e in node.value.elts]  # type: ignore[attr-defined]
    return None
