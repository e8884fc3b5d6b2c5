"""The ontology: it parses, is consistent under owlrl, passes its own quality shapes,
is documented at /ontology (HTML and RDF by content negotiation), and every worked
example query in the documentation returns what its header says.

Expected values come from the seed texts (shared/seeds), not from the code."""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import date
from pathlib import Path

import owlrl
import pytest
from ansvar.infer import reasoner_input
from ansvar.namespaces import GRAPH_SHAPES
from ansvar.questions import catalogue
from ansvar.validate import run_shacl
from owlrl.Namespaces import ERRNS
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
ONTOLOGY_FILES = sorted((ROOT / "ontology").glob("*.ttl"))
QUALITY_SHAPES = ROOT / "shapes" / "ontology-quality.ttl"
GUIDE = {name: q for name, q in catalogue().items() if q.guide}

ANS = "https://w3id.org/ansvar/def#"
ID = "https://w3id.org/ansvar/id/"
CONCEPT = "https://w3id.org/ansvar/concept/"
ONTOLOGY_IRI = URIRef("https://w3id.org/ansvar/def")


def ans(local: str) -> URIRef:
    return URIRef(ANS + local)


def org_id(key: str) -> str:
    return f"{ID}org/{key}"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    for path in ONTOLOGY_FILES:
        g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="module")
def quality_shapes() -> Graph:
    return Graph().parse(QUALITY_SHAPES, format="turtle")


def owlrl_closure(graph: Graph) -> Graph:
    work = Graph()
    work += graph
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(work)
    return work


def inconsistencies(closed: Graph) -> list[str]:
    """owlrl's inconsistency markers, and anything typed owl:Nothing."""
    messages = [str(closed.value(m, ERRNS.error)) for m in closed.subjects(RDF.type, ERRNS.ErrorMessage)]
    messages += [f"{s} is an owl:Nothing" for s in closed.subjects(RDF.type, OWL.Nothing)]
    return messages


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=lambda p: p.name)
def test_each_ontology_file_parses(path):
    g = Graph().parse(path, format="turtle")
    assert len(g) > 100


def test_ontology_header(ontology):
    assert (ans("Responsibility"), RDF.type, OWL.Class) in ontology
    version_iri = ontology.value(ONTOLOGY_IRI, OWL.versionIRI)
    version = str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo))
    assert str(version_iri) == f"https://w3id.org/ansvar/def/{version}"
    history = [str(h) for h in ontology.objects(ONTOLOGY_IRI, SKOS.historyNote)]
    assert any(h.startswith(version + " ") for h in history), "the changelog has an entry for the current version"
    assert str(ontology.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/license"))).startswith(
        "https://creativecommons.org/licenses/by/4.0"
    )


# --------------------------------------------------------------------------- owlrl consistency


def test_ontology_alone_is_consistent_under_owlrl(ontology):
    assert inconsistencies(owlrl_closure(ontology)) == []


def test_built_data_is_consistent_under_owlrl(built, ontology):
    """owlrl over everything the build loaded: the build's reasoner input plus the
    whole ontology (its owl:disjointWith axioms take part in no derivation)."""
    union = Graph()
    for name, graph in built.asserted_graphs().items():
        if name != GRAPH_SHAPES:
            union += graph
    closed = owlrl_closure(reasoner_input(union) + ontology)
    assert inconsistencies(closed) == []
    # The closure gives what the example queries rely on.
    assert (
        URIRef(f"{ID}agreement/blekinge-2016-2018"),
        ans("hasParty"),
        URIRef(org_id("kommun-1083")),
    ) in closed
    assert (
        URIRef(f"{ID}municipal-area/1082"),
        ans("withinTerritory"),
        URIRef(f"{ID}country/se"),
    ) in closed


def test_owlrl_reports_an_organisation_used_as_a_territory(ontology):
    """The consistency check can fail: a county administrative board given as a
    territory (ans:withinTerritory has domain ans:Territory) is both disjoint classes."""
    board = URIRef(org_id("lansstyrelsen-10"))
    g = Graph()
    g += ontology
    g.add((board, RDF.type, ans("CountyAdministrativeBoard")))
    g.add((board, ans("withinTerritory"), URIRef(f"{ID}county/10")))
    found = inconsistencies(owlrl_closure(g))
    assert found and any(str(board) in m for m in found)


