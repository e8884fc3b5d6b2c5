"""Gap checks and completeness shapes (issue 6), in the style of the W3C SHACL test suite.

Each manifest entry names a fixture under tests/fixtures/checks/ (loaded with the
ontology, the shapes and the shared context _base.ttl, then inferred like the
build), the date it is checked as of, the rules under test and the exact
(rule, focus node[, value]) results they must report. Every gap rule and every
completeness shape has a fixture that passes and one that fails; the gap rules
are also run entirely in pyshacl, which must report the same results as the
store.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from ansvar.checks import CheckData, run_checks
from ansvar.checks.report import NATIONAL
from ansvar.load import load_shapes
from ansvar.paths import default_paths
from ansvar.rule_catalogue import CONFIG_LINE, GAP_RULE, RuleCatalogue, gate_shapes
from check_fixtures import CHECKS, make_project, under_test, with_fixture
from conftest import FIXTURES, ROOT, run_cli
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, XSD

T = "https://w3id.org/ansvar/id/test/"
ID = Namespace("https://w3id.org/ansvar/id/")
ASH = Namespace("https://w3id.org/ansvar/shapes#")
AS_OF = dt.date(2020, 6, 30)
COMPLETENESS = ("C-",)  # rule ids of the completeness shapes start so

# (fixture, rules under test, expected results as (rule, focus) or (rule, focus, value); local names under T,
# values that are not IRIs of the fixture are given as their lexical form)
MANIFEST = [
    ("G1-pass.ttl", {"G1"}, set()),
    ("G1-fail.ttl", {"G1"}, {("G1", "county-a", "agreement-a"), ("G1", "county-b", "county-b")}),
    ("G2-pass.ttl", {"G2"}, set()),
    ("G2-fail.ttl", {"G2"}, {("G2", "local-m", "af")}),
    ("G3-pass.ttl", {"G3"}, set()),
    (
        "G3-fail.ttl",
        {"G3"},
        {("G3", "duty-1", "repealed"), ("G3", "duty-2", "future-law"), ("G3", "duty-3", "old-law-s3")},
    ),
    ("G4-pass.ttl", {"G4"}, set()),
    (
        "G4-fail.ttl",
        {"G4"},
        {("G4", "duty", "old-council"), ("G4", "seat", "old-council"), ("G4", "party", "old-council")},
    ),
    ("G5-pass.ttl", {"G5"}, set()),
    ("G5-fail.ttl", {"G5"}, {("G5", "first", "2018-12-31")}),
    ("G6-pass.ttl", {"G6"}, set()),
    ("G6-fail.ttl", {"G6"}, {("G6", "network", "network"), ("G6", "council", "council")}),
    ("G7-pass.ttl", {"G7"}, set()),
    (
        "G7-fail.ttl",
        {"G7"},
        {("G7", "housing", "agreement"), ("G7", "health", "agreement"), ("G7", "sfi", "agreement")},
    ),
    ("G8-pass.ttl", {"G8"}, set()),
    ("G8-fail.ttl", {"G8"}, {("G8", "law-s1", "establishment-measures"), ("G8", "law-s4", "settlement")}),
    ("G9-pass.ttl", {"G9"}, set()),
    ("G9-fail.ttl", {"G9"}, {("G9", "county-a", "housing"), ("G9", "county-a", "health")}),
    # Completeness: a pass fixture has no completeness finding at all; a fail fixture exactly these.
    ("C-shared-pass.ttl", COMPLETENESS, set()),
    (
        "C-shared-fail.ttl",
        COMPLETENESS,
        {
            ("C-label", "no-label"),
            ("C-label-tags", "two-labels"),
            ("C-source", "no-source"),
            ("C-quote-tag", "no-source"),
            ("C-date-from", "bad-dates"),
            ("C-date-until", "bad-dates"),
            ("C-period", "bad-dates"),
            ("C-quote", "no-quote"),
            ("C-quote-on-evidence", "no-source"),
        },
    ),
    ("C-quote-pass.ttl", COMPLETENESS, set()),
    (
        "C-quote-fail.ttl",
        COMPLETENESS,
        {
            ("C-quote", "no-quote"),
            ("C-quote", "holder"),
            ("C-quote", "general"),
            ("C-quote-on-evidence", "legacy"),
            ("C-unmodelled", "bare"),
        },
    ),
    ("C-responsibility-pass.ttl", COMPLETENESS, set()),
    ("C-responsibility-fail.ttl", COMPLETENESS, {("C-responsibility", "no-actor"), ("C-responsibility", "bad-basis")}),
    ("C-agreement-pass.ttl", COMPLETENESS, set()),
    ("C-agreement-fail.ttl", COMPLETENESS, {("C-agreement", "agreement"), ("C-disjoint", "lst-a")}),
    ("C-party-pass.ttl", COMPLETENESS, set()),
    ("C-party-fail.ttl", COMPLETENESS, {("C-party", "orphan"), ("C-party", "bad-role")}),
    ("C-body-pass.ttl", COMPLETENESS, set()),
    ("C-body-fail.ttl", COMPLETENESS, {("C-body", "council")}),
    ("C-membership-pass.ttl", COMPLETENESS, set()),
    ("C-membership-fail.ttl", COMPLETENESS, {("C-membership", "seat")}),
    ("C-source-document-pass.ttl", COMPLETENESS, set()),
    ("C-source-document-fail.ttl", COMPLETENESS, {("C-source-document", "page")}),
    ("C-actor-pass.ttl", COMPLETENESS, set()),
    ("C-actor-fail.ttl", COMPLETENESS, {("C-period", "kommun-x"), ("C-disjoint", "af"), ("C-disjoint", "county-a")}),
    ("C-post-pass.ttl", COMPLETENESS, set()),
    ("C-post-fail.ttl", COMPLETENESS, {("C-post", "post")}),
    ("C-event-pass.ttl", COMPLETENESS, set()),
    ("C-event-fail.ttl", COMPLETENESS, {("C-event", "renaming")}),
    ("C-goal-pass.ttl", COMPLETENESS, set()),
    ("C-goal-fail.ttl", COMPLETENESS, {("C-goal", "goal")}),
    ("C-area-pass.ttl", COMPLETENESS, set()),
    ("C-area-fail.ttl", COMPLETENESS, {("C-area", "area")}),
    ("C-principle-pass.ttl", COMPLETENESS, set()),
    ("C-principle-fail.ttl", COMPLETENESS, {("C-principle", "principle")}),
    ("C-plan-pass.ttl", COMPLETENESS, set()),
    ("C-plan-fail.ttl", COMPLETENESS, {("C-plan", "plan")}),
    ("C-strategy-pass.ttl", COMPLETENESS, set()),
    ("C-strategy-fail.ttl", COMPLETENESS, {("C-label", "strategy"), ("C-source", "strategy")}),
    ("C-grant-pass.ttl", COMPLETENESS, set()),
    ("C-grant-fail.ttl", COMPLETENESS, {("C-grant", "grant")}),
    ("C-territory-pass.ttl", COMPLETENESS, set()),
    (
        "C-territory-fail.ttl",
        COMPLETENESS,
        {("C-label", "subregion"), ("C-county", "county-c"), ("C-municipal-area", "area-n")},
    ),
    ("C-statute-pass.ttl", COMPLETENESS, set()),
    ("C-statute-fail.ttl", COMPLETENESS, {("C-statute", "ordinance"), ("C-section", "stray-section")}),
]


def _local(term: str | None) -> str | None:
    return term[len(T) :] if term and term.startswith(T) else term.rsplit("/", 1)[-1] if term else None


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory):
    """A project of the ontology, the shapes and the shared context; each test adds one fixture."""
    return make_project(tmp_path_factory.mktemp("checks-project"))


def results(data: CheckData, rules, engine: str = "store") -> set[tuple]:
    report = run_checks(data, AS_OF, engine)
    found = set()
    for f in report.findings:
        if under_test(f.rule.identifier, rules):
            found.add(
                (f.rule.identifier, _local(f.focus), _local(f.value))
                if f.rule.identifier.startswith("G")
                else (f.rule.identifier, _local(f.focus))
            )
    return found


@pytest.mark.parametrize("name,rules,expected", MANIFEST, ids=[m[0] for m in MANIFEST])
def test_fixture_reports_exactly_the_expected_focus_nodes(fixture_project, name, rules, expected):
    data = with_fixture(fixture_project, name)
    assert results(data, rules) == expected
    if any(r.startswith("G") for r in rules):
        # The same rule text, run per focus node in pyshacl, reports the same.
        assert results(data, rules, engine="pyshacl") == expected


def test_manifest_covers_every_gap_rule_and_completeness_shape():
    catalogue = RuleCatalogue(_shapes())
    fixtures = {name for name, _, _ in MANIFEST}
    assert fixtures <= {p.name for p in CHECKS.glob("*.ttl")}
    for rule in catalogue.gap_rules():
        assert {f"{rule.identifier}-pass.ttl", f"{rule.identifier}-fail.ttl"} <= fixtures, rule.identifier
    failing = {r for _, _, expected in MANIFEST for r, *_ in expected}
    completeness = {
        r.identifier
        for r in catalogue.rules.values()
        if r.iri.startswith(str(ASH)) and r.identifier.startswith("C-") and not r.gap
    }
    # Every completeness shape is made to fail somewhere, except the class shapes whose only
    # constraints that can fail after inference are shared property shapes: their fail
    # fixtures fail under those ids (C-label, C-source, C-period) or C-disjoint, because a
    # value's class follows from its property's rdfs:range once the build has inferred.
    only_shared = {"C-territory", "C-actor", "C-strategy"}
    assert completeness - failing == only_shared


def _shapes() -> Graph:
    shapes = Graph()
    for path in sorted((ROOT / "shapes").glob("*.ttl")):
        shapes.parse(path)
    return shapes


def test_every_gap_rule_has_id_severity_messages_and_rationale():
    shapes = _shapes()
    catalogue = RuleCatalogue(shapes)
    gap_rules = catalogue.gap_rules()
    assert [r.identifier for r in gap_rules] == [f"G{n}" for n in range(1, 10)]
    store_shapes = {str(s.iri): s for s in catalogue.store_shapes}
    for rule in gap_rules:
        shape = URIRef(rule.iri)
        assert shapes.value(shape, SH.severity) in (SH.Warning, SH.Info), rule.identifier
        assert str(shapes.value(shape, RDFS.comment)).startswith("Why: "), rule.identifier
        assert rule.iri in store_shapes, f"{rule.identifier} must be SPARQL-only, to run on the store"
        for constraint in shapes.objects(shape, SH.sparql):
            langs = {m.language for m in shapes.objects(constraint, SH.message)}
            assert langs == {"sv", "en"}, rule.identifier
            select = str(shapes.value(constraint, SH.select))
            assert CONFIG_LINE.search(select), f"{rule.identifier} reads the as-of date"
            # as-of tests in the fast form (DESIGN.md), never OPTIONAL { ?x ans:validUntil ?e } … !BOUND(?e)
            dates = re.findall(r"ans:valid(?:From|Until)\s+\?(\w+)", select)
            assert not any(re.search(rf"!\s*BOUND\s*\(\s*\?{d}\b", select) for d in dates), rule.identifier


def test_build_gate_leaves_out_the_gap_rules_only():
    shapes = _shapes()
    gate = gate_shapes(shapes)
    gaps = set(shapes.subjects(RDF.type, GAP_RULE))
    assert len(gaps) == 9
    assert not any((g, None, None) in gate for g in gaps)
    assert (ASH.ResponsibilityShape, SH.targetClass, URIRef("https://w3id.org/ansvar/def#Responsibility")) in gate


# -- the shipped data ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return CheckData.from_project()


def test_shipped_data_report_is_stable_and_has_no_violation(shipped):
    first = run_checks(shipped, dt.date(2024, 1, 1))
    # From data read afresh, so nothing computed for the first report is reused.
    second = run_checks(CheckData.from_project(), dt.date(2024, 1, 1))
    assert first.findings and [f.key() for f in first.findings] == [f.key() for f in second.findings]
    assert first.totals()["violation"] == 0


def test_every_finding_is_placed_in_a_county_of_the_graph_or_nationally(shipped):
    report = run_checks(shipped, dt.date(2024, 1, 1))
    graph = Graph().parse(ROOT / "data/reference/territories.ttl")
    counties = {str(c) for c in graph.subjects(RDF.type, URIRef("https://w3id.org/ansvar/def#County"))}
    assert len(counties) == 21
    misplaced = [f.key() for f in report.findings if f.county != NATIONAL and f.county not in counties]
    assert misplaced == []
    # National findings are about statutes or nodes whose territory is the whole country.
    built = Graph()
    for path in sorted((ROOT / "data").rglob("*.ttl")):
        built.parse(path)
    sweden = URIRef("https://w3id.org/ansvar/id/country/se")
    national = {f.focus for f in report.findings if f.county == NATIONAL}
    assert national
    for focus in national:
        node = URIRef(focus)
        areas = set(built.objects(node, URIRef("https://w3id.org/ansvar/def#area")))
        assert "/statute/" in focus or areas == {sweden}, (focus, areas)


def test_shipped_data_findings_a_person_agrees_with(shipped):
    report = run_checks(shipped, dt.date(2024, 1, 1))
    found = {(f.rule.identifier, f.focus, f.value) for f in report.findings}
    # Blekinge's agreement ran 2016-2018 and nothing replaces it in the graph.
    assert ("G5", str(ID["agreement/blekinge-2016-2018"]), "2018-12-31") in found
    assert ("G1", str(ID["county/10"]), str(ID["agreement/blekinge-2016-2018"])) in found
    # Dalarna's letter of intent leaves out Arbetsförmedlingen, which Lag (2017:584) § 5 makes coordinating.
    assert ("G2", str(ID["agreement/dalarna-vagen-in"]), str(ID["org/arbetsformedlingen"])) in found
    # Stockholm: no agreement at all in the graph.
    assert any(r == "G1" and f == str(ID["county/01"]) for r, f, _ in found)
    by_focus = {f.focus: f for f in report.findings if f.rule.identifier == "G1"}
    assert by_focus[str(ID["county/10"])].county == str(ID["county/10"])
    assert by_focus[str(ID["county/10"])].county_label == "Blekinge län"


def test_each_finding_lists_its_evidence_once(shipped):
    report = run_checks(shipped, dt.date(2024, 1, 1))
    for finding in report.findings:
        listed = [json.dumps(e.to_json(), sort_keys=True) for e in finding.evidence]
        assert len(listed) == len(set(listed)), (finding.rule.identifier, finding.focus)
    # G6 reports the central delegation (no meeting frequency) with itself as the value: one node stated by
    # two pages, so one evidence line from each (seeds 000 and 001), each with its own quote.
    delegation = str(ID["body/central-samverkansdelegationen"])
    [g6] = [f for f in report.findings if f.rule.identifier == "G6" and f.focus == delegation]
    assert g6.value == delegation
    assert "data/sources/halland-samarbete.ttl" in {e.file for e in g6.evidence}
    assert all(e.quote for e in g6.evidence)


def test_as_of_date_changes_what_is_in_force(shipped):
    during = run_checks(shipped, dt.date(2017, 6, 30))
    after = run_checks(shipped, dt.date(2024, 1, 1))

    def g1(report):
        return {f.focus for f in report.findings if f.rule.identifier == "G1"}

    blekinge = str(ID["county/10"])
    assert blekinge not in g1(during) and blekinge in g1(after)
    # In 2017 the repealed-in-2018 section § 4 of Lag (2010:197) was still in force.
    g3_during = {f.value for f in during.findings if f.rule.identifier == "G3"}
    assert str(ID["statute/sfs-2010-197/section/4"]) not in g3_during


def test_report_graph_is_a_shacl_validation_report(shipped):
    report = run_checks(shipped, dt.date(2024, 1, 1)).filtered(
        "warning", rule=str(ASH["gap-agreement-ended-without-successor"])
    )
    g = report.graph()
    [node] = list(g.subjects(RDF.type, SH.ValidationReport))
    assert g.value(node, ASH.asOfDate) == Literal("2024-01-01", datatype=XSD.date)
    focus = {g.value(r, SH.focusNode) for r in g.objects(node, SH.result)}
    assert ID["agreement/blekinge-2016-2018"] in focus
    for r in g.objects(node, SH.result):
        assert g.value(r, SH.resultSeverity) == SH.Warning
        assert g.value(r, DCTERMS.identifier) == Literal("G5")
        assert {m.language for m in g.objects(r, SH.resultMessage)} == {"sv", "en"}


def test_built_store_holds_the_build_report_as_named_graph(store):
    rows = store.select("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        PREFIX ash: <https://w3id.org/ansvar/shapes#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?date (COUNT(?r) AS ?n) WHERE { GRAPH <https://w3id.org/ansvar/graph/checks> {
            ?report a sh:ValidationReport ; ash:asOfDate ?date ; sh:result ?r . ?r dcterms:identifier "G1" } }
        GROUP BY ?date""")
    assert len(rows) == 1
    assert rows[0]["date"]["value"] == dt.date.today().isoformat()
    assert int(rows[0]["n"]["value"]) >= 1


