"""Layers point one way (README "Architecture"): the pipeline and the library never import the web app
or the CLI, and no module of the package takes part in an import cycle."""

from __future__ import annotations

import ast

import pytest

from .package_modules import PACKAGE_DIR, Module, imported_modules, package_modules

ADAPTERS = ("ansvar.web", "ansvar.cli")

MODULES = package_modules()
KNOWN = {m.name for m in MODULES}


def _is_adapter(name: str) -> bool:
    return any(name == a or name.startswith(a + ".") for a in ADAPTERS)


def _core_modules() -> list[Module]:
    return [m for m in MODULES if not _is_adapter(m.name)]


@pytest.mark.parametrize("module", _core_modules(), ids=lambda m: m.name)
def test_core_module_imports_no_adapter(module: Module) -> None:
    wrong = sorted(
        {
            f"{module.path.name}:{line} imports {name}"
            for line, name in imported_modules(module, KNOWN)
            if _is_adapter(name)
        }
    )
    assert not wrong, wrong


def _edges(top_level_only: bool) -> dict[str, list[str]]:
    return {
        m.name: sorted({n for _line, n in imported_modules(m, KNOWN, top_level_only) if n in KNOWN and n != m.name})
        for m in MODULES
    }


def _cycles(top_level_only: bool) -> list[list[str]]:
    edges = _edges(top_level_only)
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the path, 2 = done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for target in edges.get(name, []):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name)
    return cycles


def _implicit_parent(cycle: list[str]) -> bool:
    """A package's __init__ importing its own submodule is not a cycle (Python imports the parent first)."""
    return all(b.startswith(a + ".") or a.startswith(b + ".") for a, b in zip(cycle, cycle[1:], strict=False))


def test_no_import_cycle_at_module_level() -> None:
    assert [c for c in _cycles(top_level_only=True) if not _implicit_parent(c)] == []


def test_no_import_cycle_hidden_in_a_function() -> None:
    """An import inside a function does not make a cycle go away; it only hides it."""
    assert [c for c in _cycles(top_level_only=False) if not _implicit_parent(c)] == []


def test_the_test_sees_an_adapter_import() -> None:
    """The check itself: `ansvar serve` imports the web app inside a function, and the reader must find it."""
    [cli] = [m for m in MODULES if m.name == "ansvar.cli"]
    assert "ansvar.web.app" in {n for _line, n in imported_modules(cli, KNOWN)}


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("ansvar.example", "from .web.iris import Links"),
        ("ansvar.checks.example", "from ..web import app"),
        ("ansvar.example", "import ansvar.cli"),
        ("ansvar.example", "def f():\n    from ansvar.web.app import create_app"),
    ],
)
def test_the_reader_finds_adapter_imports_of_every_form(name: str, source: str) -> None:
    path = PACKAGE_DIR / (name.split(".", 1)[1].replace(".", "/") + ".py")
    module = Module(name, path, ast.parse(source))
    assert any(_is_adapter(n) for _line, n in imported_modules(module, KNOWN))