# --------------------------------------------------------------------------- quality shapes


def test_quality_shapes_pass_on_the_shipped_ontology(ontology, quality_shapes):
    report = run_shacl(ontology, quality_shapes)
    assert report.conforms, [f.line() for f in report.findings]
    assert report.findings == []


def test_quality_shapes_report_exactly_the_broken_terms_of_the_fixture(ontology, quality_shapes):
    fixture = Graph().parse(FIXTURES / "ontology-missing-label.ttl", format="turtle")
    report = run_shacl(ontology + fixture, quality_shapes)
    assert not report.conforms
    assert {f.severity for f in report.findings} == {"violation"}
    label, definition = str(RDFS.label), str(SKOS.definition)
    assert Counter((f.focus, f.path) for f in report.findings) == Counter(
        {
            (ANS + "FixtureClassNoSv", label): 1,  # no @sv label
            (ANS + "fixtureNoDefinition", definition): 1,  # no @en definition
            (ANS + "fixtureNoLabels", label): 2,  # neither @sv nor @en label
            (CONCEPT + "fixture/no-sv-definition", definition): 1,  # no @sv definition
            (CONCEPT + "fixture/two-en-labels", str(SKOS.prefLabel)): 1,  # two @en prefLabels
            (CONCEPT + "fixture/two-en-labels", str(SKOS.inScheme)): 1,  # no scheme
        }
    )
    # Terms outside our namespaces (org:, example.org) are not targeted at all.
    assert not any("w3.org/ns/org#" in f.focus or "example.org" in f.focus for f in report.findings)


def test_quality_shapes_require_version_iri_and_changelog(ontology, quality_shapes):
    stripped = Graph()
    stripped += ontology
    stripped.remove((ONTOLOGY_IRI, OWL.versionIRI, None))
    stripped.remove((ONTOLOGY_IRI, SKOS.historyNote, None))
    report = run_shacl(stripped, quality_shapes)
    assert {(f.focus, f.path) for f in report.findings} == {
        (str(ONTOLOGY_IRI), str(OWL.versionIRI)),
        (str(ONTOLOGY_IRI), str(SKOS.historyNote)),
    }


def test_the_build_runs_the_quality_shapes(built):
    """The shapes are part of shapes/, so the build's validation includes them."""
    shape_graph = built.loaded.shapes
    assert (
        URIRef("https://w3id.org/ansvar/shapes#ConceptShape"),
        RDF.type,
        URIRef("http://www.w3.org/ns/shacl#NodeShape"),
    ) in shape_graph
    assert built.report.conforms


# --------------------------------------------------------------------------- /ontology


