"""Integrity shapes (shapes/integrity.ttl): each catches a class of error, proved by fixtures.

Each manifest entry names a fixture under tests/fixtures/checks/ (loaded with the
ontology, all shapes and the shared context _base.ttl, then inferred like the
build) and the exact (shape id, focus node, path, value) Violations it must
report for the shapes under test; a pass fixture reports no Violation of any
shape at all. Every fixture is checked twice: as `ansvar check` runs it (core
shapes in pyshacl, SPARQL-only shapes on the store) and entirely in pyshacl, as
the build's gate runs it. Names are local names under id/test/ or of the
property; the value is given when the shape reports another node than the focus.
"""

from __future__ import annotations

import datetime as dt

import pytest
from ansvar.checks import CheckData, run_checks
from ansvar.checks.engine_pyshacl import findings_from_results
from ansvar.infer import infer_into
from ansvar.load import load_into_store
from ansvar.paths import ProjectPaths
from ansvar.rule_catalogue import RuleCatalogue, gate_shapes
from ansvar.shape_gate import run_gate
from check_fixtures import make_project, under_test, with_fixture
from conftest import ROOT
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDFS, SH, SKOS

T = "https://w3id.org/ansvar/id/test/"
ASH = Namespace("https://w3id.org/ansvar/shapes#")
CONCEPT = "https://w3id.org/ansvar/concept/"
INTEGRITY = ("I-",)

HOLDER = {"I-one-holder", "I-joint-holders", "I-holder-kind"}
EVIDENCE_NODES = {
    "I-evidence",
    "I-evidence-quoted",
    "I-evidence-statute",
    "I-evidence-register",
    "I-evidence-inferred",
    "I-evidence-supports",
    "I-uncertain-reason",
}
DUPLICATES = {"I-duplicate-responsibility", "I-duplicate-membership", "I-duplicate-party"}
KINDS = {"I-obligation-role", "I-general-duty", "I-conflict-reason"}

