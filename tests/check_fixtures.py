"""A small project of the ontology, the shapes and one fixture of tests/fixtures/checks at a time,
for the tests of the gap rules and of the integrity shapes."""

from __future__ import annotations

import shutil
from pathlib import Path

from ansvar.checks import CheckData
from ansvar.paths import ProjectPaths
from conftest import FIXTURES, ROOT

CHECKS = FIXTURES / "checks"


def make_project(root: Path) -> Path:
    """The ontology, the shapes and the shared context (_base.ttl); sources are added per test."""
    for name in ("ontology", "shapes"):
        shutil.copytree(ROOT / name, root / name)
    (root / "data" / "reference").mkdir(parents=True)
    (root / "data" / "sources").mkdir()
    shutil.copy(CHECKS / "_base.ttl", root / "data" / "reference" / "base.ttl")
    return root


def with_fixture(root: Path, name: str) -> CheckData:
    """The project with `name` as its only source file."""
    sources = root / "data" / "sources"
    for old in sources.glob("*.ttl"):
        old.unlink()
    shutil.copy(CHECKS / name, sources / name)
    return CheckData.from_project(ProjectPaths(root))


def under_test(rule_id: str, rules) -> bool:
    """Whether a fixture's expectations cover `rule_id`: listed, or under a listed prefix ("I-")."""
    return rule_id in rules or any(isinstance(r, str) and r.endswith("-") and rule_id.startswith(r) for r in rules)