@pytest.fixture(scope="module")
def ontology_page(server) -> str:
    response = server.get("/ontology", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    return html.unescape(response.text)


def test_ontology_page_documents_every_class(ontology, ontology_page):
    classes = [c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(ANS)]
    assert len(classes) > 40
    for cls in classes:
        local = str(cls)[len(ANS) :]
        assert f'id="{local}"' in ontology_page, f"no entry for ans:{local}"
        for lang in ("sv", "en"):
            label = next(str(lbl) for lbl in ontology.objects(cls, RDFS.label) if lbl.language == lang)
            assert label in ontology_page, f"{lang} label of ans:{local} missing"


def test_ontology_page_lists_every_concept(ontology, ontology_page):
    concepts = [c for c in ontology.subjects(RDF.type, SKOS.Concept) if str(c).startswith(CONCEPT)]
    for concept in concepts:
        scheme, key = str(concept)[len(CONCEPT) :].split("/", 1)
        assert f'id="concept-{scheme}-{key}"' in ontology_page
        assert f"{scheme}:{key}" in ontology_page
        for definition in ontology.objects(concept, SKOS.definition):
            assert str(definition) in ontology_page


def test_ontology_page_shows_every_guide_question_and_its_result(ontology_page):
    assert len(GUIDE) >= 6
    for example in GUIDE.values():
        assert example.title["en"] in ontology_page and example.title["sv"] in ontology_page
        assert example.expects in ontology_page
        assert example.body.strip() in ontology_page, f"query text of {example.name} missing"
        section = ontology_page.split(f'id="{example.anchor}"', 1)[1].split('<div id="example-', 1)[0]
        assert "could not run" not in section
        assert f'href="/queries/{example.name}"' in section
    # Results are live: the establishment benefit's decider and payer.
    pays = ontology_page.split('id="example-who-pays-and-who-decides"', 1)[1].split('<div id="example-', 1)[0]
    for name in ("Arbetsförmedlingen", "Försäkringskassan"):
        assert name in pays


def test_ontology_page_names_the_entailments_relied_on(ontology_page):
    section = ontology_page.split('id="guide-entailments"', 1)[1].split('id="guide-examples"', 1)[0]
    for axiom in (
        "rdfs:subClassOf",
        "rdfs:subPropertyOf",
        "owl:inverseOf",
        "owl:TransitiveProperty",
        "owl:propertyChainAxiom",
        "ans:hasParty = ans:partyRecord / ans:party",
        "ans:withinTerritory",
    ):
        assert axiom in section


def test_site_navigation_links_to_the_ontology(server):
    response = server.get("/", headers={"Accept": "text/html"})
    assert 'href="/ontology"' in response.text


RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
}


@pytest.mark.parametrize("media_type", list(RDF_FORMATS))
def test_ontology_by_content_negotiation(server, media_type):
    response = server.get("/ontology", headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in response.headers.get("vary", "")
    g = Graph().parse(data=response.content, format=RDF_FORMATS[media_type])
    assert (ans("Responsibility"), RDF.type, OWL.Class) in g
    assert (ONTOLOGY_IRI, OWL.versionIRI, None) in g
    chain = g.value(ans("hasParty"), OWL.propertyChainAxiom)
    assert list(Collection(g, chain)) == [ans("partyRecord"), ans("party")]
    assert (
        URIRef(CONCEPT + "task/health-examination"),
        SKOS.broader,
        URIRef(CONCEPT + "task/health"),
    ) in g


def test_ontology_turtle_by_format_parameter(server):
    response = server.get("/ontology?format=ttl")
    assert response.status_code == 200
    g = Graph().parse(data=response.content, format="turtle")
    assert (ans("Responsibility"), RDF.type, OWL.Class) in g


def test_ontology_refuses_a_format_it_does_not_offer(server):
    response = server.get("/ontology", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.text
    assert server.get("/ontology?format=pdf").status_code == 406


# --------------------------------------------------------------------------- example queries


def rows(store, name: str) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in b.items()} for b in store.select(GUIDE[name].bound())]


def check_who_pays_and_who_decides(result):
    # Seed 004: Arbetsförmedlingen "besluta om etableringsersättning"; "Försäkringskassan
    # betalar ut etableringsersättningen som Arbetsförmedlingen beslutat om".
    assert {(r["dutyLabel"], r["actorLabel"]) for r in result} == {
        ("beslutar", "Arbetsförmedlingen"),
        ("betalar ut", "Försäkringskassan"),
    }
    # The duty applies in Blekinge län, or, for a national agency, in the country.
    assert all(r["areaLabel"] in ("Blekinge län", "Sverige") for r in result)
    assert all(r["legalBasisLabel"].startswith("Lag (2010:197)") for r in result)
    assert all(r["source"] == f"{ID}source/blekinge-overenskommelse-2016" for r in result)
    assert all(r["held"] == "alone" for r in result)  # one agency each, not a joint duty
    seed = (ROOT.parent / "shared" / "seeds" / "004_f4bfebcefc1f1631.txt").read_text(encoding="utf-8")
    quotes = {r["dutyLabel"]: r["quote"] for r in result}
    assert all(q in seed for q in quotes.values())
    assert "besluta" in quotes["beslutar"] and "betalar ut" in quotes["betalar ut"]


