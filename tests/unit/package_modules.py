"""The modules of the ansvar package read as source (ast), without importing them."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "service" / "ansvar"


@dataclass(frozen=True)
class Module:
    name: str  # ansvar.checks.report
    path: Path
    tree: ast.Module

    @property
    def package(self) -> str:
        """The package a relative import starts from."""
        return self.name if self.path.name == "__init__.py" else self.name.rsplit(".", 1)[0]


def package_modules() -> list[Module]:
    out = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out.append(Module(".".join(parts), path, ast.parse(path.read_text(encoding="utf-8"), str(path))))
    return out


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.package.split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _import_nodes(body: list[ast.stmt], top_level_only: bool) -> list[ast.Import | ast.ImportFrom]:
    """Import statements of `body`, skipping `if TYPE_CHECKING:` blocks (and function bodies when asked)."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and top_level_only:
            continue
        else:
            for field in ("body", "orelse", "finalbody", "handlers"):
                for child in getattr(node, field, []):
                    found += _import_nodes([child], top_level_only) if isinstance(child, ast.stmt) else []
                    if isinstance(child, ast.ExceptHandler):
                        found += _import_nodes(child.body, top_level_only)
    return found


def imported_modules(module: Module, known: set[str], top_level_only: bool = False) -> list[tuple[int, str]]:
    """(line, module) for every module `module` imports: `from a import b` gives a.b when
    a.b is one of `known` (a module of the package), else a."""
    found: list[tuple[int, str]] = []
    for node in _import_nodes(module.tree.body, top_level_only):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
            continue
        target = _absolute(module, node)
        for alias in node.names:
            sub = f"{target}.{alias.name}"
            found.append((node.lineno, sub if sub in known else target))
    return found
