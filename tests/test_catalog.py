"""The dataset description: the DCAT-AP-SE 3.0.1 record Sveriges dataportal harvests from
/catalog.rdf passes the SEMIC DCAT-AP 3.0.1 shapes and the portal's rules, names every node the
portal tells apart by an absolute IRI and its publisher by the organisation number; the VoID
description matches the store."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from ansvar.catalog import Publication, void_graph
from ansvar.settings import Settings
from ansvar.web.app import create_app
from conftest import ANSVAR, FIXTURES, ROOT, run_cli
from fastapi.testclient import TestClient
from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SH, XSD

BASE = "https://w3id.org/ansvar/"
VOID = "http://rdfs.org/ns/void#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SPDX = "http://spdx.org/rdf/terms#"
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
CATALOG = URIRef(BASE + "catalog#catalog")
DATASET = URIRef(BASE + "catalog#dataset")
EU = "http://publications.europa.eu/resource/authority/"
SHAPES = ROOT / "service" / "ansvar" / "catalog" / "shapes"
SEMIC = SHAPES / "semic-dcat-ap-3.0.1"
# The files as SEMICeu/DCAT-AP publishes them (releases/3.0.1/html/shacl/, commit 7c531da).
SEMIC_SHA256 = {
    "shapes.ttl": "7fe9815e0f32b10f5cbce74fa6ccd0290aae3ef9e5080fb84e2d8093eb984d1d",
    "range.ttl": "24d3bfd0fa17a3d0e877c9ebb91c8174124e5038538e1bf081b2cb679ad0f1b2",
}
MIGRATIONSVERKET = "202100-2163"  # a public authority's organisation number (Bolagsverket's register)
PORTAL = "https://w3id.org/ansvar/catalog/shapes#"
# What the portal tells apart and so needs named (diggsweden/DCAT-AP-SE docs/harvesting.md).
NAMED = (DCAT.Catalog, DCAT.Dataset, DCAT.Distribution, DCAT.DataService, FOAF.Agent, URIRef(VCARD + "Kind"))


def semic_shapes() -> Graph:
    shapes = Graph()
    for name in SEMIC_SHA256:
        shapes.parse(SEMIC / name, format="turtle")
    return shapes


def portal_shapes() -> Graph:
    return Graph().parse(SHAPES / "dcat-ap-se-portal.ttl", format="turtle")


def check(record: Graph, shapes: Graph) -> tuple[bool, str, Graph]:
    conforms, results, text = validate(record, shacl_graph=shapes, inference="none")
    return conforms, text, results


def violations(results: Graph) -> set[tuple[str, str]]:
    """(source shape, focus node) of each Violation; blank shapes and nodes as '_'."""
    return {
        tuple(
            "_" if isinstance(results.value(r, p), BNode) else str(results.value(r, p))
            for p in (SH.sourceShape, SH.focusNode)
        )
        for r in results.subjects(SH.resultSeverity, SH.Violation)
    }


def record_from(server, path: str = "/catalog", fmt: str = "text/turtle") -> Graph:
    r = server.get(path, headers={"Accept": fmt})
    assert r.status_code == 200 and r.headers["content-type"].startswith(fmt), r.text[:500]
    return Graph().parse(
        data=r.content,
        format={
            "text/turtle": "turtle",
            "application/ld+json": "json-ld",
            "application/rdf+xml": "xml",
            "application/n-triples": "nt",
        }[fmt],
    )


@pytest.fixture(scope="module")
def harvestable(built):
    """The service configured as a real publisher would: organisation number, name, type,
    function mailbox and public base URL."""
    settings = Settings(
        base_url="https://data.example.se/ansvar/",
        publisher_orgnr=MIGRATIONSVERKET,
        publisher_name="Migrationsverket",
        publisher_type="NationalAuthority",
        contact_email="oppnadata@example.se",
        isolate_queries=False,
    )
    with TestClient(create_app(built.store, settings)) as client:
        yield client


def test_the_semic_shapes_are_the_published_3_0_1_files():
    for name, digest in SEMIC_SHA256.items():
        assert hashlib.sha256((SEMIC / name).read_bytes()).hexdigest() == digest, name
    shapes = semic_shapes()
    assert (None, SH.targetClass, DCAT.Dataset) in shapes and (None, SH["class"], FOAF.Agent) in shapes
    note = (SEMIC / "README.md").read_text()
    assert "CC BY 4.0" in note and "releases/3.0.1/html/shacl/range.ttl" in note


def test_catalog_rdf_is_rdf_xml_with_absolute_iris_and_conforms(harvestable):
    r = harvestable.get("/catalog.rdf")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/rdf+xml")
    record = Graph().parse(data=r.content, format="xml")
    for cls in NAMED:
        nodes = set(record.subjects(RDF.type, cls))
        assert nodes, cls
        for node in nodes:
            parts = urlsplit(str(node))
            assert isinstance(node, URIRef) and parts.scheme in ("http", "https") and parts.netloc, (cls, node)
    for prop in (DCTERMS.publisher, DCTERMS.creator, DCAT.contactPoint, DCAT.distribution, DCAT.dataset):
        assert all(isinstance(o, URIRef) for o in record.objects(None, prop)), prop
    assert not [t for t in record if any(isinstance(term, BNode) for term in t)]
    for shapes in (semic_shapes(), portal_shapes()):
        conforms, text, results = check(record, shapes)
        assert conforms and not list(results.subjects(SH.resultSeverity, SH.Warning)), text


def test_the_publisher_is_named_by_its_organisation_number(harvestable):
    record = record_from(harvestable, "/catalog.rdf", "application/rdf+xml")
    publisher = URIRef("http://dataportal.se/organisation/SE2021002163")
    for subject in (CATALOG, DATASET):
        assert record.value(subject, DCTERMS.publisher) == publisher
    assert record.value(publisher, DCTERMS.identifier) == Literal("2021002163")
    assert str(record.value(publisher, FOAF.name)) == "Migrationsverket"
    assert record.value(publisher, DCTERMS.type) == URIRef("http://purl.org/adms/publishertype/NationalAuthority")
    creator = record.value(DATASET, DCTERMS.creator)  # the project that compiles the graph
    assert creator != publisher and record.value(creator, DCTERMS.type) is not None
    contact = record.value(DATASET, DCAT.contactPoint)
    assert record.value(contact, URIRef(VCARD + "hasEmail")) == URIRef("mailto:oppnadata@example.se")
    assert str(record.value(DATASET, DCTERMS.identifier))
    service = record.value(CATALOG, DCAT.service)
    assert record.value(service, DCAT.endpointURL) == URIRef("https://data.example.se/ansvar/sparql")


def test_catalog_by_accept_is_the_same_record_in_every_format(harvestable):
    graphs = {
        fmt: record_from(harvestable, "/catalog", fmt)
        for fmt in ("text/turtle", "application/rdf+xml", "application/ld+json", "application/n-triples")
    }
    sizes = {fmt: len(g) for fmt, g in graphs.items()}
    assert len(set(sizes.values())) == 1, sizes
    assert set(graphs["text/turtle"]) == set(record_from(harvestable, "/catalog.rdf", "application/rdf+xml"))
    assert harvestable.get("/catalog", headers={"Accept": "text/csv"}).status_code == 406


def test_the_harvest_path_redirects_to_catalog_rdf(harvestable):
    r = harvestable.get("/datasets/dcat", follow_redirects=False)
    assert r.status_code == 301  # one of the codes the portal follows (301, 303, 307, 308)
    assert r.headers["location"] == "https://data.example.se/ansvar/catalog.rdf"


@pytest.mark.parametrize(
    ("fixture", "shape", "focus"),
    [
        ("blank-publisher.ttl", PORTAL + "IdentifiedNode", "_"),
        ("untyped-publisher.ttl", "_", "http://dataportal.se/organisation/SE2021002163"),
        ("publisher-iri-without-orgnr.ttl", PORTAL + "PublisherIri", "https://example.org/publisher"),
        ("dataset-without-identifier.ttl", "_", "https://example.org/dataset"),
        ("contact-is-publisher.ttl", PORTAL + "ContactPoint", "http://dataportal.se/organisation/SE2021002163"),
    ],
)
def test_portal_shapes_refuse_what_the_portal_cannot_harvest(fixture: str, shape: str, focus: str):
    conforms, text, _ = check(Graph().parse(FIXTURES / "catalog" / "harvestable.ttl"), portal_shapes())
    assert conforms, text  # the record each fixture breaks passes
    conforms, text, results = check(Graph().parse(FIXTURES / "catalog" / fixture), portal_shapes())
    assert not conforms and (shape, focus) in violations(results), text


def test_portal_shapes_refuse_relative_iris_and_template_placeholders():
    record = Graph().parse(FIXTURES / "catalog" / "harvestable.ttl")
    record.add((URIRef("https://example.org/dataset"), DCAT.landingPage, URIRef("start.html")))
    record.add((URIRef("https://example.org/dataset"), FOAF.page, URIRef("urn:ansvar:site:about")))
    conforms, text, results = check(record, portal_shapes())
    assert not conforms
    values = {
        str(results.value(r, SH.value)) for r in results.subjects(SH.sourceShape, URIRef(PORTAL + "AbsoluteIris"))
    }
    assert values == {"start.html", "urn:ansvar:site:about"}, text


def test_served_record_passes_the_dcat_ap_and_portal_shapes(server):
    record = record_from(server)
    conforms, text, _ = check(record, semic_shapes())
    assert conforms, text
    # Without an organisation number and a mailbox: no violation, and a warning for each.
    _conforms, text, results = check(record, portal_shapes())
    assert violations(results) == set(), text
    warned = {str(results.value(r, SH.focusNode)) for r in results.subjects(SH.resultSeverity, SH.Warning)}
    assert warned == {BASE + "catalog#project", BASE + "catalog#contact"}, text


def test_shapes_catch_a_broken_record(server):
    record = record_from(server)
    record.remove((DATASET, DCTERMS.title, None))  # a mandatory property of a dataset
    conforms, _text, results = check(record, semic_shapes())
    assert not conforms
    failed = {
        (results.value(r, SH.focusNode), results.value(r, SH.resultPath))
        for r in results.subjects(SH.resultSeverity, SH.Violation)
    }
    assert failed == {(DATASET, DCTERMS.title)}
    publisherless = record_from(server)
    publisherless.remove((CATALOG, DCTERMS.publisher, None))
    assert not check(publisherless, semic_shapes())[0]


def test_record_describes_dumps_service_publisher_and_coverage(server):
    g = record_from(server)
    manifest = server.get("/download/manifest.json").json()
    assert (DATASET, RDF.type, DCAT.Dataset) in g
    dists = set(g.objects(DATASET, DCAT.distribution))
    downloads = {str(g.value(d, DCAT.downloadURL)): d for d in dists if g.value(d, DCAT.downloadURL)}
    assert len(downloads) == len(manifest["files"]) == 4
    for f in manifest["files"]:
        dist = downloads[server.url + "/download/" + f["name"]]
        assert g.value(dist, DCAT.byteSize) == Literal(f["bytes"], datatype=XSD.nonNegativeInteger)
        checksum = g.value(dist, URIRef(SPDX + "checksum"))
        assert isinstance(checksum, URIRef)
        assert str(g.value(checksum, URIRef(SPDX + "checksumValue"))) == f["sha256"]
        assert (dist, DCTERMS.license, CC_BY) in g
        assert (dist, DCTERMS.format, URIRef(EU + "file-type/" + f["file_type"])) in g
        # Size and checksum are those of the bytes the server hands out.
        assert len(server.get("/download/" + f["name"]).content) == f["bytes"]
    service = g.value(None, RDF.type, DCAT.DataService)
    assert str(g.value(service, DCAT.endpointURL)) == server.url + "/sparql"
    assert (service, DCAT.servesDataset, DATASET) in g
    sparql_dist = [d for d in dists if (d, DCAT.accessService, service) in g]
    assert len(sparql_dist) == 1
    publisher = g.value(DATASET, DCTERMS.publisher)  # no organisation set: the project itself
    assert publisher == URIRef(BASE + "catalog#project")
    assert (publisher, RDF.type, FOAF.Agent) in g and g.value(publisher, FOAF.name) is not None
    assert g.value(publisher, DCTERMS.type) == URIRef("http://purl.org/adms/publishertype/NonProfitOrganisation")
    contact = g.value(DATASET, DCAT.contactPoint)
    assert g.value(contact, URIRef(VCARD + "fn")) is not None
    assert g.value(contact, URIRef(VCARD + "hasURL")) is not None  # functional, not a person
    themes = set(g.objects(DATASET, DCAT.theme))
    assert URIRef(EU + "data-theme/SOCI") in themes and URIRef(EU + "data-theme/GOVE") in themes
    assert (DATASET, DCTERMS.spatial, URIRef(EU + "country/SWE")) in g
    assert (DATASET, DCTERMS.accrualPeriodicity, URIRef(EU + "frequency/IRREG")) in g
    period = g.value(DATASET, DCTERMS.temporal)
    assert str(g.value(period, DCAT.startDate)) <= "2016-02-17"  # the Blekinge agreement's start
    assert (CATALOG, DCTERMS.license, CC_BY) in g
    assert {title.language for title in g.objects(DATASET, DCTERMS.title)} == {"sv", "en"}


def test_void_counts_what_the_store_holds(built):
    """Counted without the VoID code's queries: pyoxigraph's size of the store, rdflib's of each graph."""
    g = void_graph(built.store, None, Publication())
    assert int(g.value(DATASET, URIRef(VOID + "triples"))) == len(built.store)
    subsets = {s: int(g.value(s, URIRef(VOID + "triples"))) for s in g.objects(DATASET, URIRef(VOID + "subset"))}
    for name, graph in built.graphs().items():
        assert subsets[name] == len(graph), name
    partitions = {
        g.value(p, URIRef(VOID + "class")): int(g.value(p, URIRef(VOID + "entities")))
        for p in g.objects(DATASET, URIRef(VOID + "classPartition"))
    }
    assert partitions[URIRef(BASE + "def#County")] == 21
    assert partitions[URIRef(BASE + "def#MunicipalArea")] == 290


