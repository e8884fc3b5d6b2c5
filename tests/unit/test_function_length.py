"""No function over 60 lines anywhere in the package, the web layer and the CLI included."""

from __future__ import annotations

import ast

from .package_modules import Module, package_modules

LIMIT = 60


def long_functions(module: Module) -> dict[str, int]:
    found = {}
    for node in ast.walk(module.tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > LIMIT:
                found[f"{module.name}.{node.name}"] = length
    return found


def test_no_function_over_the_limit() -> None:
    found = {name: n for m in package_modules() for name, n in long_functions(m).items()}
    assert found == {}, found
