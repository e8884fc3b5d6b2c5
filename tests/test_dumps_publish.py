"""Dumps at /download/… re-parsed and compared with the store; `ansvar publish` as a
static site served by a plain web server."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys

import httpx
import pyoxigraph as ox
import pytest
from conftest import ROOT, run_cli, start_server, stop_server
from pagetext import parse
from pyshacl import validate
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF
from servers import free_port, http_ready, start_process, stop_process

BASE = "https://w3id.org/ansvar/"
PARSERS = {
    "ansvar.ttl": "turtle",
    "ansvar.nt.gz": "nt",
    "ansvar.trig": "trig",
    "ansvar.jsonld": "json-ld",
}


def count(server, query: str) -> int:
    r = server.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def store_counts(server):
    return {
        "triples": count(server, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"),
        "quads": count(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
    }


def test_manifest_lists_the_four_dumps(server):
    r = server.get("/download/", headers={"Accept": "application/json"})
    assert r.status_code == 200
    names = [f["name"] for f in r.json()["files"]]
    assert names == ["ansvar.ttl", "ansvar.nt.gz", "ansvar.trig", "ansvar.jsonld"]
    page = server.get("/download/")
    assert page.headers["content-type"].startswith("text/html")
    assert {f"/download/{n}" for n in names} <= {href for href, _ in parse(page.text).links}


@pytest.mark.parametrize("name", PARSERS)
def test_dump_reparsed_matches_store(server, store_counts, name):
    manifest = server.get("/download/manifest.json").json()
    entry = next(f for f in manifest["files"] if f["name"] == name)
    r = server.get("/download/" + name)
    assert r.status_code == 200
    assert len(r.content) == entry["bytes"]
    assert hashlib.sha256(r.content).hexdigest() == entry["sha256"]
    assert r.headers["etag"] == f'"{entry["sha256"]}"'
    assert 'rel="license"' in r.headers["link"]
    body = gzip.decompress(r.content) if name.endswith(".gz") else r.content
    if name.endswith(".trig"):
        ds = Dataset()
        ds.parse(data=body, format="trig")
        parsed = sum(len(g) for g in ds.graphs() if g.identifier != ds.default_graph.identifier)
        assert parsed == store_counts["quads"] == entry["triples"]
        assert {str(g.identifier) for g in ds.graphs()} >= {
            BASE + "graph/ontology",
            BASE + "graph/reference",
        }
    else:
        g = Graph().parse(data=body, format=PARSERS[name])
        assert len(g) == store_counts["triples"] == entry["triples"]
    if name != "ansvar.jsonld":  # JSON has no comments; there the licence is in the DCAT record
        assert b"Licence: CC BY 4.0 <https://creativecommons.org/licenses/by/4.0/>" in body[:600]
    again = server.get("/download/" + name, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304


def test_unknown_dump_is_404(server):
    assert server.get("/download/ansvar.xlsx").status_code == 404


def test_build_with_store_dir_writes_the_dumps(tmp_path):
    store_dir = tmp_path / "store"
    proc = run_cli("build", "--store-dir", str(store_dir))
    assert proc.returncode == 0, proc.stderr
    assert "describe" in proc.stdout
    generation = next(p for p in store_dir.iterdir() if p.name.startswith("gen-"))
    # The dumps are part of the generation they were made from.
    manifest = json.loads((generation / "dumps" / "manifest.json").read_text())
    assert manifest["store"] == str(generation.resolve())
    assert (generation / "catalog.ttl").is_file()
    for f in manifest["files"]:
        data = (generation / "dumps" / f["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f["sha256"] and len(data) == f["bytes"]
    # The dumps are read from the build's in-memory store, not the generation: they hold the
    # generation's quads all the same, its blank nodes under the generation's own labels.
    stored = ox.Store.read_only(str(generation / "data"))
    trig = (generation / "dumps" / "ansvar.trig").read_bytes()
    assert canonical(ox.parse(trig, format=ox.RdfFormat.TRIG)) == canonical(stored)
    labels = {t.value for q in stored for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
    assert labels and labels == set(re.findall(r"_:([0-9A-Za-z]+)", trig.decode("utf-8")))


def canonical(quads) -> set[ox.Quad]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """`ansvar publish` into a directory, served by Python's plain http.server."""
    tmp = tmp_path_factory.mktemp("publish")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    out = tmp / "site"
    proc = run_cli(
        "publish",
        "--out",
        str(out),
        "--base-url",
        base,
        # As a real publisher: the record is then one Sveriges dataportal can harvest, warnings and all.
        "--publisher-orgnr",
        "202100-2163",
        "--publisher-name",
        "Migrationsverket",
        "--publisher-type",
        "NationalAuthority",
        "--contact-email",
        "oppnadata@example.se",
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    web = start_process(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(out)],
        http_ready(base),
        log=tmp / "http-server.log",
        name="http.server",
        timeout=30,
    )
    yield out, base, proc.stdout
    stop_process(web)


