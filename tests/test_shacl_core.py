"""The SHACL Core shapes compiled to SPARQL (shacl_core.py) report exactly what pyshacl reports.

Every fixture (tests/fixtures/checks, personal-data, and the fixtures of the build gate)
is checked with the shapes of shapes/ both ways: the compiled queries on the store and
pyshacl on the rdflib graph; the results must be the same, result by result: rule,
severity, focus node, path, value, messages and constraint component. Blank nodes have
other labels in the store than in rdflib, so they compare as blank nodes.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from ansvar.checks import CheckData
from ansvar.checks.engine_pyshacl import pyshacl_findings
from ansvar.checks.engine_store import compiled_core_findings
from ansvar.checks.report import Finding
from ansvar.paths import ProjectPaths
from ansvar.rule_catalogue import RuleCatalogue
from ansvar.shacl_core import ShapeCompiler
from conftest import ROOT
from rdflib import Graph
from rdflib.namespace import SH

FIXTURES = ROOT / "tests" / "fixtures"
CASES = sorted(
    [p for p in (FIXTURES / "checks").glob("*.ttl") if p.name != "_base.ttl"]
    + sorted((FIXTURES / "personal-data").glob("*.ttl"))
    + [FIXTURES / "violation.ttl", FIXTURES / "ontology-missing-label.ttl"]
)


SPARQL = str(SH.SPARQLConstraintComponent)


def _key(finding: Finding, with_messages: bool = True) -> tuple:
    def term(text: str | None) -> str | None:
        return "_:blank" if text and text.startswith("_:") else text

    return (
        finding.rule.iri,
        finding.severity,
        term(finding.focus),
        finding.path,
        term(finding.value),
        tuple(sorted(finding.message.items())) if with_messages else (),
        finding.component,
    )


def _both(data: CheckData) -> tuple[Counter, Counter]:
    """The compiled and pyshacl's results, as keys.

    pyshacl gives a SPARQL constraint's sh:message without its language tag, so one of
    them at random comes out as "en"; the compiled result keeps the tags. Those results
    compare by the rest of their key, and pyshacl's text must be one of the compiled ones.
    """
    catalogue = data.catalogue
    compiled_findings = compiled_core_findings(data)
    reference_findings = pyshacl_findings(data.graph, catalogue.core_shapes(), catalogue, None)
    texts: dict[tuple, set[str]] = {}
    for f in compiled_findings:
        if f.component == SPARQL:
            texts.setdefault(_key(f, with_messages=False), set()).update(f.message.values())
    for f in reference_findings:
        if f.component == SPARQL:
            assert set(f.message.values()) <= texts.get(_key(f, with_messages=False), set()), f
    compiled = Counter(_key(f, f.component != SPARQL) for f in compiled_findings)
    reference = Counter(_key(f, f.component != SPARQL) for f in reference_findings)
    return compiled, reference


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("shacl-core-project")
    for name in ("ontology", "shapes"):
        shutil.copytree(ROOT / name, root / name)
    (root / "data" / "reference").mkdir(parents=True)
    (root / "data" / "sources").mkdir()
    shutil.copy(FIXTURES / "checks" / "_base.ttl", root / "data" / "reference" / "base.ttl")
    return root


@pytest.mark.parametrize("fixture", CASES, ids=[p.name for p in CASES])
def test_compiled_shapes_report_what_pyshacl_reports(project, fixture):
    sources = project / "data" / "sources"
    for old in sources.glob("*.ttl"):
        old.unlink()
    shutil.copy(fixture, sources / fixture.name)
    compiled, reference = _both(CheckData.from_project(ProjectPaths(project)))
    assert compiled == reference


def test_failing_fixtures_do_report_results(project):
    # The comparison above is not vacuous: the failing fixtures give results both ways.
    sources = project / "data" / "sources"
    for old in sources.glob("*.ttl"):
        old.unlink()
    shutil.copy(FIXTURES / "checks" / "C-responsibility-fail.ttl", sources / "f.ttl")
    compiled, reference = _both(CheckData.from_project(ProjectPaths(project)))
    assert len(compiled) >= 3 and compiled == reference


def test_compiled_shapes_report_what_pyshacl_reports_on_the_shipped_data(built, store):
    data = CheckData(store, built.loaded.shapes, built.data_union())
    compiled, reference = _both(data)
    assert compiled == reference


def test_almost_every_core_shape_is_compiled():
    shapes = Graph()
    for path in sorted((ROOT / "shapes").glob("*.ttl")):
        shapes.parse(path)
    catalogue = RuleCatalogue(shapes)
    compiler = ShapeCompiler(catalogue.core_shapes(), catalogue.target_query)
    assert len(compiler.constraints) > 200
    # a shape that mixes a SPARQL constraint with core ones is compiled too
    assert any(c.parameter == SH.sparql for c in compiler.constraints)
    assert compiler.leftover == set()