def test_void_served_by_the_service(server):
    r = server.get("/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format="turtle")
    assert len(set(g.objects(DATASET, URIRef(VOID + "propertyPartition")))) > 20
    assert len(set(g.objects(DATASET, URIRef(VOID + "dataDump")))) == 4
    linksets = set(g.subjects(RDF.type, URIRef(VOID + "Linkset")))
    assert linksets and all(g.value(ls, URIRef(VOID + "linkPredicate")) for ls in linksets)
    assert (DATASET, URIRef(VOID + "sparqlEndpoint"), URIRef(server.url + "/sparql")) in g
    examples = set(g.objects(DATASET, URIRef(VOID + "exampleResource")))
    assert len(examples) >= 4
    for example in examples:  # every example resource resolves
        assert server.get("/" + str(example)[len(BASE) :], headers={"Accept": "text/turtle"}).status_code == 303
    well_known = Graph().parse(data=server.get("/.well-known/void").content, format="turtle")
    assert len(well_known) == len(g)


def test_build_validates_the_record(built):
    report = built.catalog_report
    assert report is not None and not report.violations
    # Without an organisation number or a mailbox the record is valid but says what the portal misses.
    warned = {f.focus for f in report.findings if f.severity == "warning"}
    assert warned == {BASE + "catalog#project", BASE + "catalog#contact"}, [f.line() for f in report.findings]


@pytest.mark.parametrize(
    "command",
    [
        ("publish", "--out"),
        ("build", "--store-dir"),
        ("serve", "--port", "1", "--store-dir"),
    ],
)
def test_an_organisation_number_with_a_wrong_check_digit_is_refused(command: tuple[str, ...], tmp_path: Path):
    out = tmp_path / "out"
    proc = run_cli(
        *command,
        str(out),
        "--publisher-orgnr",
        "202100-2164",
        "--publisher-name",
        "Migrationsverket",
        "--publisher-type",
        "NationalAuthority",
    )
    assert proc.returncode == 2 and "check digit" in proc.stderr, proc.stderr
    assert not out.exists()  # refused before anything was built or written


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ANSVAR_PUBLISHER_ORGNR": "19121212-1212"}, "NNNNNN-NNNN"),
        ({"ANSVAR_PUBLISHER_ORGNR": "121212-1212"}, "personal identity number"),
        ({"ANSVAR_PUBLISHER_ORGNR": MIGRATIONSVERKET}, "--publisher-name"),
        ({"ANSVAR_CONTACT_EMAIL": "förvaltningen"}, "not an e-mail address"),
    ],
)
def test_build_refuses_bad_publisher_settings(env: dict[str, str], message: str, tmp_path: Path):
    proc = subprocess.run(
        [*ANSVAR, "build", "--store-dir", str(tmp_path / "store")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **env},
    )
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    assert not (tmp_path / "store").exists()


def test_a_record_the_portal_cannot_harvest_stops_the_build(tmp_path: Path):
    """A base URL without a host makes the record's links relative: the describe stage refuses it."""
    store_dir = tmp_path / "store"
    proc = subprocess.run(
        [*ANSVAR, "build", "--store-dir", str(store_dir)],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "ANSVAR_BASE_URL": "/ansvar/"},
    )
    assert proc.returncode == 1, proc.stderr
    assert "DCAT-AP-SE record breaks" in proc.stderr and "/ansvar/sparql" in proc.stderr, proc.stderr
    assert "absolute IRIs" in proc.stderr
    assert not list(store_dir.glob("gen-*/catalog.ttl"))  # no generation was made current with it
    assert not (store_dir / "current").exists()


def test_publish_refuses_a_base_url_without_a_host(tmp_path: Path):
    proc = run_cli("publish", "--out", str(tmp_path / "site"), "--base-url", "/ansvar/")
    assert proc.returncode == 2 and "absolute http(s) URL" in proc.stderr, proc.stderr
    assert not (tmp_path / "site").exists()
