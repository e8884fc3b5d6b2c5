"""The dataset description: the DCAT-AP-SE record passes the official DCAT-AP shapes
(a copy under shapes/dcat-ap/), and the VoID description matches the store."""

from __future__ import annotations

from conftest import ROOT
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

BASE = "https://w3id.org/ansvar/"
VOID = "http://rdfs.org/ns/void#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SPDX = "http://spdx.org/rdf/terms#"
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
DATASET = URIRef(BASE + "catalog#dataset")
EU = "http://publications.europa.eu/resource/authority/"


def dcat_ap_shapes() -> Graph:
    shapes = Graph()
    files = sorted((ROOT / "shapes" / "dcat-ap").glob("*.ttl"))
    assert files, "the DCAT-AP shapes are kept under shapes/dcat-ap/"
    for path in files:
        shapes.parse(path, format="turtle")
    return shapes


SH = "http://www.w3.org/ns/shacl#"


def check(record: Graph) -> tuple[bool, str, Graph]:
    conforms, results, text = validate(record, shacl_graph=dcat_ap_shapes(), inference="none")
    return conforms, text, results


def record_from(server, fmt: str = "text/turtle") -> Graph:
    r = server.get("/catalog", headers={"Accept": fmt})
    assert r.status_code == 200 and r.headers["content-type"].startswith(fmt)
    return Graph().parse(
        data=r.content,
        format={
            "text/turtle": "turtle",
            "application/ld+json": "json-ld",
            "application/rdf+xml": "xml",
        }[fmt],
    )


def test_the_shapes_are_the_official_dcat_ap_ones():
    shapes = dcat_ap_shapes()
    assert (None, URIRef("http://www.w3.org/ns/shacl#targetClass"), DCAT.Dataset) in shapes
    assert len(shapes) > 1500
    assert "CC BY 4.0" in (ROOT / "shapes" / "dcat-ap" / "README.md").read_text()


def test_served_record_passes_dcat_ap_shapes(server):
    conforms, text, _results = check(record_from(server))
    assert conforms, text


def test_shapes_catch_a_broken_record(server):
    record = record_from(server)
    record.remove((DATASET, DCTERMS.title, None))  # a mandatory property of a dataset
    conforms, _text, results = check(record)
    assert not conforms
    failed = {
        (results.value(r, URIRef(SH + "focusNode")), results.value(r, URIRef(SH + "resultPath")))
        for r in results.subjects(URIRef(SH + "resultSeverity"), URIRef(SH + "Violation"))
    }
    assert failed == {(DATASET, DCTERMS.title)}
    publisherless = record_from(server)
    publisherless.remove((URIRef(BASE + "catalog#catalog"), DCTERMS.publisher, None))
    assert not check(publisherless)[0]


def test_record_in_every_format_is_the_same(server):
    sizes = {
        fmt: len(record_from(server, fmt)) for fmt in ("text/turtle", "application/ld+json", "application/rdf+xml")
    }
    assert len(set(sizes.values())) == 1, sizes


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
    publisher = g.value(DATASET, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in g and g.value(publisher, FOAF.name) is not None
    contact = g.value(DATASET, DCAT.contactPoint)
    assert g.value(contact, URIRef(VCARD + "fn")) is not None
    assert g.value(contact, URIRef(VCARD + "hasURL")) is not None  # functional, not a person
    themes = set(g.objects(DATASET, DCAT.theme))
    assert URIRef(EU + "data-theme/SOCI") in themes and URIRef(EU + "data-theme/GOVE") in themes
    assert (DATASET, DCTERMS.spatial, URIRef(EU + "country/SWE")) in g
    assert (DATASET, DCTERMS.accrualPeriodicity, URIRef(EU + "frequency/IRREG")) in g
    period = g.value(DATASET, DCTERMS.temporal)
    assert str(g.value(period, DCAT.startDate)) <= "2016-02-17"  # the Blekinge agreement's start
    assert (URIRef(BASE + "catalog#catalog"), DCTERMS.license, CC_BY) in g
    assert {title.language for title in g.objects(DATASET, DCTERMS.title)} == {"sv", "en"}


def test_void_matches_the_store(server):
    r = server.get("/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format="turtle")
    count = server.post(
        "/sparql",
        data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    ).json()
    assert int(g.value(DATASET, URIRef(VOID + "triples"))) == int(count["results"]["bindings"][0]["n"]["value"])
    partitions = {
        g.value(p, URIRef(VOID + "class")): int(g.value(p, URIRef(VOID + "entities")))
        for p in g.objects(DATASET, URIRef(VOID + "classPartition"))
    }
    assert partitions[URIRef(BASE + "def#County")] == 21
    assert partitions[URIRef(BASE + "def#MunicipalArea")] == 290
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
    assert built.catalog_report is not None and built.catalog_report.conforms