def check_statutes_in_force(result):
    by_number = {r["sfsNumber"]: r for r in result}
    assert "2017:584" in by_number and "2010:197" not in by_number
    assert by_number["2017:584"]["replaces"] == f"{ID}statute/sfs-2010-197"
    assert all(date.fromisoformat(r["validFrom"]) <= date(2018, 6, 1) for r in result if "validFrom" in r)


def check_health(result, ontology: Graph):
    pairs = {(r["actor"], r["task"]) for r in result}
    # Seed 004: "Landstinget Blekinge ska erbjuda hälsoundersökningar till asylsökande.
    # Samverkan ... i fråga om hälso- sjuk- och tandvård".
    assert (org_id("landstinget-blekinge"), CONCEPT + "task/health-examination") in pairs
    assert (org_id("landstinget-blekinge"), CONCEPT + "task/dental-care") in pairs
    # Seed 001: Fyrbodal's group develops cooperation on "arbete, utbildning, … och hälsa".
    assert any("Fyrbodal" in r["actorLabel"] for r in result)
    health = URIRef(CONCEPT + "task/health")
    under_health = set(ontology.transitive_subjects(SKOS.broader, health))
    assert {URIRef(r["task"]) for r in result} <= under_health


def check_history(result):
    assert {r["event"] for r in result} == {f"{ID}event/landstinget-blekinge-blir-region-2019"}
    assert {(r["eventKindLabel"], r["eventDate"]) for r in result} == {("sammanslagning", "2019-01-01")}
    assert {r["original"] for r in result} == {
        org_id("landstinget-blekinge"),
        org_id("regionforbundet-blekinge"),
    }


def check_agreements_within_county(result, store):
    # Seed 000: "I länets samtliga sex kommuner ... lokala överenskommelser".
    halland = {f"{ID}municipal-area/{code}" for code in ("1315", "1380", "1381", "1382", "1383", "1384")}
    areas = {r["area"] for r in result}
    assert halland <= areas
    for area in areas - {f"{ID}county/13"}:
        assert store.ask(f"ASK {{ <{area}> <{ANS}withinTerritory> <{ID}county/13> }}")
    assert all(r.get("levelLabel") == "lokal nivå" for r in result if r["area"] in halland)


def check_grants(result):
    by_grant = {r["grant"]: r for r in result}
    for key, section in (("utvecklingsmedel-37", "§ 37"), ("utvecklingsmedel-37a", "§ 37 a")):
        grant = by_grant[f"{ID}grant/{key}"]
        # Seed 004: Länsstyrelsen "Besluta och utbetala utvecklingsmedel s.k. 37 och 37a-medel".
        assert grant["decidedBy"] == "Länsstyrelsen i Blekinge län"
        assert grant["legalBasis"].endswith(section)
        assert "kommuner" in grant["mayApply"]
    # Seed 002: "Kommuner och organisationer inom civilsamhället kan söka bidrag till
    # verksamheter för asylsökande personer."
    early = [r for r in result if r["grantLabel"].startswith("Tidiga insatser")]
    assert early and {"kommuner", "organisationer inom civilsamhället"} <= set(early[0]["mayApply"].split(", "))


CHECKS = {
    "who-pays-and-who-decides": check_who_pays_and_who_decides,
    "statutes-in-force": check_statutes_in_force,
    "everything-about-health": check_health,
    "history-of-an-organisation": check_history,
    "agreements-within-a-county": check_agreements_within_county,
    "grant-programmes": check_grants,
}


def test_every_guide_question_has_a_check():
    assert set(GUIDE) == set(CHECKS)
    for example in GUIDE.values():
        assert re.match(r"^PREFIX ", example.body), f"{example.name}: the query declares its prefixes"
        assert example.expects and example.relies_on, example.name


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_example_query_returns_what_its_header_says(name, store, ontology):
    result = rows(store, name)
    assert result, f"{name} returned no rows"
    check = CHECKS[name]
    if check is check_health:
        check(result, ontology)
    elif check is check_agreements_within_county:
        check(result, store)
    else:
        check(result)