MANIFEST = [
    ("I-holder-pass.ttl", INTEGRITY, set()),
    (
        "I-holder-fail.ttl",
        HOLDER,
        {
            ("I-one-holder", "two-holders", "actor", None),
            ("I-joint-holders", "lonely-joint", "actor", None),
            ("I-holder-kind", "wrong-kind", None, "lst-a"),  # a länsstyrelse holding the municipalities' duty
            ("I-holder-kind", "pair", "actor", None),
        },
    ),  # two holders on one holder's instance
    ("I-holder-period-pass.ttl", INTEGRITY, set()),
    (
        "I-holder-period-fail.ttl",
        {"I-holder-period"},
        {
            ("I-holder-period", "too-early", "actor", "new-region"),
            ("I-holder-period", "too-late", "actor", "old-council"),
            ("I-holder-period", "open-end", "actor", "old-council"),
            ("I-holder-period", "seat", "member", "old-council"),
            ("I-holder-period", "seat-body", "organization", "young-body"),
            ("I-holder-period", "party-late", "party", "old-council"),
            ("I-holder-period", "joint-late", "actor", "old-council"),
        },
    ),  # not for its other holder, af
    ("I-basis-in-force-pass.ttl", INTEGRITY, set()),
    (
        "I-basis-in-force-fail.ttl",
        {"I-basis-in-force"},
        {
            ("I-basis-in-force", "before", None, "new-act"),
            ("I-basis-in-force", "after", None, "old-act"),
            ("I-basis-in-force", "open", None, "old-act"),
            ("I-basis-in-force", "wrong-transition", None, "old-act"),
            ("I-basis-in-force", "repealed-section", None, "s9"),
        },
    ),
    ("I-statement-evidence-pass.ttl", INTEGRITY, set()),
    (
        "I-statement-evidence-fail.ttl",
        {"I-statement-evidence", "I-date-evidence"},
        {
            ("I-date-evidence", "agreement", "adoptedOn", None),
            ("I-date-evidence", "agreement", "validUntil", None),
            ("I-date-evidence", "general-m", "validUntil", None),
            ("I-date-evidence", "transfer", "eventDate", None),
            ("I-statement-evidence", "agreement", "adoptedOn", None),
            ("I-statement-evidence", "agreement", "validUntil", None),
            ("I-statement-evidence", "agreement", "area", None),
            ("I-statement-evidence", "general-m", "area", None),
            ("I-statement-evidence", "general-m", "validUntil", None),
            ("I-statement-evidence", "body-duty", "actor", None),
            ("I-statement-evidence", "body", "holdsResponsibility", None),
            ("I-statement-evidence", "mixed", "task", None),
            ("I-statement-evidence", "transfer", "eventDate", None),
        },
    ),
    ("I-evidence-pass.ttl", INTEGRITY, set()),
    (
        "I-evidence-fail.ttl",
        EVIDENCE_NODES,
        {
            ("I-evidence", "two-sources", "entity", None),
            ("I-evidence", "nothing", "entity", None),
            ("I-evidence", "nothing", "supports", None),
            ("I-evidence", "nothing", "method", None),
            ("I-evidence", "bad-method", "method", "decides"),
            ("I-evidence", "untagged", "quote", None),
            ("I-evidence-quoted", "quoted-empty", "quote", None),
            ("I-evidence-quoted", "quoted-empty", "entity", "law-s1"),
            ("I-evidence-statute", "statute-doc", "entity", "source"),
            ("I-evidence-register", "register-text", None, None),  # a sequence path: prov:entity / ans:documentKind
            ("I-evidence-inferred", "inferred-bare", "uncertain", None),
            ("I-evidence-inferred", "inferred-bare", "reason", None),
            ("I-evidence-supports", "stale", None, "area"),
            ("I-evidence-supports", "orphan", None, "task"),
            ("I-uncertain-reason", "flag-no-reason", "reason", None),
            ("I-uncertain-reason", "quoted-flag", "reason", None),
        },
    ),
    ("I-duplicate-pass.ttl", INTEGRITY, set()),
    (
        "I-duplicate-fail.ttl",
        DUPLICATES,
        {
            ("I-duplicate-responsibility", "page-1", None, "page-2"),
            ("I-duplicate-responsibility", "page-2", None, "page-1"),
            ("I-duplicate-responsibility", "joint-1", None, "joint-2"),
            ("I-duplicate-responsibility", "joint-2", None, "joint-1"),
            ("I-duplicate-membership", "seat-1", None, "seat-2"),
            ("I-duplicate-membership", "seat-2", None, "seat-1"),
            ("I-duplicate-membership", "loose-1", None, "loose-2"),
            ("I-duplicate-membership", "loose-2", None, "loose-1"),
            ("I-duplicate-party", "party-1", None, "party-2"),
            ("I-duplicate-party", "party-2", None, "party-1"),
        },
    ),
    # the edges of the candidate join of I-duplicate-responsibility (shared holder, duty kind, task, legal basis)
    ("I-duplicate-edges-pass.ttl", INTEGRITY, set()),
    (
        "I-duplicate-edges-fail.ttl",
        {"I-duplicate-responsibility"},
        {
            *{
                ("I-duplicate-responsibility", f"copy-{a}", None, f"copy-{b}")
                for a in (1, 2, 3)
                for b in (1, 2, 3)
                if a != b
            },
            ("I-duplicate-responsibility", "two-bases-1", None, "two-bases-2"),
            ("I-duplicate-responsibility", "two-bases-2", None, "two-bases-1"),
            ("I-duplicate-responsibility", "touch-1", None, "touch-2"),
            ("I-duplicate-responsibility", "touch-2", None, "touch-1"),
            ("I-duplicate-responsibility", "open-end", None, "open-start"),
            ("I-duplicate-responsibility", "open-start", None, "open-end"),
        },
    ),  # not general-copy, a general duty
    ("I-outlives-agreement-pass.ttl", INTEGRITY, set()),
    (
        "I-outlives-agreement-fail.ttl",
        {"I-outlives-agreement"},
        {
            ("I-outlives-agreement", "later", None, "agreement"),
            ("I-outlives-agreement", "open", None, "agreement"),
            ("I-outlives-agreement", "same-source", None, "agreement"),
        },
    ),
    ("I-kinds-pass.ttl", INTEGRITY, set()),
    (
        "I-kinds-fail.ttl",
        KINDS,
        {
            ("I-obligation-role", "no-kinds", "obligationKind", None),
            ("I-obligation-role", "no-kinds", "holderRole", None),
            ("I-obligation-role", "two-kinds", "obligationKind", None),
            ("I-obligation-role", "wrong-scheme", "holderRole", "chair"),
            # a general duty given an actor becomes a responsibility: it lacks the responsibility's kinds too
            ("I-obligation-role", "with-actor", "obligationKind", None),
            ("I-obligation-role", "with-actor", "holderRole", None),
            ("I-general-duty", "no-holder", "holderKind", None),
            ("I-general-duty", "no-holder", None, None),  # no holder: inverse path of ans:generalDuty
            ("I-general-duty", "with-actor", None, None),  # it is also an ans:Responsibility
            ("I-conflict-reason", "a", None, "b"),
            ("I-conflict-reason", "b", None, "a"),
        },
    ),
]


def _local(term: str | None) -> str | None:
    if not term:
        return None
    if term.startswith(T):
        return term[len(T) :]
    return term.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("integrity-project"))


def _violations(data: CheckData, engine: str) -> set[tuple]:
    report = run_checks(data, dt.date(2020, 6, 30), engine)
    return {
        (
            f.rule.identifier,
            _local(f.focus),
            _local(f.path),
            _local(f.value) if f.value_is_node and f.value != f.focus else None,
        )
        for f in report.findings
        if f.severity == "violation"
    }