def test_publish_writes_everything(published):
    out, base, stdout = published
    assert "resource pages" in stdout
    for path in (
        "index.html",
        "catalog.ttl",
        "catalog.jsonld",
        "catalog.rdf",
        "void.ttl",
        "download/manifest.json",
        "download/ansvar.nt.gz",
        "download/index.html",
        "ontology/ansvar.ttl",
        "ontology/index.html",
        "page/id/org/migrationsverket.html",
        "data/id/org/migrationsverket.ttl",
        "data/concept/task/lma-allowance.jsonld",
        "page/graph/reference.html",
        "class/ans-County.html",
        ".htaccess",
    ):
        assert (out / path).is_file(), path
    record = Graph().parse(out / "catalog.ttl", format="turtle")
    shapes = Graph()
    catalog_shapes = ROOT / "service" / "ansvar" / "catalog" / "shapes"
    for path in (
        *sorted((catalog_shapes / "semic-dcat-ap-3.0.1").glob("*.ttl")),
        catalog_shapes / "dcat-ap-se-portal.ttl",
    ):
        shapes.parse(path, format="turtle")
    conforms, _g, text = validate(record, shacl_graph=shapes, inference="none")
    assert conforms, text
    # catalog.rdf, the file to register on the portal, is the same record in RDF/XML.
    harvested = Graph().parse(out / "catalog.rdf", format="xml")
    assert set(harvested) == set(record)
    publisher = URIRef("http://dataportal.se/organisation/SE2021002163")
    assert (None, URIRef("http://purl.org/dc/terms/publisher"), publisher) in harvested
    downloads = {str(o) for o in record.objects(None, URIRef("http://www.w3.org/ns/dcat#downloadURL"))}
    assert base + "download/ansvar.ttl" in downloads


def test_static_site_is_browsable_from_its_base_url(published):
    out, base, _ = published
    page = httpx.get(base + "page/id/org/migrationsverket.html", timeout=30)
    assert page.status_code == 200
    assert "Beslut och utbetalning av LMA-ersättning till individen" in page.text
    links = [href for href, _ in parse(page.text).links if href.startswith(base + "page/")]
    assert len(links) > 20
    for href in links[:40]:  # links inside the static copy lead to pages that exist
        assert httpx.get(href, timeout=30).status_code == 200, href
    data = httpx.get(base + "data/id/org/migrationsverket.ttl", timeout=30)
    g = Graph().parse(data=data.content, format="turtle")
    assert (URIRef(BASE + "id/org/migrationsverket"), RDF.type, None) in g
    index = httpx.get(base, timeout=30).text
    assert base + "download/ansvar.ttl" in index and base + "class/ans-County.html" in index


def test_publish_every_resource_has_a_page(published, server):
    out, _base, _ = published
    rows = server.post(
        "/sparql",
        data={
            "query": (
                "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } "
                'FILTER(isIRI(?x) && REGEX(STR(?x), "^https://w3id.org/ansvar/(id|concept|graph)/"))'
                " }"
            )
        },
        headers={"Accept": "application/sparql-results+json"},
    ).json()
    mentioned = int(rows["results"]["bindings"][0]["n"]["value"])
    pages = list((out / "page").rglob("*.html"))
    assert len(pages) >= mentioned


def test_scratch_files_of_an_in_memory_store_are_removed_when_the_server_stops(tmp_path):
    """Dumps, the query workers' copy of the store and their result spool all go at SIGTERM."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    srv = start_server(tmp_path, env={"TMPDIR": str(scratch)})
    try:
        assert srv.get("/download/ansvar.ttl").status_code == 200
        written = list(scratch.glob("ansvar-dumps-*"))
        assert len(written) == 1 and (written[0] / "ansvar.ttl").is_file()
        assert list(scratch.glob("ansvar-pool-*/store.nq")), "the workers read a dump of the in-memory store"
        assert list(scratch.glob("ansvar-results-*"))
    finally:
        stop_server(srv)
    assert srv.process.returncode is not None
    assert not list(scratch.glob("ansvar-*"))
