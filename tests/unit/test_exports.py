"""Each core module's `__all__` lists exactly its public names (read from its source)."""

from __future__ import annotations

import pytest

from .exports import declared_all, defined_public_names
from .package_modules import Module, package_modules

CORE = [m for m in package_modules() if not m.name.startswith(("ansvar.web", "ansvar.cli"))]


@pytest.mark.parametrize("module", CORE, ids=lambda m: m.name)
def test_all_lists_exactly_the_public_names(module: Module) -> None:
    declared = declared_all(module)
    assert declared is not None, f"{module.name} has no __all__"
    assert len(declared) == len(set(declared)), "a name is listed twice"
    listed = {n for n in declared if not (n.startswith("__") and n.endswith("__"))}
    assert listed == defined_public_names(module)