@pytest.mark.parametrize("name,rules,expected", MANIFEST, ids=[m[0] for m in MANIFEST])
def test_fixture_reports_exactly_the_expected_violations(project, name, rules, expected):
    data = with_fixture(project, name)
    for engine in ("store", "pyshacl"):
        found = _violations(data, engine)
        if name.endswith("-pass.ttl"):
            assert found == set(), engine  # nothing at all: the fixture is a complete, correct example
        else:
            assert {r for r in found if under_test(r[0], rules)} == expected, engine


def _shapes() -> Graph:
    shapes = Graph()
    for path in sorted((ROOT / "shapes").glob("*.ttl")):
        shapes.parse(path)
    return shapes


def _integrity_shapes(shapes: Graph) -> dict[URIRef, str]:
    return {s: str(i) for s, i in shapes.subject_objects(DCTERMS.identifier) if str(i).startswith("I-")}


def test_every_integrity_shape_is_a_violation_with_messages_rationale_and_fixtures():
    shapes = _shapes()
    integrity = _integrity_shapes(shapes)
    assert set(integrity.values()) == HOLDER | EVIDENCE_NODES | DUPLICATES | KINDS | {
        "I-holder-period",
        "I-basis-in-force",
        "I-statement-evidence",
        "I-date-evidence",
        "I-outlives-agreement",
    }
    failing = {r for name, _, expected in MANIFEST if name.endswith("-fail.ttl") for r, *_ in expected}
    assert set(integrity.values()) <= failing
    catalogue = RuleCatalogue(shapes)
    for shape, identifier in integrity.items():
        assert shapes.value(shape, SH.severity) in (None, SH.Violation), identifier
        assert catalogue.rules[str(shape)].severity == "violation", identifier
        comments = list(shapes.objects(shape, RDFS.comment))
        # every shape id says in a comment which class of error it catches (a second shape of one id may share it)
        assert comments or any(shapes.value(s, RDFS.comment) for s, i in integrity.items() if i == identifier)
        messages = [m for c in shapes.objects(shape, SH.sparql) for m in shapes.objects(c, SH.message)]
        messages += [m for p in shapes.objects(shape, SH.property) for m in shapes.objects(p, SH.message)]
        messages += list(shapes.objects(shape, SH.message))
        assert messages, identifier
        assert {m.language for m in messages} == {"sv", "en"}, identifier


def test_the_build_gate_runs_the_integrity_shapes():
    shapes = _shapes()
    gate = gate_shapes(shapes)
    for shape in _integrity_shapes(shapes):
        assert (shape, DCTERMS.identifier, None) in gate
    # and `ansvar check` runs the SPARQL-only ones on the store, once for all focus nodes
    on_store = {str(s.iri) for s in RuleCatalogue(shapes).store_shapes}
    for local in (
        "integrity-holder-period",
        "integrity-basis-in-force",
        "integrity-statement-evidence",
        "integrity-date-evidence",
        "integrity-duplicate-responsibility",
        "integrity-outlives-agreement",
    ):
        assert str(ASH[local]) in on_store, local


@pytest.mark.parametrize("scheme", ["obligation", "holder-role", "evidence-method"])
def test_allowed_values_are_exactly_the_concepts_of_their_scheme(scheme):
    concepts = Graph().parse(ROOT / "ontology" / "concepts.ttl")
    in_scheme = {str(c) for c in concepts.subjects(SKOS.inScheme, URIRef(CONCEPT + scheme))}
    assert len(in_scheme) >= 3
    shapes = _shapes()
    lists = []
    for node in shapes.subjects(SH["in"], None):
        members = {str(m) for m in Collection(shapes, shapes.value(node, SH["in"]))}
        if any(m.startswith(CONCEPT + scheme + "/") for m in members):
            lists.append(members)
    assert lists, scheme
    assert all(members == in_scheme for members in lists), scheme


@pytest.mark.parametrize(
    "name,rules,expected",
    [m for m in MANIFEST if m[0].endswith("-fail.ttl")],
    ids=[m[0] for m in MANIFEST if m[0].endswith("-fail.ttl")],
)
def test_the_build_gate_refuses_each_fail_fixture_with_the_expected_focus_nodes(project, name, rules, expected):
    with_fixture(project, name)
    loaded = load_into_store(ProjectPaths(project))
    assert loaded.store is not None
    infer_into(loaded.store)
    report = run_gate(loaded.store, gate_shapes(loaded.shapes))
    assert not report.conforms
    catalogue = RuleCatalogue(loaded.shapes)
    # pyshacl's results name a nested property shape as their source: its rule is the named shape that holds it
    found = {(f.rule.identifier, _local(f.focus)) for f in findings_from_results(report.graph, catalogue)}
    found |= {
        (catalogue.rule_of(URIRef(f.shape)).identifier, _local(f.focus))
        for f in report.violations
        if f.shape and f.shape in catalogue.rules
    }
    assert {r for r in found if under_test(r[0], rules)} == {(rule, focus) for rule, focus, *_ in expected}