def test_build_report_is_what_a_full_check_of_its_store_finds(store):
    # The build's stage check takes the core findings and the integrity shapes' (none) from its gate;
    # this check of the same store evaluates every shape.
    rows = store.select("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?id ?focus WHERE { GRAPH <https://w3id.org/ansvar/graph/checks> {
            ?r a sh:ValidationResult ; dcterms:identifier ?id ; sh:focusNode ?focus } }""")
    stored = sorted((r["id"]["value"], r["focus"]["value"]) for r in rows)
    full = run_checks(CheckData(store, load_shapes(default_paths())), dt.date.today())
    assert len(stored) > 20
    assert stored == sorted((f.rule.identifier, f.focus) for f in full.findings)


# -- the command line ------------------------------------------------------------------------


def test_cli_text_report_groups_by_county_and_rule_with_totals():
    proc = run_cli("check", "--as-of", "2024-01-01", "--severity", "warning")
    assert proc.returncode == 1, proc.stderr  # there are warnings at or above the chosen severity
    out = proc.stdout
    assert "Blekinge län" in out and "Dalarnas län" in out
    blekinge = out.split("Blekinge län", 1)[1].split("Dalarnas län", 1)[0]
    assert "G1 " in blekinge and "G5 " in blekinge and "why:" in blekinge and "evidence:" in blekinge
    assert "data/sources/blekinge-overenskommelse-2016.ttl" in blekinge
    assert re.search(r"Totals / summa: 0 violation\(s\), \d+ warning\(s\), 0 info", out)


def test_cli_exit_status_for_ci():
    assert run_cli("check", "--severity", "violation").returncode == 0  # the shipped data breaks no rule
    broken = run_cli(
        "check", "--severity", "violation", "--add", str(CHECKS / "C-responsibility-fail.ttl"), "--format", "json"
    )
    assert broken.returncode == 1
    data = json.loads(broken.stdout)
    assert data["totals"]["violation"] >= 2
    focus = {f["focus"] for c in data["counties"] for r in c["rules"] for f in r["findings"]}
    assert {T + "no-actor", T + "bad-basis"} <= focus
    assert data["totals"]["warning"] == 0  # --severity violation leaves out the gaps


@pytest.mark.parametrize(
    "args,message",
    [
        (("--as-of", "30/06/2020"), "not a date"),
        (("--severity", "fatal"), "unknown severity"),
        (("--format", "pdf"), "unknown format"),
    ],
)
def test_cli_bad_input_exits_2(args, message):
    proc = run_cli("check", *args)
    assert proc.returncode == 2
    assert message in proc.stderr


def test_cli_broken_turtle_exits_1():
    proc = run_cli("check", "--add", str(FIXTURES / "broken.ttl"))
    assert proc.returncode == 1 and "broken Turtle" in proc.stderr


def test_cli_turtle_and_html_formats():
    ttl = run_cli("check", "--as-of", "2024-01-01", "--format", "turtle")
    g = Graph().parse(data=ttl.stdout, format="turtle")
    assert (None, SH.focusNode, ID["agreement/dalarna-vagen-in"]) in g
    html = run_cli("check", "--as-of", "2024-01-01", "--format", "html").stdout
    assert html.startswith("<!doctype html>") and 'id="overview"' in html
    assert 'data-focus="https://w3id.org/ansvar/id/agreement/dalarna-vagen-in"' in html


def test_cli_checks_a_remote_endpoint(server):
    local = json.loads(run_cli("check", "--as-of", "2024-01-01", "--format", "json").stdout)
    remote = run_cli("check", "--as-of", "2024-01-01", "--format", "json", "--endpoint", server.url + "/sparql")
    assert remote.returncode == 1, remote.stderr
    data = json.loads(remote.stdout)

    def pairs(report):
        return {(f["rule"], f["focus"]) for c in report["counties"] for r in c["rules"] for f in r["findings"]}

    assert pairs(data) == pairs(local)
    unreachable = run_cli("check", "--endpoint", "http://127.0.0.1:9/sparql")
    assert unreachable.returncode == 2 and "no SPARQL endpoint" in unreachable.stderr


# -- the web ------------------------------------------------------------------------------


def test_checks_page_filters_by_county_rule_and_severity(server):
    page = server.get("/checks", params={"as_of": "2024-01-01"}, headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'id="overview"' in page.text and "Blekinge län" in page.text and "Dalarnas län" in page.text
    one = server.get(
        "/checks", params={"as_of": "2024-01-01", "county": "10", "rule": "G5"}, headers={"Accept": "text/html"}
    )
    sections = re.findall(r'<section class="county" data-county="([^"]+)"', one.text)
    assert sections == ["https://w3id.org/ansvar/id/county/10"]
    assert re.findall(r'data-focus="([^"]+)"', one.text) == ["https://w3id.org/ansvar/id/agreement/blekinge-2016-2018"]
    only_info = server.get(
        "/checks", params={"as_of": "2024-01-01", "severity": "violation"}, headers={"Accept": "text/html"}
    )
    assert 'id="no-findings"' in only_info.text


def test_checks_json(server):
    r = server.get("/checks", params={"as_of": "2024-01-01", "rule": "G2"}, headers={"Accept": "application/json"})
    assert r.status_code == 200
    data = r.json()
    assert data["asOf"] == "2024-01-01" and data["filters"]["rule"].endswith("gap-agreement-missing-statutory-actor")
    findings = [f for c in data["counties"] for rule in c["rules"] for f in rule["findings"]]
    assert {f["rule"] for f in findings} == {"G2"}
    dalarna = [f for f in findings if f["focus"] == str(ID["agreement/dalarna-vagen-in"])]
    assert dalarna and dalarna[0]["value"] == str(ID["org/arbetsformedlingen"])
    assert dalarna[0]["countyLabel"] == "Dalarnas län"
    assert any(e.get("quote") for e in dalarna[0]["evidence"])
    assert "Dalarnas län" in {c["label"] for c in data["overview"]["counties"]}


def test_checks_rdf_report_by_content_negotiation(server):
    r = server.get(
        "/checks", params={"as_of": "2024-01-01", "rule": "G5", "county": "10"}, headers={"Accept": "text/turtle"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    [report] = list(g.subjects(RDF.type, SH.ValidationReport))
    assert {g.value(x, SH.focusNode) for x in g.objects(report, SH.result)} == {ID["agreement/blekinge-2016-2018"]}
    jsonld = server.get(
        "/checks",
        params={"as_of": "2024-01-01", "rule": "G5", "county": "10"},
        headers={"Accept": "application/ld+json"},
    )
    assert (None, SH.focusNode, ID["agreement/blekinge-2016-2018"]) in Graph().parse(data=jsonld.text, format="json-ld")


@pytest.mark.parametrize(
    "params,status,text",
    [
        ({"as_of": "2024-13-01"}, 400, "YYYY-MM-DD"),
        ({"severity": "fatal"}, 400, "unknown severity"),
        ({"county": "99"}, 400, "unknown county"),
        ({"rule": "G99"}, 400, "unknown rule"),
    ],
)
def test_checks_bad_input(server, params, status, text):
    r = server.get("/checks", params=params, headers={"Accept": "application/json"})
    assert r.status_code == status and text in r.text


def test_checks_not_acceptable(server):
    assert server.get("/checks", headers={"Accept": "image/png"}).status_code == 406


def test_build_report_is_queryable_at_the_sparql_endpoint(server):
    query = """PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?focus WHERE { GRAPH <https://w3id.org/ansvar/graph/checks> {
          ?r a sh:ValidationResult ; sh:focusNode ?focus ;
             sh:sourceShape <https://w3id.org/ansvar/shapes#gap-agreement-ended-without-successor> } }"""
    r = server.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    focus = {b["focus"]["value"] for b in r.json()["results"]["bindings"]}
    assert str(ID["agreement/blekinge-2016-2018"]) in focus


def test_shapes_pyshacl_cannot_run_are_a_clear_error():
    from ansvar.validate import ShapesInvalid, run_shacl

    # A nested SELECT that does not project $this is forbidden by SHACL-SPARQL (5.2.1).
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ;
            sh:sparql [ sh:select "SELECT $this WHERE { { SELECT ?y WHERE { ?y ?p ?o } } }" ] .
    """,
        format="turtle",
    )
    data = Graph().parse(data="<urn:x> <urn:p> <urn:y> .", format="turtle")
    with pytest.raises(ShapesInvalid, match=r"pre-bound variables"):
        run_shacl(data, shapes)
